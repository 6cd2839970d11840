// The --web files over real HTTP (server/src/static_files.cpp): Content-Type,
// ETag and 304, Cache-Control by content-hashed name, the precompressed .br and
// .gz forms chosen by Accept-Encoding (q=0 respected, Vary), HEAD, edits picked
// up without a restart, path safety, and CORS for the files and /v1/* with two
// --cors-origin values. Raw node:http requests: fetch() would decompress and
// set its own Accept-Encoding.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { BIN, startServer, tmpPath } from './helpers.mjs';

const SHOP = 'https://shop.example.com';
const WWW = 'https://www.shop.example.com';

const web = tmpPath('web');
const sha = (b) => createHash('sha256').update(b).digest('hex');
const appJs = Buffer.from(`export const greeting = ${JSON.stringify('hello '.repeat(400))};\n`);
const libJs = Buffer.from('export const lib = 1;\n'.repeat(50));
const hashedName = `lib.${sha(libJs).slice(0, 16)}.js`;
const wasm = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

// Sets a file's mtime `seconds` from now (the server compares them).
const age = (file, seconds) => {
  const t = new Date(Date.now() + seconds * 1000);
  utimesSync(file, t, t);
};

function writeSite() {
  mkdirSync(path.join(web, 'sub'), { recursive: true });
  mkdirSync(path.join(web, 'v1'), { recursive: true });
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>home</title>');
  writeFileSync(path.join(web, 'sub', 'index.html'), '<!doctype html><title>sub</title>');
  writeFileSync(path.join(web, 'v1', 'health'), 'a file must never shadow the API');
  writeFileSync(path.join(web, 'app.js'), appJs);
  writeFileSync(path.join(web, 'app.js.br'), brotliCompressSync(appJs));
  writeFileSync(path.join(web, 'app.js.gz'), gzipSync(appJs));
  writeFileSync(path.join(web, hashedName), libJs);
  writeFileSync(path.join(web, hashedName + '.gz'), gzipSync(libJs));
  // Looks hashed, but the digits are not its content's: revalidated like any file.
  writeFileSync(path.join(web, 'fake.0123456789abcdef.js'), libJs);
  writeFileSync(path.join(web, 'engine.wasm'), wasm);
  writeFileSync(path.join(web, 'notes.md'), '# Notes\n');
  // A compressed form older than its file is left from an earlier build.
  writeFileSync(path.join(web, 'stale.js'), 'export const fresh = true;\n');
  writeFileSync(path.join(web, 'stale.js.gz'), gzipSync(Buffer.from('export const fresh = false;\n')));
  age(path.join(web, 'stale.js.gz'), -60);
  for (const f of ['app.js', hashedName, 'stale.js']) age(path.join(web, f), -30);
}

