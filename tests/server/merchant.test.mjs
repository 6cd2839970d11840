// Regression tests for what a merchant running a live store must be able to
// trust (issue 9): the same hooks on every path, expiry from crediting, no
// silent program overwrites, reports that keep every award, nothing internal
// shown to shoppers, and a ledger fit for accounting. Real server, real HTTP,
// SQLite or PostgreSQL (tests/server/run.sh runs both).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  startServer, spendProgram, order, uniqueCustomer, until, daysAgo, tmpPath, backend, SECRET, BIN,
} from './helpers.mjs';

// The command line, run without blocking this process (its webhook receiver must answer).
const cli = async (args) => (await promisify(execFile)(BIN, args, { encoding: 'utf8' })).stdout;

// A local webhook receiver that vetoes the "silver" tier, as a store's backend might.
async function hookReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const json = JSON.parse(body);
      received.push({ path: req.url, json, body, sig: req.headers['x-stepwise-signature'] });
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/should' ? JSON.stringify({ award: json.milestone.id !== 'silver' }) : '{}');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { received, base, close: () => server.close() };
}

const journeyProgram = (over = {}) => ({
  id: 'journey', name: 'Loyalty Journey', kind: 'journey', status: 'active', currency: 'USD',
  steps: [
    { id: 'orders', name: 'Place 3 orders', metric: 'orders', target: 3, rewards: [{ type: 'store_credit', amount: '5.00' }] },
    { id: 'reviews', name: 'Write 2 reviews', metric: 'reviews', target: 2, rewards: [{ type: 'points', points: 100 }] },
  ],
  ...over,
});

describe(`hooks on every path (${backend})`, () => {
  test('the command line runs the should-award veto and queues the awarded webhooks, like the API', async () => {
    const hooks = await hookReceiver();
    const s = await startServer({ args: ['--webhook-should-award', `${hooks.base}/should`, '--webhook-awarded', `${hooks.base}/awarded`] });
    try {
      assert.equal((await s.admin('POST', '/v1/programs', spendProgram())).status, 201);
      // A backfill as the seed recommends it: import, then recalculate from the command line.
      const c = uniqueCustomer('cli');
      const file = tmpPath(`import-${c}.ndjson`);
      writeFileSync(file, JSON.stringify(order(c, '300.00')) + '\n');
      await cli(['import', '--db', s.db, file]);
      await cli(['milestone', 'recalculate', `--user=${c}`, '--db', s.db, '--store-secret', SECRET]);
      const p = (await s.admin('GET', `/v1/customers/${c}/milestone-progress`)).body;
      const states = Object.fromEntries(p.milestones_earned.map((m) => [m.milestone_id, m.status]));
      assert.deepEqual(states, { 'first-steps': 'issued', silver: 'vetoed' }, 'the CLI asked the should-award webhook');
      assert.equal((await s.admin('GET', `/v1/customers/${c}/wallet`)).body.balance, '5.00');
      // The manual award from the command line is told to the awarded webhook too.
      await cli(['award', '--user', c, '--milestone', 'gold', '--note', 'Backfill', '--db', s.db, '--store-secret', SECRET]);
      const awarded = await until(() => {
        const mine = hooks.received.filter((x) => x.path === '/awarded' && x.json.customer_id === c);
        return mine.length >= 3 ? mine : null;
      }, { what: 'awarded webhooks for the CLI awards' });
      assert.deepEqual(awarded.map((x) => [x.json.key, x.json.state, x.json.source]).sort(),
        [['spend:first-steps:1', 'issued', 'engine'], ['spend:gold:1', 'issued', 'manual'], ['spend:silver:1', 'vetoed', 'engine']]);
      for (const x of awarded) assert.equal(x.sig, 'sha256=' + createHmac('sha256', SECRET).update(x.body).digest('hex'));
    } finally {
      await s.stop();
      hooks.close();
    }
  });
});

