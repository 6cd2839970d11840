// Integration tests over real HTTP on 127.0.0.1 against a real database
// (SQLite file by default; PostgreSQL when STEPWISE_TEST_PG is set).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  startServer, spendProgram, order, uniqueCustomer, token, until, sleep, daysAgo, tmpPath, backend, SECRET, freshDb, cli, sql,
} from './helpers.mjs';

let s;
const webDir = tmpPath('web');

before(async () => {
  mkdirSync(webDir, { recursive: true });
  writeFileSync(`${webDir}/index.html`, '<!doctype html><title>Stepwise</title>hello');
  s = await startServer({ args: ['--web', webDir] });
  const r = await s.admin('POST', '/v1/programs', spendProgram());
  assert.equal(r.status, 201, r.text);
});
after(async () => { await s?.stop(); });

const sum = (rows) => rows.reduce((a, r) => a + Math.round(Number(r.amount) * 100), 0);

describe(`basics (${backend})`, () => {
  test('health and OpenAPI document', async () => {
    const h = await s.raw('GET', '/v1/health');
    assert.equal(h.status, 200);
    assert.equal(h.body.status, 'ok');
    assert.equal(h.body.database, backend);
    const o = await s.raw('GET', '/v1/openapi.json');
    assert.equal(o.status, 200);
    assert.match(o.body.openapi, /^3\./);
    for (const p of ['/v1/events', '/v1/programs', '/v1/milestones', '/v1/customers/{id}/milestone-progress',
      '/v1/customers/{id}/milestone-progress/award', '/v1/customers/{id}/journey', '/v1/customers/{id}/history', '/v1/customers/{id}/view',
      '/v1/customers/{id}/wallet/transactions', '/v1/ledger.csv', '/v1/customers/{id}/notices'])
      assert.ok(o.body.paths[p], `openapi documents ${p}`);
  });

  test('static files from --web', async () => {
    const r = await s.raw('GET', '/index.html');
    assert.equal(r.status, 200);
    assert.match(r.text, /hello/);
    assert.match(r.headers.get('content-type'), /text\/html/);
  });

  test('unknown endpoint is a JSON 404', async () => {
    const r = await s.admin('GET', '/v1/nope');
    assert.equal(r.status, 404);
    assert.ok(r.body.errors[0].message);
  });
});

describe(`programs (${backend})`, () => {
  test('invalid program: 422 with every problem and its pointer', async () => {
    const bad = spendProgram({ id: 'bad' });
    bad.steps[1].target = '-5';
    bad.steps[2].id = 'first-steps';
    bad.unknown = 1;
    const r = await s.admin('POST', '/v1/programs', bad);
    assert.equal(r.status, 422);
    const pointers = r.body.errors.map((e) => e.pointer);
    assert.ok(pointers.includes('/unknown'), JSON.stringify(r.body));
    assert.ok(pointers.some((p) => p.startsWith('/steps/1/target')), JSON.stringify(r.body));
    assert.ok(pointers.some((p) => p.startsWith('/steps/2')), JSON.stringify(r.body));
  });

  test('currency must be the store currency; ids are unique', async () => {
    let r = await s.admin('POST', '/v1/programs', spendProgram({ id: 'eur', currency: 'EUR' }));
    assert.equal(r.status, 422);
    assert.equal(r.body.errors[0].pointer, '/currency');
    r = await s.admin('POST', '/v1/programs', spendProgram());
    assert.equal(r.status, 409);
  });

  test('read, update, deactivate, activate, delete', async () => {
    const p = spendProgram({ id: 'crud', status: 'inactive' });
    let r = await s.admin('POST', '/v1/programs', p);
    assert.equal(r.status, 201);
    assert.equal(r.body.version, 1);
    r = await s.admin('GET', '/v1/programs/crud');
    assert.equal(r.status, 200);
    assert.equal(r.body.id, 'crud');
    assert.equal(r.body.status, 'inactive');
    // customers cannot read an inactive program
    r = await s.as('42', 'GET', '/v1/programs/crud');
    assert.equal(r.status, 404);
    p.name = 'Renamed';
    r = await s.admin('PUT', '/v1/programs/crud', p);
    assert.equal(r.status, 200);
    assert.equal(r.body.version, 2);
    r = await s.admin('PUT', '/v1/programs/crud', { ...p, id: 'other' });
    assert.equal(r.status, 422);
    r = await s.admin('POST', '/v1/programs/crud/activate', {});
    assert.equal(r.body.status, 'active');
    r = await s.as('42', 'GET', '/v1/programs/crud');
    assert.equal(r.status, 200);
    assert.equal(r.body.name, 'Renamed');
    r = await s.admin('POST', '/v1/programs/crud/deactivate');
    assert.equal(r.body.status, 'inactive');
    r = await s.admin('DELETE', '/v1/programs/crud');
    assert.equal(r.status, 204);
    r = await s.admin('GET', '/v1/programs/crud');
    assert.equal(r.status, 404);
    r = await s.admin('GET', '/v1/programs');
    assert.ok(!r.body.programs.some((x) => x.id === 'crud'));
  });

  test('milestones list (admin and customer token)', async () => {
    const r = await s.as('42', 'GET', '/v1/milestones?program_id=spend');
    assert.equal(r.status, 200);
    const silver = r.body.milestones.find((m) => m.id === 'silver');
    assert.deepEqual(
      { name: silver.name, threshold: silver.threshold, reward_amount: silver.reward_amount, repeating: silver.repeating, status: silver.status },
      { name: 'Silver Spender', threshold: '250.00', reward_amount: '15.00', repeating: false, status: 'active' });
  });
});