/** One request with exactly these headers; resolves {status, headers, body: Buffer}. */
function get(base, target, headers = {}, method = 'GET') {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: target, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const varyOf = (res) => String(res.headers.vary || '').split(',').map((s) => s.trim().toLowerCase());

let server;
before(async () => {
  writeSite();
  server = await startServer({ args: ['--web', web, '--cors-origin', SHOP, '--cors-origin', WWW] });
});
after(async () => { await server?.stop(); });

describe('static files', () => {
  test('Content-Type by extension, and index.html for a directory', async () => {
    const types = { '/app.js': 'text/javascript; charset=utf-8', '/engine.wasm': 'application/wasm',
      '/notes.md': 'text/markdown; charset=utf-8', '/': 'text/html; charset=utf-8', '/sub/': 'text/html; charset=utf-8' };
    for (const [p, type] of Object.entries(types)) {
      const r = await get(server.url, p);
      assert.equal(r.status, 200, p);
      assert.equal(r.headers['content-type'], type, p);
      assert.equal(r.headers['x-content-type-options'], 'nosniff', p);
    }
    assert.match((await get(server.url, '/sub/')).body.toString(), /<title>sub/);
    assert.deepEqual((await get(server.url, '/engine.wasm')).body, wasm);
  });

  test('Accept-Encoding picks br over gzip, respects q=0 and q values, and says Vary', async () => {
    const cases = [
      ['gzip, deflate, br, zstd', 'br'],
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['x-gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['br;q=0.5, gzip;q=0.8', 'gzip'],
      ['gzip;q=1.0, br;q=1.0', 'br'],
      ['br;q=0, gzip;q=0', undefined],
      ['*', 'br'],
      ['*;q=0, gzip', 'gzip'],
      ['identity', undefined],
      ['gzip;q=0.5, identity', undefined],
      ['deflate', undefined],
      ['br;q=bogus, gzip', 'gzip'],
      [null, undefined],
    ];
    for (const [accept, coding] of cases) {
      const r = await get(server.url, '/app.js', accept == null ? {} : { 'accept-encoding': accept });
      assert.equal(r.status, 200, String(accept));
      assert.equal(r.headers['content-encoding'], coding, `Accept-Encoding: ${accept}`);
      assert.ok(varyOf(r).includes('accept-encoding'), `Vary for ${accept}`);
      const body = coding === 'br' ? brotliDecompressSync(r.body) : coding === 'gzip' ? gunzipSync(r.body) : r.body;
      assert.deepEqual(body, appJs, `body for ${accept}`);
      if (coding) assert.ok(r.body.length < appJs.length / 4, `${coding} is smaller`);
    }
    // A file without a .br form: gzip even for a browser that prefers br.
    assert.equal((await get(server.url, `/${hashedName}`, { 'accept-encoding': 'br, gzip' })).headers['content-encoding'], 'gzip');
    assert.equal((await get(server.url, '/engine.wasm', { 'accept-encoding': 'br, gzip' })).headers['content-encoding'], undefined);
  });

  test('a compressed form older than its file is not sent', async () => {
    const r = await get(server.url, '/stale.js', { 'accept-encoding': 'gzip' });
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.body.toString(), 'export const fresh = true;\n');
  });

  test('ETag per representation; If-None-Match answers 304 with the caching headers and no body', async () => {
    const plain = await get(server.url, '/app.js');
    const br = await get(server.url, '/app.js', { 'accept-encoding': 'br' });
    const gz = await get(server.url, '/app.js', { 'accept-encoding': 'gzip' });
    const tags = [plain, br, gz].map((r) => r.headers.etag);
    for (const t of tags) assert.match(t, /^"[0-9a-f]{32}"$/);
    assert.equal(new Set(tags).size, 3, 'each coding has its own ETag');
    assert.equal(tags[0], `"${sha(appJs).slice(0, 32)}"`, 'the identity ETag is the content hash');

    const again = await get(server.url, '/app.js', { 'accept-encoding': 'br', 'if-none-match': br.headers.etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, br.headers.etag);
    assert.equal(again.headers['cache-control'], 'no-cache');
    assert.ok(varyOf(again).includes('accept-encoding'));
    // Weak comparison, lists and "*".
    for (const inm of [`W/${br.headers.etag}`, `"nope", ${br.headers.etag}`, '*'])
      assert.equal((await get(server.url, '/app.js', { 'accept-encoding': 'br', 'if-none-match': inm })).status, 304, inm);
    // Another coding's tag, or a changed file's, is no match.
    const other = await get(server.url, '/app.js', { 'accept-encoding': 'br', 'if-none-match': gz.headers.etag });
    assert.equal(other.status, 200);
    assert.deepEqual(brotliDecompressSync(other.body), appJs);
  });

  test('Cache-Control: a year and immutable only for names that carry their content hash', async () => {
    const hashed = await get(server.url, `/${hashedName}`);
    assert.equal(hashed.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await get(server.url, `/${hashedName}`, { 'accept-encoding': 'gzip' })).headers['cache-control'],
      'public, max-age=31536000, immutable');
    for (const p of ['/fake.0123456789abcdef.js', '/app.js', '/', '/engine.wasm'])
      assert.equal((await get(server.url, p)).headers['cache-control'], 'no-cache', p);
  });

  test('HEAD: the same headers and length as GET, no body', async () => {
    for (const enc of ['br', 'gzip', '']) {
      const g = await get(server.url, '/app.js', { 'accept-encoding': enc });
      const h = await get(server.url, '/app.js', { 'accept-encoding': enc }, 'HEAD');
      assert.equal(h.status, 200);
      assert.equal(h.body.length, 0);
      assert.equal(Number(h.headers['content-length']), g.body.length, `Content-Length for "${enc}"`);
      for (const name of ['etag', 'content-type', 'content-encoding', 'cache-control', 'vary'])
        assert.equal(h.headers[name], g.headers[name], `${name} for "${enc}"`);
    }
    assert.equal((await get(server.url, '/nothing-here.js', {}, 'HEAD')).status, 404);
  });

  test('an edited file is served at once, with a new ETag (and without its now older compressed forms)', async () => {
    const file = path.join(tmpPath('web'), 'edit.js');
    writeFileSync(file, 'export const v = 1;\n');
    age(file, -20);
    const first = await get(server.url, '/edit.js');
    assert.equal(first.body.toString(), 'export const v = 1;\n');
    writeFileSync(file, 'export const v = 22;\n');
    age(file, -10);
    const second = await get(server.url, '/edit.js', { 'if-none-match': first.headers.etag });
    assert.equal(second.status, 200);
    assert.equal(second.body.toString(), 'export const v = 22;\n');
    assert.notEqual(second.headers.etag, first.headers.etag);

    writeFileSync(path.join(web, 'app.js'), 'export const edited = true;\n'); // mtime now: newer than app.js.br
    const r = await get(server.url, '/app.js', { 'accept-encoding': 'br, gzip' });
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.body.toString(), 'export const edited = true;\n');
    writeFileSync(path.join(web, 'app.js'), appJs);
    age(path.join(web, 'app.js'), -30);
  });

  test('path safety: no .., NUL or backslash; missing files and /v1/* are never files', async () => {
    for (const p of ['/../../etc/passwd', '/sub/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/sub/..%2f..%2fetc%2fpasswd',
      '/sub%5c..%5c..%5cetc%5cpasswd', '/nothing-here.js', '/sub']) {
      const r = await get(server.url, p);
      assert.equal(r.status, 404, p);
      assert.doesNotMatch(r.body.toString(), /root:/, p);
      assert.equal(r.headers['content-type'], 'application/json', p);
    }
    const nul = await get(server.url, '/index.html%00.png');
    assert.equal(nul.status, 400);
    const api = await get(server.url, '/v1/health');
    assert.equal(api.status, 200);
    assert.doesNotMatch(api.body.toString(), /shadow/);
  });
});

