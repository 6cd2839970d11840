// Slow, idle and oversized clients (issue 14, items 2 and 3): the HTTP layer
// reads every connection asynchronously under deadlines, so none of them can
// hold a worker thread or make another client wait. Raw node:net sockets,
// because fetch would never send a request this slowly or this badly.
// SQLite or PostgreSQL (tests/server/run.sh runs both).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { startServer, sleep, backend, ADMIN_KEY } from './helpers.mjs';

const AUTH = `Authorization: Bearer ${ADMIN_KEY}`;

// A connected socket that records everything it receives and when it closed.
function connect(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname);
    sock.received = Buffer.alloc(0);
    sock.gone = false;
    sock.on('data', (d) => { sock.received = Buffer.concat([sock.received, d]); });
    sock.on('close', () => { sock.gone = true; });
    sock.on('error', () => {});
    sock.once('connect', () => resolve(sock));
    sock.once('error', reject);
  });
}

// The first response on `sock`: status, head, body (by Content-Length).
function response(sock, { timeout = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const check = () => {
      const all = sock.received;
      const end = all.indexOf('\r\n\r\n');
      if (end >= 0) {
        const head = all.subarray(0, end).toString('latin1');
        const m = head.match(/\r\ncontent-length: *(\d+)/i);
        const length = m ? Number(m[1]) : 0;
        if (all.length >= end + 4 + length) {
          done();
          const body = all.subarray(end + 4, end + 4 + length);
          sock.received = all.subarray(end + 4 + length);
          return resolve({ status: Number(head.split(' ')[1]), head, body: body.toString(), ms: Date.now() - t0 });
        }
      }
      if (sock.gone) { done(); reject(new Error('closed without a response')); }
    };
    const timer = setTimeout(() => { done(); reject(new Error(`no response in ${timeout} ms`)); }, timeout);
    const done = () => { clearTimeout(timer); sock.off('data', check); sock.off('close', check); };
    sock.on('data', check);
    sock.on('close', check);
    check();
  });
}

const closed = (sock, timeout = 10000) => new Promise((resolve, reject) => {
  if (sock.gone) return resolve();
  const timer = setTimeout(() => reject(new Error('still open')), timeout);
  sock.once('close', () => { clearTimeout(timer); resolve(); });
});

const crlf = (text) => text.replace(/\n/g, '\r\n');

async function health(url) {
  const sock = await connect(url);
  sock.write('GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const r = await response(sock);
  sock.destroy();
  return r;
}

// Writes "head" then chunks of `chunk` bytes until `total` is sent or the
// server stops reading; resolves with the bytes sent and the response.
function chunkedUpload(url, head, total, chunk = 64 * 1024) {
  return connect(url).then((sock) => new Promise((resolve) => {
    let sent = 0;
    let res = null;
    response(sock, { timeout: 60000 }).then((r) => { res = r; }, () => {});
    const piece = Buffer.concat([Buffer.from(chunk.toString(16) + '\r\n'), Buffer.alloc(chunk, 97), Buffer.from('\r\n')]);
    const pump = () => {
      while (!sock.gone && !res && sent < total) {
        sent += chunk;
        if (!sock.write(piece)) return sock.once('drain', pump);
      }
      if (sent >= total && !sock.gone && !res) sock.write('0\r\n\r\n');
    };
    sock.write(crlf(head) + '\r\n', pump);
    const finish = () => setTimeout(() => { sock.destroy(); resolve({ sent, res }); }, 100);
    sock.once('close', finish);
    const poll = setInterval(() => { if (res) { clearInterval(poll); finish(); } }, 20);
    sock.once('close', () => clearInterval(poll));
  }));
}

const rssKiB = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);

