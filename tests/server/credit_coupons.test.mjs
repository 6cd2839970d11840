// Wallet credit as one-time WooCommerce coupons (issue 12): the shopper turns
// credit into a coupon of an amount they choose; the amount is held from the
// available balance, the ledger debits what the order that used the code
// discounted (once, whatever is delivered again), gives it back when that
// order is refunded, and an unused coupon expires: hold released, coupon
// deleted in WooCommerce. WooCommerce cannot run here: the stand-in in
// standins/ implements the documented coupon requests and fails on purpose.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, backend, root, until, runCli as run } from './helpers.mjs';
import { woocommerceCouponsStandin } from './standins/woocommerce_coupons.mjs';
import { woocommerceStandin } from './standins/platforms.mjs';

const WC_KEY = 'ck_credit_0123456789', WC_KEY_SECRET = 'cs_credit_0123456789', WC_SECRET = 'wc-credit-webhook-secret';
const fixture = (name) => JSON.parse(readFileSync(path.join(root, 'tests', 'fixtures', 'platforms', name), 'utf8'));
const wooArgs = (woo, more = []) => ['--codes-in', 'woocommerce', '--woocommerce-url', woo.url, '--woocommerce-key', WC_KEY,
  '--woocommerce-key-secret', WC_KEY_SECRET, '--woocommerce-secret', WC_SECRET, '--platform-timeout', '1', ...more];

function webhook(s, topic, body) {
  const raw = JSON.stringify(body);
  return s.raw('POST', '/v1/connectors/woocommerce/webhooks', raw, { 'content-type': 'application/json',
    'x-wc-webhook-topic': topic, 'x-wc-webhook-delivery-id': randomUUID(),
    'x-wc-webhook-signature': createHmac('sha256', WC_SECRET).update(raw).digest('base64') });
}
const coupons = async (s, c) => (await s.as(c, 'GET', `/v1/customers/${c}/credit-coupons`)).body;
const ask = (s, c, amount, key) => s.as(c, 'POST', `/v1/customers/${c}/credit-coupons`, { amount, idempotency_key: key });
const wallet = async (s, c) => (await s.as(c, 'GET', `/v1/customers/${c}/wallet`)).body;
const ledger = async (s, c) => (await s.admin('GET', `/v1/ledger?customer_id=${c}`)).body.transactions;
async function customer(s, id, credit) {
  assert.equal((await s.admin('PUT', `/v1/customers/${id}`, { email: `shopper${id}@example.com` })).status, 200);
  const r = await s.admin('POST', `/v1/customers/${id}/wallet/transactions`, { type: 'credit', amount: credit, note: 'Goodwill' });
  assert.equal(r.status, 201, r.text);
}
// The command line, run while this process's stand-ins keep answering.
const settled = (s) => until(async () => (await s.admin('GET', '/v1/platform-jobs?state=pending')).body.jobs.length === 0,
  { timeout: 30000, what: 'the platform jobs to finish' });