describe('CORS with two --cors-origin values', () => {
  test('each listed origin is echoed (files, 304s and /v1/*), with Vary: Origin', async () => {
    for (const origin of [SHOP, WWW]) {
      const file = await get(server.url, '/app.js', { origin, 'accept-encoding': 'br' });
      assert.equal(file.headers['access-control-allow-origin'], origin);
      assert.ok(varyOf(file).includes('origin'));
      assert.ok(varyOf(file).includes('accept-encoding'));
      const revalidated = await get(server.url, '/app.js', { origin, 'accept-encoding': 'br', 'if-none-match': file.headers.etag });
      assert.equal(revalidated.status, 304);
      assert.equal(revalidated.headers['access-control-allow-origin'], origin);
      const api = await get(server.url, '/v1/health', { origin });
      assert.equal(api.headers['access-control-allow-origin'], origin);
      assert.ok(varyOf(api).includes('origin'));
      const preflight = await get(server.url, '/v1/customers/c1/history',
        { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-customer-token' }, 'OPTIONS');
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], origin);
      assert.match(preflight.headers['access-control-allow-headers'], /X-Customer-Token/);
    }
  });

  test('an origin not listed gets no CORS header (still Vary: Origin)', async () => {
    for (const origin of ['https://evil.example.com', 'https://shop.example.com.evil.com', 'http://shop.example.com', 'null']) {
      for (const p of ['/app.js', '/v1/health']) {
        const r = await get(server.url, p, { origin });
        assert.equal(r.headers['access-control-allow-origin'], undefined, `${origin} ${p}`);
        assert.ok(varyOf(r).includes('origin'), `${origin} ${p}`);
      }
    }
    assert.equal((await get(server.url, '/app.js')).headers['access-control-allow-origin'], undefined);
  });

  test('* allows every origin; a malformed --cors-origin stops the server with a clear message', async () => {
    const open = await startServer({ args: ['--web', web, '--cors-origin', '*'] });
    try {
      const r = await get(open.url, '/app.js', { origin: 'https://anyone.example' });
      assert.equal(r.headers['access-control-allow-origin'], '*');
      assert.ok(!varyOf(r).includes('origin'), 'the answer does not depend on Origin');
    } finally {
      await open.stop();
    }
    for (const bad of ['https://shop.example.com/', 'shop.example.com', 'https://shop.example.com/widget', 'https://Shop.example.com']) {
      const r = spawnSync(BIN, ['serve', '--db', `sqlite:${tmpPath('bad.db')}`, '--port', '0', '--cors-origin', bad],
        { encoding: 'utf8', timeout: 10000 });
      assert.notEqual(r.status, 0, bad);
      assert.match(r.stderr + r.stdout, /--cors-origin .*scheme:\/\/host\[:port\]/, bad);
    }
  });
});
