// A reward taken back (claw-back on refund) switches its code off in the store
// (issue 12): the platform outbox deactivates each revoked reward's code in
// Shopify (discountCodeDeactivate, found by codeDiscountNodeByCode) and deletes
// it in WooCommerce (DELETE /coupons/{id}?force=true, found by ?code=), once
// the code exists there, through failures, and never touches a code still in
// use. Neither store can run here: the stand-ins in standins/ implement their
// documented requests and answers and fail on purpose.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, backend, until, daysAgo } from './helpers.mjs';
import { shopifyGraphqlStandin } from './standins/shopify_admin_graphql.mjs';
import { woocommerceCouponsStandin } from './standins/woocommerce_coupons.mjs';

const TOKEN = 'shpat_deact_0123456789abcdef';
const program = {
  id: 'revoke', name: 'Revoke', kind: 'tiers', status: 'active', currency: 'USD',
  rules: { clawback_on_refund: true, reward_expiry_days: 30 },
  steps: [
    { id: 'bronze', name: 'Bronze', target: '100.00', rewards: [{ type: 'discount_amount', amount: '10.00' }, { type: 'free_shipping' }] },
    { id: 'silver', name: 'Silver', target: '250.00', rewards: [{ type: 'discount_percent', percent: 15 }] },
  ],
};
let seq = 0;
const order = (customer, amount) => ({ customer_id: customer, id: `cd-${process.pid}-${++seq}`, type: 'order', at: daysAgo(3),
  order_id: `cd-ord-${process.pid}-${seq}`, status: 'completed', subtotal: amount });
const jobs = async (s) => (await s.admin('GET', '/v1/platform-jobs?limit=1000')).body.jobs;
const rewards = async (s, c) => (await s.as(c, 'GET', `/v1/customers/${c}/rewards`)).body.rewards;

describe(`revoked rewards' codes deactivated in Shopify (stand-in of the Admin GraphQL API; ${backend})`, () => {
  let s, shop;
  before(async () => {
    shop = await shopifyGraphqlStandin({ token: TOKEN });
    s = await startServer({ args: ['--codes-in', 'shopify', '--shopify-shop', shop.url, '--shopify-token', TOKEN, '--platform-timeout', '1'] });
    assert.equal((await s.admin('POST', '/v1/programs', program)).status, 201);
  });
  after(async () => { await s?.stop(); for (const r of shop.hung) r.destroy(); await shop.close(); });

  test('a refund that takes an award back deactivates its codes once, through a 500 and a cut; the others keep working', async () => {
    const customer = '8001001';
    const big = order(customer, '120.00'), small = order(customer, '140.00');
    assert.equal((await s.admin('POST', '/v1/events', { events: [big, small] })).status, 200);
    await until(async () => (await jobs(s)).filter((j) => j.state === 'done').length === 3, { timeout: 20000, what: 'three codes made' });
    const issued = await rewards(s, customer);
    const bronze = issued.filter((r) => r.award_key === 'revoke:bronze:1'), silver = issued.find((r) => r.award_key === 'revoke:silver:1');
    assert.equal(bronze.length, 2);

    // Refunding the second order drops spend to 120: Silver is taken back, Bronze stays.
    shop.plan({ status: 500 }, 'cut');
    const refund = { customer_id: customer, id: `${small.id}-rf`, type: 'refund', at: daysAgo(1), order_id: small.order_id, amount: '140.00' };
    const r = await s.admin('POST', '/v1/events', refund);
    assert.equal(r.status, 200, r.text);
    await until(async () => (await jobs(s)).some((j) => j.kind === 'code_deactivate' && j.state === 'done'),
      { timeout: 20000, what: 'the deactivation' });
    const deactivations = (await jobs(s)).filter((j) => j.kind === 'code_deactivate');
    assert.equal(deactivations.length, 1, JSON.stringify(deactivations));
    assert.equal(deactivations[0].payload.code, silver.code);
    assert.equal(deactivations[0].award_key, 'revoke:silver:1');
    assert.equal(deactivations[0].platform_ref, shop.codes.get(silver.code.toUpperCase()).id);
    assert.equal(shop.codes.get(silver.code.toUpperCase()).deactivated, true);
    for (const b of bronze) assert.ok(!shop.codes.get(b.code.toUpperCase()).deactivated, 'a code still earned keeps working');
    assert.equal((await rewards(s, customer)).find((x) => x.id === silver.id).state, 'revoked');
    // The 500 was tried again and the cut one (deactivated, answer lost) found and done again, harmlessly.
    assert.equal(shop.requests.filter((q) => q.op === 'discountCodeDeactivate').length, 3);

    // The same refund delivered again changes nothing.
    assert.equal((await s.admin('POST', '/v1/events', refund)).status, 200);
    await new Promise((res) => setTimeout(res, 1500));
    assert.equal((await jobs(s)).filter((j) => j.kind === 'code_deactivate').length, 1);
    assert.equal(shop.requests.filter((q) => q.op === 'discountCodeDeactivate').length, 3);
  });

  test('a code taken back before the store made it is switched off after it is made, never before', async () => {
    const customer = '8001002';
    const o = order(customer, '130.00');
    shop.plan({ status: 503 }, { status: 503 }); // the two codes wait out a backoff
    assert.equal((await s.admin('POST', '/v1/events', o)).status, 200);
    const refund = { customer_id: customer, id: `${o.id}-rf`, type: 'refund', at: daysAgo(1), order_id: o.order_id, amount: '130.00' };
    assert.equal((await s.admin('POST', '/v1/events', refund)).status, 200);
    const mine = await rewards(s, customer);
    assert.deepEqual(mine.map((x) => x.state), ['revoked', 'revoked']);
    await until(async () => (await jobs(s)).filter((j) => j.customer_id === customer && j.state === 'done').length === 4,
      { timeout: 30000, what: 'codes made, then deactivated' });
    for (const x of mine) {
      const made = shop.codes.get(x.code.toUpperCase());
      assert.ok(made && made.deactivated, `${x.code} made and then deactivated`);
      const create = shop.requests.find((q) => q.op?.startsWith('discountCode') && q.op !== 'discountCodeDeactivate' &&
        JSON.stringify(q.variables).includes(x.code) && q.at && true);
      const deact = shop.requests.find((q) => q.op === 'discountCodeDeactivate' && q.variables.id === made.id);
      assert.ok(deact.at >= create.at, 'deactivated after it was made');
    }
  });
});

