// GET /v1/connectors/shopify/proxy/token over real HTTP. Shopify's app proxy
// cannot run here, so each test makes the request it forwards, as its
// documentation describes: the storefront's own query plus `shop`,
// `path_prefix`, `timestamp`, `logged_in_customer_id` and `signature` (hex
// HMAC-SHA256 with the app's secret over the other parameters, decoded, sorted
// by key, `key=value` with a repeated key's values joined by ",", no separator).
// The signature is computed here with node:crypto, independently of the server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { SECRET, backend, order, startServer } from './helpers.mjs';

const APP_SECRET = 'shpss_app-proxy-test-secret';
const SHOP = 'stepwise-test.myshopify.com';
const PATH = '/v1/connectors/shopify/proxy/token';
// Shopify customer ids are 64-bit: beyond what a double holds exactly.
const ADA = '820982911946154508';
const GRACE = '820982911946154509';

let s;
let plain; // a server without --shopify-secret

before(async () => {
  s = await startServer({ args: ['--shopify-secret', APP_SECRET] });
  plain = await startServer();
  const r = await s.admin('POST', '/v1/events', { events: [order(ADA, '25.00'), order(GRACE, '70.00')] });
  assert.equal(r.status, 200, r.text);
});
after(async () => {
  await s?.stop();
  await plain?.stop();
});

const now = () => Math.floor(Date.now() / 1000);

/** What Shopify signs, from [key, value] pairs as decoded (repeated keys allowed). */
function signedText(pairs) {
  const byKey = new Map();
  for (const [k, v] of pairs) if (k !== 'signature') byKey.set(k, [...(byKey.get(k) || []), v]);
  // Byte order of the UTF-8 keys, as Ruby and C++ compare strings.
  const keys = [...byKey.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return keys.map((k) => `${k}=${byKey.get(k).join(',')}`).join('');
}
const sign = (pairs, secret = APP_SECRET) => createHmac('sha256', secret).update(signedText(pairs), 'utf8').digest('hex');

/** The parameters Shopify adds to a storefront request for `customer` ('' = signed out). */
const shopifyParams = (customer, over = {}) => Object.entries({
  shop: SHOP, logged_in_customer_id: customer, path_prefix: '/apps/stepwise', timestamp: String(now()), ...over,
});

// Encodes a query two ways Shopify's forwarding may produce: spaces as '+'
// (forms, URLSearchParams) or as %20 (encodeURIComponent).
const query = (pairs, spaces = '+') => pairs.map(([k, v]) => {
  const enc = (t) => (spaces === '+' ? new URLSearchParams([[t, '']]).toString().slice(0, -1) : encodeURIComponent(t));
  return `${enc(k)}=${enc(v)}`;
}).join('&');

/** The forwarded request: `pairs` signed, then `tamper` applied to what is sent. */
async function forward(pairs, { server = s, secret = APP_SECRET, tamper = (p) => p, spaces } = {}) {
  const sent = tamper([...pairs, ['signature', sign(pairs, secret)]]);
  return server.raw('GET', `${PATH}?${query(sent, spaces)}`);
}

function assertRefused(r, status, pattern) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.match(r.body.errors[0].message, pattern);
  assert.equal(r.body.token, undefined);
}

