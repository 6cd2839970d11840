// The progress read cache (server/src/read_cache.hpp): a read never shows
// rows older than the last write, whichever process wrote. Two server
// processes share one database; each change is made through one and read
// through the other (and through itself), and every answer equals the answer
// of a third process that keeps nothing (--read-cache 0).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, spendProgram, order, uniqueCustomer, backend, daysAgo } from './helpers.mjs';

let a, b, plain;
const asOf = new Date(Date.now() + 60e3).toISOString().replace(/\.\d+Z$/, 'Z');

before(async () => {
  const db = freshDb('readcache');
  a = await startServer({ db });
  b = await startServer({ db });
  plain = await startServer({ db, args: ['--read-cache', '0'] });
  const p = spendProgram({ id: 'cache', rules: { clawback_on_refund: true, roles: ['vip'] } });
  const r = await a.admin('POST', '/v1/programs', p);
  assert.equal(r.status, 201, r.text);
});
after(async () => { await a?.stop(); await b?.stop(); await plain?.stop(); });

// The same report from every process, as the uncached one computes it.
async function progress(c) {
  const path = `/v1/customers/${c}/milestone-progress?program_id=cache&as_of=${asOf}`;
  const [x, y, z] = await Promise.all([a, b, plain].map((s) => s.admin('GET', path)));
  assert.equal(z.status, 200, z.text);
  assert.equal(x.text, z.text, 'process A answers what an uncached process answers');
  assert.equal(y.text, z.text, 'process B answers what an uncached process answers');
  return z.body;
}

test(`every write is seen by the next read, in both processes (${backend})`, async () => {
  const c = uniqueCustomer('rc');
  let r = await a.admin('PUT', `/v1/customers/${c}`, { roles: ['vip'] });
  assert.equal(r.status, 200, r.text);
  let p = await progress(c); // both caches now hold this customer
  assert.equal(p.qualifying_spend, '0.00');

  // An order through B: A's cached rows are out of date and must not be used.
  const o = order(c, '250.00', { at: daysAgo(5) });
  assert.equal((await b.admin('POST', '/v1/events', o)).status, 200);
  p = await progress(c);
  assert.equal(p.qualifying_spend, '250.00');
  assert.deepEqual(p.milestones_earned.map((m) => [m.key, m.status]),
    [['cache:first-steps:1', 'issued'], ['cache:silver:1', 'issued']]);

  // A manual award through A: the grant appears everywhere.
  r = await a.admin('POST', `/v1/customers/${c}/milestone-progress/award`, { milestone_id: 'gold', note: 'Corrected' });
  assert.equal(r.status, 201, r.text);
  p = await progress(c);
  assert.ok(p.milestones_earned.some((m) => m.key === 'cache:gold:1' && m.source === 'manual'), JSON.stringify(p.milestones_earned));

  // A refund through B claws silver back.
  r = await b.admin('POST', '/v1/events', { customer_id: c, id: `${o.id}-rf`, type: 'refund', at: daysAgo(4), order_id: o.order_id, amount: '200.00' });
  assert.equal(r.status, 200, r.text);
  p = await progress(c);
  assert.ok(p.clawbacks.some((x) => x.key === 'cache:silver:1'), JSON.stringify(p.clawbacks));

  // Roles through A: without "vip" the program gives nothing more.
  assert.equal((await a.admin('PUT', `/v1/customers/${c}`, { roles: [] })).status, 200);
  p = await progress(c);
  assert.equal(p.eligible, false);
});

test(`a customer nobody has written yet, then many writes at once (${backend})`, async () => {
  const c = uniqueCustomer('rn');
  await a.admin('PUT', `/v1/customers/${c}`, { roles: ['vip'] });
  await progress(c);
  // Reads racing writes: the last read after all writes has every order.
  const writes = Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).admin('POST', '/v1/events', order(c, '10.00')));
  const reads = Array.from({ length: 12 }, () => a.admin('GET', `/v1/customers/${c}/milestone-progress?program_id=cache`));
  for (const r of await Promise.all([...writes, ...reads])) assert.equal(r.status, 200, r.text);
  const p = await progress(c);
  assert.equal(p.qualifying_spend, '120.00');
});
