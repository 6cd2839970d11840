// Orders as platforms report them: the order-state API (PUT /v1/orders/{id})
// and Shopify's webhooks. Shopify cannot run here: this test is its stand-in,
// sending the real payloads in tests/fixtures/platforms/ (SOURCES.md says where
// each comes from) signed as Shopify signs them (base64 HMAC-SHA256 of the raw
// body with the app's secret), with its delivery behaviour: duplicates, reordering,
// a refund before its order, guests, unknown topics, bad signatures.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, spendProgram, uniqueCustomer, backend, root } from './helpers.mjs';

const SHOPIFY_SECRET = 'shpss_test_0123456789abcdef';
const fixture = (name) => readFileSync(path.join(root, 'tests', 'fixtures', 'platforms', name), 'utf8');

// A webhook as Shopify delivers it.
async function shopify(s, topic, body, { id = randomUUID(), secret = SHOPIFY_SECRET } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return s.raw('POST', '/v1/connectors/shopify/webhooks', raw, {
    'content-type': 'application/json',
    'x-shopify-topic': topic,
    'x-shopify-webhook-id': id,
    'x-shopify-hmac-sha256': createHmac('sha256', secret).update(raw).digest('base64'),
  });
}

const history = async (s, c) => (await s.admin('GET', `/v1/customers/${c}/history`)).body.events;

