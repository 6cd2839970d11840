// Regression tests for hostile or careless input (the security review): money
// that would overflow the ledger, bytes that are not what they seem, and HTTP
// framing. Real server, real HTTP (raw sockets where fetch would tidy the
// request), SQLite or PostgreSQL (tests/server/run.sh runs both).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import {
  startServer, spendProgram, order, uniqueCustomer, tmpPath, backend, root, ADMIN_KEY, BIN, sql,
} from './helpers.mjs';

const AUTH = `Bearer ${ADMIN_KEY}`;

// One request as raw bytes; resolves with the status, headers, raw body bytes
// and how long the answer took. The server closes after it (Connection: close).
function raw(url, head, body = Buffer.alloc(0), { timeout = 15000 } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const chunks = [];
    const sock = net.connect(Number(port), hostname, () => {
      sock.write(Buffer.concat([Buffer.from(head.replace(/\n/g, '\r\n') + '\r\n'), body]));
    });
    const timer = setTimeout(() => { sock.destroy(); reject(new Error('no answer in time')); }, timeout);
    sock.on('data', (d) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headText = all.subarray(0, end).toString('latin1');
      const m = headText.match(/\r\ncontent-length: *(\d+)/i);
      if (m && all.length >= end + 4 + Number(m[1])) finish(all, end, headText);
    });
    sock.on('end', () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end >= 0) finish(all, end, all.subarray(0, end).toString('latin1'));
    });
    sock.on('error', reject);
    let done = false;
    function finish(all, end, headText) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ status: Number(headText.split(' ')[1]), head: headText, body: all.subarray(end + 4), ms: Date.now() - t0 });
    }
  });
}

// A body as bytes must be UTF-8 and JSON, or it is not an answer a client can read.
function strictJson(bytes) {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return JSON.parse(text);
}