describe(`events and awards (${backend})`, () => {
  test('an order awards every tier it crosses, once; duplicates change nothing', async () => {
    const c = uniqueCustomer();
    const ev = order(c, '312.50');
    let r = await s.admin('POST', '/v1/events', ev);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.accepted, 1);
    assert.deepEqual(r.body.awards.map((a) => a.key), ['spend:first-steps:1', 'spend:silver:1']);
    assert.equal(r.body.awards[1].reward_amount, '15.00');
    for (let i = 0; i < 3; i++) {
      r = await s.admin('POST', '/v1/events', ev);
      assert.equal(r.body.duplicates, 1);
      assert.equal(r.body.awards.length, 0);
    }
    r = await s.admin('GET', `/v1/customers/${c}/wallet/transactions`);
    assert.equal(r.body.transactions.length, 2);
    const silver = r.body.transactions.find((t) => t.award_key === 'spend:silver:1');
    assert.equal(silver.type, 'Milestone Reward');
    assert.equal(silver.note, 'Milestone Reward, Silver Spender');
    assert.equal(silver.amount, '15.00');
    assert.equal(silver.balance_after, '20.00');
    r = await s.admin('GET', `/v1/customers/${c}/milestone-progress`);
    assert.equal(r.body.qualifying_spend, '312.50');
    assert.equal(r.body.next_milestone.id, 'gold');
    assert.equal(r.body.next_milestone.remaining, '187.50');
    assert.equal(r.body.next_milestone.progress_pct, 62.5);
    assert.deepEqual(Object.keys(r.body).slice(0, 4), ['customer_id', 'program_id', 'kind', 'as_of']);
    assert.equal(r.body.milestones_earned[1].transaction_id, silver.id);
    assert.equal(r.body.milestones_earned[1].status, 'issued');
  });

  test('batch: all or nothing, errors point into the batch', async () => {
    const c = uniqueCustomer();
    const good = order(c, '50.00');
    const bad = { ...order(c, '60.00'), subtotal: 'lots', extra: true };
    let r = await s.admin('POST', '/v1/events', { events: [good, bad] });
    assert.equal(r.status, 422);
    const pointers = r.body.errors.map((e) => e.pointer).sort();
    assert.deepEqual(pointers, ['/events/1/extra', '/events/1/subtotal']);
    r = await s.admin('GET', `/v1/customers/${c}/history`);
    assert.equal(r.body.events.length, 0);
    r = await s.admin('POST', '/v1/events', { events: [good, { ...bad, subtotal: '60.00', extra: undefined }, good] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.events.map((e) => e.status), ['accepted', 'accepted', 'duplicate']);
    assert.deepEqual(r.body.awards.map((a) => a.key), ['spend:first-steps:1']);
  });

  test('concurrent deliveries for one customer award exactly once', async () => {
    const c = uniqueCustomer();
    const events = Array.from({ length: 12 }, () => order(c, '100.00'));
    // every event delivered 4 times, all at once, in shuffled order
    const deliveries = events.flatMap((e) => [e, e, e, e]).sort(() => Math.random() - 0.5);
    const results = await Promise.all(deliveries.map((e) => s.admin('POST', '/v1/events', e)));
    for (const r of results) assert.equal(r.status, 200, r.text);
    const accepted = results.reduce((a, r) => a + r.body.accepted, 0);
    assert.equal(accepted, 12);
    const keys = results.flatMap((r) => r.body.awards.map((a) => a.key)).sort();
    assert.deepEqual(keys, ['spend:first-steps:1', 'spend:gold:1', 'spend:loop:1', 'spend:silver:1']);
    const w = await s.admin('GET', `/v1/customers/${c}/wallet`);
    assert.equal(w.body.balance, '130.00');
    const t = await s.admin('GET', `/v1/customers/${c}/wallet/transactions`);
    assert.equal(t.body.transactions.length, 4);
    assert.equal(sum(t.body.transactions), 13000);
  });

  test('history endpoint returns the contract shape, ordered', async () => {
    const c = uniqueCustomer();
    await s.admin('POST', '/v1/events', { events: [
      { ...order(c, '10.00'), at: daysAgo(2), customer_roles: ['vip'], items: [{ sku: 'A', quantity: 2, amount: '10.00', categories: ['shoes'] }] },
      { customer_id: c, id: 'rv1', type: 'review', at: daysAgo(3), product_id: 'A' },
      { customer_id: c, id: 'pt1', type: 'points', at: daysAgo(1), points: 150 },
    ] });
    const r = await s.as(c, 'GET', `/v1/customers/${c}/history`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.customer, { id: c, roles: ['vip'] });
    assert.deepEqual(r.body.events.map((e) => e.type), ['review', 'order', 'points']);
    assert.deepEqual(r.body.events[1].items, [{ sku: 'A', quantity: 2, amount: '10.00', categories: ['shoes'] }]);
    assert.equal(r.body.events[2].points, 150);
  });

  test('manual award: once per occurrence, with the note in the ledger', async () => {
    const c = uniqueCustomer();
    let r = await s.admin('POST', `/v1/customers/${c}/milestone-progress/award`, { milestone_id: 'gold', note: 'Corrected' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.key, 'spend:gold:1');
    assert.equal(r.body.source, 'manual');
    r = await s.admin('GET', `/v1/customers/${c}/wallet/transactions?type=Milestone%20Reward`);
    assert.equal(r.body.transactions.length, 1);
    assert.equal(r.body.transactions[0].memo, 'Corrected');
    // the engine will not award gold:1 again when the spend gets there
    r = await s.admin('POST', '/v1/events', order(c, '600.00'));
    assert.deepEqual(r.body.awards.map((a) => a.key), ['spend:first-steps:1', 'spend:silver:1']);
    r = await s.admin('POST', `/v1/customers/${c}/milestone-progress/award`, { milestone_id: 'nope' });
    assert.equal(r.status, 404);
    r = await s.admin('POST', `/v1/customers/${c}/milestone-progress/award`, { milestone_id: 'gold', bogus: 1 });
    assert.equal(r.status, 422);
    assert.equal(r.body.errors[0].pointer, '/bogus');
    r = await s.as(c, 'POST', `/v1/customers/${c}/milestone-progress/award`, { milestone_id: 'gold' });
    assert.equal(r.status, 403);
  });

  test('inactive program awards nothing; retroactive activation awards history once', async () => {
    const p = spendProgram({ id: 'retro', status: 'inactive' });
    p.steps = [{ id: 'r100', name: 'Retro 100', target: '100.00', rewards: [{ type: 'points', points: 10 }] }];
    let r = await s.admin('POST', '/v1/programs', p);
    assert.equal(r.status, 201);
    const c = uniqueCustomer();
    r = await s.admin('POST', '/v1/events', order(c, '150.00'));
    assert.ok(!r.body.awards.some((a) => a.program_id === 'retro'));
    r = await s.admin('POST', '/v1/programs/retro/activate', { retroactive: true });
    assert.equal(r.status, 200);
    assert.equal(r.body.retroactive, true);
    await until(async () => {
      const rw = await s.admin('GET', `/v1/customers/${c}/rewards`);
      return rw.body.rewards.some((x) => x.award_key === 'retro:r100:1');
    }, { what: 'retroactive award' });
    await until(async () => (await s.admin('GET', '/v1/jobs')).body.jobs.some((j) => j.program_id === 'retro' && j.finished), { what: 'job finished' });
    const rw = await s.admin('GET', `/v1/customers/${c}/rewards`);
    assert.equal(rw.body.rewards.filter((x) => x.program_id === 'retro').length, 1);
    const w = await s.admin('GET', `/v1/customers/${c}/wallet`);
    assert.equal(w.body.points, 10);
    await s.admin('POST', '/v1/programs/retro/deactivate');
  });
});

describe(`claw-back, expiry, refund hold (${backend})`, () => {
  before(async () => {
    const p = spendProgram({ id: 'claw', rules: { clawback_on_refund: true } });
    p.steps = [{ id: 'c200', name: 'Claw 200', target: '200.00', rewards: [{ type: 'store_credit', amount: '20.00' }] }];
    assert.equal((await s.admin('POST', '/v1/programs', p)).status, 201);
    const e = spendProgram({ id: 'expiring', rules: { reward_expiry_days: 30 } });
    e.steps = [{ id: 'e1000', name: 'Expiring 1000', target: '1000.00', rewards: [{ type: 'store_credit', amount: '7.00' }] }];
    assert.equal((await s.admin('POST', '/v1/programs', e)).status, 201);
    const h = spendProgram({ id: 'hold', rules: { refund_hold_days: 1 } });
    h.steps = [{ id: 'h50', name: 'Hold 50', target: '50.00', rewards: [{ type: 'discount_percent', percent: 10 }] }];
    assert.equal((await s.admin('POST', '/v1/programs', h)).status, 201);
  });

  test('refund below an awarded threshold claws the credit back', async () => {
    const c = uniqueCustomer();
    const o = order(c, '250.00', { at: daysAgo(5) });
    let r = await s.admin('POST', '/v1/events', o);
    assert.ok(r.body.awards.some((a) => a.key === 'claw:c200:1'));
    r = await s.admin('POST', '/v1/events', { customer_id: c, id: `${o.id}-rf`, type: 'refund', at: daysAgo(4), order_id: o.order_id, amount: '100.00' });
    assert.deepEqual(r.body.clawbacks.map((x) => [x.key, x.collected, x.amount]), [['claw:c200:1', true, '20.00']]);
    r = await s.admin('GET', `/v1/customers/${c}/wallet/transactions?type=Milestone%20Claw-back`);
    assert.equal(r.body.transactions.length, 1);
    assert.equal(r.body.transactions[0].amount, '-20.00');
    assert.equal(r.body.transactions[0].note, 'Milestone Claw-back, Claw 200');
    const all = (await s.admin('GET', `/v1/customers/${c}/wallet/transactions`)).body.transactions;
    const w = await s.admin('GET', `/v1/customers/${c}/wallet`);
    assert.equal(Math.round(Number(w.body.balance) * 100), sum(all));
    const p = await s.admin('GET', `/v1/customers/${c}/milestone-progress?program_id=claw`);
    assert.equal(p.body.clawbacks[0].key, 'claw:c200:1');
  });

  test('claw-back the balance cannot cover is recorded as not collected', async () => {
    const c = uniqueCustomer();
    const o = order(c, '250.00', { at: daysAgo(5) });
    await s.admin('POST', '/v1/events', o);
    const bal = (await s.admin('GET', `/v1/customers/${c}/wallet`)).body.balance; // 5 + 15 + 20
    let r = await s.admin('POST', `/v1/customers/${c}/wallet/transactions`, { type: 'debit', amount: bal, note: 'Order 77' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.balance_after, '0.00');
    r = await s.admin('POST', `/v1/customers/${c}/wallet/transactions`, { type: 'debit', amount: '1.00' });
    assert.equal(r.status, 422);
    r = await s.admin('POST', '/v1/events', { customer_id: c, id: `${o.id}-rf`, type: 'refund', at: daysAgo(4), order_id: o.order_id, amount: '200.00' });
    assert.deepEqual(r.body.clawbacks.map((x) => [x.key, x.collected]), [['claw:c200:1', false]]);
    r = await s.admin('GET', `/v1/customers/${c}/wallet/transactions?type=Milestone%20Claw-back`);
    assert.equal(r.body.transactions[0].status, 'not_collected');
    assert.equal(r.body.transactions[0].amount, '0.00');
    assert.equal(r.body.transactions[0].requested, '20.00');
    assert.equal((await s.admin('GET', `/v1/customers/${c}/wallet`)).body.balance, '0.00');
    // The accounting summary sees the same: everything credited was spent, 20.00 not collected.
    const sum = (await s.admin('GET', `/v1/ledger/summary?customer_id=${c}`)).body;
    assert.equal(sum.credited, bal);
    assert.equal(sum.debited, bal);
    assert.equal(sum.net, '0.00');
    assert.equal(sum.clawbacks_not_collected, '20.00');
    assert.equal(sum.outstanding_now, '0.00');
    assert.deepEqual(sum.by_type.find((t) => t.type === 'Milestone Claw-back'), { type: 'Milestone Claw-back', count: 1, amount: '0.00' });
    assert.deepEqual(sum.by_type.find((t) => t.type === 'Wallet Payment'), { type: 'Wallet Payment', count: 1, amount: `-${bal}` });
  });

  test('expired credit is swept', async () => {
    const c = uniqueCustomer();
    // A goodwill credit that lapses in a moment: the sweep (every second here) takes it back.
    const expires = new Date(Date.now() + 1500).toISOString();
    let r = await s.admin('POST', `/v1/customers/${c}/wallet/transactions`, { type: 'credit', amount: '7.00', note: 'Sorry for the delay', expires_at: expires });
    assert.equal(r.status, 201, r.text);
    const rows = await until(async () => {
      const t = (await s.admin('GET', `/v1/customers/${c}/wallet/transactions?type=Credit%20Expired`)).body.transactions;
      return t.length ? t : null;
    }, { what: 'expiry sweep' });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].amount, '-7.00');
    assert.equal(rows[0].note, 'Credit Expired, Sorry for the delay');
    const credit = (await s.admin('GET', `/v1/customers/${c}/wallet/transactions?type=Manual%20Credit`)).body.transactions[0];
    assert.equal(credit.remaining, '0.00');
    // Breakage: the expired credit, reported apart for accounting.
    const sum = (await s.admin('GET', `/v1/ledger/summary?customer_id=${c}`)).body;
    assert.equal(sum.breakage, '7.00');
    assert.deepEqual(sum.by_type.find((t) => t.type === 'Credit Expired'), { type: 'Credit Expired', count: 1, amount: '-7.00' });
    // An award's credit expires counted from when it was credited, not from its order 40 days ago.
    const late = uniqueCustomer();
    const before = Date.now();
    r = await s.admin('POST', '/v1/events', order(late, '1000.00', { at: daysAgo(40) }));
    const award = r.body.awards.find((a) => a.program_id === 'expiring' && a.milestone_id === 'e1000');
    const life = Date.parse(award.expires_at) - before;
    assert.ok(life > 30 * 86400e3 - 60e3 && life < 30 * 86400e3 + 60e3, `expires ${award.expires_at}`);
  });

  test('an order waiting out the refund hold is awarded when the hold ends', async () => {
    const c = uniqueCustomer();
    const at = new Date(Date.now() - 86400e3 + 3000).toISOString();
    let r = await s.admin('POST', '/v1/events', order(c, '60.00', { at }));
    assert.ok(!r.body.awards.some((a) => a.program_id === 'hold'));
    const rw = await until(async () => {
      const x = (await s.admin('GET', `/v1/customers/${c}/rewards`)).body.rewards.filter((y) => y.program_id === 'hold');
      return x.length ? x : null;
    }, { what: 'award after hold' });
    assert.equal(rw.length, 1);
    assert.equal(rw[0].type, 'discount_percent');
    assert.match(rw[0].code, /^SW-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
  });
});

describe(`storefront: tokens, notices, choices, journey (${backend})`, () => {
  const journey = {
    id: 'journey', name: 'Loyalty Journey', kind: 'journey', status: 'active',
    steps: [
      { id: 's1', name: 'First Steps', metric: 'orders', target: 2, rewards: [{ type: 'points', points: 100 }] },
      { id: 's2', name: 'Share', metric: 'reviews', target: 1, rewards: [{ type: 'points', points: 200 }, { type: 'free_shipping' }], reward_choice: { pick: 1 } },
    ],
  };
  before(async () => { assert.equal((await s.admin('POST', '/v1/programs', journey)).status, 201); });

  test('a customer token reads its own record only', async () => {
    const c = uniqueCustomer();
    await s.admin('POST', '/v1/events', order(c, '120.00'));
    let r = await s.as(c, 'GET', `/v1/customers/${c}/milestone-progress`);
    assert.equal(r.status, 200);
    assert.equal(r.body.customer_id, c);
    for (const p of ['milestone-progress', 'journey', 'history', 'wallet', 'wallet/transactions', 'notices', 'choices', 'rewards']) {
      r = await s.as('someone-else', 'GET', `/v1/customers/${c}/${p}`);
      assert.equal(r.status, 403, p);
    }
    r = await s.raw('GET', `/v1/customers/${c}/wallet`);
    assert.equal(r.status, 401);
    r = await s.raw('GET', `/v1/customers/${c}/wallet`, undefined, { 'x-customer-token': token(c, 'wrong-secret') });
    assert.equal(r.status, 401);
    r = await s.raw('GET', `/v1/customers/${c}/wallet`, undefined, { 'x-customer-token': token(c, SECRET, -3600) });
    assert.equal(r.status, 401);
    assert.match(r.body.errors[0].message, /expired/);
    // a token for "c" tampered to say another customer
    const t = token(c).split('.');
    r = await s.raw('GET', '/v1/customers/x/wallet', undefined, { 'x-customer-token': ['x', t[1], t[2]].join('.') });
    assert.equal(r.status, 401);
    // admin-only endpoints refuse customer tokens
    r = await s.as(c, 'POST', '/v1/events', order(c, '1.00'));
    assert.equal(r.status, 401);
    r = await s.as(c, 'GET', '/v1/ledger.csv');
    assert.equal(r.status, 401);
    r = await s.raw('GET', '/v1/programs', undefined, { authorization: 'Bearer wrong' });
    assert.equal(r.status, 401);
  });

  test('notices are delivered once', async () => {
    const c = uniqueCustomer();
    await s.admin('POST', '/v1/events', order(c, '260.00'));
    let r = await s.as(c, 'GET', `/v1/customers/${c}/notices`);
    const messages = r.body.notices.map((n) => n.message);
    assert.ok(messages.includes("Congratulations! You've reached the Silver Spender milestone. $15.00 has been added to your wallet."), messages.join('\n'));
    // What the storefront needs to word it itself: the kind and the step, read from the award key.
    const silver = r.body.notices.find((n) => n.award_key === 'spend:silver:1');
    assert.deepEqual([silver.kind, silver.program_id, silver.milestone_id], ['award', 'spend', 'silver']);
    // And what it gave, as the reward records say it.
    assert.deepEqual(silver.rewards.map((w) => [w.award_key, w.type, w.amount, w.state]), [['spend:silver:1', 'store_credit', '15.00', 'issued']]);
    r = await s.as(c, 'POST', `/v1/customers/${c}/notices/delivered`, { ids: r.body.notices.map((n) => n.id) });
    assert.equal(r.body.delivered, messages.length);
    r = await s.as(c, 'GET', `/v1/customers/${c}/notices`);
    assert.equal(r.body.notices.length, 0);
    const other = uniqueCustomer();
    r = await s.as(other, 'POST', `/v1/customers/${other}/notices/delivered`, { ids: [1, 2, 3] });
    assert.equal(r.body.delivered, 0);
  });

  test('journey progress, and a reward choice picked by the customer', async () => {
    const c = uniqueCustomer();
    await s.admin('POST', '/v1/events', { events: [order(c, '5.00', { at: daysAgo(3) }), order(c, '5.00', { at: daysAgo(2) }),
      { customer_id: c, id: `${c}-rv`, type: 'review', at: daysAgo(1) }] });
    let r = await s.as(c, 'GET', `/v1/customers/${c}/journey`);
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'journey');
    assert.equal(r.body.completed, true);
    assert.equal(r.body.awards.length, 2);
    r = await s.as(c, 'GET', `/v1/customers/${c}/choices`);
    assert.equal(r.body.choices.length, 1);
    const ch = r.body.choices[0];
    const about = (list, kind) => list.filter((n) => n.kind === kind).map((n) => [n.award_key, n.program_id, n.milestone_id]);
    let notices = (await s.as(c, 'GET', `/v1/customers/${c}/notices`)).body.notices;
    assert.deepEqual(about(notices, 'award'), [['journey:s1:1', 'journey', 's1']]);
    assert.deepEqual(about(notices, 'choice'), [['journey:s2:1', 'journey', 's2']]);
    assert.equal(notices.find((n) => n.kind === 'choice').rewards, undefined, 'nothing is given before the pick');
    assert.equal(ch.pick, 1);
    assert.deepEqual(ch.options, [{ type: 'points', points: 200 }, { type: 'free_shipping' }]);
    r = await s.as(c, 'POST', `/v1/customers/${c}/choices/${ch.id}`, { picks: [0, 1] });
    assert.equal(r.status, 422);
    r = await s.as(c, 'POST', `/v1/customers/${c}/choices/${ch.id}`, { picks: [7] });
    assert.equal(r.status, 422);
    r = await s.as(c, 'POST', `/v1/customers/${c}/choices/${ch.id}`, { picks: ['0'] });
    assert.equal(r.status, 422);
    r = await s.as('intruder', 'POST', `/v1/customers/${c}/choices/${ch.id}`, { picks: [0] });
    assert.equal(r.status, 403);
    r = await s.as(c, 'POST', `/v1/customers/${c}/choices/${ch.id}`, { picks: [0] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.rewards, [{ type: 'points', points: 200 }]);
    notices = (await s.as(c, 'GET', `/v1/customers/${c}/notices`)).body.notices;
    const picked = notices.find((n) => n.kind === 'picked');
    assert.deepEqual([picked.award_key, picked.program_id, picked.milestone_id], ['journey:s2:1', 'journey', 's2']);
    assert.deepEqual(picked.rewards.map((w) => [w.type, w.points]), [['points', 200]]);
    assert.match(picked.message, /^You picked your Share reward\. /);
    r = await s.as(c, 'POST', `/v1/customers/${c}/choices/${ch.id}`, { picks: [0] });
    assert.equal(r.status, 409);
    r = await s.as(c, 'GET', `/v1/customers/${c}/wallet`);
    assert.equal(r.body.points, 300);
  });
});

test(`a notice written before migration 14 has no kind, and its program and step still (${backend})`, async () => {
  const db = freshDb('notices_kind');
  cli(['migrate', '--db', db, '--to', '13']);
  const c = uniqueCustomer('old');
  sql(db, `INSERT INTO notices (customer_id, award_key, message, created_at) VALUES ('${c}', 'spend:gold:1', 'Old words.', 1),
    ('${c}', NULL, 'No award.', 2)`);
  const old = await startServer({ db });
  try {
    const { notices } = (await old.as(c, 'GET', `/v1/customers/${c}/notices`)).body;
    assert.deepEqual(notices.map((n) => [n.message, n.kind, n.award_key, n.program_id, n.milestone_id]),
      [['Old words.', undefined, 'spend:gold:1', 'spend', 'gold'], ['No award.', undefined, undefined, undefined, undefined]]);
  } finally {
    await old.stop();
  }
});

describe(`malformed requests never crash the server (${backend})`, () => {
  test('bad JSON, unknown fields, wrong types, deep nesting, oversized bodies', async () => {
    const cases = [
      ['{"customer_id":', 400],
      ['', 400],
      ['[' .repeat(40) + ']'.repeat(40), 400],
      ['[]', 422],
      ['"text"', 422],
      ['{"events":{}}', 422],
      ['{"events":[]}', 422],
      ['{"events":[1,2]}', 422],
      [JSON.stringify({ customer_id: 42, id: 'x', type: 'points', at: daysAgo(1), points: 1 }), 422],
      [JSON.stringify({ customer_id: 'a/b', id: 'x', type: 'points', at: daysAgo(1), points: 1 }), 422],
      [JSON.stringify({ customer_id: 'a', id: 'x', type: 'teleport', at: daysAgo(1) }), 422],
      [JSON.stringify({ customer_id: 'a', id: 'x', type: 'points', at: 'yesterday', points: 1 }), 422],
      [JSON.stringify({ customer_id: 'a', id: 'x', type: 'points', at: daysAgo(1), points: 1.5 }), 422],
      [JSON.stringify({ customer_id: 'a', id: 'x', type: 'points', at: daysAgo(1), points: 1, color: 'red' }), 422],
    ];
    for (const [body, status] of cases) {
      const r = await s.admin('POST', '/v1/events', body);
      assert.equal(r.status, status, `${body.slice(0, 60)} -> ${r.text}`);
      assert.ok(Array.isArray(r.body?.errors) && r.body.errors[0].message, r.text);
    }
    const big = await s.admin('POST', '/v1/events', 'x'.repeat(2 * 1024 * 1024));
    assert.equal(big.status, 413);
    const multipart = await s.admin('POST', '/v1/events', 'a', { 'content-type': 'multipart/form-data; boundary=x' });
    assert.ok([400, 415].includes(multipart.status), multipart.text);
    const wrong = await s.admin('POST', `/v1/customers/x/notices/delivered`, { ids: 'all' });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.errors[0].pointer, '/ids');
    const q = await s.admin('GET', '/v1/customers/x/wallet/transactions?from=yesterday');
    assert.equal(q.status, 400);
  });

  test('random garbage on every endpoint gets a 4xx, never a 5xx', async () => {
    const paths = ['/v1/events', '/v1/programs', '/v1/programs/spend', '/v1/programs/spend/activate',
      '/v1/customers/g1', '/v1/customers/g1/milestone-progress/award', '/v1/customers/g1/wallet/transactions',
      '/v1/customers/g1/choices/1', '/v1/customers/g1/notices/delivered', '/v1/outbox/emails/1/sent'];
    const junk = ['{', '}', 'null', 'true', '0', '{"a":', '{"events":[{"customer_id":"g1"}]}', '\u0000\u0001',
      '{"milestone_id":{}}', '{"picks":[-1]}', '{"ids":[1e400]}', '{"type":"credit","amount":"1e9"}',
      '{"type":"debit","amount":"-1"}', '{"roles":"x"}', '{"retroactive":"yes"}', '\ud800', '{"id":"spend"}',
      JSON.stringify({ events: Array.from({ length: 1001 }, () => ({})) })];
    for (const p of paths) {
      for (const body of junk) {
        for (const method of ['POST', 'PUT']) {
          const r = await s.admin(method, p, body);
          assert.ok(r.status < 500, `${method} ${p} ${body.slice(0, 40)} -> ${r.status} ${r.text}`);
          assert.ok(r.body === undefined || r.body.errors || r.status < 300, r.text);
        }
      }
    }
    assert.equal((await s.raw('GET', '/v1/health')).status, 200);
  });
});

