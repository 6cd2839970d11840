// Discount rewards become real codes in the store (issue 12): the platform
// outbox makes each issued discount_amount / discount_percent / free_shipping /
// free_gift code in Shopify (Admin GraphQL) or WooCommerce (REST coupons),
// exactly once through failures, and an order that uses a code marks its
// reward redeemed. Shopify and WooCommerce cannot run here: the stand-ins in
// standins/ implement their documented requests and answers, and fail on
// purpose (429 with Retry-After, 500, THROTTLED, a timeout and a connection cut
// after the platform made the code, a key without write access).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, freshDb, backend, root, until, daysAgo, sleep, runCli as run } from './helpers.mjs';
import { shopifyGraphqlStandin } from './standins/shopify_admin_graphql.mjs';
import { woocommerceCouponsStandin } from './standins/woocommerce_coupons.mjs';
import { shopifyStandin } from './standins/platforms.mjs';

const fixture = (name) => JSON.parse(readFileSync(path.join(root, 'tests', 'fixtures', 'platforms', name), 'utf8'));
const TOKEN = 'shpat_codes_0123456789abcdef', SHOPIFY_SECRET = 'shpss_codes_0123456789abcdef';
const WC_KEY = 'ck_codes_0123456789', WC_KEY_SECRET = 'cs_codes_0123456789', WC_SECRET = 'wc-codes-webhook-secret';

const program = {
  id: 'codes', name: 'Codes', kind: 'tiers', status: 'active', currency: 'USD',
  rules: { reward_expiry_days: 30 },
  steps: [
    { id: 'bronze', name: 'Bronze', target: '100.00', rewards: [{ type: 'discount_amount', amount: '10.00' }, { type: 'free_shipping' }] },
    { id: 'silver', name: 'Silver', target: '250.00', rewards: [{ type: 'discount_percent', percent: 15 }] },
    { id: 'gold', name: 'Gold', target: '500.00', rewards: [{ type: 'free_gift', product_id: '632910392' }] },
  ],
};
let seq = 0;
const orderEvent = (customer, amount) => ({ customer_id: customer, id: `pc-${process.pid}-${++seq}`, type: 'order', at: daysAgo(1),
  order_id: `pc-ord-${process.pid}-${seq}`, status: 'completed', subtotal: amount });
const rewards = async (s, c) => (await s.as(c, 'GET', `/v1/customers/${c}/rewards`)).body.rewards;
const jobs = async (s, state = '') => (await s.admin('GET', `/v1/platform-jobs${state ? `?state=${state}` : ''}`)).body.jobs;


function signed(s, platform, topic, body) {
  const raw = JSON.stringify(body);
  const headers = platform === 'shopify'
    ? { 'x-shopify-topic': topic, 'x-shopify-webhook-id': randomUUID(), 'x-shopify-hmac-sha256': createHmac('sha256', SHOPIFY_SECRET).update(raw).digest('base64') }
    : { 'x-wc-webhook-topic': topic, 'x-wc-webhook-delivery-id': randomUUID(), 'x-wc-webhook-signature': createHmac('sha256', WC_SECRET).update(raw).digest('base64') };
  return s.raw('POST', `/v1/connectors/${platform}/webhooks`, raw, { 'content-type': 'application/json', ...headers });
}