describe(`credit coupons in WooCommerce (stand-in of the REST coupons API; ${backend})`, () => {
  let s, woo;
  before(async () => {
    woo = await woocommerceCouponsStandin({ key: WC_KEY, secret: WC_KEY_SECRET });
    s = await startServer({ args: wooArgs(woo) });
  });
  after(async () => { await s?.stop(); for (const r of woo.hung) r.destroy(); await woo.close(); });

  test('a coupon is held, then made once with the documented body, through 429, 503 and a cut', async () => {
    await customer(s, '61', '100.00');
    assert.equal((await wallet(s, '61')).credit_coupons, true);
    woo.plan({ status: 429, headers: { 'retry-after': '1' } }, { status: 503 }, 'cut');
    const r = await ask(s, '61', 2500, 'use-25-a');
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.state, 'pending');
    assert.equal(r.body.amount, 2500);
    assert.equal(r.body.amount_text, '25.00');
    assert.equal(r.body.available, 7500);
    assert.match(r.body.code, /^SW-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    let w = await wallet(s, '61');
    assert.deepEqual([w.balance, w.held, w.available], ['100.00', '25.00', '75.00']);
    // A retry answers the same coupon and holds nothing more; the key cannot ask for another amount.
    const again = await ask(s, '61', 2500, 'use-25-a');
    assert.equal(again.status, 200);
    assert.equal(again.body.code, r.body.code);
    assert.equal(again.body.replayed, true);
    const other = await ask(s, '61', 3000, 'use-25-a');
    assert.equal(other.status, 409);
    assert.equal(other.body.errors[0].pointer, '/idempotency_key');
    await settled(s);
    assert.equal(woo.coupons.length, 1);
    assert.equal(woo.posts().length, 3, 'the 429 and 503 were retried; after the cut the coupon was found by lookup');
    assert.ok(woo.requests.filter((x) => x.method === 'GET' && x.query.code === r.body.code).length >= 2);
    const { id, usage_count, description, ...body } = woo.coupons[0];
    assert.deepEqual(body, { code: r.body.code.toLowerCase(), discount_type: 'fixed_cart', amount: '25.00', usage_limit: 1,
      usage_limit_per_user: 1, individual_use: false, email_restrictions: ['shopper61@example.com'],
      date_expires_gmt: r.body.expires_at.slice(0, 19) });
    assert.match(description, /25\.00/);
    // 30 days by default.
    assert.ok(Math.abs(Date.parse(r.body.expires_at) - Date.parse(r.body.created_at) - 30 * 86400000) < 1000);
    const list = await coupons(s, '61');
    assert.deepEqual([list.enabled, list.balance, list.held, list.available], [true, 10000, 2500, 7500]);
    assert.deepEqual(list.coupons.map((c) => [c.code, c.state]), [[r.body.code, 'active']]);
    w = await wallet(s, '61');
    assert.equal(w.balance, '100.00', 'a hold is not a ledger movement');
    assert.equal((await ledger(s, '61')).length, 1);
  });

  test('clear errors: amount, key, unknown fields, more than is available, no email', async () => {
    const cases = [
      [{ amount: 0, idempotency_key: 'k1' }, 422, '/amount'],
      [{ amount: -5, idempotency_key: 'k1' }, 422, '/amount'],
      [{ amount: '25', idempotency_key: 'k1' }, 422, '/amount'],
      [{ amount: 25.5, idempotency_key: 'k1' }, 422, '/amount'],
      [{ idempotency_key: 'k1' }, 422, '/amount'],
      [{ amount: 100 }, 422, '/idempotency_key'],
      [{ amount: 100, idempotency_key: 'has space' }, 422, '/idempotency_key'],
      [{ amount: 100, idempotency_key: 'k1', note: 'x' }, 422, '/note'],
      [{ amount: 7501, idempotency_key: 'k1' }, 409, '/amount'],
    ];
    for (const [body, status, pointer] of cases) {
      const r = await s.as('61', 'POST', '/v1/customers/61/credit-coupons', body);
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
      assert.ok(r.body.errors.some((e) => e.pointer === pointer), `${JSON.stringify(body)}: ${r.text}`);
    }
    const over = await ask(s, '61', 7501, 'k2');
    assert.match(over.body.errors[0].message, /available credit: 75\.00 \(balance 100\.00, 25\.00 held by open coupons\)/);
    await s.admin('POST', '/v1/customers/62/wallet/transactions', { type: 'credit', amount: '10.00' });
    const noEmail = await ask(s, '62', 500, 'k3');
    assert.equal(noEmail.status, 409);
    assert.match(noEmail.body.errors[0].message, /no email address/);
    // The merchant cannot debit what a coupon holds either.
    const debit = await s.admin('POST', '/v1/customers/61/wallet/transactions', { type: 'debit', amount: '80.00' });
    assert.equal(debit.status, 422);
    assert.match(debit.body.errors[0].message, /available credit \(75\.00; 25\.00 of the balance 100\.00 is held/);
  });

  test("a customer's token reaches only that customer's coupons; the merchant's key reaches all", async () => {
    await customer(s, '63', '20.00');
    assert.equal((await s.as('63', 'GET', '/v1/customers/61/credit-coupons')).status, 403);
    assert.equal((await s.as('63', 'POST', '/v1/customers/61/credit-coupons', { amount: 100, idempotency_key: 'x' })).status, 403);
    assert.equal((await s.raw('GET', '/v1/customers/61/credit-coupons')).status, 401);
    assert.equal((await coupons(s, '63')).coupons.length, 0);
    const admin = await s.admin('GET', '/v1/customers/61/credit-coupons');
    assert.equal(admin.status, 200);
    assert.equal(admin.body.coupons.length, 1);
    const made = await s.admin('POST', '/v1/customers/63/credit-coupons', { amount: 1000, idempotency_key: 'merchant-1' });
    assert.equal(made.status, 201, made.text);
  });

  test('concurrent requests never hold more than the balance', async () => {
    await customer(s, '64', '100.00');
    woo.plan('hang');  // one of them times out after WooCommerce made it
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => ask(s, '64', 3000, `race-${i}`)));
    const made = answers.filter((a) => a.status === 201);
    assert.equal(made.length, 3, answers.map((a) => a.status).join(','));
    assert.ok(answers.every((a) => a.status === 201 || (a.status === 409 && a.body.errors[0].pointer === '/amount')));
    const list = await coupons(s, '64');
    assert.deepEqual([list.held, list.available], [9000, 1000]);
    assert.equal(new Set(list.coupons.map((c) => c.code)).size, 3);
    await settled(s);
    for (const c of list.coupons) assert.equal(woo.coupons.filter((x) => x.code === c.code.toLowerCase()).length, 1, c.code);
  });

  test('the order that uses the code debits what it discounted, once; its refund gives it back, once', async () => {
    await settled(s);
    const mine = (await coupons(s, '61')).coupons[0];
    const o = { ...fixture('woocommerce_order_727_completed_restdocs.json'), id: 9801, customer_id: 61, status: 'processing',
      coupon_lines: [{ id: 3, code: mine.code.toLowerCase(), discount: '20.00', discount_tax: '1.50', meta_data: [] }] };
    assert.equal((await webhook(s, 'order.created', o)).status, 200);
    const used = (await coupons(s, '61')).coupons[0];
    assert.deepEqual([used.state, used.order_id, used.used_amount], ['used', '9801', 2150]);
    let w = await wallet(s, '61');
    assert.deepEqual([w.balance, w.held, w.available], ['78.50', '0.00', '78.50'], 'debited 21.50, the rest of the hold released');
    // A second delivery and a later state of the same order change nothing.
    assert.equal((await webhook(s, 'order.created', o)).status, 200);
    assert.equal((await webhook(s, 'order.updated', { ...o, status: 'completed', date_modified_gmt: '2017-03-23T10:00:00' })).status, 200);
    let rows = (await ledger(s, '61')).filter((t) => t.order_id === '9801');
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.equal(rows[0].type, 'Credit Coupon');
    assert.equal(rows[0].amount, '-21.50');
    assert.equal((await wallet(s, '61')).balance, '78.50');
    // The CSV export has the movement once.
    const csv = (await s.admin('GET', '/v1/ledger.csv?customer_id=61')).text;
    assert.equal(csv.split('\r\n').filter((l) => l.includes(',"Credit Coupon",')).length, 1);

    // Refunded: the credit comes back once, and the coupon is deleted in WooCommerce.
    const refunded = { ...o, status: 'refunded', date_modified_gmt: '2017-03-24T10:00:00',
      refunds: [{ id: 726, reason: '', total: '-29.35' }] };
    assert.equal((await webhook(s, 'order.updated', refunded)).status, 200);
    assert.equal((await webhook(s, 'order.updated', refunded)).status, 200);
    rows = (await ledger(s, '61')).filter((t) => t.order_id === '9801');
    assert.deepEqual(rows.map((t) => [t.type, t.amount]), [['Credit Coupon Returned', '21.50'], ['Credit Coupon', '-21.50']]);
    w = await wallet(s, '61');
    assert.equal(w.balance, '100.00');
    assert.equal((await coupons(s, '61')).coupons[0].state, 'returned');
    await settled(s);
    const deletes = woo.deletes();
    assert.equal(deletes.length, 1);
    assert.equal(deletes[0].path, `/wp-json/wc/v3/coupons/${woo.deleted[0].id}`);
    assert.deepEqual(deletes[0].query, { force: 'true' });
    assert.equal(woo.deleted[0].code, mine.code.toLowerCase());
  });

  test('an order for a code that is not a credit coupon, or an order not paid, moves nothing', async () => {
    const mine = (await coupons(s, '64')).coupons[0];
    const before = (await ledger(s, '64')).length;
    const base = fixture('woocommerce_order_727_completed_restdocs.json');
    await webhook(s, 'order.created', { ...base, id: 9802, customer_id: 64, coupon_lines: [{ id: 1, code: 'SUMMER10', discount: '5.00', discount_tax: '0.00' }] });
    await webhook(s, 'order.created', { ...base, id: 9803, customer_id: 64, status: 'failed',
      coupon_lines: [{ id: 1, code: mine.code, discount: '30.00', discount_tax: '0.00' }] });
    assert.equal((await ledger(s, '64')).length, before);
    assert.equal((await coupons(s, '64')).coupons[0].state, 'active');
  });
});

