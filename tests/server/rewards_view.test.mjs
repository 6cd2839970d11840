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