describe(`revoked rewards' coupons deleted in WooCommerce (stand-in of the REST coupons API; ${backend})`, () => {
  let s, woo;
  const KEY = 'ck_deact_0123456789', KEY_SECRET = 'cs_deact_0123456789';
  before(async () => {
    woo = await woocommerceCouponsStandin({ key: KEY, secret: KEY_SECRET });
    s = await startServer({ args: ['--codes-in', 'woocommerce', '--woocommerce-url', woo.url, '--woocommerce-key', KEY,
      '--woocommerce-key-secret', KEY_SECRET, '--platform-timeout', '1'] });
    assert.equal((await s.admin('POST', '/v1/programs', program)).status, 201);
  });
  after(async () => { await s?.stop(); for (const r of woo.hung) r.destroy(); await woo.close(); });

  test('a refund that takes an award back deletes its coupons once, through a 500 and a cut', async () => {
    const customer = '91';
    assert.equal((await s.admin('PUT', `/v1/customers/${customer}`, { email: 'shopper91@example.com' })).status, 200);
    const o = order(customer, '120.00');
    assert.equal((await s.admin('POST', '/v1/events', o)).status, 200);
    await until(async () => (await jobs(s)).filter((j) => j.state === 'done').length === 2, { timeout: 20000, what: 'two coupons made' });
    assert.equal(woo.coupons.length, 2);
    woo.planDelete({ status: 500 }, 'cut');
    const refund = { customer_id: customer, id: `${o.id}-rf`, type: 'refund', at: daysAgo(1), order_id: o.order_id, amount: '120.00' };
    assert.equal((await s.admin('POST', '/v1/events', refund)).status, 200);
    await until(async () => (await jobs(s)).filter((j) => j.kind === 'code_deactivate' && j.state === 'done').length === 2,
      { timeout: 20000, what: 'the two deletions' });
    assert.equal(woo.coupons.length, 0, 'both coupons gone');
    assert.equal(woo.deleted.length, 2);
    for (const d of woo.deletes()) assert.equal(d.query.force, 'true');
    assert.equal(woo.deletes().length, 3, 'the 500 was asked again; the cut one was found gone by lookup');
    assert.deepEqual((await rewards(s, customer)).map((r) => r.state), ['revoked', 'revoked']);
  });
});