describe(`order-state API (${backend})`, () => {
  let s;
  before(async () => {
    s = await startServer();
    const p = spendProgram({ rules: { order_statuses: ['paid', 'partially_refunded'], clawback_on_refund: true } });
    assert.equal((await s.admin('POST', '/v1/programs', p)).status, 201);
  });
  after(async () => { await s.stop(); });

  test('the first state is the order, the same state twice changes nothing, an older one is stale', async () => {
    const c = uniqueCustomer('os');
    const state = { customer_id: c, status: 'paid', placed_at: '2026-03-01T10:00:00Z', updated_at: '2026-03-01T10:00:00Z',
      subtotal: '120.00', tax: '9.60', shipping: '5.00', items: [{ sku: 'MUG', quantity: 2, amount: '120.00' }] };
    let r = await s.admin('PUT', '/v1/orders/A-1', state);
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.body.result, r.body.events], ['created', ['order:A-1']]);
    assert.deepEqual(r.body.awards.map((a) => a.key), ['spend:first-steps:1']);
    r = await s.admin('PUT', '/v1/orders/A-1', state);
    assert.deepEqual([r.status, r.body.result, r.body.events], [200, 'unchanged', []]);
    r = await s.admin('PUT', '/v1/orders/A-1', { ...state, status: 'pending', updated_at: '2026-02-28T10:00:00Z' });
    assert.equal(r.body.result, 'stale');
    const events = await history(s, c);
    assert.deepEqual(events.map((e) => [e.id, e.type, e.status, e.subtotal, e.total]),
      [['order:A-1', 'order', 'paid', '120.00', '134.60']]);
  });

  test('a status change and a new refund become events; the refund claws back', async () => {
    const c = uniqueCustomer('os');
    const state = { customer_id: c, status: 'paid', placed_at: '2026-03-01T10:00:00Z', subtotal: '150.00' };
    await s.admin('PUT', '/v1/orders/B-1', state);
    let r = await s.admin('PUT', '/v1/orders/B-1', { ...state, status: 'partially_refunded', updated_at: '2026-03-05T10:00:00Z',
      refunds: [{ id: 'R1', at: '2026-03-05T10:00:00Z', amount: '60.00', subtotal: '60.00' }] });
    assert.equal(r.body.result, 'updated', r.text);
    assert.deepEqual(r.body.events, ['order:B-1:status:1772704800000', 'order:B-1:refund:R1']);
    assert.deepEqual(r.body.clawbacks.map((x) => [x.key, x.amount]), [['spend:first-steps:1', '5.00']]);
    // The refund is known: listing it again (or not at all) records nothing new.
    r = await s.admin('PUT', '/v1/orders/B-1', { ...state, status: 'partially_refunded', updated_at: '2026-03-06T10:00:00Z' });
    assert.deepEqual([r.body.result, r.body.events], ['unchanged', []]);
  });

  test('a refund with its split takes off exactly its subtotal; an edit that lowers spend under a threshold claws back', async () => {
    const c = uniqueCustomer('os');
    const state = { customer_id: c, status: 'paid', placed_at: '2026-03-01T10:00:00Z', subtotal: '150.00', tax: '12.00' };
    let r = await s.admin('PUT', '/v1/orders/D-1', state);
    assert.deepEqual(r.body.awards.map((a) => a.key), ['spend:first-steps:1']);
    r = await s.admin('PUT', '/v1/orders/D-1', { ...state, status: 'partially_refunded', updated_at: '2026-03-02T10:00:00Z',
      refunds: [{ id: 'R9', at: '2026-03-02T10:00:00Z', amount: '66.00', subtotal: '60.00', tax: '6.00' }] });
    const rf = (await history(s, c)).find((e) => e.type === 'refund');
    assert.deepEqual([rf.amount, rf.subtotal, rf.tax, rf.shipping], ['66.00', '60.00', '6.00', '0.00']);
    // Spend is on the subtotal: 150 - 60, not 150 - 66.
    assert.equal((await s.admin('GET', `/v1/customers/${c}/milestone-progress`)).body.qualifying_spend, '90.00');
    assert.deepEqual(r.body.clawbacks.map((x) => x.key), ['spend:first-steps:1']);
    // A second order, then an edit lowering it under the $100 tier: the new award is taken back too.
    const second = { customer_id: c, status: 'paid', placed_at: '2026-03-03T10:00:00Z', subtotal: '40.00' };
    r = await s.admin('PUT', '/v1/orders/D-2', second);
    assert.deepEqual(r.body.awards.map((a) => a.key), ['spend:first-steps:2']);
    r = await s.admin('PUT', '/v1/orders/D-2', { ...second, subtotal: '5.00', updated_at: '2026-03-04T10:00:00Z' });
    assert.deepEqual(r.body.events, ['order:D-2:edit:1772618400000']);
    assert.deepEqual(r.body.clawbacks.map((x) => x.key), ['spend:first-steps:2']);
    assert.equal((await s.admin('GET', `/v1/customers/${c}/milestone-progress`)).body.qualifying_spend, '95.00');
  });

  test('bad states are refused with pointers; orders never change customer; admin only', async () => {
    let r = await s.admin('PUT', '/v1/orders/C-1', { customer_id: 'x y', status: '', placed_at: 'yesterday', subtotal: 5, extra: 1 });
    assert.equal(r.status, 422);
    assert.deepEqual(r.body.errors.map((e) => e.pointer).sort(), ['/customer_id', '/extra', '/placed_at', '/status', '/subtotal']);
    await s.admin('PUT', '/v1/orders/C-2', { customer_id: 'owner-1', status: 'paid', placed_at: '2026-03-01T10:00:00Z', subtotal: '1.00' });
    r = await s.admin('PUT', '/v1/orders/C-2', { customer_id: 'owner-2', status: 'paid', placed_at: '2026-03-01T10:00:00Z', subtotal: '1.00' });
    assert.equal(r.status, 409);
    assert.equal((await s.raw('PUT', '/v1/orders/C-3', '{}', { 'content-type': 'application/json' })).status, 401);
  });
});