describe(`credit coupons used by a guest checkout (${backend})`, () => {
  let s, woo;
  before(async () => {
    woo = await woocommerceCouponsStandin({ key: WC_KEY, secret: WC_KEY_SECRET });
    s = await startServer({ args: wooArgs(woo) });
  });
  after(async () => { await s?.stop(); await woo.close(); });

  test('a guest order with the code (the customer\'s email, not signed in) is debited once and returned once', async () => {
    await customer(s, '91', '40.00');
    const c = (await ask(s, '91', 4000, 'guest')).body;
    // The REST docs' order 727 is a guest order (customer_id 0).
    const o = { ...fixture('woocommerce_order_727_completed_restdocs.json'), id: 9901,
      coupon_lines: [{ id: 1, code: c.code, discount: '29.35', discount_tax: '0.00', meta_data: [] }] };
    const r = await webhook(s, 'order.created', o);
    assert.equal(r.body.status, 'skipped', r.text);
    await webhook(s, 'order.created', o);
    assert.deepEqual((await ledger(s, '91')).map((t) => [t.type, t.amount, t.order_id]),
      [['Credit Coupon', '-29.35', '9901'], ['Manual Credit', '40.00', undefined]]);
    const w = await wallet(s, '91');
    assert.deepEqual([w.balance, w.held, w.available], ['10.65', '0.00', '10.65']);
    await webhook(s, 'order.updated', { ...o, status: 'cancelled', date_modified_gmt: '2017-03-25T10:00:00' });
    await webhook(s, 'order.updated', { ...o, status: 'cancelled', date_modified_gmt: '2017-03-25T10:00:00' });
    assert.equal((await wallet(s, '91')).balance, '40.00');
    assert.equal((await coupons(s, '91')).coupons[0].state, 'returned');
  });
});

