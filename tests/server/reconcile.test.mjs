// Reconciliation (issue 11, section 5): `stepwise-server reconcile` and the
// periodic job in `serve` read the orders changed since a watermark from the
// platform's REST API and feed them through the order-state path. The real
// Shopify Admin API and WooCommerce REST API cannot run here: the stand-ins in
// standins/platforms.mjs serve the real order bodies of tests/fixtures/platforms/
// with the documented requests, pagination and failures (429 + Retry-After, 5xx, 401).
// Also the WooCommerce category lookup (issue 11, section 4).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, startServer, freshDb, spendProgram, backend, root, until, runCli as run } from './helpers.mjs';
import { shopifyStandin, woocommerceStandin } from './standins/platforms.mjs';

const fixture = (name) => JSON.parse(readFileSync(path.join(root, 'tests', 'fixtures', 'platforms', name), 'utf8'));
const SHOPIFY_TOKEN = 'shpat_test_0123456789abcdef';
const SHOPIFY_SECRET = 'shpss_test_0123456789abcdef';
const WC_KEY = 'ck_test_0123456789', WC_KEY_SECRET = 'cs_test_0123456789', WC_SECRET = 'wc-webhook-secret-0123';

// The command as a merchant runs it (async: the stand-in answers from this process).

const summary = (out) => out.stdout.trim().split('\n').pop();
const balance = async (s, c) => (await s.admin('GET', `/v1/customers/${c}/wallet`)).body.balance;
const earned = async (s, c, program = 'spend') =>
  (await s.admin('GET', `/v1/customers/${c}/milestone-progress?program_id=${program}`)).body.milestones_earned.map((m) => m.key);
const ledger = async (s, c) => (await s.admin('GET', `/v1/customers/${c}/wallet/transactions`)).body.transactions
  .map((t) => [t.type, t.amount, t.award_key, t.order_id]);
const watermarks = async (s) => (await s.admin('GET', '/v1/connectors/deliveries')).body.reconcile_watermarks;
const history = async (s, c) => (await s.admin('GET', `/v1/customers/${c}/history`)).body.events;

async function shopifyWebhook(s, topic, body) {
  const raw = JSON.stringify(body);
  return s.raw('POST', '/v1/connectors/shopify/webhooks', raw, {
    'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-webhook-id': randomUUID(),
    'x-shopify-hmac-sha256': createHmac('sha256', SHOPIFY_SECRET).update(raw).digest('base64'),
  });
}

async function wooWebhook(s, topic, body) {
  const raw = JSON.stringify(body);
  return s.raw('POST', '/v1/connectors/woocommerce/webhooks', raw, {
    'content-type': 'application/json', 'x-wc-webhook-topic': topic, 'x-wc-webhook-delivery-id': randomUUID(),
    'x-wc-webhook-signature': createHmac('sha256', WC_SECRET).update(raw).digest('base64'),
  });
}

// A copy of the REST fixture order as another order of another customer, updated at `updated`.
const restOrder = () => fixture('shopify_order_rest_wrapped_450789469_official.json').order;
function shopifyVariant(id, customer, updated) {
  const o = restOrder();
  return { ...o, id, customer: { ...o.customer, id: customer }, created_at: updated, updated_at: updated };
}