describe(`slow and idle clients do not stall others (${backend})`, () => {
  let s;
  before(async () => { s = await startServer(); });
  after(async () => { await s.stop(); });

  test('72 connections dripping a header byte every 2 s: /v1/health still answers within 1 s', async () => {
    const head = 'GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'y'.repeat(50);
    const drips = await Promise.all(Array.from({ length: 72 }, () => connect(s.url)));
    let i = 0;
    const send = () => { for (const d of drips) if (!d.gone) d.write(head[i % head.length]); i++; };
    send();
    const timer = setInterval(send, 2000);
    try {
      await sleep(2500);  // every drip connection has sent two bytes and waits
      for (let k = 0; k < 3; k++) {
        const r = await health(s.url);
        assert.equal(r.status, 200);
        assert.ok(r.ms < 1000, `health took ${r.ms} ms`);
      }
      assert.equal(drips.filter((d) => d.gone).length, 0, 'the drip connections are still open (within the header timeout)');
    } finally {
      clearInterval(timer);
      for (const d of drips) d.destroy();
    }
  });

  test('80 idle keep-alive connections: a new client is answered at once, and they stay usable', async () => {
    const idle = await Promise.all(Array.from({ length: 80 }, () => connect(s.url)));
    for (const c of idle) c.write('GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    for (const c of idle) assert.equal((await response(c)).status, 200);
    try {
      const r = await health(s.url);
      assert.equal(r.status, 200);
      assert.ok(r.ms < 1000, `a new client waited ${r.ms} ms`);
      // Keep-alive kept: the idle connections take a second request.
      for (const c of idle.slice(0, 5)) {
        assert.equal(c.gone, false);
        c.write('GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
        const again = await response(c);
        assert.equal(again.status, 200);
        assert.match(again.head, /keep-alive: timeout=\d+/i);
      }
    } finally {
      for (const c of idle) c.destroy();
    }
  });

  test('an oversized head gets 431 with Connection: close', async () => {
    const sock = await connect(s.url);
    sock.write(`GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'z'.repeat(20000)}\r\n\r\n`);
    const r = await response(sock);
    assert.equal(r.status, 431);
    assert.match(r.head, /connection: close/i);
    assert.match(JSON.parse(r.body).errors[0].message, /head too large/);
    await closed(sock);
  });
});

describe(`deadlines and connection bounds (${backend})`, () => {
  let s;
  before(async () => {
    s = await startServer({ args: ['--header-timeout', '1', '--body-timeout', '1.5', '--idle-timeout', '1', '--threads', '2', '--max-connections-per-peer', '12'] });
  });
  after(async () => { await s.stop(); });

  test('a head not complete within the header timeout gets 408 and is closed', async () => {
    const sock = await connect(s.url);
    const t0 = Date.now();
    sock.write('GET /v1/health HTTP/1.1\r\n');
    const timer = setInterval(() => { if (!sock.gone) sock.write('X'); }, 200);  // bytes keep coming, too slowly
    try {
      const r = await response(sock, { timeout: 5000 });
      assert.equal(r.status, 408);
      assert.match(r.head, /connection: close/i);
      assert.match(JSON.parse(r.body).errors[0].message, /request head not complete within 1 s/);
      assert.ok(Date.now() - t0 >= 900, 'not before the timeout');
      await closed(sock, 5000);
    } finally {
      clearInterval(timer);
      sock.destroy();
    }
  });

  test('an idle connection is closed after the idle timeout, without an answer', async () => {
    const sock = await connect(s.url);
    sock.write('GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal((await response(sock)).status, 200);
    await closed(sock, 5000);
    assert.equal(sock.received.length, 0);
  });

  test('a body that stops coming gets 408, and neither it nor an endless chunk holds a worker', async () => {
    // Two workers only (--threads 2), four stalled bodies.
    const stalled = [];
    for (let i = 0; i < 2; i++) {
      const c = await connect(s.url);
      c.write(crlf(`POST /v1/events HTTP/1.1\nHost: x\n${AUTH}\nContent-Length: 100000\n\n{"id":`));
      stalled.push(c);
      const e = await connect(s.url);
      e.write(crlf(`POST /v1/events HTTP/1.1\nHost: x\n${AUTH}\nTransfer-Encoding: chunked\n\nfffff\n{"id"`));
      stalled.push(e);
    }
    try {
      await sleep(300);
      for (let k = 0; k < 3; k++) {
        const r = await health(s.url);
        assert.equal(r.status, 200);
        assert.ok(r.ms < 1000, `health took ${r.ms} ms`);
      }
      for (const c of stalled) {
        const r = await response(c, { timeout: 5000 });
        assert.equal(r.status, 408);
        assert.match(JSON.parse(r.body).errors[0].message, /request body not received within 1500 ms/);
      }
    } finally {
      for (const c of stalled) c.destroy();
    }
  });

  test('a Content-Length past the limit gets 413 at once; one that is not a length gets 400', async () => {
    for (const [length, status] of [['1048577', 413], ['1000000000000', 413], ['99999999999999999999999', 400], ['-1', 400]]) {
      const sock = await connect(s.url);
      sock.write(crlf(`POST /v1/events HTTP/1.1\nHost: x\n${AUTH}\nContent-Length: ${length}\n\n{`));
      const r = await response(sock, { timeout: 3000 });
      assert.equal(r.status, status, `Content-Length: ${length}`);
      assert.ok(r.ms < 1000, `Content-Length: ${length} took ${r.ms} ms`);
      assert.match(r.head, /connection: close/i);
      sock.destroy();
    }
  });

  test('connections past the per-peer bound get 503 with Connection: close at once', async () => {
    const held = await Promise.all(Array.from({ length: 12 }, () => connect(s.url)));
    try {
      await sleep(100);
      const extra = await connect(s.url);
      extra.write('GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
      const r = await response(extra, { timeout: 3000 });
      assert.equal(r.status, 503);
      assert.ok(r.ms < 1000);
      assert.match(r.head, /connection: close/i);
      assert.match(r.head, /retry-after: 1/i);
      assert.match(JSON.parse(r.body).errors[0].message, /too many connections/);
      await closed(extra, 5000);
    } finally {
      for (const c of held) c.destroy();
    }
    await sleep(200);
    assert.equal((await health(s.url)).status, 200, 'served again once the others closed');
  });
});

describe(`chunked bodies obey the 1 MiB limit (${backend})`, () => {
  let s;
  before(async () => { s = await startServer(); });
  after(async () => { await s.stop(); });

  test('a chunked body under the limit is read', async () => {
    const body = JSON.stringify({ customer_id: 'chunky', id: 'chunk-1', type: 'review', at: '2026-01-02T00:00:00Z' });
    const sock = await connect(s.url);
    sock.write(crlf(`POST /v1/events HTTP/1.1\nHost: x\n${AUTH}\nTransfer-Encoding: chunked\nConnection: close\n\n`));
    sock.write(`${(10).toString(16)}\r\n${body.slice(0, 10)}\r\n${(body.length - 10).toString(16)}\r\n${body.slice(10)}\r\n0\r\n\r\n`);
    const r = await response(sock);
    assert.equal(r.status, 200, r.body);
    assert.equal(JSON.parse(r.body).accepted, 1);
    sock.destroy();
  });

  test('a chunked body past 1 MiB gets 413 before the rest is sent, with or without credentials', async () => {
    for (const auth of [AUTH, 'X-None: 1']) {
      const { sent, res } = await chunkedUpload(s.url, `POST /v1/events HTTP/1.1\nHost: x\n${auth}\nTransfer-Encoding: chunked\n`, 64 << 20);
      assert.equal(res?.status, 413);
      assert.match(JSON.parse(res.body).errors[0].message, /too large \(limit 1 MiB\)/);
      assert.ok(sent < 32 << 20, `the client could send ${sent} bytes`);
    }
  });

  test('four concurrent 256 MiB chunked uploads: every one gets 413 and the server memory stays bounded', async () => {
    const pid = s.child.pid;
    const before = rssKiB(pid);
    let peak = before;
    const probe = setInterval(() => { peak = Math.max(peak, rssKiB(pid)); }, 20);
    try {
      const head = `POST /v1/events HTTP/1.1\nHost: x\n${AUTH}\nTransfer-Encoding: chunked\n`;
      const results = await Promise.all(Array.from({ length: 4 }, () => chunkedUpload(s.url, head, 256 << 20)));
      for (const { res } of results) assert.equal(res?.status, 413);
    } finally {
      clearInterval(probe);
    }
    peak = Math.max(peak, rssKiB(pid));
    assert.ok(peak - before < 64 * 1024, `RSS grew from ${before} KiB to ${peak} KiB`);
    assert.equal((await health(s.url)).status, 200);
  });
});
