// A customer's referral code and link (GET /v1/customers/{id}/referral,
// serve --referral-url): the code is deterministic (the same on every call
// and every server with the same store secret, nothing stored) and
// unguessable without the secret (base32 of an HMAC-SHA256 of the customer
// id); only that customer's token (or the admin key) reads it; the link is the
// store's template with {code} replaced; without a template the code comes
// alone; a template without {code} stops the server at startup, naming it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { BIN, SECRET, startServer, token } from './helpers.mjs';

const TEMPLATE = 'https://shop.example/?ref={code}';
let server;
let plain;

// RFC 4648 base32 of the MAC, first 16 letters: what the guide says, computed independently.
function expected(customer, secret = SECRET) {
  const mac = createHmac('sha256', secret).update(`referral:${customer}`).digest();
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of mac) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; out.length < 16; i += 5) out += abc[parseInt(bits.slice(i, i + 5), 2)];
  return out;
}

const get = (srv, who, customer, headers) => srv.raw('GET', `/v1/customers/${encodeURIComponent(customer)}/referral`, undefined,
  headers || { 'x-customer-token': token(who) });

before(async () => {
  server = await startServer({ args: ['--referral-url', TEMPLATE] });
  plain = await startServer();
});
after(async () => {
  await server?.stop();
  await plain?.stop();
});

test('the customer reads their own code and link, the same every time', async () => {
  const r = await get(server, 'ref-ada', 'ref-ada');
  assert.equal(r.status, 200, r.text);
  assert.match(r.body.code, /^[A-Z2-7]{16}$/);
  assert.equal(r.body.code, expected('ref-ada'));
  assert.equal(r.body.url, `https://shop.example/?ref=${r.body.code}`);
  assert.equal(r.body.customer_id, 'ref-ada');
  const again = await get(server, 'ref-ada', 'ref-ada');
  assert.deepEqual(again.body, r.body);
  // Another server with the same secret and no template: the same code, no link.
  const other = await get(plain, 'ref-ada', 'ref-ada');
  assert.equal(other.status, 200, other.text);
  assert.deepEqual(other.body, { customer_id: 'ref-ada', code: r.body.code, url: null });
});

test('codes differ between customers and depend on the secret', async () => {
  const ada = (await get(server, 'ref-ada', 'ref-ada')).body.code;
  const bob = (await get(server, 'ref-bob', 'ref-bob')).body.code;
  assert.notEqual(ada, bob);
  assert.notEqual(expected('ref-ada', 'another-secret'), ada);
});

test("another customer's token is refused, and so is no token", async () => {
  const r = await get(server, 'ref-bob', 'ref-ada');
  assert.equal(r.status, 403, r.text);
  assert.ok(!r.text.includes(expected('ref-ada')), 'the refusal does not carry the code');
  const none = await get(server, null, 'ref-ada', {});
  assert.equal(none.status, 401, none.text);
  const admin = await server.admin('GET', '/v1/customers/ref-ada/referral');
  assert.equal(admin.status, 200, admin.text);
  assert.equal(admin.body.code, expected('ref-ada'));
});

test('a template without {code} stops the server at startup', () => {
  const r = spawnSync(BIN, ['serve', '--db', 'sqlite::memory:', '--port', '0', '--store-secret', SECRET,
    '--referral-url', 'https://shop.example/?ref='], { encoding: 'utf8', timeout: 10000 });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr + r.stdout, /--referral-url https:\/\/shop\.example\/\?ref=: give an http\(s\):\/\/ URL containing \{code\}/);
});