describe(`credit coupons settled by reconciliation (${backend})`, () => {
  let s, woo, rest;
  before(async () => {
    woo = await woocommerceCouponsStandin({ key: WC_KEY, secret: WC_KEY_SECRET });
    rest = await woocommerceStandin({ key: WC_KEY, secret: WC_KEY_SECRET });
    s = await startServer({ args: wooArgs(woo) });
  });
  after(async () => { await s?.stop(); await woo.close(); await rest.close(); });

  test('an order whose webhook was lost, read back twice, debits once', async () => {
    await customer(s, '92', '30.00');
    const c = (await ask(s, '92', 3000, 'reconciled')).body;
    rest.orders = [{ ...fixture('woocommerce_order_727_completed_restdocs.json'), id: 9921, customer_id: 92,
      coupon_lines: [{ id: 1, code: c.code.toLowerCase(), discount: '12.00', discount_tax: '0.60', meta_data: [] }] }];
    for (let i = 0; i < 2; i++) {
      const r = await run(['reconcile', '--db', s.db, '--platform', 'woocommerce', '--woocommerce-url', rest.url,
        '--woocommerce-key', WC_KEY, '--since', '2000-01-01T00:00:00Z', '--log-level', 'warn'],
      { STEPWISE_WOOCOMMERCE_KEY_SECRET: WC_KEY_SECRET });
      assert.equal(r.status, 0, r.stderr);
    }
    assert.deepEqual((await ledger(s, '92')).map((t) => [t.type, t.amount]), [['Credit Coupon', '-12.60'], ['Manual Credit', '30.00']]);
    const now = (await coupons(s, '92')).coupons[0];
    assert.deepEqual([now.state, now.used_amount, now.order_id], ['used', 1260, '9921']);
    assert.equal((await wallet(s, '92')).available, '17.40');
  });
});

