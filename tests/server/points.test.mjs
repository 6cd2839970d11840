// Points that buy something (docs/points.md): the points ledger (earned,
// spent, expired, reversed, each with the balance after), the merchant's
// redemption options (validated with JSON Pointers), and redeeming one
// exactly once per client key, on SQLite and PostgreSQL alike.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { startServer, freshDb, uniqueCustomer, order, daysAgo, until, backend, cli, sql, tmpPath } from './helpers.mjs';

// Two points milestones; a refund claws them back; points expire after 30 days.
const pointsProgram = {
  id: 'pts', name: 'Points', kind: 'tiers', status: 'active', currency: 'USD',
  rules: { clawback_on_refund: true, reward_expiry_days: 30 },
  steps: [
    { id: 's100', name: 'Hundred', target: '100.00', rewards: [{ type: 'points', points: 600 }] },
    { id: 's250', name: 'Two Fifty', target: '250.00', rewards: [{ type: 'points', points: 400 }] },
  ],
};

// Points for every $1.00 spent: one big order issues thousands of awards at once.
const manyProgram = {
  id: 'many', name: 'Every Dollar', kind: 'tiers', status: 'active', currency: 'USD',
  rules: { order_statuses: ['bulk'] },
  steps: [{ id: 'dollar', name: 'Dollar', target: '1.00', repeating: true, rewards: [{ type: 'points', points: 3 }] }],
};

const options = [
  { id: 'five-off', name: '$5 off', points: 500, reward: { type: 'discount_amount', amount: '5.00' } },
  { id: 'ship', name: 'Free shipping', points: 1000, reward: { type: 'free_shipping' }, expiry_days: 14 },
  { id: 'credit', name: '$2 credit', points: 200, reward: { type: 'store_credit', amount: '2.00' } },
  { id: 'hidden', name: 'Staff only', points: 100, reward: { type: 'discount_percent', percent: 50 }, active: false },
];

