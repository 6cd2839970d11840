// Store credit mirrored into Shopify store credit accounts (issue 12): with
// `serve --credit-in shopify` every wallet movement Stepwise makes (an award's
// credit, a claw-back, a manual credit or debit) becomes one
// storeCreditAccountCredit / storeCreditAccountDebit on the customer's
// account, exactly once through failures; an expiry is left to Shopify (the
// credit carries its expiresAt). Shopify cannot run here: the stand-in in
// standins/ implements the documented requests and answers and fails on
// purpose (429 with Retry-After, 500, THROTTLED, a timeout and a connection
// cut after Shopify made the movement).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, freshDb, backend, root, until, spendProgram, daysAgo, runCli as run } from './helpers.mjs';
import { shopifyGraphqlStandin } from './standins/shopify_admin_graphql.mjs';

const fixture = (name) => JSON.parse(readFileSync(path.join(root, 'tests', 'fixtures', 'platforms', name), 'utf8'));
const TOKEN = 'shpat_credit_0123456789abcdef', SHOPIFY_SECRET = 'shpss_credit_0123456789abcdef';
const gid = (id) => `gid://shopify/Customer/${id}`;
const jobs = async (s, state = '') => (await s.admin('GET', `/v1/platform-jobs${state ? `?state=${state}` : ''}`)).body.jobs;
const ledger = async (s, c) => (await s.admin('GET', `/v1/customers/${c}/wallet/transactions`)).body.transactions;
const settled = (s) => until(async () => (await jobs(s, 'pending')).length === 0, { timeout: 30000, what: 'the jobs to finish' });


function webhook(s, topic, body) {
  const raw = JSON.stringify(body);
  return s.raw('POST', '/v1/connectors/shopify/webhooks', raw, { 'content-type': 'application/json', 'x-shopify-topic': topic,
    'x-shopify-webhook-id': randomUUID(), 'x-shopify-hmac-sha256': createHmac('sha256', SHOPIFY_SECRET).update(raw).digest('base64') });
}