describe(`programs are never overwritten silently (${backend})`, () => {
  let s;
  before(async () => { s = await startServer(); });
  after(async () => { await s.stop(); });

  test('a program created without a status starts off; an existing id is refused', async () => {
    const p = spendProgram({ id: 'draft' });
    delete p.status;
    let r = await s.admin('POST', '/v1/programs', p);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status, 'inactive');
    r = await s.admin('POST', '/v1/programs', p);
    assert.equal(r.status, 409);
    assert.equal(r.body.errors[0].pointer, '/id');
  });

  test('saving over a version changed meanwhile is refused with 409; versions are listed, compared and restored', async () => {
    assert.equal((await s.admin('POST', '/v1/programs', spendProgram({ id: 'live' }))).status, 201);
    let r = await s.admin('GET', '/v1/programs/live');
    assert.equal(r.headers.get('etag'), '"1"');
    const edited = { ...r.body, name: 'Spend Rewards 2026' };
    r = await s.admin('PUT', '/v1/programs/live', edited, { 'if-match': '"1"' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.version, 2);
    // A second admin still holding version 1 must not overwrite version 2.
    r = await s.admin('PUT', '/v1/programs/live', { ...edited, name: 'Stale edit' }, { 'if-match': '"1"' });
    assert.equal(r.status, 409);
    assert.equal(r.body.current_version, 2);
    assert.match(r.body.errors[0].message, /changed since version 1/);
    assert.equal((await s.admin('GET', '/v1/programs/live')).body.name, 'Spend Rewards 2026');
    r = await s.admin('GET', '/v1/programs/live/versions');
    assert.deepEqual(r.body.versions.map((v) => [v.version, v.name]), [[2, 'Spend Rewards 2026'], [1, 'Spend Rewards']]);
    r = await s.admin('GET', '/v1/programs/live/diff?from=1&to=2');
    assert.deepEqual(r.body.changes, [{ pointer: '/name', op: 'replace', from: 'Spend Rewards', to: 'Spend Rewards 2026' }]);
    assert.equal((await s.admin('GET', '/v1/programs/live/versions/1')).body.name, 'Spend Rewards');
    r = await s.admin('POST', '/v1/programs/live/versions/1/restore', undefined, { 'if-match': '"2"' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.version, r.body.name, r.body.status, r.body.restored_from], [3, 'Spend Rewards', 'active', 1]);
    assert.equal((await s.admin('POST', '/v1/programs/live/versions/1/restore', undefined, { 'if-match': '"2"' })).status, 409);
    assert.equal((await s.admin('GET', '/v1/programs/live/versions/9')).status, 404);
  });

  test('the command line lists, compares and restores versions, and refuses a stale put', async () => {
    assert.equal((await s.admin('POST', '/v1/programs', spendProgram({ id: 'cli-prog' }))).status, 201);
    const file = tmpPath('cli-prog.json');
    writeFileSync(file, JSON.stringify(spendProgram({ id: 'cli-prog', name: 'Renamed' })));
    await cli(['program', 'put', file, '--if-version', '1', '--db', s.db]);
    await assert.rejects(cli(['program', 'put', file, '--if-version', '1', '--db', s.db]), (e) => e.code === 4 && /changed since version 1/.test(e.stderr));
    const list = await cli(['program', 'versions', 'cli-prog', '--db', s.db]);
    assert.match(list, /^2 .*Renamed {2}\(current\)$/m);
    const diff = await cli(['program', 'diff', 'cli-prog', '--from', '1', '--db', s.db]);
    assert.match(diff, /replace +\/name {2}"Spend Rewards" -> {2}"Renamed"/);
    await cli(['program', 'restore', 'cli-prog', '--version', '1', '--db', s.db]);
    assert.equal(JSON.parse(await cli(['program', 'show', 'cli-prog', '--db', s.db])).name, 'Spend Rewards');
    assert.equal(JSON.parse(await cli(['program', 'show', 'cli-prog', '--version', '2', '--db', s.db])).name, 'Renamed');
  });

  test('"retroactive": true in the program body starts the retroactive job; odd status names are warned about', async () => {
    const p = spendProgram({ id: 'retro-body', retroactive: true, rules: { order_statuses: ['completed', 'wc-completed', 'complete'] } });
    const r = await s.admin('POST', '/v1/programs', p);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.retroactive, true);
    assert.deepEqual(r.body.warnings.map((w) => w.pointer), ['/rules/order_statuses/1', '/rules/order_statuses/2']);
    assert.match(r.body.warnings[0].message, /send 'completed'/);
    const jobs = (await s.admin('GET', '/v1/jobs')).body.jobs;
    assert.ok(jobs.some((j) => j.program_id === 'retro-body' && j.kind === 'retroactive'));
  });
});

