// Two server processes on one database (the PostgreSQL deployment; SQLite
// serializes them through its file lock): concurrent and duplicate deliveries
// for one customer, spread over both processes, award exactly once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, spendProgram, order, uniqueCustomer, backend } from './helpers.mjs';

let a, b;
before(async () => {
  const db = freshDb('multi');
  a = await startServer({ db });
  b = await startServer({ db });
  const r = await a.admin('POST', '/v1/programs', spendProgram());
  assert.equal(r.status, 201, r.text);
});
after(async () => { await a?.stop(); await b?.stop(); });

test(`two processes, one customer, concurrent and duplicate deliveries (${backend})`, async () => {
  // the second process sees the program created through the first
  const m = await b.admin('GET', '/v1/milestones');
  assert.equal(m.body.milestones.length, 4);
  for (let round = 0; round < 3; round++) {
    const c = uniqueCustomer('mp');
    const events = Array.from({ length: 30 }, () => order(c, '100.00')); // 3000.00 in all
    const deliveries = [];
    for (const e of events) deliveries.push([a, e], [b, e], [a, e], [b, e]);
    deliveries.sort(() => Math.random() - 0.5);
    const results = await Promise.all(deliveries.map(([srv, e]) => srv.admin('POST', '/v1/events', e)));
    for (const r of results) assert.equal(r.status, 200, r.text);
    assert.equal(results.reduce((n, r) => n + r.body.accepted, 0), 30);
    const keys = results.flatMap((r) => r.body.awards.map((x) => x.key)).sort();
    assert.deepEqual(keys, ['spend:first-steps:1', 'spend:gold:1', 'spend:loop:1', 'spend:loop:2', 'spend:loop:3', 'spend:silver:1']);
    for (const srv of [a, b]) {
      const w = await srv.admin('GET', `/v1/customers/${c}/wallet`);
      assert.equal(w.body.balance, '280.00'); // 5 + 15 + 35 + 3 * 75
      const t = await srv.admin('GET', `/v1/customers/${c}/wallet/transactions`);
      assert.equal(t.body.transactions.length, 6);
    }
    const p = await b.admin('GET', `/v1/customers/${c}/milestone-progress`);
    assert.equal(p.body.qualifying_spend, '3000.00');
    assert.ok(p.body.milestones_earned.every((x) => x.status === 'issued'));
  }
});

test(`two processes, many customers in batches at once (${backend})`, async () => {
  const customers = Array.from({ length: 20 }, () => uniqueCustomer('mb'));
  const batches = [];
  for (let i = 0; i < 10; i++)
    batches.push({ events: customers.map((c) => order(c, '60.00')) });
  // every batch sent to both processes at the same time
  const results = await Promise.all(batches.flatMap((bt) => [a.admin('POST', '/v1/events', bt), b.admin('POST', '/v1/events', bt)]));
  for (const r of results) assert.equal(r.status, 200, r.text);
  assert.equal(results.reduce((n, r) => n + r.body.accepted, 0), 200);
  const awards = results.flatMap((r) => r.body.awards.map((x) => `${x.customer_id}|${x.key}`));
  assert.equal(new Set(awards).size, awards.length);
  assert.equal(awards.length, 20 * 3); // 600.00 each: first-steps, silver, gold; not the 1000 loop
  for (const c of customers.slice(0, 5)) {
    const w = await a.admin('GET', `/v1/customers/${c}/wallet`);
    assert.equal(w.body.balance, '55.00');
  }
});