describe(`Shopify webhooks (${backend})`, () => {
  let s;
  before(async () => {
    s = await startServer({ args: ['--shopify-secret', SHOPIFY_SECRET] });
    const p = spendProgram({ rules: { order_statuses: ['authorized', 'paid', 'partially_refunded'] } });
    assert.equal((await s.admin('POST', '/v1/programs', p)).status, 201);
  });
  after(async () => { await s.stop(); });

  test('a real orders/create payload becomes the order with its amounts in UTC', async () => {
    const r = await shopify(s, 'orders/create', fixture('shopify_order_webhook_sample_450789469.json'));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'processed');
    assert.deepEqual(r.body.awards.map((a) => a.key), ['spend:first-steps:1', 'spend:silver:1']);
    const [e] = await history(s, '207119551');
    assert.deepEqual([e.id, e.at, e.status, e.subtotal, e.tax, e.shipping, e.total, e.wallet_paid],
      ['order:450789469', '2008-01-10T16:00:00Z', 'authorized', '398.00', '11.94', '0.00', '409.94', '0.00']);
    // Shopify's sample lines add to 597.00 although its subtotal says 398.00: the order's own subtotal is used.
    assert.deepEqual(e.items.map((i) => [i.sku, i.quantity, i.amount]),
      [['IPOD2008GREEN', 1, '199.00'], ['IPOD2008RED', 1, '199.00'], ['IPOD2008BLACK', 1, '199.00']]);
    // The REST API's copy of the same order (the body of {"order": ...}) is the same state: nothing new.
    const rest = JSON.parse(fixture('shopify_order_rest_wrapped_450789469_official.json')).order;
    const again = await shopify(s, 'orders/updated', rest);
    assert.deepEqual([again.body.result, again.body.events], ['unchanged', []]);
    // Its refund (refunds/create) gives back the 209.00 the refund transaction moved.
    const refund = JSON.parse(fixture('shopify_refund_rest_wrapped_509562969_official.json')).refund;
    const rr = await shopify(s, 'refunds/create', refund);
    assert.deepEqual(rr.body.events, ['order:450789469:refund:509562969']);
    const rf = (await history(s, '207119551')).find((x) => x.type === 'refund');
    assert.deepEqual([rf.at, rf.amount], ['2016-03-22T15:15:00Z', '209.00']);
  });

  test('a partially refunded order brings its refund with the shop-currency split', async () => {
    const r = await shopify(s, 'orders/updated', fixture('shopify_order_partially_refunded_762815840312.json'));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.events, ['order:762815840312', 'order:762815840312:refund:19400196152']);
    const events = await history(s, '929937489976');
    const o = events.find((x) => x.type === 'order');
    assert.deepEqual([o.at, o.status, o.subtotal, o.tax, o.shipping, o.total],
      ['2018-12-28T13:26:30Z', 'partially_refunded', '398.00', '51.74', '8.00', '457.74']);
    assert.deepEqual(o.items.map((i) => [i.sku, i.quantity, i.amount]), [['GD802-025', 2, '398.00']]);
    const rf = events.find((x) => x.type === 'refund');
    assert.deepEqual([rf.at, rf.amount], ['2018-12-28T13:29:56Z', '224.87']);
  });

  test('duplicates, reordering, a refund before its order, guests, unknown topics', async () => {
    const c = uniqueCustomer('shop').replace(/[^0-9a-f]/g, '').slice(0, 10) || '1';
    const order = (over = {}) => ({ id: 9000001, customer: { id: Number.parseInt(c, 16) }, financial_status: 'paid',
      created_at: '2026-05-01T09:00:00+02:00', updated_at: '2026-05-01T09:00:00+02:00', subtotal_price: '300.00',
      total_tax: '0.00', total_price: '300.00', line_items: [], refunds: [], ...over });
    const cid = String(Number.parseInt(c, 16));
    // The refund arrives first: it waits for its order.
    let r = await shopify(s, 'refunds/create', { id: 77, order_id: 9000001, created_at: '2026-05-03T09:00:00Z',
      transactions: [{ kind: 'refund', status: 'success', amount: '200.00' }], refund_line_items: [] });
    assert.equal(r.body.result, 'waiting', r.text);
    // orders/updated (later) comes before orders/create (earlier): the late create is stale.
    const updated = order({ financial_status: 'partially_refunded', updated_at: '2026-05-03T09:00:00Z' });
    const id = randomUUID();
    for (let i = 0; i < 5; i++) {
      r = await shopify(s, 'orders/updated', updated, { id });
      assert.equal(r.status, 200);
      assert.equal(r.body.status, i === 0 ? 'processed' : 'duplicate');
    }
    r = await shopify(s, 'orders/create', order());
    assert.equal(r.body.result, 'stale');
    const events = await history(s, cid);
    assert.deepEqual(events.map((e) => [e.id, e.type]), [['order:9000001', 'order'], ['order:9000001:refund:77', 'refund']]);
    const p = (await s.admin('GET', `/v1/customers/${cid}/milestone-progress`)).body;
    assert.equal(p.qualifying_spend, '100.00');
    // Guests have no one to reward; unknown topics are answered and counted.
    r = await shopify(s, 'orders/create', order({ id: 9000002, customer: null }));
    assert.deepEqual([r.status, r.body.status], [200, 'skipped']);
    r = await shopify(s, 'products/update', { id: 1 });
    assert.deepEqual([r.status, r.body.status], [200, 'ignored']);
    const counts = (await s.admin('GET', '/v1/connectors/deliveries')).body.deliveries;
    assert.ok(counts.some((x) => x.topic === 'products/update' && x.outcome === 'ignored' && x.count >= 1));
  });

  test('a bad or missing signature gets 401 and stores nothing', async () => {
    const body = JSON.stringify({ id: 9100001, customer: { id: 555001 }, financial_status: 'paid', created_at: '2026-05-01T09:00:00Z',
      subtotal_price: '500.00', total_price: '500.00' });
    let r = await shopify(s, 'orders/create', body, { secret: 'not-the-secret' });
    assert.equal(r.status, 401);
    r = await s.raw('POST', '/v1/connectors/shopify/webhooks', body, { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create' });
    assert.equal(r.status, 401);
    assert.deepEqual(await history(s, '555001'), []);
  });

  test('customers/update sets the name and email; customers/redact erases them', async () => {
    await shopify(s, 'customers/update', { id: 207119551, email: 'bob@example.com', first_name: 'Bob', last_name: 'Norman' });
    let c = (await s.admin('GET', '/v1/customers?q=207119551')).body.customers[0];
    assert.deepEqual([c.name, c.email], ['Bob Norman', 'bob@example.com']);
    await shopify(s, 'customers/redact', { shop_id: 1, customer: { id: 207119551, email: 'bob@example.com' }, orders_to_redact: [450789469] });
    c = (await s.admin('GET', '/v1/customers?q=207119551')).body.customers[0];
    assert.deepEqual([c.name, c.email], [null, null]);
    assert.equal((await s.admin('GET', '/v1/customers/207119551/wallet')).body.balance, '20.00');  // amounts stay
  });

  test('customers/data_request stores an export for the admin; shop/redact erases every customer, amounts stay', async () => {
    const order = { ...JSON.parse(fixture('shopify_order_webhook_sample_450789469.json')), id: 450789499, customer: { id: 3300001 } };
    await shopify(s, 'orders/create', order);
    await shopify(s, 'customers/update', { id: 3300001, email: 'ann@example.com', first_name: 'Ann', last_name: 'Lee' });
    let r = await shopify(s, 'customers/data_request', { shop_id: 954889, shop_domain: 'my-store.myshopify.com',
      orders_requested: [450789499], customer: { id: 3300001, email: 'ann@example.com', phone: '555-625-1199' }, data_request: { id: 9999 } });
    assert.equal(r.body.status, 'processed', r.text);
    const id = r.body.export.id;
    assert.equal((await s.raw('GET', '/v1/connectors/exports')).status, 401);
    const list = (await s.admin('GET', '/v1/connectors/exports')).body.exports;
    assert.deepEqual(list.map((x) => [x.id, x.platform, x.customer_id]), [[id, 'shopify', '3300001']]);
    const data = (await s.admin('GET', `/v1/connectors/exports/${id}`)).body;
    assert.deepEqual([data.customer.name, data.customer.email, data.request.data_request.id], ['Ann Lee', 'ann@example.com', 9999]);
    assert.deepEqual(data.events.map((e) => [e.id, e.subtotal]), [['order:450789499', '398.00']]);
    assert.deepEqual(data.events[0].items.map((i) => i.sku), ['IPOD2008GREEN', 'IPOD2008RED', 'IPOD2008BLACK']);
    assert.deepEqual(data.awards.map((a) => [a.key, a.state]), [['spend:first-steps:1', 'issued'], ['spend:silver:1', 'issued']]);
    assert.deepEqual(data.ledger.map((l) => [l.type, l.amount, l.order_id]),
      [['Milestone Reward', '15.00', '450789499'], ['Milestone Reward', '5.00', '450789499']]);
    assert.deepEqual(data.rewards.map((x) => [x.type, x.amount]), [['store_credit', '5.00'], ['store_credit', '15.00']]);
    assert.deepEqual(data.orders.map((o) => [o.order_id, o.state.items.length]), [['450789499', 3]]);
    assert.deepEqual(data.points, [], 'the points ledger is exported too (none earned here)');
    assert.equal((await s.admin('GET', '/v1/connectors/exports/999999')).status, 404);
    // shop/redact: every customer of the shop loses name, email and order lines (exports too); money stays.
    r = await shopify(s, 'shop/redact', { shop_id: 954889, shop_domain: 'my-store.myshopify.com' });
    assert.equal(r.body.status, 'processed', r.text);
    assert.ok(r.body.customers_redacted >= 2);
    const c = (await s.admin('GET', '/v1/customers?q=3300001')).body.customers[0];
    assert.deepEqual([c.name, c.email, c.balance], [null, null, '20.00']);
    assert.deepEqual((await history(s, '3300001')).map((e) => e.items || []), [[]]);
    assert.deepEqual((await s.admin('GET', '/v1/connectors/exports')).body.exports, []);
    assert.equal((await s.admin('GET', `/v1/connectors/exports/${id}`)).status, 404);
    // The order state lost its lines too: a new data request shows none.
    r = await shopify(s, 'customers/data_request', { shop_domain: 'my-store.myshopify.com', customer: { id: 3300001 } });
    const after = (await s.admin('GET', `/v1/connectors/exports/${r.body.export.id}`)).body;
    assert.deepEqual([after.customer.name, after.orders[0].state.items, after.ledger.length], [null, [], 2]);
  });
});