describe(`credit coupons that expire unused (${backend})`, () => {
  let s, woo;
  before(async () => {
    woo = await woocommerceCouponsStandin({ key: WC_KEY, secret: WC_KEY_SECRET });
    // 0.00005 days: 4.3 seconds.
    s = await startServer({ args: wooArgs(woo, ['--credit-coupon-days', '0.00005']) });
  });
  after(async () => { await s?.stop(); await woo.close(); });

  test('the hold goes back and the coupon is deleted in WooCommerce, once, through a 500', async () => {
    await customer(s, '71', '50.00');
    const r = await ask(s, '71', 5000, 'all-of-it');
    assert.equal(r.status, 201, r.text);
    assert.equal((await wallet(s, '71')).available, '0.00');
    assert.equal((await s.admin('POST', '/v1/customers/71/wallet/transactions', { type: 'debit', amount: '0.01' })).status, 422);
    await until(async () => woo.coupons.length === 1, { what: 'the coupon' });
    woo.planDelete({ status: 500 });
    await until(async () => (await coupons(s, '71')).coupons[0].state === 'expired', { timeout: 20000, what: 'the expiry' });
    const w = await wallet(s, '71');
    assert.deepEqual([w.balance, w.held, w.available], ['50.00', '0.00', '50.00']);
    await until(async () => woo.coupons.length === 0, { timeout: 20000, what: 'the deletion' });
    assert.equal(woo.deleted.length, 1);
    assert.equal(woo.deletes().length, 2, 'the 500 was retried');
    assert.equal((await ledger(s, '71')).length, 1, 'nothing moved in the ledger');
    // The credit is spendable again.
    assert.equal((await ask(s, '71', 5000, 'again')).status, 201);
  });
});

describe(`credit coupons off (${backend})`, () => {
  let s;
  before(async () => { s = await startServer(); });
  after(async () => { await s?.stop(); });

  test('without --codes-in woocommerce the wallet says so and a request is refused', async () => {
    await s.admin('PUT', '/v1/customers/81', { email: 'shopper81@example.com' });
    await s.admin('POST', '/v1/customers/81/wallet/transactions', { type: 'credit', amount: '10.00' });
    const w = await wallet(s, '81');
    assert.deepEqual([w.credit_coupons, w.available], [false, '10.00']);
    const r = await ask(s, '81', 500, 'k');
    assert.equal(r.status, 409);
    assert.match(r.body.errors[0].message, /--codes-in woocommerce/);
  });
});