describe(`points that buy something (${backend})`, () => {
  let s;
  before(async () => {
    // The awarded webhook goes to a port nothing listens on: its outbox rows wait there, to be read.
    s = await startServer({ args: ['--webhook-awarded', 'http://127.0.0.1:9/awarded'] });
    assert.equal((await s.admin('POST', '/v1/programs', pointsProgram)).status, 201);
    assert.equal((await s.admin('POST', '/v1/programs', manyProgram)).status, 201);
    const r = await s.admin('PUT', '/v1/points/options', { options });
    assert.equal(r.status, 200, r.text);
  });
  after(async () => { await s?.stop(); });

  // A customer holding 1,000 points (600 + 400), and the order that earned them.
  async function earner() {
    const c = uniqueCustomer('pts');
    const o = order(c, '300.00', { at: daysAgo(3) });
    const r = await s.admin('POST', '/v1/events', o);
    assert.equal(r.status, 200, r.text);
    return { c, o };
  }
  const view = async (c) => (await s.as(c, 'GET', `/v1/customers/${c}/points`)).body;

  test('earned points are ledger rows with the balance after each; the wallet shows the same balance', async () => {
    const { c } = await earner();
    const v = await view(c);
    assert.equal(v.balance, 1000);
    const rows = v.history.slice().reverse();
    assert.deepEqual(rows.map((h) => [h.type, h.points, h.balance_after, h.award_key]),
      [['earned', 600, 600, 'pts:s100:1'], ['earned', 400, 1000, 'pts:s250:1']]);
    assert.ok(rows.every((h) => h.expires_at), 'points expire with the program\'s rewards');
    assert.equal(v.next_expiry.points, 600);
    assert.equal((await s.as(c, 'GET', `/v1/customers/${c}/wallet`)).body.points, 1000);
  });

  test('options: the shopper sees the active ones, with what each still needs', async () => {
    const { c } = await earner();
    await s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'credit', key: 'k-credit' });
    const v = await view(c); // 800 left
    assert.deepEqual(v.options.map((o) => [o.id, o.affordable, o.missing]),
      [['five-off', true, 0], ['ship', false, 200], ['credit', true, 0]]);
    assert.ok(!v.options.some((o) => 'active' in o));
    const admin = (await s.admin('GET', '/v1/points/options')).body.options;
    assert.deepEqual(admin.map((o) => [o.id, o.active]), [['five-off', true], ['ship', true], ['credit', true], ['hidden', false]]);
  });

  test('option validation says what and where (JSON Pointers); nothing is stored', async () => {
    const r = await s.admin('PUT', '/v1/points/options', {
      options: [
        { id: 'a', name: 'A', points: 0, reward: { type: 'free_shipping' } },
        { id: 'b', name: '', points: 10, reward: { type: 'points', points: 5 } },
        { id: 'a', name: 'Again', points: 10, reward: { type: 'discount_amount', amount: '-1' }, colour: 'red' },
        { id: 'bad id!', name: 'X', points: 10, reward: { type: 'discount_percent', percent: 101 }, expiry_days: 'soon' },
      ],
    });
    assert.equal(r.status, 422, r.text);
    const pointers = r.body.errors.map((e) => e.pointer).sort();
    assert.deepEqual(pointers, ['/options/0/points', '/options/1/name', '/options/1/reward/type', '/options/2/colour',
      '/options/2/id', '/options/2/reward/amount', '/options/3/expiry_days', '/options/3/id', '/options/3/reward/percent'].sort());
    assert.equal((await s.admin('GET', '/v1/points/options')).body.options.length, 4);
    assert.equal((await s.admin('PUT', '/v1/points/options', { options: 'x' })).status, 422);
    const c = uniqueCustomer();
    assert.equal((await s.as(c, 'PUT', '/v1/points/options', { options: [] })).status, 401);
  });

  test('redeeming debits the points and issues the reward through the awards\' path; a retry changes nothing', async () => {
    const { c } = await earner();
    const first = await s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'five-off', key: 'order-1' });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.body.balance, 500);
    assert.equal(first.body.award_key, '@points:five-off:1');
    assert.equal(first.body.reward.type, 'discount_amount');
    assert.equal(first.body.reward.amount, '5.00');
    assert.match(first.body.reward.code, /\S{6,}/);
    const again = await s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'five-off', key: 'order-1' });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.replayed, true);
    assert.deepEqual(again.body.reward, first.body.reward);
    assert.equal(again.body.balance, 500);
    const other = await s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'credit', key: 'order-1' });
    assert.equal(other.status, 409);
    assert.equal(other.body.errors[0].pointer, '/key');
    const v = await view(c);
    assert.deepEqual(v.history.filter((h) => h.type === 'spent').map((h) => [h.points, h.balance_after, h.redemption_key]),
      [[-500, 500, 'order-1']]);
    // The reward is one like any other: in My rewards, with its notice.
    const rewards = (await s.as(c, 'GET', `/v1/customers/${c}/rewards`)).body.rewards;
    assert.equal(rewards.filter((r) => r.award_key === '@points:five-off:1').length, 1);
    const notices = (await s.as(c, 'GET', `/v1/customers/${c}/notices`)).body.notices;
    assert.ok(notices.some((n) => n.award_key === '@points:five-off:1' && /redeemed your points for \$5 off/.test(n.message)), JSON.stringify(notices));
    // Its email and its awarded webhook, as for any award.
    assert.equal(sql(s.db, `SELECT kind, subject FROM email_outbox WHERE customer_id = '${c}' AND award_key = '@points:five-off:1'`),
      'redemption|Your $5 off reward');
    const hook = sql(s.db, `SELECT payload FROM webhook_outbox WHERE event = 'milestone.awarded' AND payload LIKE '%${c}%' AND payload LIKE '%@points:five-off:1%'`);
    assert.equal(JSON.parse(hook).source, 'redemption');
    // Store credit bought with points lands in the wallet.
    const credit = await s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'credit', key: 'order-2' });
    assert.equal(credit.status, 201, credit.text);
    assert.equal((await s.as(c, 'GET', `/v1/customers/${c}/wallet`)).body.balance, '2.00');
  });

  test('not enough points, an inactive or unknown option, a foreign token, a bad key: refused, nothing moves', async () => {
    const { c } = await earner();
    await s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'five-off', key: 'a' });
    const poor = await s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'ship', key: 'b' });
    assert.equal(poor.status, 409, poor.text);
    assert.match(poor.body.errors[0].message, /not enough points: Free shipping costs 1000 points, the balance is 500 \(500 more needed\)/);
    assert.equal((await s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'hidden', key: 'c' })).status, 409);
    assert.equal((await s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'nope', key: 'd' })).status, 404);
    assert.equal((await s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'five-off', key: 'has space' })).status, 422);
    assert.equal((await s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'five-off' })).status, 422);
    const stranger = uniqueCustomer('x');
    assert.equal((await s.as(stranger, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'credit', key: 'e' })).status, 403);
    assert.equal((await s.as(stranger, 'GET', `/v1/customers/${c}/points`)).status, 403);
    assert.equal((await view(c)).balance, 500);
  });

  test('concurrent retries with one key debit once; different keys never overdraw', async () => {
    const { c } = await earner();
    const same = await Promise.all(Array.from({ length: 8 }, () =>
      s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'five-off', key: 'same' })));
    assert.deepEqual(same.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 200, 200, 201]);
    assert.equal(new Set(same.map((r) => r.body.reward.id)).size, 1);
    assert.equal((await view(c)).balance, 500);
    const { c: d } = await earner();
    const many = await Promise.all(['k1', 'k2', 'k3'].map((key) =>
      s.as(d, 'POST', `/v1/customers/${d}/points/redemptions`, { option: 'five-off', key })));
    assert.deepEqual(many.map((r) => r.status).sort(), [201, 201, 409]);
    const v = await view(d);
    assert.equal(v.balance, 0);
    assert.ok(v.history.every((h) => h.balance_after >= 0));
  });

  test('a claw-back reverses the award\'s points, never below zero, and says what it could not take back', async () => {
    const { c, o } = await earner();
    await s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'five-off', key: 'spend' }); // 500 left
    let r = await s.admin('POST', '/v1/events', { customer_id: c, id: `${o.id}-rf1`, type: 'refund', at: daysAgo(2), order_id: o.order_id, amount: '100.00' });
    assert.deepEqual(r.body.clawbacks.map((x) => x.key), ['pts:s250:1']);
    let v = await view(c);
    assert.equal(v.balance, 100);
    assert.deepEqual([v.history[0].type, v.history[0].points, v.history[0].balance_after], ['reversed', -400, 100]);
    r = await s.admin('POST', '/v1/events', { customer_id: c, id: `${o.id}-rf2`, type: 'refund', at: daysAgo(1), order_id: o.order_id, amount: '150.00' });
    assert.deepEqual(r.body.clawbacks.map((x) => x.key), ['pts:s100:1']);
    v = await view(c);
    assert.equal(v.balance, 0);
    const last = v.history[0];
    assert.deepEqual([last.type, last.points, last.balance_after, last.requested], ['reversed', -100, 0, 600]);
    assert.match(last.note, /not taken back: 500/);
  });

  test('points past their expiry leave what is unspent; spending took the oldest-expiring first', async () => {
    const { c } = await earner();
    await s.as(c, 'POST', `/v1/customers/${c}/points/redemptions`, { option: 'five-off', key: 'x' });
    // The 600-point lot (spent down to 100) lapses now; the 400-point one later.
    sql(s.db, `UPDATE points_ledger SET expires_at = ${Date.now() - 1000} WHERE customer_id = '${c}' AND award_key = 'pts:s100:1'`);
    const expired = await until(async () => (await view(c)).history.find((h) => h.type === 'expired'), { what: 'points expiry sweep' });
    assert.equal(expired.points, -100);
    assert.equal(expired.balance_after, 400);
    assert.equal((await view(c)).balance, 400);
  });

  test('one order that issues 2,000 points awards writes 2,000 earned rows in the same transaction', async () => {
    const c = uniqueCustomer('many');
    const r = await s.admin('POST', '/v1/events', order(c, '2000.00', { status: 'bulk' }));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.awards.length, 2000);
    assert.equal((await view(c)).balance, 6000);
    assert.equal(sql(s.db, `SELECT COUNT(*), MAX(balance_after), SUM(points) FROM points_ledger WHERE customer_id = '${c}' AND type = 'earned'`),
      '2000|6000|6000');
  });

  test('every awarding path writes the ledger: manual award, recalculate; the 10^14 cap holds', async () => {
    const c = uniqueCustomer('paths');
    let r = await s.admin('POST', `/v1/customers/${c}/milestone-progress/award`, { program_id: 'pts', milestone_id: 's250', note: 'goodwill' });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual((await view(c)).history.map((h) => [h.type, h.points, h.award_key]), [['earned', 400, 'pts:s250:1']]);
    // Orders that count only for a program made later: recalculate issues its points.
    r = await s.admin('POST', '/v1/events', order(c, '5.00', { status: 'late' }));
    assert.equal(r.status, 200, r.text);
    const big = { id: 'big', name: 'Big', kind: 'tiers', status: 'active', currency: 'USD', rules: { order_statuses: ['late'] },
      steps: [{ id: 'b1', name: 'Huge', target: '1.00', rewards: [{ type: 'points', points: 1e15 }] },
        { id: 'b2', name: 'More', target: '2.00', rewards: [{ type: 'points', points: 5 }] }] };
    assert.equal((await s.admin('POST', '/v1/programs', big)).status, 201);
    r = await s.admin('POST', `/v1/customers/${c}/recalculate`);
    assert.equal(r.status, 200, r.text);
    const v = await view(c);
    assert.equal(v.balance, 1e14, 'a balance holds at most 10^14 points');
    assert.deepEqual(v.history.slice(0, 2).reverse().map((h) => [h.award_key, h.points, h.balance_after, h.requested]),
      [['big:b1:1', 1e14 - 400, 1e14, 1e15], ['big:b2:1', 0, 1e14, 5]]);
    await s.admin('POST', '/v1/programs/big/deactivate', {});
  });

  test('command line: options, redeem (once per key), history', async () => {
    const { c } = await earner();
    const file = tmpPath(`options-${c}.json`);
    writeFileSync(file, JSON.stringify({ options: [...options, { id: 'cli', name: 'CLI deal', points: 300, reward: { type: 'free_shipping' } }] }));
    assert.match(cli(['points', 'options', '--db', s.db, '--set', file]), /cli/);
    assert.match(cli(['points', 'options', '--db', s.db]), /CLI deal/);
    const one = JSON.parse(cli(['points', 'redeem', '--db', s.db, '--customer', c, '--option', 'cli', '--key', 'cli-1']));
    const two = JSON.parse(cli(['points', 'redeem', '--db', s.db, '--customer', c, '--option', 'cli', '--key', 'cli-1']));
    assert.equal(one.balance, 700);
    assert.equal(two.replayed, true);
    assert.equal(two.reward.id, one.reward.id);
    const history = cli(['points', 'history', '--db', s.db, '--customer', c]);
    assert.match(history, /spent\s+-300\s+700/);
    assert.throws(() => cli(['points', 'redeem', '--db', s.db, '--customer', c, '--option', 'ship', '--key', 'cli-2']), /not enough points/);
    await s.admin('PUT', '/v1/points/options', { options });
  });
});