describe(`reward codes in Shopify (stand-in of the Admin GraphQL API; ${backend})`, () => {
  let s, shop, db;
  const customer = '7001234'; // a Shopify customer id, as the connector stores it
  const args = () => ['--codes-in', 'shopify', '--shopify-shop', shop.url, '--shopify-token', TOKEN,
    '--shopify-secret', SHOPIFY_SECRET, '--platform-timeout', '1'];
  before(async () => {
    shop = await shopifyGraphqlStandin({ token: TOKEN });
    db = freshDb('codes_shopify');
    s = await startServer({ db, args: args() });
    assert.equal((await s.admin('POST', '/v1/programs', program)).status, 201);
  });
  after(async () => { await s?.stop(); for (const r of shop.hung) r.destroy(); await shop.close(); });

  test('each discount reward becomes one code, through 429, 500, THROTTLED, a cut and a timeout', async () => {
    shop.plan({ status: 429, headers: { 'retry-after': '1' } }, { status: 500 }, 'cut', 'hang', 'throttled');
    assert.equal((await s.admin('POST', '/v1/events', { events: [orderEvent(customer, '600.00')] })).status, 200);
    const mine = await rewards(s, customer);
    assert.equal(mine.length, 4, JSON.stringify(mine));
    await until(async () => (await jobs(s, 'pending')).length === 0, { timeout: 30000, what: 'the jobs to finish' });
    const all = await jobs(s);
    assert.deepEqual(all.map((j) => j.state), ['done', 'done', 'done', 'done'], JSON.stringify(all));
    // Exactly one code per reward: 4 made, 7 mutations (the 3 refused before any work were retried;
    // after the cut and the timeout the retry found the code by lookup instead of making it again).
    assert.equal(shop.codes.size, 4);
    assert.equal(shop.mutations().length, 7, JSON.stringify(shop.mutations().map((m) => m.op)));
    assert.ok(shop.requests.filter((r) => r.op === 'codeDiscountNodeByCode').length >= 2);
    for (const r of mine) {
      const made = shop.codes.get(r.code.toUpperCase());
      assert.ok(made, `code ${r.code} made in Shopify`);
      assert.equal(all.find((j) => j.payload.code === r.code).platform_ref, made.id);
      const input = made.input;
      assert.equal(input.code, r.code);
      assert.equal(input.usageLimit, 1);
      assert.equal(input.appliesOncePerCustomer, true);
      assert.deepEqual(input.context, { customers: { add: [`gid://shopify/Customer/${customer}`] } });
      assert.equal(Date.parse(input.endsAt), Date.parse(r.expires_at));
    }
    const byType = (t) => shop.codes.get(mine.find((r) => r.type === t).code.toUpperCase());
    assert.equal(byType('discount_amount').op, 'discountCodeBasicCreate');
    assert.deepEqual(byType('discount_amount').input.customerGets,
      { value: { discountAmount: { amount: '10.00', appliesOnEachItem: false } }, items: { all: true } });
    assert.deepEqual(byType('discount_percent').input.customerGets, { value: { percentage: 0.15 }, items: { all: true } });
    assert.deepEqual(byType('free_gift').input.customerGets,
      { value: { percentage: 1 }, items: { products: { productsToAdd: ['gid://shopify/Product/632910392'] } } });
    assert.equal(byType('free_shipping').op, 'discountCodeFreeShippingCreate');
    assert.deepEqual(byType('free_shipping').input.destination, { all: true });
    // Retry-After: 1 was honoured before that code was asked for again.
    const first = shop.mutations()[0];
    const code = first.variables[Object.keys(first.variables)[0]].code;
    const again = shop.requests.find((r) => r.at > first.at && JSON.stringify(r.variables).includes(code));
    assert.ok(again.at - first.at >= 950, `retried after ${again.at - first.at} ms`);
  });

  test('a server killed while the platform works loses no code and makes none twice', async () => {
    shop.plan('hang');
    const before = shop.codes.size;
    assert.equal((await s.admin('POST', '/v1/events', { events: [orderEvent('7009999', '120.00')] })).status, 200);
    await until(() => shop.hung.length > 0, { what: 'the request in flight' });
    s.child.kill('SIGKILL');
    await new Promise((r) => s.child.once('exit', r));
    s = await startServer({ db, args: args() });
    await until(async () => (await jobs(s, 'pending')).length === 0, { timeout: 30000, what: 'the jobs after the restart' });
    assert.equal(shop.codes.size, before + 2);
    assert.equal((await jobs(s, 'done')).length, 6);
    for (const r of await rewards(s, '7009999')) assert.ok(shop.codes.has(r.code.toUpperCase()));
  });

  test('a manual award from the command line queues its codes for the running server', async () => {
    const before = shop.codes.size;
    const r = await run(['award', '--db', s.db, '--user', '7005555', '--milestone', 'bronze', '--program', 'codes', '--log-level', 'warn']);
    assert.equal(r.status, 0, r.stderr);
    await until(async () => (await jobs(s, 'done')).length === 8, { timeout: 20000, what: 'the command line\'s codes' });
    assert.equal(shop.codes.size, before + 2);
    for (const x of await rewards(s, '7005555')) assert.ok(shop.codes.has(x.code.toUpperCase()), x.code);
  });

  test('an order that uses a code (webhook, then reconcile) marks its reward redeemed, once', async () => {
    const mine = await rewards(s, customer);
    const amount = mine.find((r) => r.type === 'discount_amount'), percent = mine.find((r) => r.type === 'discount_percent');
    const o = fixture('shopify_order_webhook_sample_450789469.json');
    const paid = { ...o, id: 820982911946, customer: { ...o.customer, id: Number(customer) },
      discount_codes: [{ code: amount.code.toLowerCase(), amount: '10.00', type: 'fixed_amount' }] };
    const w = await signed(s, "shopify", "orders/paid", paid);
    assert.equal(w.status, 200, w.text);
    let now = await rewards(s, customer);
    const redeemed = now.find((r) => r.id === amount.id);
    assert.equal(redeemed.state, 'redeemed');
    assert.equal(Date.parse(redeemed.redeemed_at), Date.parse(o.created_at));
    assert.equal(now.filter((r) => r.state === 'redeemed').length, 1);
    // A later state of the same order changes nothing more.
    await signed(s, 'shopify', 'orders/updated', { ...paid, updated_at: '2008-01-11T11:00:00-05:00', created_at: '2008-01-10T12:00:00-05:00' });
    assert.equal((await rewards(s, customer)).find((r) => r.id === amount.id).redeemed_at, redeemed.redeemed_at);

    // Reconcile: an order whose webhook was lost, read from the Admin REST API.
    const rest = await shopifyStandin({ token: TOKEN });
    try {
      const ro = fixture('shopify_order_rest_wrapped_450789469_official.json').order;
      rest.orders = [{ ...ro, id: 820982911947, customer: { ...ro.customer, id: Number(customer) },
        discount_codes: [{ code: percent.code, amount: '5.00', type: 'percentage' }] }];
      const r = await run(['reconcile', '--db', s.db, '--platform', 'shopify', '--shopify-shop', rest.url, '--shopify-token', TOKEN,
        '--since', '2000-01-01T00:00:00Z', '--log-level', 'warn']);
      assert.equal(r.status, 0, r.stderr);
      now = await rewards(s, customer);
      assert.equal(now.find((x) => x.id === percent.id).state, 'redeemed');
      assert.equal(now.filter((x) => x.state === 'redeemed').length, 2);
      const r2 = await run(['reconcile', '--db', s.db, '--platform', 'shopify', '--shopify-shop', rest.url, '--shopify-token', TOKEN,
        '--since', '2000-01-01T00:00:00Z', '--log-level', 'warn']);
      assert.equal(r2.status, 0, r2.stderr);
      assert.deepEqual(await rewards(s, customer), now);
    } finally { await rest.close(); }
  });
});

