// GET /v1/customers/{id}/view: what the storefront widget draws on its first
// view, decided by the server's native engine. Its view model and report must
// be exactly what the engine gives for the program document and the /history
// the same token reads (checked here against the `stepwise` command line, the
// same JSON facade the WebAssembly module wraps; tests/wasm proves those two
// byte-identical), so the widget needs no engine download until a cart is
// projected. Only the token's own customer, only active programs for a shopper.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, order, spendProgram, startServer, uniqueCustomer } from './helpers.mjs';

const CLI = join(BIN, '..', 'stepwise'); // built next to the server
const dir = mkdtempSync(join(tmpdir(), 'stepwise-view-'));

// The engine's answer on the command line: `stepwise view|eval` of the two documents.
function engine(command, program, history, asOf) {
  writeFileSync(join(dir, 'p.json'), program);
  writeFileSync(join(dir, 'h.json'), history);
  return execFileSync(CLI, [command, '--program', join(dir, 'p.json'), '--history', join(dir, 'h.json'), '--as-of', asOf],
    { encoding: 'utf8' }).trim();
}

const journey = (over = {}) => ({
  id: 'view-journey', name: 'Loyalty Journey', kind: 'journey', status: 'active', currency: 'USD',
  rules: { refund_hold_days: 14 },
  steps: [
    { id: 's1', name: 'First Steps', metric: 'orders', target: 3, rewards: [{ type: 'points', points: 100 }] },
    { id: 's2', name: 'Share', metric: 'reviews', target: 2,
      rewards: [{ type: 'points', points: 200 }, { type: 'free_shipping' }], reward_choice: { pick: 1 } },
    { id: 's3', name: 'Refer', metric: 'referrals', target: 1, rewards: [{ type: 'store_credit', amount: '5.00' }] },
  ],
  ...over,
});

let s;
before(async () => { s = await startServer(); });
after(async () => { await s?.stop(); });

// The same customer's view, and the engine on what the same token reads.
async function compare(programId, customer, asOf) {
  const view = await s.as(customer, 'GET', `/v1/customers/${customer}/view?program_id=${programId}&as_of=${asOf}`);
  assert.equal(view.status, 200, view.text);
  const program = await s.as(customer, 'GET', `/v1/programs/${programId}`);
  const history = await s.as(customer, 'GET', `/v1/customers/${customer}/history`);
  assert.equal(view.body.program_id, programId);
  assert.equal(view.body.as_of, asOf);
  assert.equal(JSON.stringify(view.body.view_model), engine('view', program.text, history.text, asOf));
  assert.equal(JSON.stringify(view.body.report), engine('eval', program.text, history.text, asOf));
  return view.body;
}

test('a journey with orders held for refunds: the engine\'s view model and report, byte for byte', async () => {
  assert.equal((await s.admin('POST', '/v1/programs', journey())).status, 201);
  const c = uniqueCustomer('view-j');
  const at = (d) => new Date(Date.now() - d * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const events = [order(c, '20.00', { at: at(30) }), order(c, '25.00', { at: at(20) }), order(c, '30.00', { at: at(2) }),
    { customer_id: c, id: `${c}-r1`, type: 'review', at: at(1) }];
  assert.equal((await s.admin('POST', '/v1/events', { events })).status, 200);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const v = await compare('view-journey', c, now);
  assert.equal(v.view_model.kind, 'journey');
  assert.ok(v.report.pending.length >= 1, 'the order of two days ago waits out the hold');
  // Later, the held order has counted: the same agreement at another time.
  const later = new Date(Date.now() + 20 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const v2 = await compare('view-journey', c, later);
  assert.notDeepEqual(v2.view_model, v.view_model);
});

test('tiers, and a customer the server has never seen', async () => {
  assert.equal((await s.admin('POST', '/v1/programs', spendProgram({ id: 'view-tiers' }))).status, 201);
  const c = uniqueCustomer('view-t');
  assert.equal((await s.admin('POST', '/v1/events', { events: [order(c, '120.00'), order(c, '180.00')] })).status, 200);
  const v = await compare('view-tiers', c, '2030-01-01T00:00:00Z');
  assert.equal(v.view_model.kind, 'tiers');
  const nobody = await compare('view-tiers', uniqueCustomer('view-new'), '2030-01-01T00:00:00Z');
  assert.equal(nobody.report.awards?.length ?? nobody.report.milestones_earned?.length ?? 0, 0);
});

test('without as_of: the server\'s clock; errors say what', async () => {
  const c = uniqueCustomer('view-clock');
  const t0 = Date.now();
  const v = await s.as(c, 'GET', `/v1/customers/${c}/view?program_id=view-tiers`);
  assert.equal(v.status, 200, v.text);
  const asOf = Date.parse(v.body.as_of);
  assert.ok(asOf >= t0 - 1000 && asOf <= Date.now() + 1000, v.body.as_of);

  const none = await s.as(c, 'GET', `/v1/customers/${c}/view`);
  assert.equal(none.status, 400);
  assert.match(none.body.errors[0].message, /program_id/);
  const missing = await s.as(c, 'GET', `/v1/customers/${c}/view?program_id=nope`);
  assert.equal(missing.status, 404);
  const badTime = await s.as(c, 'GET', `/v1/customers/${c}/view?program_id=view-tiers&as_of=yesterday`);
  assert.equal(badTime.status, 400, badTime.text);
});

test('a shopper reads only their own view, and no inactive program', async () => {
  const c = uniqueCustomer('view-own');
  const other = await s.as(uniqueCustomer('view-other'), 'GET', `/v1/customers/${c}/view?program_id=view-tiers`);
  assert.equal(other.status, 403);
  assert.equal((await s.admin('POST', '/v1/programs', spendProgram({ id: 'view-off', status: 'inactive' }))).status, 201);
  assert.equal((await s.as(c, 'GET', `/v1/customers/${c}/view?program_id=view-off`)).status, 404);
  const admin = await s.admin('GET', `/v1/customers/${c}/view?program_id=view-off`);
  assert.equal(admin.status, 200, 'the merchant previews an inactive program');
  assert.equal(admin.body.view_model.kind, 'tiers');
});
