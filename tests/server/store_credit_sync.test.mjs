// Store credit the shopper spends at Shopify's checkout comes back into the
// Stepwise ledger: with `serve --credit-in shopify` each Shopify order of a
// customer queues a store_credit_sync job that reads their store credit
// account and writes one ledger row per transaction the shopper made there
// (ORDER_PAYMENT debits, ORDER_REFUND credits), exactly once, and never sends
// those rows back to Shopify. Shopify runs as the stand-in in standins/.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, freshDb, backend, root, until } from './helpers.mjs';
import { shopifyGraphqlStandin } from './standins/shopify_admin_graphql.mjs';

const fixture = (name) => JSON.parse(readFileSync(path.join(root, 'tests', 'fixtures', 'platforms', name), 'utf8'));
const TOKEN = 'shpat_sync_0123456789abcdef', SHOPIFY_SECRET = 'shpss_sync_0123456789abcdef';
const gid = (id) => `gid://shopify/Customer/${id}`;
const jobs = async (s, state = '') => (await s.admin('GET', `/v1/platform-jobs${state ? `?state=${state}` : ''}`)).body.jobs;
const ledger = async (s, c) => (await s.admin('GET', `/v1/customers/${c}/wallet/transactions`)).body.transactions;
const balance = async (s, c) => (await s.admin('GET', `/v1/customers/${c}/wallet`)).body.balance;
const settled = (s) => until(async () => (await jobs(s, 'pending')).length === 0, { timeout: 30000, what: 'the jobs to finish' });

function webhook(s, topic, body, id = randomUUID()) {
  const raw = JSON.stringify(body);
  return s.raw('POST', '/v1/connectors/shopify/webhooks', raw, { 'content-type': 'application/json', 'x-shopify-topic': topic,
    'x-shopify-webhook-id': id, 'x-shopify-hmac-sha256': createHmac('sha256', SHOPIFY_SECRET).update(raw).digest('base64') });
}

describe(`store credit spent at Shopify's checkout is debited from the wallet (stand-in; ${backend})`, () => {
  let s, shop;
  const customer = '207119551'; // the customer of Shopify's sample order
  const order = fixture('shopify_order_webhook_sample_450789469.json');
  before(async () => {
    shop = await shopifyGraphqlStandin({ token: TOKEN });
    s = await startServer({ db: freshDb('credit_sync'), args: ['--credit-in', 'shopify', '--shopify-shop', shop.url,
      '--shopify-token', TOKEN, '--shopify-secret', SHOPIFY_SECRET, '--platform-timeout', '1'] });
  });
  after(async () => { await s?.stop(); for (const r of shop.hung) r.destroy(); await shop.close(); });

  test('a checkout paid with 6.00 of store credit debits the wallet once, and is not sent back', async () => {
    const c = await s.admin('POST', `/v1/customers/${customer}/wallet/transactions`, { type: 'credit', amount: '15.00' });
    assert.equal(c.status, 201, c.text);
    await settled(s);
    assert.equal(shop.balance(gid(customer)), 15);
    const spent = shop.spend(gid(customer), '6.00');
    const mutations = shop.mutations().length;
    const delivery = randomUUID();
    const r = await webhook(s, 'orders/paid', order, delivery);
    assert.equal(r.status, 200, r.text);
    await settled(s);
    assert.equal(await balance(s, customer), '9.00');
    const rows = (await ledger(s, customer)).filter((t) => t.type === 'Spent at Shopify checkout');
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.equal(rows[0].amount, '-6.00');
    assert.match(rows[0].note, new RegExp(spent.id));
    assert.equal(shop.mutations().length, mutations, 'nothing was sent to Shopify');
    assert.equal(shop.balance(gid(customer)), 9);
    const sync = (await jobs(s)).filter((j) => j.kind === 'store_credit_sync');
    assert.equal(sync.length, 1);
    assert.equal(sync[0].state, 'done');
    assert.match(sync[0].last_error, /recorded 1 of 1 /);

    // The same delivery again, and the same state under a new webhook id: nothing moves.
    const again = await webhook(s, 'orders/paid', order, delivery);
    assert.equal(again.status, 200, again.text);
    assert.equal((await webhook(s, 'orders/updated', order)).status, 200);
    await settled(s);
    assert.equal(await balance(s, customer), '9.00');
    assert.equal((await ledger(s, customer)).filter((t) => t.type === 'Spent at Shopify checkout').length, 1);
    assert.equal(shop.mutations().length, mutations);
  });

  test('a later order reads the account again: what was recorded before is not recorded twice', async () => {
    const later = { ...order, id: 450789470, updated_at: new Date().toISOString() };
    const r = await webhook(s, 'orders/create', later);
    assert.equal(r.status, 200, r.text);
    await settled(s);
    const sync = (await jobs(s)).filter((j) => j.kind === 'store_credit_sync');
    assert.equal(sync.length, 2);
    assert.match(sync[0].last_error, /recorded 0 of 1 /);
    assert.equal(await balance(s, customer), '9.00');
  });

  test('credit a refund gives back in Shopify comes back into the wallet once', async () => {
    const mutations = shop.mutations().length;
    const back = shop.giveBack(gid(customer), '2.50', 'ORDER_REFUND');
    const refund = fixture('shopify_refund_rest_wrapped_509562969_official.json').refund;
    const r = await webhook(s, 'refunds/create', refund);
    assert.equal(r.status, 200, r.text);
    await settled(s);
    assert.equal(await balance(s, customer), '11.50');
    const rows = (await ledger(s, customer)).filter((t) => t.type === 'Returned by Shopify');
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.equal(rows[0].amount, '2.50');
    assert.match(rows[0].note, new RegExp(back.id));
    assert.equal(shop.mutations().length, mutations, 'the credit was not sent back to Shopify');
    assert.equal(shop.balance(gid(customer)), 11.5);
    assert.equal((await webhook(s, 'refunds/create', refund)).status, 200);
    await settled(s);
    assert.equal(await balance(s, customer), '11.50');
  });

  test('spent beyond the wallet: the debit takes what is there and says what it missed', async () => {
    const d = await s.admin('POST', `/v1/customers/${customer}/wallet/transactions`, { type: 'debit', amount: '10.00' });
    assert.equal(d.status, 201, d.text);
    await settled(s);
    // Shopify's balance (1.50) is spent, then 2.00 more than the wallet holds is reported (it should not happen).
    shop.accounts.get(`${gid(customer)} USD`).balance += 200;
    shop.spend(gid(customer), '3.50');
    const r = await webhook(s, 'orders/updated', { ...order, updated_at: new Date().toISOString() });
    assert.equal(r.status, 200, r.text);
    await settled(s);
    assert.equal(await balance(s, customer), '0.00');
    const rows = (await ledger(s, customer)).filter((t) => t.type === 'Spent at Shopify checkout');
    assert.equal(rows.length, 2);
    assert.equal(rows[0].amount, '-1.50');
    assert.match(rows[0].memo, /not debited: .*2\.00/);
  });
});