// A GET through fetch, keeping the raw bytes of the answer (fetch's text() would mend bad UTF-8).
async function getBytes(s, p) {
  const res = await fetch(s.url + p, { headers: { authorization: AUTH } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe(`money stays inside 64 bits (${backend})`, () => {
  let s;
  before(async () => { s = await startServer(); });
  after(async () => { await s.stop(); });

  const credit = (c, amount) => s.admin('POST', `/v1/customers/${c}/wallet/transactions`, { type: 'credit', amount });

  test('a wallet credit above the per-credit maximum is refused with its pointer', async () => {
    const c = uniqueCustomer('big');
    for (const amount of ['10000000000.01', '9999999999999.99']) {
      const r = await credit(c, amount);
      assert.equal(r.status, 422, r.text);
      assert.equal(r.body.errors[0].pointer, '/amount');
      assert.match(r.body.errors[0].message, /at most 10000000000\.00/);
    }
    assert.equal((await credit(c, '10000000000.00')).status, 201);
  });

  test('a balance never passes its maximum, and the ledger summary keeps answering', async () => {
    const c = uniqueCustomer('cap');
    for (let i = 0; i < 100; i++) assert.equal((await credit(c, '10000000000.00')).status, 201);
    let r = await credit(c, '0.01');
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.errors[0].pointer, '/amount');
    assert.match(r.body.errors[0].message, /past 1000000000000\.00/);
    assert.equal((await s.admin('GET', `/v1/customers/${c}/wallet`)).body.balance, '1000000000000.00');
    r = await s.admin('GET', `/v1/ledger/summary?customer_id=${c}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.credited, '1000000000000.00');
    assert.equal(r.body.transactions, 100);
    assert.equal((await s.admin('GET', '/v1/ledger/summary')).status, 200);
  });

  test('an award past the balance maximum credits what fits, once, and never fails the ingestion', async () => {
    assert.equal((await s.admin('POST', '/v1/programs', {
      id: 'huge', name: 'Huge', kind: 'tiers', status: 'active', currency: 'USD',
      steps: [{ id: 'cent', name: 'Every cent', target: '0.01', repeating: true,
        rewards: [{ type: 'store_credit', amount: '9999999999999.99' }] }],
    })).status, 201);
    const c = uniqueCustomer('award');
    const ev = order(c, '0.50');
    let r = await s.admin('POST', '/v1/events', ev);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.awards.length, 50);
    assert.equal((await s.admin('GET', `/v1/customers/${c}/wallet`)).body.balance, '1000000000000.00');
    const rows = (await s.admin('GET', `/v1/ledger?customer_id=${c}&limit=1000`)).body.transactions;
    assert.equal(rows.length, 50, 'one row per award');
    const total = rows.reduce((t, x) => t + BigInt(x.amount.replace('.', '')), 0n);
    assert.equal(total, 100000000000000n);
    assert.ok(rows.every((x) => x.requested === '9999999999999.99'), 'each capped row says what it was due');
    // Redelivery and later orders: still exactly once, still 200.
    r = await s.admin('POST', '/v1/events', ev);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.duplicates, 1);
    assert.equal(r.body.awards.length, 0);
    r = await s.admin('POST', '/v1/events', order(c, '0.02'));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.awards.length, 2);
    assert.equal((await s.admin('GET', `/v1/ledger?customer_id=${c}&limit=1000`)).body.transactions.length, 52);
    assert.equal((await s.admin('GET', '/v1/ledger/summary')).status, 200);
    assert.equal((await s.admin('DELETE', '/v1/programs/huge')).status, 204);
  });

  test('a total past 64 bits is a clear 422, never 503 "try again"', async () => {
    // Unreachable through the API now; rows written around it must not make the summary "unavailable".
    const c = uniqueCustomer('old');
    for (let i = 0; i < 2; i++)
      sql(s.db, `INSERT INTO ledger (customer_id, at, type, note, amount, balance_after, status, source)
                 VALUES ('${c}', ${Date.now()}, 'Manual Credit', 'old', 5000000000000000000, 0, 'posted', 'manual')`);
    const r = await s.admin('GET', '/v1/ledger/summary');
    assert.equal(r.status, 422, r.text);
    assert.match(r.body.errors[0].message, /64-bit range.*shorter period/);
    assert.equal((await s.admin('GET', `/v1/ledger/summary?customer_id=${uniqueCustomer('other')}`)).status, 200);
    sql(s.db, `DELETE FROM ledger WHERE customer_id = '${c}'`);
    assert.equal((await s.admin('GET', '/v1/ledger/summary')).status, 200);
  });

  test('order amounts past the engine bound are refused with their pointer', async () => {
    const r = await s.admin('POST', '/v1/events', { events: [order(uniqueCustomer('o'), '10000000000000.01')] });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.errors[0].pointer, '/events/0/subtotal');
  });
});

describe(`only text both databases store alike (${backend})`, () => {
  let s;
  before(async () => { s = await startServer({ args: ['--web', path.join(root, 'web')] }); });
  after(async () => { await s.stop(); });

  test('event ids that differ after a NUL stay two events: refused, not merged', async () => {
    const c = uniqueCustomer('nul');
    const r = await s.admin('POST', '/v1/events', { events: [order(c, '30.00', { id: 'e\u0000a' }), order(c, '30.00', { id: 'e\u0000b' })] });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.body.errors.map((e) => e.pointer), ['/events/0/id', '/events/1/id']);
    assert.match(r.body.errors[0].message, /NUL/);
    assert.equal((await s.admin('GET', `/v1/customers/${c}/history`)).body.events.length, 0);
  });

  test('NUL is refused in every body, with the pointer of the string or the field name', async () => {
    const c = uniqueCustomer('body');
    let r = await s.admin('PUT', `/v1/customers/${c}`, { name: 'Ann\u0000' });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.errors[0].pointer, '/name');
    r = await s.admin('POST', '/v1/programs', spendProgram({ id: 'nulprog', name: 'Spend\u0000' }));
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.errors[0].pointer, '/name');
    r = await s.admin('POST', '/v1/events', { ...order(c, '1.00'), meta: { 'k\u0000': 1 } });
    assert.equal(r.status, 422, r.text);
    assert.match(r.body.errors[0].message, /field name/);
    r = await s.admin('POST', `/v1/customers/${c}/wallet/transactions`, { type: 'credit', amount: '1.00', note: 'x\u0000y' });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.errors[0].pointer, '/note');
    const csv = await getBytes(s, '/v1/ledger.csv');
    assert.equal(csv.status, 200);
    assert.equal(csv.bytes.indexOf(0), -1, 'no NUL reaches the CSV export');
  });

  test('a body nested past 32 levels is a 400 before it is parsed; 32 levels are read', async () => {
    const c = uniqueCustomer('deep');
    const nest = (n) => '['.repeat(n) + ']'.repeat(n);
    let r = await s.admin('PUT', `/v1/customers/${c}`, `{"name":"Ann","roles":${nest(33)}}`);
    assert.equal(r.status, 400, r.text);
    assert.match(r.body.errors[0].message, /nested deeper than 32 levels/);
    // Brackets inside strings are text, not depth.
    r = await s.admin('PUT', `/v1/customers/${c}`, { name: nest(40) });
    assert.equal(r.status, 200, r.text);
    // 32 levels get past the depth check to the field rules.
    r = await s.admin('PUT', `/v1/customers/${c}`, `{"roles":${nest(31)}}`);
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.errors[0].pointer, '/roles/0');
  });

  test('an import refuses NUL like the API (exit 2, line and pointer)', async () => {
    const file = tmpPath(`nul-${process.pid}.ndjson`);
    writeFileSync(file, JSON.stringify(order(uniqueCustomer('imp'), '1.00', { id: 'i\u0000d' })) + '\n');
    let err;
    try { execFileSync(BIN, ['import', '--db', s.db, file], { stdio: 'pipe' }); } catch (e) { err = e; }
    assert.ok(err, 'import must fail');
    assert.equal(err.status, 2);
    assert.match(err.stderr.toString(), /line 1: \/id: must not contain NUL/);
  });

  test('invalid UTF-8 or NUL in a query parameter is a 400 naming it, on both databases', async () => {
    for (const q of ['customer_id=%ff', 'customer_id=a%00b', 'type=%c3%28']) {
      const r = await getBytes(s, `/v1/ledger?${q}`);
      assert.equal(r.status, 400, q);
      assert.match(strictJson(r.bytes).errors[0].message, /^query parameter (customer_id|type): /);
    }
    assert.equal((await getBytes(s, '/v1/ledger/summary?customer_id=%ff')).status, 400);
    assert.equal((await getBytes(s, '/v1/programs/%ff')).status, 400);
    assert.equal((await getBytes(s, '/v1/ledger?%ff=1')).status, 400);
  });

  test('error bodies that quote input are valid UTF-8 JSON', async () => {
    const body = Buffer.concat([Buffer.from('{"customer_id":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const r = await raw(s.url, `POST /v1/events HTTP/1.1\nHost: x\nAuthorization: ${AUTH}\nContent-Type: application/json\nContent-Length: ${body.length}\nConnection: close\n`, body);
    assert.equal(r.status, 400);
    assert.match(strictJson(r.body).errors[0].message, /invalid JSON/);
  });

  test('a path with %00 never serves a file', async () => {
    for (const p of ['/index.html%00.png', '/index.html%00', '/%00']) {
      const r = await raw(s.url, `GET ${p} HTTP/1.1\nHost: x\nConnection: close\n`);
      assert.ok(r.status === 400 || r.status === 404, `${p}: ${r.status}`);
      assert.doesNotMatch(r.head, /content-type: (image|text\/html)/i);
    }
    assert.equal((await raw(s.url, 'GET /index.html HTTP/1.1\nHost: x\nConnection: close\n')).status, 200);
  });
});

describe(`HTTP framing (${backend})`, () => {
  let s;
  before(async () => { s = await startServer(); });
  after(async () => { await s.stop(); });

  test('body-less POSTs without Content-Length answer at once', async () => {
    const c = uniqueCustomer('nolen');
    assert.equal((await s.admin('PUT', `/v1/customers/${c}`, { name: 'Ann' })).status, 200);
    assert.equal((await s.admin('POST', '/v1/programs', spendProgram({ status: 'inactive' }))).status, 201);
    for (const p of [`/v1/customers/${c}/recalculate`, '/v1/programs/spend/activate', '/v1/programs/spend/deactivate']) {
      const r = await raw(s.url, `POST ${p} HTTP/1.1\nHost: x\nAuthorization: ${AUTH}\nConnection: close\n`);
      assert.equal(r.status, 200, `${p}: ${r.body}`);
      assert.ok(r.ms < 2000, `${p} took ${r.ms} ms`);
    }
  });

  test('two different Content-Length headers are refused', async () => {
    const body = '{"customer_id":"x"}';
    const r = await raw(s.url, `POST /v1/events HTTP/1.1\nHost: x\nAuthorization: ${AUTH}\nContent-Length: ${body.length}\nContent-Length: 5\nConnection: close\n`, Buffer.from(body));
    assert.equal(r.status, 400);
    assert.match(strictJson(r.body).errors[0].message, /Content-Length/);
    const both = await raw(s.url, `POST /v1/events HTTP/1.1\nHost: x\nAuthorization: ${AUTH}\nContent-Length: 3\nTransfer-Encoding: chunked\nConnection: close\n`, Buffer.from('0\r\n\r\n'));
    assert.equal(both.status, 400);
  });

  test('a transfer coding other than a single chunked is refused, and the connection closed', async () => {
    for (const coding of ['gzip', 'gzip, chunked', 'chunked, chunked', 'identity']) {
      const r = await raw(s.url, `POST /v1/events HTTP/1.1\nHost: x\nAuthorization: ${AUTH}\nTransfer-Encoding: ${coding}\n`, Buffer.from('5\r\nhello\r\n0\r\n\r\n'));
      assert.equal(r.status, 400, coding);
      assert.match(r.head, /connection: close/i);
      assert.match(strictJson(r.body).errors[0].message, /Transfer-Encoding/);
    }
  });

  test('Expect: 100-continue is answered 100, then the request', async () => {
    const body = Buffer.from(JSON.stringify({ customer_id: uniqueCustomer('expect'), id: 'x1', type: 'review', at: '2026-01-02T00:00:00Z' }));
    const { hostname, port } = new URL(s.url);
    const answer = await new Promise((resolve, reject) => {
      let got = '';
      const sock = net.connect(Number(port), hostname, () => {
        sock.write(`POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`);
      });
      sock.on('data', (d) => {
        const first = got === '';
        got += d.toString('latin1');
        if (first && /^HTTP\/1\.1 100 /.test(got)) sock.write(body);  // the body only after the 100
      });
      sock.on('end', () => resolve(got));
      sock.on('error', reject);
      setTimeout(() => { sock.destroy(); reject(new Error('no answer')); }, 5000);
    });
    assert.match(answer, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
  });
});
