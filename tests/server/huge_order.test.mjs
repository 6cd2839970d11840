// One huge order (the engine's 10,000-award cap) written in batches, and what a
// capped credit tells the shopper. Real server, real HTTP, SQLite or PostgreSQL
// (tests/server/run.sh runs both). The time the order takes is printed for
// docs/benchmarks.md; nothing asserts on it (machines differ).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, order, uniqueCustomer, backend } from './helpers.mjs';

const cents = (s) => BigInt(s.replace('.', ''));

// Every ledger row of a customer (the API pages by 1000, newest first).
async function ledgerRows(s, c) {
  const rows = [];
  let before = '';
  for (;;) {
    const r = await s.admin('GET', `/v1/ledger?customer_id=${c}&limit=1000${before}`);
    assert.equal(r.status, 200, r.text);
    rows.push(...r.body.transactions);
    if (r.body.transactions.length < 1000) return rows;
    before = `&before_id=${r.body.transactions.at(-1).id}`;
  }
}

describe(`one huge order (${backend})`, () => {
  let s;
  const hooks = [];
  let hookServer;
  before(async () => {
    // A local receiver for the awarded webhook (the merchant's endpoint).
    hookServer = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => { hooks.push(JSON.parse(body)); res.end('{}'); });
    });
    await new Promise((r) => hookServer.listen(0, '127.0.0.1', r));
    s = await startServer({ args: ['--webhook-awarded', `http://127.0.0.1:${hookServer.address().port}/awarded`] });
  });
  after(async () => {
    await s?.stop();
    hookServer?.close();
  });

  test('a capped credit says what was credited: notice, email, awarded webhook', async () => {
    assert.equal((await s.admin('POST', '/v1/programs', {
      id: 'big', name: 'Big', kind: 'tiers', status: 'active', currency: 'USD',
      steps: [{ id: 'tier', name: 'Big spender', target: '0.01', repeating: true,
        rewards: [{ type: 'store_credit', amount: '600000000000.00' }] }],
    })).status, 201);
    const c = uniqueCustomer('cap');
    await s.admin('PUT', `/v1/customers/${c}`, { email: `${c}@example.test` });
    const r = await s.admin('POST', '/v1/events', order(c, '0.02'));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.awards.length, 2);
    // The balance holds 1,000,000,000,000.00: the second award credits 400,000,000,000.00.
    assert.deepEqual(r.body.awards.map((a) => a.reward_amount), ['600000000000.00', '400000000000.00']);
    assert.equal((await s.admin('GET', `/v1/customers/${c}/wallet`)).body.balance, '1000000000000.00');

    const notices = (await s.as(c, 'GET', `/v1/customers/${c}/notices`)).body.notices;
    assert.equal(notices.length, 2);
    assert.match(notices[0].message, /\$600000000000\.00 has been added/);
    assert.match(notices[1].message, /\$400000000000\.00 has been added/);
    assert.doesNotMatch(notices[1].message, /\$600000000000\.00 has been added/);
    assert.match(notices[1].message, /\$200000000000\.00 could not be/);

    const emails = (await s.admin('GET', '/v1/outbox/emails?limit=1000')).body.emails.filter((e) => e.customer_id === c);
    assert.equal(emails.length, 2);
    const second = emails.find((e) => e.award_key === r.body.awards[1].key);
    assert.match(second.body, /\$400000000000\.00 has been added/);
    assert.doesNotMatch(second.body, /\$600000000000\.00/);

    const deadline = Date.now() + 20000;
    while (hooks.filter((h) => h.customer_id === c).length < 2 && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 100));
    const hook = hooks.find((h) => h.customer_id === c && h.key === r.body.awards[1].key);
    assert.ok(hook, 'awarded webhook delivered');
    assert.equal(hook.store_credit, '400000000000.00');
    assert.equal(hook.reward_amount, '400000000000.00');
    assert.equal(hook.store_credit_requested, '600000000000.00');
    assert.equal(hook.rewards[0].amount, '400000000000.00');
    assert.equal((await s.admin('DELETE', '/v1/programs/big')).status, 204);
  });

  test('a points total cannot pass 64 bits: awards stop at the points maximum, the wallet still answers', async () => {
    assert.equal((await s.admin('POST', '/v1/programs', {
      id: 'pts', name: 'Points', kind: 'tiers', status: 'active', currency: 'USD',
      steps: [{ id: 'p', name: 'Points galore', target: '0.01', repeating: true,
        rewards: [{ type: 'points', points: 1000000000000000 }] }],
    })).status, 201);
    const c = uniqueCustomer('pts');
    // 10,000 awards of 10^15 points would be 10^19, past 2^63 (about 9.2 * 10^18).
    let r = await s.admin('POST', '/v1/events', order(c, '100.00'));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.awards.length, 10000);
    let w = await s.admin('GET', `/v1/customers/${c}/wallet`);
    assert.equal(w.status, 200, w.text);
    assert.equal(w.body.points, 100000000000000, 'the points maximum, 10^14');
    const notices = (await s.as(c, 'GET', `/v1/customers/${c}/notices`)).body.notices;
    assert.match(notices[0].message, /100000000000000 points have been added/);
    assert.match(notices[1].message, /^(?!.*1000000000000000 points have been added)/);
    r = await s.admin('POST', '/v1/events', order(c, '0.01'));
    assert.equal(r.status, 200, r.text);
    w = await s.admin('GET', `/v1/customers/${c}/wallet`);
    assert.equal(w.status, 200, w.text);
    assert.equal(w.body.points, 100000000000000);
    assert.equal((await s.admin('DELETE', '/v1/programs/pts')).status, 204);
  });
  test('10,000 awards from one order: exact count, ledger total and balance; a replay awards nothing', async () => {
    assert.equal((await s.admin('POST', '/v1/programs', {
      id: 'cents', name: 'Cents', kind: 'tiers', status: 'active', currency: 'USD',
      steps: [{ id: 'cent', name: 'Every cent', target: '0.01', repeating: true,
        rewards: [{ type: 'store_credit', amount: '1.23' }, { type: 'points', points: 7 }] }],
    })).status, 201);
    const c = uniqueCustomer('huge');
    const ev = order(c, '250.00'); // 25,000 cents: the engine stops at 10,000 occurrences
    const t0 = Date.now();
    let r = await s.admin('POST', '/v1/events', ev);
    const ms = Date.now() - t0;
    console.log(`# huge order on ${backend}: 10,000 awards in ${ms} ms`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.awards.length, 10000);
    assert.equal(new Set(r.body.awards.map((a) => a.key)).size, 10000, 'every award key once');

    const wallet = (await s.admin('GET', `/v1/customers/${c}/wallet`)).body;
    assert.equal(wallet.balance, '12300.00');
    assert.equal(wallet.points, 70000);
    const rows = await ledgerRows(s, c);
    assert.equal(rows.length, 10000, 'one ledger row per award');
    assert.equal(rows.reduce((t, x) => t + cents(x.amount), 0n), 1230000n);
    // balance_after climbs by 1.23 per row, in id order: the batch kept the running balance.
    const byId = [...rows].sort((a, b) => a.id - b.id);
    byId.forEach((x, i) => assert.equal(cents(x.balance_after), 123n * BigInt(i + 1), `row ${i}`));
    const rewards = (await s.admin('GET', `/v1/customers/${c}/rewards`)).body.rewards;
    assert.equal(rewards.length, 20000);
    const credits = rewards.filter((x) => x.type === 'store_credit');
    assert.equal(new Set(credits.map((x) => x.transaction_id)).size, 10000, 'each credit names its own ledger row');
    const ledgerIds = new Set(rows.map((x) => x.id));
    assert.ok(credits.every((x) => ledgerIds.has(x.transaction_id)));
    const notices = (await s.as(c, 'GET', `/v1/customers/${c}/notices`)).body.notices;
    assert.equal(notices.length, 10000);

    // The same order again (a platform's redelivery): nothing new.
    r = await s.admin('POST', '/v1/events', ev);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.duplicates, 1);
    assert.equal(r.body.awards.length, 0);
    // Recalculating re-evaluates the whole history: still nothing new.
    r = await s.admin('POST', `/v1/customers/${c}/recalculate`);
    assert.equal(r.status, 200, r.text);
    assert.equal((await s.admin('GET', `/v1/customers/${c}/wallet`)).body.balance, '12300.00');
    assert.equal((await ledgerRows(s, c)).length, 10000);

    assert.equal((await s.admin('DELETE', '/v1/programs/cents')).status, 204);
  });
});