// WooCommerce cannot run here either: this is its stand-in, posting the REST
// API's real order bodies (WooCommerce builds order.* webhook bodies from the
// same endpoint) signed as it signs them (X-WC-Webhook-Signature, base64 HMAC-SHA256).
const WC_SECRET = 'wc-webhook-secret-0123';
async function woocommerce(s, topic, body, { id = randomUUID(), secret = WC_SECRET } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return s.raw('POST', '/v1/connectors/woocommerce/webhooks', raw, {
    'content-type': 'application/json',
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-delivery-id': id,
    'x-wc-webhook-signature': createHmac('sha256', secret).update(raw).digest('base64'),
  });
}

describe(`WooCommerce webhooks (${backend})`, () => {
  let s;
  before(async () => {
    s = await startServer({ args: ['--woocommerce-secret', WC_SECRET] });
    const p = spendProgram({ rules: { order_statuses: ['processing', 'completed'], spend_basis: 'total' } });
    assert.equal((await s.admin('POST', '/v1/programs', p)).status, 201);
  });
  after(async () => { await s.stop(); });

  test('the ping on webhook creation is answered; real order bodies become orders, status changes and refunds', async () => {
    let r = await s.raw('POST', '/v1/connectors/woocommerce/webhooks', 'webhook_id=12', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.deepEqual([r.status, r.body.status], [200, 'ping']);
    const processing = JSON.parse(fixture('woocommerce_order_727_processing_restdocs.json'));
    r = await woocommerce(s, 'order.created', processing);
    assert.deepEqual([r.status, r.body.status], [200, 'skipped']);  // customer_id 0: a guest
    // The same order placed by a registered customer (our variant of the fixture).
    r = await woocommerce(s, 'order.created', { ...processing, customer_id: 501 });
    assert.equal(r.body.result, 'created', r.text);
    let events = await history(s, '501');
    assert.deepEqual(events.map((e) => [e.id, e.at, e.status, e.subtotal, e.tax, e.shipping, e.total]),
      [['order:727', '2017-03-22T19:28:02Z', 'processing', '18.00', '1.35', '10.00', '29.35']]);
    assert.deepEqual(events[0].items.map((i) => [i.sku, i.quantity, i.amount]), [['93', 2, '6.00'], ['Bar3', 1, '12.00']]);
    const completed = { ...JSON.parse(fixture('woocommerce_order_727_completed_restdocs.json')), customer_id: 501 };
    const id = randomUUID();
    r = await woocommerce(s, 'order.updated', completed, { id });
    assert.deepEqual(r.body.events, ['order:727:status:1490211035000']);
    r = await woocommerce(s, 'order.updated', completed, { id });
    assert.equal(r.body.status, 'duplicate');
    // A refund (the REST refund 726's amount) shows in the order's refunds[] with a negative total.
    const refund = JSON.parse(fixture('woocommerce_refund_726_restdocs.json'));
    r = await woocommerce(s, 'order.updated', { ...completed, date_modified_gmt: '2017-03-23T10:00:00',
      refunds: [{ id: refund.id, reason: '', total: `-${refund.amount}` }] });
    assert.deepEqual(r.body.events, ['order:727:refund:726']);
    events = await history(s, '501');
    assert.deepEqual(events.filter((e) => e.type === 'refund').map((e) => [e.at, e.amount]), [['2017-03-23T10:00:00Z', '10.00']]);
    // order 15: a real WC 8 webhook body, total 0.00.
    r = await woocommerce(s, 'order.created', JSON.parse(fixture('woocommerce_order_15_completed_pipedream_test_event.json')));
    assert.equal(r.body.result, 'created');
    const o15 = (await history(s, '1')).find((e) => e.id === 'order:15');
    assert.deepEqual([o15.status, o15.total, o15.at], ['completed', '0.00', '2023-08-16T07:45:56Z']);
  });

  test('a bad signature gets 401; a deleted order stops counting', async () => {
    const body = { id: 8801, customer_id: 502, status: 'completed', date_created_gmt: '2026-01-01T10:00:00',
      date_modified_gmt: '2026-01-01T10:00:00', total: '150.00', total_tax: '0.00', shipping_total: '0.00',
      line_items: [{ sku: 'X', quantity: 1, total: '150.00' }], refunds: [] };
    let r = await woocommerce(s, 'order.created', body, { secret: 'wrong' });
    assert.equal(r.status, 401);
    assert.deepEqual(await history(s, '502'), []);
    r = await woocommerce(s, 'order.created', body);
    assert.deepEqual(r.body.awards.map((a) => a.key), ['spend:first-steps:1']);
    r = await woocommerce(s, 'order.deleted', { ...body, date_modified_gmt: '2026-01-02T10:00:00' });
    assert.deepEqual(r.body.events, ['order:8801:status:1767348000000']);
    const p = (await s.admin('GET', '/v1/customers/502/milestone-progress')).body;
    assert.equal(p.qualifying_spend, '0.00');
  });
});