describe(`reward codes in WooCommerce (stand-in of the REST coupons API; ${backend})`, () => {
  let s, woo;
  const customer = '55', email = 'shopper55@example.com';
  const wooProgram = { ...program, id: 'wcodes', steps: [
    { id: 'bronze', name: 'Bronze', target: '100.00', rewards: [{ type: 'discount_amount', amount: '12.50' }, { type: 'free_gift', product_id: '93' }] },
    { id: 'silver', name: 'Silver', target: '250.00', rewards: [{ type: 'free_shipping' }, { type: 'discount_percent', percent: 20 }] },
  ] };
  before(async () => {
    woo = await woocommerceCouponsStandin({ key: WC_KEY, secret: WC_KEY_SECRET });
    s = await startServer({ args: ['--codes-in', 'woocommerce', '--woocommerce-url', woo.url, '--woocommerce-key', WC_KEY,
      '--woocommerce-key-secret', WC_KEY_SECRET, '--woocommerce-secret', WC_SECRET, '--platform-timeout', '1'] });
    assert.equal((await s.admin('POST', '/v1/programs', wooProgram)).status, 201);
    assert.equal((await s.admin('PUT', `/v1/customers/${customer}`, { email })).status, 200);
  });
  after(async () => { await s?.stop(); for (const r of woo.hung) r.destroy(); await woo.close(); });

  test('coupons are made once each, with the documented body, through 429, 500, a cut and a timeout', async () => {
    woo.plan({ status: 429, headers: { 'retry-after': '1' } }, { status: 503 }, 'cut', 'hang');
    assert.equal((await s.admin('POST', '/v1/events', { events: [orderEvent(customer, '300.00')] })).status, 200);
    await until(async () => (await jobs(s, 'pending')).length === 0, { timeout: 30000, what: 'the jobs to finish' });
    assert.deepEqual((await jobs(s)).map((j) => j.state), ['done', 'done', 'done', 'done']);
    const mine = await rewards(s, customer);
    assert.equal(woo.coupons.length, 4);
    assert.equal(woo.posts().length, 6, 'the two refused before any work were retried; the cut and the timeout were found by lookup');
    const coupon = (t) => woo.coupons.find((c) => c.code === mine.find((r) => r.type === t).code.toLowerCase());
    const expires = mine[0].expires_at.slice(0, 19);
    const common = { usage_limit: 1, usage_limit_per_user: 1, individual_use: false, email_restrictions: [email], date_expires_gmt: expires };
    const body = (t) => { const { id, usage_count, description, ...rest } = coupon(t); return rest; };
    const code = (t) => mine.find((r) => r.type === t).code.toLowerCase();
    assert.deepEqual(body('discount_amount'), { ...common, code: code('discount_amount'), discount_type: 'fixed_cart', amount: '12.50' });
    assert.deepEqual(body('discount_percent'), { ...common, code: code('discount_percent'), discount_type: 'percent', amount: '20' });
    assert.deepEqual(body('free_shipping'), { ...common, code: code('free_shipping'), discount_type: 'fixed_cart', amount: '0', free_shipping: true });
    assert.deepEqual(body('free_gift'), { ...common, code: code('free_gift'), discount_type: 'percent', amount: '100', product_ids: [93], limit_usage_to_x_items: 1 });
  });

  test('an order webhook with the coupon marks the reward redeemed, once', async () => {
    const mine = await rewards(s, customer);
    const gift = mine.find((r) => r.type === 'free_gift');
    const o = { ...fixture('woocommerce_order_727_completed_restdocs.json'), id: 9727, customer_id: Number(customer),
      coupon_lines: [{ id: 1, code: gift.code.toLowerCase(), discount: '19.99', discount_tax: '0.00', meta_data: [] }] };
    assert.equal((await signed(s, 'woocommerce', 'order.updated', o)).status, 200);
    assert.equal((await signed(s, 'woocommerce', 'order.updated', { ...o, date_modified_gmt: '2017-03-23T19:30:35' })).status, 200);
    const now = await rewards(s, customer);
    assert.deepEqual(now.filter((r) => r.state === 'redeemed').map((r) => r.id), [gift.id]);
  });

  test('a key without write access: the job fails, says why, and is listed to the merchant', async () => {
    woo.readOnly = true;
    const other = '56';
    await s.admin('PUT', `/v1/customers/${other}`, { email: 'shopper56@example.com' });
    assert.equal((await s.admin('POST', '/v1/events', { events: [orderEvent(other, '110.00')] })).status, 200);
    const failed = await until(async () => { const f = await jobs(s, 'failed'); return f.length === 2 && f; }, { what: 'failed jobs' });
    for (const j of failed) {
      assert.equal(j.customer_id, other);
      assert.match(j.last_error, /403 Forbidden.*Read\/Write/);
      assert.equal(j.attempts, 1);
    }
    assert.equal((await s.admin('GET', '/v1/platform-jobs?state=bogus')).status, 422);
    const listed = await run(['platform-jobs', '--db', s.db, '--state', 'failed', '--log-level', 'warn']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /failed woocommerce SW-\S+ 56 attempts=1 error: WooCommerce denied access \(403 Forbidden\)/);
    assert.match(listed.stdout, /2 job\(s\)\n$/);
    assert.match(s.stderr(), /failed: WooCommerce denied access/);
  });

  test('a failed job retried once its cause is fixed makes its coupon once (API and command line); others are refused', async () => {
    const failed = await jobs(s, 'failed');
    assert.equal(failed.length, 2);
    const before = woo.coupons.length;
    woo.readOnly = false; // the merchant gave the key write access
    const [api, cli] = failed;
    const r = await s.admin('POST', `/v1/platform-jobs/${api.id}/retry`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.state, 'pending');
    const out = await run(['platform-jobs', '--db', s.db, '--retry', String(cli.id), '--log-level', 'warn']);
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, new RegExp(`platform job ${cli.id}: pending again`));
    await until(async () => (await jobs(s, 'pending')).length === 0 && (await jobs(s, 'failed')).length === 0,
      { timeout: 20000, what: 'the retried jobs to finish' });
    const done = (await jobs(s)).filter((j) => j.id === api.id || j.id === cli.id);
    assert.deepEqual(done.map((j) => j.state), ['done', 'done']);
    assert.equal(woo.coupons.length, before + 2, 'one coupon each');
    for (const j of done) assert.equal(woo.coupons.filter((c) => c.code === j.payload.code.toLowerCase()).length, 1);
    // A job that is not failed, and one that does not exist, are refused with what is wrong.
    assert.equal((await s.admin('POST', `/v1/platform-jobs/${api.id}/retry`)).status, 409);
    assert.equal((await s.admin('POST', '/v1/platform-jobs/999999/retry')).status, 404);
    const again = await run(['platform-jobs', '--db', s.db, '--retry', String(api.id), '--log-level', 'warn']);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /is done, not failed/);
  });
});