describe(`ledger export and outbox (${backend})`, () => {
  test('CSV export for accounting', async () => {
    const c = uniqueCustomer();
    await s.admin('POST', '/v1/events', order(c, '100.00'));
    const r = await s.admin('GET', `/v1/ledger.csv?customer_id=${c}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /text\/csv/);
    const lines = r.text.trim().split('\r\n');
    assert.equal(lines[0], 'transaction_id,date,customer_id,type,note,memo,amount,balance_after,currency,status,requested,expires_at,remaining,award_key,program_id,source,order_id,direction,owed');
    assert.equal(lines.length, 2);
    assert.match(lines[1], /"Milestone Reward","Milestone Reward, First Steps","",5\.00,5\.00,USD,posted/);
    // Where the money came from, the order that triggered it, and the side of the ledger.
    assert.match(lines[1], /,"engine","ord-[^"]+",credit,$/);
  });

  test('reward emails wait in the outbox until a mailer marks them sent', async () => {
    const c = uniqueCustomer();
    await s.admin('PUT', `/v1/customers/${c}`, { email: `${c}@example.com`, roles: ['customer'] });
    await s.admin('POST', '/v1/events', order(c, '100.00'));
    let r = await s.admin('GET', '/v1/outbox/emails?limit=1000');
    const mail = r.body.emails.find((m) => m.customer_id === c);
    assert.equal(mail.to, `${c}@example.com`);
    assert.match(mail.subject, /First Steps/);
    assert.match(mail.body, /\$5\.00 has been added to your wallet/);
    r = await s.admin('POST', `/v1/outbox/emails/${mail.id}/sent`, {});
    assert.equal(r.status, 200);
    r = await s.admin('GET', '/v1/outbox/emails?limit=1000');
    assert.ok(!r.body.emails.some((m) => m.id === mail.id));
  });
});

describe(`webhooks (${backend})`, () => {
  test('should-award veto, awarded and spend-recalculated webhooks, signed', async () => {
    const received = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        const json = JSON.parse(body);
        received.push({ path: req.url, json, sig: req.headers['x-stepwise-signature'], body });
        res.setHeader('content-type', 'application/json');
        if (req.url === '/should') res.end(JSON.stringify({ award: json.milestone.id !== 'silver' }));
        else res.end('{}');
      });
    });
    await new Promise((r) => hook.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${hook.address().port}`;
    const w = await startServer({ args: ['--webhook-should-award', `${base}/should`, '--webhook-awarded', `${base}/awarded`,
      '--webhook-spend-recalculated', `${base}/spend`] });
    try {
      await w.admin('POST', '/v1/programs', spendProgram());
      const c = uniqueCustomer();
      const r = await w.admin('POST', '/v1/events', order(c, '300.00'));
      assert.deepEqual(r.body.awards.map((a) => [a.key, a.state]), [['spend:first-steps:1', 'issued'], ['spend:silver:1', 'vetoed']]);
      assert.equal((await w.admin('GET', `/v1/customers/${c}/wallet`)).body.balance, '5.00');
      await until(() => received.filter((x) => x.path === '/awarded').length === 2 && received.some((x) => x.path === '/spend'),
        { what: 'webhook deliveries' });
      const spend = received.find((x) => x.path === '/spend');
      assert.equal(spend.json.qualifying_spend, '300.00');
      assert.equal(spend.json.customer_id, c);
      for (const x of received)
        assert.equal(x.sig, 'sha256=' + createHmac('sha256', SECRET).update(x.body).digest('hex'));
      // the webhook sends the award as the API answered it, plus its envelope
      const issued = r.body.awards.find((a) => a.state === 'issued');
      const sent = received.find((x) => x.path === '/awarded' && x.json.key === issued.key).json;
      const { event, created_at, ...award } = sent;
      assert.equal(event, 'milestone.awarded');
      assert.ok(created_at);
      assert.deepEqual(award, issued);
      assert.equal(issued.store_credit, '5.00');
      assert.equal(issued.currency, 'USD');
      // the vetoed award is not asked again
      const before = received.filter((x) => x.path === '/should').length;
      await w.admin('POST', '/v1/events', order(c, '10.00'));
      await sleep(300);
      assert.equal(received.filter((x) => x.path === '/should').length, before);
      const p = await w.admin('GET', `/v1/customers/${c}/milestone-progress`);
      assert.equal(p.body.milestones_earned.find((m) => m.milestone_id === 'silver').status, 'vetoed');
    } finally {
      await w.stop();
      hook.close();
    }
  });
});

describe(`customer list and the demo store backend (${backend})`, () => {
  test('GET /v1/customers pages in id order, admin only', async () => {
    for (const id of ['list-b', 'list-a', 'list-c']) {
      assert.equal((await s.admin('PUT', `/v1/customers/${id}`, { name: `Name ${id}` })).status, 200);
    }
    let r = await s.admin('GET', '/v1/customers?after=list-&limit=2');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.customers.map((c) => c.id), ['list-a', 'list-b']);
    assert.equal(r.body.customers[0].name, 'Name list-a');
    assert.equal(r.body.next_after, 'list-b');
    r = await s.admin('GET', `/v1/customers?after=${r.body.next_after}&limit=1`);
    assert.deepEqual(r.body.customers.map((c) => c.id), ['list-c']);
    assert.equal((await s.admin('GET', '/v1/customers?limit=0')).status, 400);
    assert.equal((await s.as('list-a', 'GET', '/v1/customers')).status, 401);
  });

  test('without --demo the demo calls do not exist', async () => {
    assert.equal((await s.raw('GET', '/v1/demo/customers')).status, 404);
    assert.equal((await s.raw('POST', '/v1/demo/token', { customer_id: 'list-a' })).status, 404);
  });

  test('with --demo: sign in, check out a cart, the award follows once', async () => {
    const d = await startServer({ args: ['--demo'] });
    try {
      assert.equal((await d.admin('POST', '/v1/programs', spendProgram())).status, 201);
      assert.equal((await d.admin('PUT', '/v1/customers/shopper', { name: 'Sam Shopper' })).status, 200);
      let r = await d.raw('GET', '/v1/demo/customers');
      assert.deepEqual(r.body, { customers: [{ id: 'shopper', name: 'Sam Shopper' }] });
      r = await d.raw('POST', '/v1/demo/token', { customer_id: 'nobody' });
      assert.equal(r.status, 404);
      assert.equal(r.body.errors[0].pointer, '/customer_id');
      r = await d.raw('POST', '/v1/demo/token', { customer_id: 'shopper', extra: 1 });
      assert.equal(r.status, 422);
      r = await d.raw('POST', '/v1/demo/token', { customer_id: 'shopper' });
      assert.equal(r.status, 200, r.text);
      const tok = { 'x-customer-token': r.body.token };
      assert.equal((await d.raw('GET', '/v1/customers/shopper/wallet', undefined, tok)).status, 200);
      // A checkout needs a token; the cart is checked by the engine, with pointers.
      assert.equal((await d.raw('POST', '/v1/demo/orders', { subtotal: '10.00' })).status, 401);
      r = await d.raw('POST', '/v1/demo/orders', { subtotal: 'lots' }, tok);
      assert.equal(r.status, 422, r.text);
      assert.equal(r.body.errors[0].pointer, '/subtotal');
      r = await d.raw('POST', '/v1/demo/orders', { subtotal: '300.00', tax: '20.00' }, tok);
      assert.equal(r.status, 200, r.text);
      assert.match(r.body.order_id, /^\d+$/);
      assert.equal(r.body.accepted, 1);
      assert.ok(r.body.awards.length >= 1, r.text);
      const first = r.body.awards.length;
      r = await d.raw('POST', '/v1/demo/reviews', { product_id: 'mug' }, tok);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.awards.length, 0);
      const history = await d.admin('GET', '/v1/customers/shopper/history');
      assert.deepEqual(history.body.events.map((e) => e.type), ['order', 'review']);
      const ledger = await d.admin('GET', '/v1/customers/shopper/wallet/transactions');
      assert.equal(ledger.body.transactions.length, first);
    } finally {
      await d.stop();
    }
  });
});
