// The embed of docs/widget.md ("Add it to a page"), word for word, on a store
// page served from another origin than the Stepwise server: the snippet is read
// from the markdown here, so the guide and this test cannot drift apart. The
// store is a small Node HTTP server on its own port, reached as
// http://shop.localhost:PORT (Chromium resolves *.localhost to the loopback),
// and the real stepwise-server serves the widget's files and the API with
// --cors-origin for the store's two origins (shop. and www.shop.).
// Asserts: the widget shows the shopper's progress as the server reports it;
// no CORS (or any) console errors; the files come compressed, with ETags, the
// hashed ones immutable; a first view without a cart downloads no engine, and
// the first cart brings the engine's JS and wasm, downloading in parallel; a
// repeat view downloads no widget bytes (from cache, or 304s); the guide's
// self-hosting snippet works, even where the host sends the engine with the
// wrong MIME type; an origin not listed is refused (so the "no CORS errors"
// check can fail). Prints the bytes
// on the wire (CDP Network events) for docs/benchmarks.md: a figure, not a
// timed assertion.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { launch } from './lib/browser.mjs';
import { order, root as repo, startServer, token } from '../server/helpers.mjs';

const WIDGET_DIR = join(repo, 'web', 'widget'); // widget/build.sh (run.sh builds it)
const DOC = readFileSync(join(repo, 'docs', 'widget.md'), 'utf8');
const CUSTOMER = 'embed-ada';

// The guide's snippet: the first ```html block under "## Add it to a page".
function docSnippet() {
  const section = DOC.split(/^## /m).find((s) => s.startsWith('Add it to a page\n'));
  assert.ok(section, 'docs/widget.md has a section "## Add it to a page"');
  const m = section.match(/```html\n([\s\S]*?)```/);
  assert.ok(m, 'that section has an html snippet');
  return m[1];
}

// The store's page: the guide says the script goes in <head>, the element where it is shown.
function storePage(snippet) {
  const lines = snippet.split('\n');
  const head = lines.filter((l) => l.startsWith('<script')).join('\n');
  const body = lines.filter((l) => !l.startsWith('<script')).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>My account - Test store</title>
${head}</head><body><header><a href="/">Test store</a></header>
<main><h1>My account</h1><section><h2>Your rewards</h2>
${body}</section></main></body></html>`;
}

let shop; // {port, close, setPage}
let server;
let browser;
let manifest;

// The self-hosting section's snippet (the html block under "### Self-hosting the files").
function selfHostSnippet() {
  const section = DOC.split(/^### /m).find((s) => s.startsWith('Self-hosting the files\n'));
  assert.ok(section, 'docs/widget.md has a section "### Self-hosting the files"');
  const m = section.match(/```html\n([\s\S]*?)```/);
  assert.ok(m, 'that section has an html snippet');
  return m[1];
}

// The store stand-in: its pages, and under /assets/stepwise/ a self-hosted copy
// of the widget's files, the engine deliberately as application/octet-stream
// (a host that does not know .wasm) to exercise the engine's fallback.
function startShop() {
  let page = '';
  let selfHosted = '';
  const srv = createServer((req, res) => {
    const asset = req.url.match(/^\/assets\/stepwise\/([\w.-]+)$/);
    if (asset && existsSync(join(WIDGET_DIR, asset[1]))) {
      const type = asset[1].endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type }).end(readFileSync(join(WIDGET_DIR, asset[1])));
      return;
    }
    if (req.url === '/self-hosted') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(selfHosted);
      return;
    }
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (req.url !== '/' && req.url !== '/account') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({
    port: srv.address().port,
    setPage: (html) => { page = html; },
    setSelfHosted: (html) => { selfHosted = html; },
    close: () => new Promise((r) => srv.close(r)),
  })));
}

before(async () => {
  assert.ok(existsSync(join(WIDGET_DIR, 'manifest.json')), 'build the widget first: bash widget/build.sh');
  manifest = JSON.parse(readFileSync(join(WIDGET_DIR, 'manifest.json'), 'utf8'));
  shop = await startShop();
  const origins = [`http://shop.localhost:${shop.port}`, `http://www.shop.localhost:${shop.port}`];
  server = await startServer({ args: ['--web', join(repo, 'web'), ...origins.flatMap((o) => ['--cors-origin', o])] });
  let r = await server.admin('POST', '/v1/programs', readFileSync(join(repo, 'web', 'demo', 'loyalty-journey.json'), 'utf8'));
  assert.equal(r.status, 201, r.text);
  r = await server.admin('POST', '/v1/events', { events: [order(CUSTOMER, '25.00'), order(CUSTOMER, '30.00')] });
  assert.equal(r.status, 200, r.text);
  const snippet = docSnippet()
    .replaceAll('https://rewards.example.com', server.url)
    .replaceAll('CUSTOMER_TOKEN', token(CUSTOMER));
  assert.ok(snippet.includes(`${server.url}/widget/stepwise-widget.js`), 'the snippet loads the widget from the server');
  shop.setPage(storePage(snippet));
  shop.setSelfHosted(storePage(selfHostSnippet().replaceAll('https://rewards.example.com', server.url)
    .replaceAll('CUSTOMER_TOKEN', token(CUSTOMER))));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await shop?.close();
});