test(`the migration carries issued points rewards into the ledger with a running balance (${backend})`, async () => {
  const db = freshDb('points_migration');
  cli(['migrate', '--db', db, '--to', '6']);
  const c = uniqueCustomer('old');
  const reward = (id, key, points, state) =>
    `INSERT INTO rewards (id, customer_id, award_key, program_id, step_id, type, points, state, issued_at) ` +
    `VALUES (${id}, '${c}', '${key}', 'old', 'st', 'points', ${points}, '${state}', ${Date.now() - id * 1000})`;
  sql(db, `INSERT INTO customers (id, created_at, updated_at) VALUES ('${c}', 0, 0)`);
  sql(db, reward(1, 'old:st:1', 70, 'issued'));
  sql(db, reward(2, 'old:st:2', 999, 'revoked'));
  sql(db, reward(3, 'old:st:3', 30, 'issued'));
  const s = await startServer({ db });
  try {
    const v = (await s.admin('GET', `/v1/customers/${c}/points`)).body;
    assert.equal(v.balance, 100);
    assert.deepEqual(v.history.slice().reverse().map((h) => [h.type, h.points, h.balance_after, h.award_key]),
      [['earned', 70, 70, 'old:st:1'], ['earned', 30, 100, 'old:st:3']]);
  } finally {
    await s.stop();
  }
});