describe(`store credit in Shopify store credit accounts (stand-in of the Admin GraphQL API; ${backend})`, () => {
  let s, shop;
  const customer = '207119551'; // the customer of Shopify's sample order
  before(async () => {
    shop = await shopifyGraphqlStandin({ token: TOKEN });
    s = await startServer({ db: freshDb('credit_shopify'), args: ['--credit-in', 'shopify', '--shopify-shop', shop.url,
      '--shopify-token', TOKEN, '--shopify-secret', SHOPIFY_SECRET, '--platform-timeout', '1'] });
    const p = spendProgram({ rules: { order_statuses: ['authorized', 'paid', 'partially_refunded'], clawback_on_refund: true,
      reward_expiry_days: 30 } });
    assert.equal((await s.admin('POST', '/v1/programs', p)).status, 201);
  });
  after(async () => { await s?.stop(); for (const r of shop.hung) r.destroy(); await shop.close(); });

  test('each credit award is credited once, with its expiry, through 429, 500, THROTTLED, a cut and a timeout', async () => {
    shop.plan({ status: 429, headers: { 'retry-after': '1' } }, 'cut', { status: 500 }, 'hang', 'throttled');
    // Shopify's sample order, placed two days ago (its credit's 30 days have not run out).
    const at = daysAgo(2);
    const r = await webhook(s, 'orders/create', { ...fixture('shopify_order_webhook_sample_450789469.json'), created_at: at, processed_at: at, updated_at: at });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.awards.map((a) => a.key), ['spend:first-steps:1', 'spend:silver:1']);
    await settled(s);
    // The order's store_credit_sync job (store_credit_sync.test.mjs) aside.
    const all = (await jobs(s)).filter((j) => j.kind === 'store_credit');
    assert.deepEqual(all.map((j) => [j.kind, j.state]), [['store_credit', 'done'], ['store_credit', 'done']], JSON.stringify(all));
    const rows = (await ledger(s, customer)).filter((t) => Number(t.amount) > 0);
    assert.equal(rows.length, 2);
    // Exactly one Shopify credit per ledger credit: the cut and the timeout were found by lookup.
    const credits = shop.credits();
    assert.deepEqual(credits.map((t) => t.amount.amount).sort(), ['15.0', '5.0']);
    assert.equal(shop.balance(gid(customer)), 20);
    for (const row of rows) {
      const job = all.find((j) => j.payload.ledger_id === row.id);
      assert.ok(job, `a job for ledger row ${row.id}`);
      assert.equal(job.job_key, `shopify:store_credit:${row.id}`);
      const made = credits.find((t) => t.id === job.platform_ref);
      assert.ok(made, JSON.stringify(job));
      assert.ok(row.expires_at, 'the award credit expires');
      assert.equal(Date.parse(made.expiresAt), Date.parse(row.expires_at));
    }
    // The exact request: the customer's gid, the amount in the store currency, the same expiry.
    const first = shop.requests.find((q) => q.op === 'storeCreditAccountCredit' && q.variables.creditInput.creditAmount.amount === '5.00');
    const five = rows.find((t) => t.amount === '5.00');
    assert.deepEqual(first.variables, { id: gid(customer),
      creditInput: { creditAmount: { amount: '5.00', currencyCode: 'USD' }, expiresAt: first.variables.creditInput.expiresAt } });
    assert.equal(Date.parse(first.variables.creditInput.expiresAt), Date.parse(five.expires_at));
    assert.ok(shop.requests.filter((q) => q.op === 'storeCreditAccounts').length >= 2, 'retries looked the movement up');
    const again = shop.requests.filter((q) => q.op === 'storeCreditAccountCredit');
    assert.ok(again[1].at - again[0].at >= 950, 'Retry-After: 1 was honoured');
  });

  test('a refund claws back: one debit, through a cut connection', async () => {
    shop.plan('cut');
    const refund = { ...fixture('shopify_refund_rest_wrapped_509562969_official.json').refund, created_at: daysAgo(1), processed_at: daysAgo(1) };
    const r = await webhook(s, 'refunds/create', refund);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.clawbacks.map((x) => [x.key, x.amount]), [['spend:silver:1', '15.00']]);
    await settled(s);
    const debits = shop.debits();
    assert.equal(debits.length, 1);
    assert.equal(debits[0].amount.amount, '-15.0');
    assert.equal(shop.balance(gid(customer)), 5);
    const job = (await jobs(s)).find((j) => j.payload.direction === 'debit');
    assert.deepEqual([job.state, job.platform_ref, job.payload.amount, job.payload.source], ['done', debits[0].id, '15.00', 'claw-back']);
    const req = shop.requests.find((q) => q.op === 'storeCreditAccountDebit');
    assert.deepEqual(req.variables, { id: gid(customer), debitInput: { debitAmount: { amount: '15.00', currencyCode: 'USD' } } });
  });

  test('a manual debit of credit the shopper already spent at checkout takes what is left and says so', async () => {
    shop.spend(gid(customer), '3.00');
    const d = await s.admin('POST', `/v1/customers/${customer}/wallet/transactions`, { type: 'debit', amount: '5.00', note: 'goodwill reversed' });
    assert.equal(d.status, 201, d.text);
    await settled(s);
    const job = (await jobs(s)).find((j) => j.payload.ledger_id === d.body.id);
    assert.equal(job.state, 'done');
    assert.match(job.last_error, /debited 2\.00 of 5\.00 USD: short by 3\.00/);
    assert.equal(shop.balance(gid(customer)), 0);
    assert.equal(shop.debits().length, 2);
  });

  test('an expiry is not mirrored: Shopify expires the credit itself at its expiresAt', async () => {
    const c = '7001001';
    const expires = new Date(Date.now() + 4000).toISOString();
    const m = await s.admin('POST', `/v1/customers/${c}/wallet/transactions`, { type: 'credit', amount: '7.00', expires_at: expires });
    assert.equal(m.status, 201, m.text);
    await until(async () => shop.credits().some((t) => t.expiresAt && Date.parse(t.expiresAt) === Date.parse(expires)), { what: 'the credit' });
    await until(async () => (await ledger(s, c)).some((t) => t.amount === '-7.00'), { timeout: 20000, what: 'the Stepwise expiry' });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await jobs(s)).filter((j) => j.customer_id === c).length, 1, 'only the credit became a job');
    assert.ok(!shop.requests.some((q) => q.op === 'storeCreditAccountDebit' && q.variables.id === gid(c)));
  });

  test('a customer whose id is not a Shopify id: the job fails and says why', async () => {
    const m = await s.admin('POST', '/v1/customers/shopper-abc/wallet/transactions', { type: 'credit', amount: '4.00' });
    assert.equal(m.status, 201, m.text);
    const failed = await until(async () => { const f = await jobs(s, 'failed'); return f.length === 1 && f; }, { what: 'the failed job' });
    assert.equal(failed[0].customer_id, 'shopper-abc');
    assert.match(failed[0].last_error, /shopper-abc is not a Shopify customer id/);
    assert.equal(failed[0].attempts, 1);
    const listed = await run(['platform-jobs', '--db', s.db, '--state', 'failed', '--log-level', 'warn']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /failed shopify credit 4\.00 USD shopper-abc attempts=1 error: customer shopper-abc is not a Shopify customer id/);
  });

  test('a manual award from the command line is mirrored by the running server', async () => {
    const before = shop.credits().length;
    const r = await run(['award', '--db', s.db, '--user', '7005555', '--milestone', 'silver', '--program', 'spend', '--log-level', 'warn']);
    assert.equal(r.status, 0, r.stderr);
    await until(() => shop.credits().length === before + 1, { timeout: 20000, what: 'the command line\'s credit' });
    assert.equal(shop.balance(gid('7005555')), 15);
    await settled(s);
  });
});