describe(`reports list every award the server issued (${backend})`, () => {
  let s;
  before(async () => {
    s = await startServer();
    assert.equal((await s.admin('POST', '/v1/programs', spendProgram())).status, 201);
    assert.equal((await s.admin('POST', '/v1/programs', journeyProgram())).status, 201);
  });
  after(async () => { await s.stop(); });

  test('a deactivated tier and a deactivated program keep what customers earned', async () => {
    const c = uniqueCustomer('kept');
    await s.admin('POST', '/v1/events', order(c, '600.00'));
    const doc = (await s.admin('GET', '/v1/programs/spend')).body;
    doc.steps.find((x) => x.id === 'gold').status = 'inactive';
    assert.equal((await s.admin('PUT', '/v1/programs/spend', doc)).status, 200);
    let p = (await s.admin('GET', `/v1/customers/${c}/milestone-progress`)).body;
    assert.deepEqual(p.milestones_earned.map((m) => m.milestone_id), ['first-steps', 'silver', 'gold']);
    assert.equal(p.milestones_earned[2].status, 'issued');
    assert.equal((await s.admin('POST', '/v1/programs/spend/deactivate')).status, 200);
    p = (await s.as(c, 'GET', `/v1/customers/${c}/milestone-progress?program_id=spend`)).body;
    assert.deepEqual(p.milestones_earned.map((m) => [m.milestone_id, m.status]),
      [['first-steps', 'issued'], ['silver', 'issued'], ['gold', 'issued']]);
    const all = (await s.as(c, 'GET', `/v1/customers/${c}/progress`)).body;
    assert.ok(all.reports.some((x) => x.program_id === 'spend' && x.milestones_earned.length === 3));
    // A shopper who earned nothing there does not see the inactive program at all.
    const other = uniqueCustomer('none');
    assert.equal((await s.as(other, 'GET', `/v1/customers/${other}/milestone-progress?program_id=spend`)).status, 404);
    assert.equal((await s.admin('POST', '/v1/programs/spend/activate')).status, 200);
  });

  test('manual awards appear in reports, and a one-time milestone is not awarded twice', async () => {
    const c = uniqueCustomer('manual');
    let r = await s.admin('POST', `/v1/customers/${c}/milestone-progress/award`, { milestone_id: 'orders', note: 'Goodwill' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.key, 'journey:orders:1');
    const j = (await s.admin('GET', `/v1/customers/${c}/journey`)).body;
    assert.deepEqual(j.awards.map((a) => [a.key, a.status, a.source]), [['journey:orders:1', 'issued', 'manual']]);
    // The step shows as done and the next one is open, in the report and in the history the widget evaluates.
    assert.equal(j.steps[0].state, 'completed');
    assert.equal(j.current_step, 1);
    const h = (await s.as(c, 'GET', `/v1/customers/${c}/history`)).body;
    assert.deepEqual(h.events.map((e) => [e.type, e.program_id, e.step_id]), [['grant', 'journey', 'orders']]);
    // Grants are the record of manual awards, never input.
    r = await s.admin('POST', '/v1/events', { customer_id: c, id: 'g-1', type: 'grant', at: daysAgo(1), program_id: 'journey', step_id: 'reviews' });
    assert.equal(r.status, 422);
    assert.equal(r.body.errors[0].pointer, '/type');
    r = await s.admin('POST', `/v1/customers/${c}/milestone-progress/award`, { milestone_id: 'orders' });
    assert.equal(r.status, 409);
    assert.match(r.body.errors[0].message, /already holds/);
    // The seed's integer milestone ids: the milestone's number in the list.
    const list = (await s.admin('GET', '/v1/milestones')).body.milestones;
    const silver = list.find((m) => m.id === 'silver');
    r = await s.admin('POST', `/v1/customers/${c}/milestone-progress/award`, { milestone_id: silver.number });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.key, 'spend:silver:1');
    await cli(['milestone', 'award', '--user', c, `--milestone=${list.find((m) => m.id === 'gold').number}`, '--db', s.db]);
    const t = (await s.admin('GET', `/v1/customers/${c}/milestone-progress`)).body;
    assert.deepEqual(t.milestones_earned.map((m) => [m.milestone_id, m.source]), [['silver', 'manual'], ['gold', 'manual']]);
  });
});

