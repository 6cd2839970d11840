// Referrals counted from orders (docs/widget.md, "Referral links"): an order
// that carries a shopper's referral code (the order-state API's
// `referral_code`, Shopify's `note_attributes` stepwise_ref, a discount code
// named after it, in any case) records one `referral` event (purchased) for
// the shopper who shared it, once per order however often it is delivered;
// nobody refers themselves and an unknown code counts for nobody. Shopify
// cannot run here: its webhook is sent as Shopify signs it, with the real
// sample payload from tests/fixtures/platforms/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { backend, root, startServer, uniqueCustomer } from './helpers.mjs';

const SHOPIFY_SECRET = 'shpss_referral_0123456789';
const PROGRAM = { id: 'friends', name: 'Friends', kind: 'journey', status: 'active', currency: 'USD',
  rules: { order_statuses: ['completed', 'paid'], spend_basis: 'subtotal' },
  steps: [{ id: 'bring-two', name: 'Bring two friends', metric: 'referrals', target: 2, rewards: [{ type: 'points', points: 200 }] }] };

let s;
before(async () => {
  s = await startServer({ args: ['--shopify-secret', SHOPIFY_SECRET, '--referral-url', 'https://shop.example/?ref={code}'] });
  assert.equal((await s.admin('POST', '/v1/programs', PROGRAM)).status, 201);
});
after(async () => { await s?.stop(); });

const referrals = async (c) => (await s.admin('GET', `/v1/customers/${c}/history`)).body.events.filter((e) => e.type === 'referral');
const codeOf = async (c) => (await s.as(c, 'GET', `/v1/customers/${c}/referral`)).body.code;
const state = (buyer, over = {}) => ({ customer_id: buyer, status: 'completed', placed_at: '2026-03-01T10:00:00Z', subtotal: '40.00', ...over });

test(`an order with the referral code counts once for the shopper who shared it (${backend})`, async () => {
  const amy = uniqueCustomer('amy');
  await s.admin('PUT', `/v1/customers/${amy}`, { name: 'Amy' });
  const code = await codeOf(amy); // shown to Amy: from now on her code finds her
  const bob = uniqueCustomer('bob');
  let r = await s.admin('PUT', `/v1/orders/R-${bob}`, state(bob, { referral_code: code.toLowerCase() }));
  assert.equal(r.status, 201, r.text);
  r = await s.admin('PUT', `/v1/orders/R-${bob}`, state(bob, { referral_code: code, status: 'refunded', updated_at: '2026-03-02T10:00:00Z' }));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual((await referrals(amy)).map((e) => [e.id, e.referee_id, e.purchased]), [[`referral:R-${bob}`, bob, true]]);
  assert.deepEqual(await referrals(bob), []);

  // A second friend through Shopify: the cart attribute the landing page set, on the real sample order.
  const order = JSON.parse(readFileSync(path.join(root, 'tests', 'fixtures', 'platforms', 'shopify_order_webhook_sample_450789469.json'), 'utf8'));
  order.id = Date.now();
  order.customer = { ...(order.customer || {}), id: 7000 + Math.floor(Math.random() * 1e6) };
  order.note_attributes = [{ name: 'colour', value: 'blue' }, { name: 'stepwise_ref', value: code }];
  const raw = JSON.stringify(order);
  const send = () => s.raw('POST', '/v1/connectors/shopify/webhooks', raw, {
    'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': randomUUID(),
    'x-shopify-hmac-sha256': createHmac('sha256', SHOPIFY_SECRET).update(raw).digest('base64') });
  r = await send();
  assert.equal(r.status, 200, r.text);
  await send(); // delivered twice (a new delivery id): still one referral
  const all = await referrals(amy);
  assert.equal(all.length, 2, JSON.stringify(all));
  assert.ok(all.some((e) => e.id === `referral:${order.id}`), JSON.stringify(all));
  const p = await s.admin('GET', `/v1/customers/${amy}/journey?program_id=friends`);
  assert.equal(p.status, 200, p.text);
  assert.ok(p.body.awards.some((a) => a.key === 'friends:bring-two:1'), JSON.stringify(p.body.awards));
});

test(`a discount code named after the referral code counts; self-referral and unknown codes do not (${backend})`, async () => {
  const cleo = uniqueCustomer('cleo');
  const code = await codeOf(cleo);
  const dan = uniqueCustomer('dan');
  // Through the order-state API the code comes as referral_code; a connector also tries the order's discount codes.
  let r = await s.admin('PUT', `/v1/orders/S-${cleo}`, state(cleo, { referral_code: code }));
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(await referrals(cleo), [], 'nobody refers themselves');
  r = await s.admin('PUT', `/v1/orders/U-${dan}`, state(dan, { referral_code: 'AAAAAAAAAAAAAAAA' }));
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(await referrals(cleo), []);
  r = await s.admin('PUT', `/v1/orders/bad-${dan}`, state(dan, { referral_code: 'x'.repeat(65) }));
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].pointer, '/referral_code');
});