/**
 * Opens `url` in a new tab and records, through the DevTools protocol, every
 * request with its status (as shown, and as received), headers, whether the cache answered it, and its
 * bytes on the wire (encodedDataLength: headers and body as received).
 */
async function view(url) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  const requests = new Map();
  const entry = (id) => requests.get(id) || requests.set(id, { id }).get(id);
  cdp.on('Network.requestWillBeSent', (e) => Object.assign(entry(e.requestId), { url: e.request.url, sentAt: e.timestamp }));
  cdp.on('Network.requestServedFromCache', (e) => { entry(e.requestId).fromCache = true; });
  cdp.on('Network.responseReceived', (e) => Object.assign(entry(e.requestId), {
    status: e.response.status, headers: Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v])),
    headerBytes: e.response.encodedDataLength, fromCache: entry(e.requestId).fromCache || e.response.fromDiskCache,
  }));
  // The status as received (responseReceived shows a revalidated 304 as the cached 200).
  cdp.on('Network.responseReceivedExtraInfo', (e) => { entry(e.requestId).wireStatus = e.statusCode; });
  cdp.on('Network.loadingFinished', (e) => Object.assign(entry(e.requestId), { bytes: e.encodedDataLength, doneAt: e.timestamp }));
  cdp.on('Network.loadingFailed', (e) => Object.assign(entry(e.requestId), { failed: e.errorText, cors: e.corsErrorStatus }));
  await cdp.send('Network.enable');
  const consoleErrors = [];
  const consoleAll = [];
  page.on('console', (m) => {
    consoleAll.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(url);
  return { page, requests, consoleErrors, consoleAll };
}

const phase = (page) => page.evaluate(() => document.querySelector('stepwise-journey')?.state?.phase);
const waitReady = (page) => page.waitForFunction(() => document.querySelector('stepwise-journey')?.state?.phase === 'ready',
  null, { timeout: 30000 });

function widgetFiles(requests) {
  const prefix = `${server.url}/widget/`;
  const byName = {};
  for (const r of requests.values()) if (r.url?.startsWith(prefix)) byName[r.url.slice(prefix.length)] = r;
  return byName;
}

const files = () => [manifest.entry, manifest.bundle]; // a first view
const engineFiles = () => [manifest.engine, manifest.wasm]; // a cart to project
// The guide's cart example is checked by shopper.test.mjs; any cart brings the engine.
const CART = { subtotal: '25.00', items: [{ sku: 'tee', quantity: 1, amount: '25.00' }] };

// A file's headers, as a browser on the store's origin must get them.
function checkHeaders(name, r, storeOrigin) {
  assert.equal(r.status, 200, name);
  assert.ok(!r.fromCache, `${name}: a cold cache`);
  assert.equal(r.headers['access-control-allow-origin'], storeOrigin, name);
  assert.match(r.headers.etag, /^"[0-9a-f]{32}"$/, name);
  assert.match(r.headers['content-encoding'] || '', /^(br|gzip)$/, `${name} comes compressed`);
  const raw = statSync(join(WIDGET_DIR, name)).size;
  if (name !== manifest.entry) assert.ok(r.bytes - r.headerBytes < raw * 0.6, `${name}: ${r.bytes} B on the wire of ${raw} B`);
  assert.equal(r.headers['cache-control'], name === manifest.entry ? 'no-cache' : 'public, max-age=31536000, immutable', name);
}
// Network idle can come before the DevTools event that carries a file's size
// (a busy machine, a wasm still being compiled): wait for that event too.
async function finished(requests, names) {
  for (let i = 0; i < 100; i++) {
    const got = widgetFiles(requests);
    if (names.every((n) => got[n]?.bytes !== undefined)) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
  return widgetFiles(requests);
}
const fmt = (n) => n.toLocaleString('en-US');
const figures = {};

describe('the widget embedded as docs/widget.md says, from another origin', () => {
  test('first view: the shopper\'s progress, no CORS errors, compressed files, hashed ones immutable, no engine', async () => {
    const storeOrigin = `http://shop.localhost:${shop.port}`;
    const { page, requests, consoleErrors, consoleAll } = await view(`${storeOrigin}/account`);
    await waitReady(page);
    await page.waitForLoadState('networkidle');

    // The shopper's progress, as the server reports it.
    const journey = (await server.admin('GET', `/v1/customers/${CUSTOMER}/journey?program_id=loyalty-journey`)).body;
    const vm = await page.evaluate(() => document.querySelector('stepwise-journey').state.viewModel);
    assert.equal(vm.current, journey.current_step);
    assert.equal(vm.overall_pct, journey.progress_pct);
    assert.ok(journey.current_step >= 1, 'the two orders finished step 1');
    const bars = await page.evaluate(() => [...document.querySelector('stepwise-journey').shadowRoot
      .querySelectorAll('[role=progressbar]')].map((b) => Number(b.getAttribute('aria-valuenow'))));
    assert.equal(bars[0], journey.progress_pct);

    assert.deepEqual(consoleErrors, [], 'no console errors (CORS or other)');
    assert.ok(!consoleAll.some((m) => /CORS|Access-Control|not compiled while downloading/.test(m)), consoleAll.join('\n'));

    const got = await finished(requests, files());
    // The server's engine decided the view: no engine downloaded for a page without a cart.
    assert.deepEqual(Object.keys(got).sort(), files().sort(), 'the entry and the bundle, nothing else');
    for (const name of files()) checkHeaders(name, got[name], storeOrigin);

    const api = [...requests.values()].filter((r) => r.url?.startsWith(`${server.url}/v1/`));
    figures.first = {
      encoding: got[manifest.bundle].headers['content-encoding'],
      total: files().reduce((n, f) => n + got[f].bytes, 0),
      each: Object.fromEntries(files().map((f) => [f, got[f].bytes])),
      api: api.reduce((n, r) => n + (r.bytes || 0), 0), apiCalls: api.length,
    };

    // The store announces a cart: the engine's JS and wasm, in parallel, compiled while downloading.
    const projection = await page.evaluate(async (c) => {
      document.dispatchEvent(new CustomEvent('stepwise:cart', { detail: c }));
      const w = document.querySelector('stepwise-journey');
      return w.state.projection || new Promise((resolve) => w.addEventListener('stepwise:projection', (e) => resolve(e.detail.projection), { once: true }));
    }, CART);
    assert.ok(projection && Array.isArray(projection.completes_steps), JSON.stringify(projection));
    await page.waitForLoadState('networkidle');
    const all = await finished(requests, engineFiles());
    assert.deepEqual(Object.keys(all).sort(), [...files(), ...engineFiles()].sort(), 'then the engine\'s two files');
    for (const name of engineFiles()) checkHeaders(name, all[name], storeOrigin);
    assert.equal(all[manifest.wasm].headers['content-type'], 'application/wasm');
    assert.ok(all[manifest.wasm].sentAt <= all[manifest.engine].doneAt, 'the wasm is requested while the engine\'s JS downloads');
    assert.deepEqual(consoleErrors, []);
    assert.ok(!consoleAll.some((m) => /not compiled while downloading|not projected/.test(m)), consoleAll.join('\n'));
    figures.cart = { total: engineFiles().reduce((n, f) => n + all[f].bytes, 0),
      each: Object.fromEntries(engineFiles().map((f) => [f, all[f].bytes])) };
    await page.close();
  });

  test('repeat view: no widget bytes downloaded (cache or 304)', async () => {
    const { page, requests, consoleErrors } = await view(`http://shop.localhost:${shop.port}/account`);
    await waitReady(page);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(consoleErrors, []);
    const got = widgetFiles(requests);
    let fromCache = 0, notModified = 0, headerBytes = 0;
    for (const name of files()) {
      const r = got[name];
      // A file the page's memory cache answered makes no request at all.
      if (!r || r.fromCache) {
        fromCache += 1;
        assert.ok(!r || !r.bytes, `${name} from the cache costs no bytes`);
        continue;
      }
      assert.equal(r.wireStatus, 304, `${name}: revalidated, not downloaded again`);
      assert.equal(name, manifest.entry, 'only the entry is revalidated; the hashed files are immutable');
      notModified += 1;
      headerBytes += r.bytes;
    }
    assert.equal(fromCache + notModified, files().length);
    assert.ok(fromCache >= 1, 'the hashed bundle comes from the cache');
    figures.repeat = { fromCache, notModified, headerBytes };
    await page.close();
  });

  test('self-hosted as the guide says, on a host that sends the engine as octet-stream: it still projects', async () => {
    const { page, requests, consoleErrors, consoleAll } = await view(`http://shop.localhost:${shop.port}/self-hosted`);
    await waitReady(page);
    const projection = await page.evaluate((c) => document.querySelector('stepwise-journey').setCart(c), CART);
    assert.ok(projection && Array.isArray(projection.completes_steps), JSON.stringify(projection));
    assert.deepEqual(consoleErrors, []);
    assert.ok([...requests.values()].some((r) => r.url?.endsWith(`/assets/stepwise/${manifest.wasm}`)), 'the engine from the store');
    assert.ok(consoleAll.some((m) => /not compiled while downloading/.test(m)), 'the fallback compiled it whole');
    assert.equal(widgetFiles(requests)[manifest.entry], undefined, 'nothing of the widget from the server');
    await page.close();
  });

  test('the second --cors-origin (www.) works too; an origin not listed is refused by the browser', async () => {
    const www = await view(`http://www.shop.localhost:${shop.port}/account`);
    await waitReady(www.page);
    assert.deepEqual(www.consoleErrors, []);
    await www.page.close();

    const other = await view(`http://other.localhost:${shop.port}/account`);
    await other.page.waitForTimeout(1500);
    assert.notEqual(await phase(other.page), 'ready');
    assert.ok(other.consoleErrors.some((m) => /CORS|Access-Control-Allow-Origin/.test(m)),
      `the browser reports the refusal: ${other.consoleErrors.join(' | ')}`);
    await other.page.close();

    // The benchmark line (docs/benchmarks.md, "Storefront widget: bytes on the wire").
    const f = figures.first, r = figures.repeat, c = figures.cart;
    if (f && r && c) {
      console.log(`embed bytes on the wire (${f.encoding}): first view ${fmt(f.total)} B of widget files ` +
        `(${files().map((n) => `${n} ${fmt(f.each[n])} B`).join(', ')}; headers included), ` +
        `then ${fmt(c.total)} B for the engine at the first cart (${engineFiles().map((n) => `${n} ${fmt(c.each[n])} B`).join(', ')}), ` +
        `plus ${fmt(f.api)} B for ${f.apiCalls} API calls; repeat view: ${r.fromCache} file(s) from the cache (0 B), ` +
        `${r.notModified} 304 (${fmt(r.headerBytes)} B of headers)`);
    }
  });
});