describe(`shoppers see only what is theirs to see (${backend})`, () => {
  let s;
  before(async () => {
    s = await startServer();
    assert.equal((await s.admin('POST', '/v1/programs', spendProgram({ rules: { clawback_on_refund: true } }))).status, 201);
    const unlaunched = journeyProgram({ id: 'next-year', status: 'inactive' });
    assert.equal((await s.admin('POST', '/v1/programs', unlaunched)).status, 201);
  });
  after(async () => { await s.stop(); });

  test('internal memos stay with the merchant; inactive programs and milestones stay hidden', async () => {
    const c = uniqueCustomer('memo');
    await s.admin('POST', `/v1/customers/${c}/milestone-progress/award`, { milestone_id: 'first-steps', note: 'Manually corrected after config change' });
    const admin = (await s.admin('GET', `/v1/customers/${c}/wallet/transactions`)).body.transactions;
    assert.equal(admin[0].memo, 'Manually corrected after config change');
    const own = await s.as(c, 'GET', `/v1/customers/${c}/wallet/transactions`);
    assert.equal(own.status, 200);
    assert.ok(!own.text.includes('Manually corrected'), own.text);
    const milestones = (await s.as(c, 'GET', '/v1/milestones')).body.milestones;
    assert.ok(milestones.length > 0 && milestones.every((m) => m.program_id === 'spend' && m.status === 'active'));
    assert.equal((await s.as(c, 'GET', '/v1/milestones?program_id=next-year')).status, 404);
    assert.equal((await s.as(c, 'GET', '/v1/programs/next-year')).status, 404);
    assert.equal((await s.admin('GET', '/v1/milestones?program_id=next-year')).status, 200);
  });

  test('a claw-back the balance could not cover is taken from the next credit, and never shown as a memo', async () => {
    const c = uniqueCustomer('owed');
    const o = order(c, '120.00', { at: daysAgo(5) });
    await s.admin('POST', '/v1/events', o);
    await s.admin('POST', `/v1/customers/${c}/wallet/transactions`, { type: 'debit', amount: '4.00', note: 'Order 77' });
    let r = await s.admin('POST', '/v1/events', { customer_id: c, id: `${o.id}-rf`, type: 'refund', at: daysAgo(4), order_id: o.order_id, amount: '50.00' });
    assert.deepEqual(r.body.clawbacks.map((x) => [x.key, x.collected]), [['spend:first-steps:1', false]]);
    const own = await s.as(c, 'GET', `/v1/customers/${c}/wallet/transactions`);
    assert.ok(!own.text.includes('not collected'), own.text);
    let sum = (await s.admin('GET', `/v1/ledger/summary?customer_id=${c}`)).body;
    assert.equal(sum.clawbacks_not_collected, '5.00');
    r = await s.admin('POST', `/v1/customers/${c}/wallet/transactions`, { type: 'credit', amount: '12.00', note: 'Apology' });
    assert.equal(r.status, 201);
    const w = (await s.admin('GET', `/v1/customers/${c}/wallet`)).body;
    assert.equal(w.balance, '8.00');  // 1.00 left + 12.00 - the 5.00 owed
    const rows = (await s.admin('GET', `/v1/customers/${c}/wallet/transactions?type=Milestone%20Claw-back`)).body.transactions;
    const collected = rows.find((x) => x.amount === '-5.00');
    assert.ok(collected, JSON.stringify(rows));
    assert.match(collected.note, /collected from later credit/);
    assert.equal(collected.source, 'claw-back');
    sum = (await s.admin('GET', `/v1/ledger/summary?customer_id=${c}`)).body;
    assert.equal(sum.clawbacks_not_collected, '0.00');
  });
});

describe(`ledger for accounting (${backend})`, () => {
  test('rows say their source, order and side; the summary gives the liability as of "to"', async () => {
    const s = await startServer();
    try {
      assert.equal((await s.admin('POST', '/v1/programs', spendProgram())).status, 201);
      const c = uniqueCustomer('acct');
      const o = order(c, '100.00');
      await s.admin('POST', '/v1/events', o);
      const cut = new Date(Date.now() + 5).toISOString();
      await new Promise((r) => setTimeout(r, 20));
      await s.admin('POST', `/v1/customers/${c}/wallet/transactions`, { type: 'debit', amount: '2.00' });
      const rows = (await s.admin('GET', `/v1/customers/${c}/wallet/transactions`)).body.transactions;
      assert.deepEqual(rows.map((x) => [x.type, x.source, x.direction, x.order_id ?? null]),
        [['Wallet Payment', 'redemption', 'debit', null], ['Milestone Reward', 'engine', 'credit', o.order_id]]);
      const sum = (await s.admin('GET', `/v1/ledger/summary?customer_id=${c}&to=${cut}`)).body;
      assert.equal(sum.outstanding_at_to, '5.00');
      assert.equal(sum.outstanding_now, '3.00');
    } finally {
      await s.stop();
    }
  });
});