describe(`Shopify app proxy token (${backend})`, () => {
  test('a signed request for a signed-in shopper answers her token, which reads only her progress', async () => {
    const t0 = now();
    const r = await forward(shopifyParams(ADA));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.match(r.headers.get('content-type'), /application\/json/);
    assert.deepEqual(Object.keys(r.body).sort(), ['customer_id', 'expires_at', 'token']);
    assert.equal(r.body.customer_id, ADA);

    // The store token format: id.expiry.hex(HMAC-SHA256(store secret, id.expiry)), an hour long.
    const [id, exp, mac] = r.body.token.split('.');
    assert.equal(id, ADA);
    assert.ok(Number(exp) >= t0 + 3600 && Number(exp) <= now() + 3600, `expiry ${exp}`);
    assert.equal(mac, createHmac('sha256', SECRET).update(`${id}.${exp}`).digest('hex'));
    assert.equal(r.body.expires_at, new Date(Number(exp) * 1000).toISOString().replace(/\.000Z$/, 'Z'));

    const headers = { 'x-customer-token': r.body.token };
    const mine = await s.raw('GET', `/v1/customers/${ADA}/history`, undefined, headers);
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.body.customer.id, ADA);
    assert.deepEqual(mine.body.events.map((e) => e.subtotal), ['25.00']);
    const theirs = await s.raw('GET', `/v1/customers/${GRACE}/history`, undefined, headers);
    assert.equal(theirs.status, 403, theirs.text);
  });

  test('a parameter changed after signing: 401', async () => {
    const swap = (p) => p.map(([k, v]) => [k, k === 'logged_in_customer_id' ? GRACE : v]);
    assertRefused(await forward(shopifyParams(ADA), { tamper: swap }), 401, /invalid signature/);
    const addParam = (p) => [...p, ['extra', '1']];
    assertRefused(await forward(shopifyParams(ADA), { tamper: addParam }), 401, /invalid signature/);
    const dropPrefix = (p) => p.filter(([k]) => k !== 'path_prefix');
    assertRefused(await forward(shopifyParams(ADA), { tamper: dropPrefix }), 401, /invalid signature/);
  });

  test('signed with another secret: 401', async () => {
    assertRefused(await forward(shopifyParams(ADA), { secret: 'not-the-app-secret' }), 401, /invalid signature/);
  });

  test('no signature, or two: 401', async () => {
    const none = (p) => p.filter(([k]) => k !== 'signature');
    assertRefused(await forward(shopifyParams(ADA), { tamper: none }), 401, /missing signature/);
    const twice = (p) => [...p, p.find(([k]) => k === 'signature')];
    assertRefused(await forward(shopifyParams(ADA), { tamper: twice }), 401, /missing signature/);
    assertRefused(await s.raw('GET', PATH), 401, /missing signature/);
  });

  test('a timestamp more than 90 s from now, or none: 401; within 90 s: answered', async () => {
    for (const skew of [-120, -91, 91, 3600]) {
      const r = await forward(shopifyParams(ADA, { timestamp: String(now() + skew) }));
      assertRefused(r, 401, /stale or missing timestamp/);
    }
    for (const bad of ['', 'soon', '1e9']) {
      assertRefused(await forward(shopifyParams(ADA, { timestamp: bad })), 401, /stale or missing timestamp/);
    }
    const noTime = shopifyParams(ADA).filter(([k]) => k !== 'timestamp');
    assertRefused(await forward(noTime), 401, /stale or missing timestamp/);
    for (const skew of [-80, 80]) {
      const r = await forward(shopifyParams(ADA, { timestamp: String(now() + skew) }));
      assert.equal(r.status, 200, `skew ${skew}: ${r.text}`);
    }
  });

  test('nobody signed in on the storefront: 401', async () => {
    assertRefused(await forward(shopifyParams('')), 401, /no customer is signed in/);
    const absent = shopifyParams('').filter(([k]) => k !== 'logged_in_customer_id');
    assertRefused(await forward(absent), 401, /no customer is signed in/);
  });

  test('repeated keys: their values joined by "," in the order sent', async () => {
    const pairs = [['extra', '1'], ...shopifyParams(ADA), ['extra', '2'], ['z', '']];
    assert.match(signedText(pairs), /^extra=1,2logged_in_customer_id=/);
    const r = await forward(pairs);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.customer_id, ADA);
    // The same values in another order are another signed text.
    const swapped = (p) => p.map(([k, v]) => [k, k === 'extra' ? (v === '1' ? '2' : '1') : v]);
    assertRefused(await forward(pairs, { tamper: swapped }), 401, /invalid signature/);
  });

  test('a second logged_in_customer_id (added by the shopper to the URL, signed by Shopify): 400', async () => {
    const pairs = [['logged_in_customer_id', GRACE], ...shopifyParams(ADA)];
    assertRefused(await forward(pairs), 400, /more than once/);
  });

  test('values with spaces, "+", "," and non-ASCII are decoded exactly once', async () => {
    const odd = [['q', 'gift card + socks'], ['list', 'a,b'], ['name', 'Zoë 東京'], ['literal', '%41+%2B'],
      ['note', 'x=y&z']];
    for (const spaces of ['+', '%20']) {
      const r = await forward([...shopifyParams(ADA), ...odd], { spaces });
      assert.equal(r.status, 200, `spaces as ${spaces}: ${r.text}`);
    }
    // Signed over the text decoded twice ("%41+%2B" -> "A +"), the server must refuse it.
    const twice = odd.map(([k, v]) => [k, k === 'literal' ? 'A +' : v]);
    const pairs = [...shopifyParams(ADA), ...odd];
    const sent = [...pairs, ['signature', sign([...shopifyParams(ADA), ...twice])]];
    assertRefused(await s.raw('GET', `${PATH}?${query(sent)}`), 401, /invalid signature/);
  });

  test('with --shopify-shop, a request signed for another shop: 401', async () => {
    const one = await startServer({ args: ['--shopify-secret', APP_SECRET, '--shopify-shop', `https://${SHOP}/`] });
    try {
      const r = await forward(shopifyParams(ADA), { server: one });
      assert.equal(r.status, 200, r.text);
      const other = await forward(shopifyParams(ADA, { shop: 'another-shop.myshopify.com' }), { server: one });
      assertRefused(other, 401, new RegExp(`signed for another shop than ${SHOP.replace(/\./g, '\\.')}`));
    } finally {
      await one.stop();
    }
  });

  test('Shopify not connected (no --shopify-secret): 404', async () => {
    assertRefused(await forward(shopifyParams(ADA), { server: plain }), 404, /Shopify is not connected/);
  });
});
