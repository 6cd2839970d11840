// The shopper's reward records (GET /v1/customers/{id}/rewards) as the widget's
// "My rewards" reads them: each carries earned_at (the award's own moment)
// beside issued_at (when it was credited), only for the token's own customer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { order, spendProgram, startServer, uniqueCustomer } from './helpers.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => { await s?.stop(); });

test('a reward earned ten days ago and credited now says both days; another shopper cannot read it', async () => {
  assert.equal((await s.admin('POST', '/v1/programs', spendProgram({ id: 'view-spend' }))).status, 201);
  const c = uniqueCustomer('view');
  const o = order(c, '120.00'); // dated ten days ago
  const before = Date.now();
  assert.equal((await s.admin('POST', '/v1/events', { events: [o] })).status, 200);
  const mine = await s.as(c, 'GET', `/v1/customers/${c}/rewards`);
  assert.equal(mine.status, 200);
  const r = mine.body.rewards.find((x) => x.award_key === 'view-spend:first-steps:1');
  assert.ok(r, mine.text);
  assert.equal(Date.parse(r.earned_at), Date.parse(o.at), 'earned when the order counted');
  assert.ok(Date.parse(r.issued_at) >= before - 1000, 'credited now');
  assert.ok(!('memo' in r));
  const other = await s.as(uniqueCustomer('other'), 'GET', `/v1/customers/${c}/rewards`);
  assert.equal(other.status, 403);
});

test("a free gift the program names is listed and announced by its name, not only its product id", async () => {
  const gifts = spendProgram({
    id: 'view-gift',
    steps: [{ id: 'first-steps', name: 'First Steps', target: '100.00',
      rewards: [{ type: 'free_gift', product_id: '8123', name: 'Tote bag' }, { type: 'free_shipping' }] }],
  });
  assert.equal((await s.admin('POST', '/v1/programs', gifts)).status, 201);
  // The program reads back with the name, as the engine writes it.
  const stored = await s.admin('GET', '/v1/programs/view-gift');
  assert.deepEqual(stored.body.steps[0].rewards[0], { type: 'free_gift', product_id: '8123', name: 'Tote bag' }, stored.text);
  const c = uniqueCustomer('gift');
  assert.equal((await s.admin('POST', '/v1/events', { events: [order(c, '120.00')] })).status, 200);
  const rewards = (await s.as(c, 'GET', `/v1/customers/${c}/rewards`)).body.rewards;
  const gift = rewards.find((r) => r.type === 'free_gift');
  assert.equal(gift.product_id, '8123');
  assert.equal(gift.name, 'Tote bag');
  assert.ok(!('name' in rewards.find((r) => r.type === 'free_shipping')));
  const notices = (await s.as(c, 'GET', `/v1/customers/${c}/notices`)).body.notices;
  assert.ok(notices.some((n) => n.message.includes(`Your free gift (Tote bag) code is ${gift.code}.`)), JSON.stringify(notices));

  // A name the contract refuses says where.
  const bad = spendProgram({ id: 'view-gift-bad', steps: [{ id: 's', name: 'S', target: '1.00',
    rewards: [{ type: 'free_gift', product_id: '1', name: 'x'.repeat(201) }] }] });
  const refused = await s.admin('POST', '/v1/programs', bad);
  assert.equal(refused.status, 422, refused.text);
  assert.ok(refused.body.errors.some((e) => e.pointer === '/steps/0/rewards/0/name'), refused.text);
});