describe(`reconcile: Shopify Admin REST (${backend})`, () => {
  let s, shop;
  const cmd = (over = {}) => ['reconcile', '--db', s.db, '--platform', 'shopify', '--shopify-shop', shop.url,
    '--shopify-token', over.token || SHOPIFY_TOKEN, '--log-level', 'warn', ...(over.args || [])];
  before(async () => {
    shop = await shopifyStandin({ token: SHOPIFY_TOKEN });
    s = await startServer({ args: ['--shopify-secret', SHOPIFY_SECRET] });
    const p = spendProgram({ rules: { order_statuses: ['authorized', 'paid', 'partially_refunded'] } });
    assert.equal((await s.admin('POST', '/v1/programs', p)).status, 201);
  });
  after(async () => { await s.stop(); await shop.close(); });

  test('orders whose webhooks were lost are recovered: exact awards and ledger', async () => {
    shop.orders = [restOrder(), fixture('shopify_order_partially_refunded_762815840312.json')];
    let r = await run(cmd({ args: ['--since', '2000-01-01T00:00:00Z'] }));
    assert.equal(r.status, 0, r.stderr);
    assert.match(summary(r), /^done shopify: 2 orders read: 2 created, 0 updated, 0 unchanged, 0 stale, 0 guests skipped in 1 page\(s\), 4 award\(s\)/);
    const req = shop.orderRequests()[0];
    assert.deepEqual([req.query.status, req.query.updated_at_min, req.query.limit, req.query.order],
      ['any', '2000-01-01T00:00:00Z', '250', 'updated_at asc']);
    assert.equal(req.headers['x-shopify-access-token'], SHOPIFY_TOKEN);
    // 450789469: 398.00 authorized -> the $100 and $250 tiers.
    assert.deepEqual(await earned(s, '207119551'), ['spend:first-steps:1', 'spend:silver:1']);
    assert.equal(await balance(s, '207119551'), '20.00');
    assert.deepEqual(await ledger(s, '207119551'), [
      ['Milestone Reward', '15.00', 'spend:silver:1', '450789469'], ['Milestone Reward', '5.00', 'spend:first-steps:1', '450789469']]);
    // 762815840312: 398.00, then its embedded refund gives back 199.00 of subtotal: 199.00 spend, awards stay.
    const p = (await s.admin('GET', '/v1/customers/929937489976/milestone-progress')).body;
    assert.equal(p.qualifying_spend, '199.00');
    assert.equal(await balance(s, '929937489976'), '20.00');
    assert.deepEqual((await history(s, '929937489976')).map((e) => e.id), ['order:762815840312', 'order:762815840312:refund:19400196152']);
    assert.deepEqual((await watermarks(s)).map((w) => [w.platform, w.updated_at]), [['shopify', '2018-12-28T13:29:56Z']]);
  });

  test('a re-run changes nothing (from the watermark, less the overlap, or from the start)', async () => {
    let r = await run(cmd());
    assert.equal(r.status, 0, r.stderr);
    // The watermark less 5 minutes: the newest order comes back unchanged.
    assert.equal(shop.orderRequests().at(-1).query.updated_at_min, '2018-12-28T13:24:56Z');
    assert.match(summary(r), /1 orders read: 0 created, 0 updated, 1 unchanged, 0 stale/);
    r = await run(cmd({ args: ['--since', '2000-01-01T00:00:00Z'] }));
    assert.match(summary(r), /2 orders read: 0 created, 0 updated, 2 unchanged, 0 stale, 0 guests skipped in 1 page\(s\), 0 award\(s\)/);
    assert.equal(await balance(s, '207119551'), '20.00');
    assert.equal((await ledger(s, '929937489976')).length, 2);
  });

  test('webhook and reconciliation of the same order award once', async () => {
    const webhook = { ...fixture('shopify_order_webhook_sample_450789469.json'), id: 450789470, customer: { id: 8800001 } };
    const r0 = await shopifyWebhook(s, 'orders/create', webhook);
    assert.deepEqual(r0.body.awards.map((a) => a.key), ['spend:first-steps:1', 'spend:silver:1']);
    const rest = restOrder();
    shop.orders = [{ ...rest, id: 450789470, customer: { ...rest.customer, id: 8800001 } }];
    const r = await run(cmd({ args: ['--since', '2000-01-01T00:00:00Z'] }));
    assert.match(summary(r), /1 orders read: 0 created, 0 updated, 1 unchanged/);
    assert.deepEqual(await earned(s, '8800001'), ['spend:first-steps:1', 'spend:silver:1']);
    assert.equal((await ledger(s, '8800001')).length, 2);
    assert.equal(await balance(s, '8800001'), '20.00');
  });

  test('pages follow the Link header: 3 pages, later ones with page_info and limit only', async () => {
    shop.orders = [1, 2, 3, 4, 5].map((i) => shopifyVariant(7700 + i, 7710 + i, `2026-04-0${i}T10:00:00-04:00`));
    shop.pageSize = 2;
    const before = shop.orderRequests().length;
    const r = await run(cmd({ args: ['--since', '2026-03-31T00:00:00Z'] }));
    shop.pageSize = 250;
    assert.equal(r.status, 0, r.stderr);
    assert.match(summary(r), /5 orders read: 5 created, 0 updated, 0 unchanged, 0 stale, 0 guests skipped in 3 page\(s\)/);
    const reqs = shop.orderRequests().slice(before);
    assert.equal(reqs.length, 3);
    for (const q of reqs.slice(1).map((x) => x.query)) assert.deepEqual(Object.keys(q).sort(), ['limit', 'page_info']);
    for (let i = 1; i <= 5; i++) assert.deepEqual(await earned(s, String(7710 + i)), ['spend:first-steps:1', 'spend:silver:1']);
    assert.equal((await watermarks(s))[0].updated_at, '2026-04-05T14:00:00Z');
  });

  test('429 with Retry-After is waited out, a 500 is retried', async () => {
    shop.fail(429, { 'retry-after': '0.6' }, { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' });
    let before = shop.orderRequests().length;
    let r = await run(cmd({ args: ['--since', '2026-03-31T00:00:00Z'] }));
    assert.equal(r.status, 0, r.stderr);
    let reqs = shop.orderRequests().slice(before);
    assert.equal(reqs.length, 2);
    assert.ok(reqs[1].at - reqs[0].at >= 550, `waited ${reqs[1].at - reqs[0].at} ms`);
    assert.match(summary(r), /5 orders read: 0 created, 0 updated, 5 unchanged.* 1 retried request\(s\)/);
    shop.fail(500, {}, { errors: 'Internal Server Error' });
    before = shop.orderRequests().length;
    r = await run(cmd({ args: ['--since', '2026-03-31T00:00:00Z'] }));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(shop.orderRequests().length - before, 2);
    assert.match(summary(r), /5 unchanged.* 1 retried request\(s\)/);
  });

  test('401: a clear error, exit 1, nothing applied and the watermark unchanged', async () => {
    const mark = await watermarks(s);
    shop.orders = [shopifyVariant(7801, 7811, '2026-05-01T10:00:00Z')];
    const r = await run(cmd({ token: 'shpat_wrong' }));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Shopify refused the credentials \(401 Unauthorized\): check --shopify-token/);
    assert.match(r.stderr, /the watermark stays at 2026-04-05T14:00:00Z/);
    assert.deepEqual(await watermarks(s), mark);
    assert.deepEqual(await history(s, '7811'), []);
    // Without a watermark and without --since, the command says what it needs.
    const other = await run(['reconcile', '--db', freshDb('nowm'), '--platform', 'shopify', '--shopify-shop', shop.url, '--shopify-token', SHOPIFY_TOKEN]);
    assert.equal(other.status, 2);
    assert.match(other.stderr, /pass --since TIME for the first run/);
  });

  test('Ctrl-C while waiting to retry: exit 130, the watermark where it was', async () => {
    const mark = await watermarks(s);
    for (let i = 0; i < 6; i++) shop.fail(503, {}, { errors: 'Service Unavailable' });
    try {
      const before = shop.orderRequests().length;
      const child = spawn(BIN, cmd(), { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d) => { stdout += d; });
      const exited = new Promise((r) => child.on('exit', r));
      await until(async () => shop.orderRequests().length > before, { what: 'a first request', every: 20 });
      child.kill('SIGINT');
      assert.equal(await exited, 130);
      assert.match(stdout, /interrupted shopify; the watermark stays at 2026-04-05T14:00:00Z/);
      assert.deepEqual(await watermarks(s), mark);
    } finally {
      shop.failures.length = 0;
    }
  });

  test('the periodic job in serve picks up new orders', async () => {
    const recent = new Date(Date.now() - 10 * 60e3).toISOString().replace(/\.\d+Z$/, 'Z');
    shop.orders = [shopifyVariant(7901, 7911, recent)];
    const job = await startServer({ args: ['--reconcile-minutes', '0.01', '--shopify-shop', shop.url, '--shopify-token', SHOPIFY_TOKEN,
      '--shopify-secret', SHOPIFY_SECRET] });
    try {
      await until(async () => (await history(job, '7911')).length === 1, { what: 'the first order' });
      shop.orders.push(shopifyVariant(7902, 7912, new Date().toISOString()));
      await until(async () => (await history(job, '7912')).length === 1, { what: 'an order added later' });
      assert.equal((await history(job, '7911')).length, 1);
      // With --shopify-shop set, another shop's shop/redact erases nothing; this shop's does.
      await shopifyWebhook(job, 'customers/update', { id: 7911, first_name: 'Kim', email: 'kim@example.com' });
      let r = await shopifyWebhook(job, 'shop/redact', { shop_id: 1, shop_domain: 'another-shop.myshopify.com' });
      assert.deepEqual([r.body.status, r.body.customers_redacted], ['ignored', undefined]);
      assert.equal((await job.admin('GET', '/v1/customers?q=7911')).body.customers[0].name, 'Kim');
      r = await shopifyWebhook(job, 'shop/redact', { shop_id: 1, shop_domain: new URL(shop.url).host });
      assert.deepEqual([r.body.status, r.body.customers_redacted], ['processed', 2]);
      assert.equal((await job.admin('GET', '/v1/customers?q=7911')).body.customers[0].name, null);
    } finally {
      await job.stop();
    }
  });
});

// The WooCommerce REST order of the docs, placed by a registered customer, as another order.
function wooVariant(id, customer, modified, over = {}) {
  const o = fixture('woocommerce_order_727_completed_restdocs.json');
  return { ...o, id, customer_id: customer, date_created_gmt: modified, date_modified_gmt: modified, ...over };
}

describe(`reconcile: WooCommerce REST, and its product categories (${backend})`, () => {
  let s, wc;
  const creds = () => ['--woocommerce-url', wc.url, '--woocommerce-key', WC_KEY];
  const cmd = (args = [], secret = WC_KEY_SECRET) => ['reconcile', '--db', s.db, '--platform', 'woocommerce', ...creds(),
    '--log-level', 'warn', ...args];
  const env = (secret = WC_KEY_SECRET) => ({ STEPWISE_WOOCOMMERCE_KEY_SECRET: secret });
  before(async () => {
    wc = await woocommerceStandin({ key: WC_KEY, secret: WC_KEY_SECRET, products: {
      93: { categories: [{ id: 9, name: 'Clothing', slug: 'clothing' }] },
      22: { categories: [{ id: 10, name: 'Music', slug: 'music' }] },
      31: { categories: [{ id: 9, name: 'Clothing', slug: 'clothing' }, { id: 11, name: 'Hoodies', slug: 'hoodies' }] },
      32: { categories: [] },
      34: { categories: [{ id: 9, name: 'Clothing', slug: 'clothing' }] },
    } });
    s = await startServer({ args: ['--woocommerce-secret', WC_SECRET, ...creds()], env: env() });
    const spend = spendProgram({ rules: { order_statuses: ['processing', 'completed'], spend_basis: 'total' } });
    assert.equal((await s.admin('POST', '/v1/programs', spend)).status, 201);
    // Only clothing counts here: WooCommerce payloads carry no categories, the lookup gives them.
    const clothes = { id: 'clothes', kind: 'tiers', status: 'active', currency: 'USD',
      rules: { order_statuses: ['processing', 'completed'], categories: ['clothing'] },
      steps: [{ id: 'wardrobe', target: '5.00', rewards: [{ type: 'store_credit', amount: '1.00' }] }] };
    assert.equal((await s.admin('POST', '/v1/programs', clothes)).status, 201);
  });
  after(async () => { await s.stop(); await wc.close(); });

  test('lost webhooks are recovered, guests skipped, categories looked up', async () => {
    wc.orders = [fixture('woocommerce_order_727_processing_restdocs.json'),  // customer_id 0: a guest
      wooVariant(728, 501, '2017-03-22T19:30:35'), fixture('woocommerce_order_15_completed_pipedream_test_event.json')];
    const r = await run(cmd(['--since', '2000-01-01T00:00:00Z']), env());
    assert.equal(r.status, 0, r.stderr);
    assert.match(summary(r), /^done woocommerce: 3 orders read: 2 created, 0 updated, 0 unchanged, 0 stale, 1 guests skipped in 1 page\(s\), 1 award\(s\)/);
    const req = wc.orderRequests()[0];
    assert.deepEqual([req.query.modified_after, req.query.dates_are_gmt, req.query.orderby, req.query.order, req.query.per_page, req.query.page],
      ['2000-01-01T00:00:00', 'true', 'modified', 'asc', '100', '1']);
    assert.equal(req.headers.authorization, 'Basic ' + Buffer.from(`${WC_KEY}:${WC_KEY_SECRET}`).toString('base64'));
    // Order 728: 29.35 in total (no spend tier), 6.00 of clothing (product 93): the wardrobe tier.
    const [o] = await history(s, '501');
    assert.deepEqual(o.items.map((i) => [i.sku, i.amount, i.categories]), [['93', '6.00', ['clothing']], ['Bar3', '12.00', ['music']]]);
    assert.deepEqual(await earned(s, '501', 'clothes'), ['clothes:wardrobe:1']);
    assert.deepEqual(await ledger(s, '501'), [['Milestone Reward', '1.00', 'clothes:wardrobe:1', '728']]);
    assert.equal((await s.admin('GET', '/v1/customers/501/milestone-progress?program_id=spend')).body.qualifying_spend, '29.35');
    assert.equal((await history(s, '1'))[0].total, '0.00');
    assert.deepEqual((await watermarks(s)).map((w) => [w.platform, w.updated_at]), [['woocommerce', '2023-08-16T07:45:57Z']]);
    // Again: nothing changes.
    const again = await run(cmd(['--since', '2000-01-01T00:00:00Z']), env());
    assert.match(summary(again), /3 orders read: 0 created, 0 updated, 2 unchanged, 0 stale, 1 guests skipped.* 0 award\(s\)/);
    assert.equal(await balance(s, '501'), '1.00');
  });

  test('pages by X-WP-TotalPages; 429 and 500 retried; 401 is a clear error with the watermark unchanged', async () => {
    wc.orders = [1, 2, 3, 4, 5].map((i) => wooVariant(9000 + i, 600 + i, `2026-04-0${i}T10:00:00`));
    wc.pageSize = 2;
    let before = wc.orderRequests().length;
    let r = await run(cmd(['--since', '2026-03-31T00:00:00Z']), env());
    assert.equal(r.status, 0, r.stderr);
    assert.match(summary(r), /5 orders read: 5 created, 0 updated, 0 unchanged, 0 stale, 0 guests skipped in 3 page\(s\)/);
    assert.deepEqual(wc.orderRequests().slice(before).map((x) => x.query.page), ['1', '2', '3']);
    wc.fail(429, { 'retry-after': '0.3' }, { code: 'too_many_requests', message: 'Too many requests' });
    wc.fail(503, {}, { code: 'unavailable', message: 'Service Unavailable' });
    before = wc.orderRequests().length;
    r = await run(cmd(['--since', '2026-03-31T00:00:00Z']), env());
    wc.pageSize = 100;
    assert.equal(r.status, 0, r.stderr);
    assert.match(summary(r), /5 orders read: 0 created, 0 updated, 5 unchanged.* 2 retried request\(s\)/);
    assert.equal(wc.orderRequests().length - before, 5);  // the 429, the 503, then the 3 pages
    const mark = await watermarks(s);
    assert.equal(mark[0].updated_at, '2026-04-05T10:00:00Z');
    wc.orders.push(wooVariant(9010, 610, '2026-05-01T10:00:00'));
    r = await run(cmd(), env('cs_wrong'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /WooCommerce refused the credentials \(401 Unauthorized\): check --woocommerce-key/);
    assert.deepEqual(await watermarks(s), mark);
    assert.deepEqual(await history(s, '610'), []);
  });

  test('a webhook gets categories from the lookup, then from the cache; a failed lookup still ingests the order', async () => {
    const lines = (ids) => ids.map((id, i) => ({ id: 500 + i, product_id: id, sku: `P${id}`, quantity: 1, total: '8.00' }));
    const order = (id, customer, products) => wooVariant(id, customer, '2026-06-01T10:00:00', { line_items: lines(products), refunds: [] });
    let before = wc.productRequests().length;
    let r = await wooWebhook(s, 'order.created', order(7301, 701, [31, 32]));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.awards.map((a) => a.key), ['clothes:wardrobe:1']);
    assert.deepEqual(wc.productRequests().slice(before).map((x) => x.path).sort(), ['/wp-json/wc/v3/products/31', '/wp-json/wc/v3/products/32']);
    assert.deepEqual((await history(s, '701'))[0].items.map((i) => i.categories || []), [['clothing', 'hoodies'], []]);
    // The same products again: from the cache, no request.
    before = wc.productRequests().length;
    r = await wooWebhook(s, 'order.created', order(7302, 702, [31, 32]));
    assert.deepEqual(r.body.awards.map((a) => a.key), ['clothes:wardrobe:1']);
    assert.equal(wc.productRequests().length, before);
    // The store fails the lookup: the order goes in without categories (no clothing award), counted.
    wc.fail(500, {}, { code: 'internal_server_error', message: 'Internal Server Error' });
    r = await wooWebhook(s, 'order.created', order(7303, 703, [34]));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.result, r.body.categories_missing, r.body.awards], ['created', ['34'], []]);
    const counters = (await s.admin('GET', '/v1/connectors/deliveries')).body.counters;
    assert.deepEqual(counters, [{ platform: 'woocommerce', name: 'category_lookup_failed', count: 1 }]);
  });
});
