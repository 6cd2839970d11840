// The Shopify theme app extension (integrations/shopify/) in Chromium, against
// the real stepwise-server. Shopify cannot run here, so a local stand-in of
// the shop plays its part on its own origin (not the server's):
//  - it renders the app embed block's Liquid the way Shopify would (the
//    block's settings with their schema defaults, `customer` when the shopper
//    is signed in, `routes`, `request`, `asset_url`) with a tiny renderer for
//    the few Liquid tags the block uses, and puts it before </body>;
//  - it serves the block's assets, as Shopify's CDN does; the widget itself
//    comes from the Stepwise server (another origin: CORS, --cors-origin);
//  - its /apps/stepwise/* is Shopify's app proxy: it adds shop, path_prefix,
//    timestamp and logged_in_customer_id (from the shop's session cookie),
//    signs them as Shopify documents (hex HMAC-SHA256 with the app's secret)
//    and forwards to the server's /v1/connectors/shopify/proxy/*.
// Asserts: nothing of the widget loads before its placement nears the
// viewport (or the launcher is clicked); then the widget shows that shopper's
// progress with a token fetched once; signed out it shows the sign-in state;
// the loader is at most 10 KB compressed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { launch } from './lib/browser.mjs';
import { order, root as repo, startServer } from '../server/helpers.mjs';

const ext = join(repo, 'integrations', 'shopify', 'extensions', 'stepwise-embed');
const BLOCK = readFileSync(join(ext, 'blocks', 'stepwise-embed.liquid'), 'utf8');
const LOADER = join(ext, 'assets', 'stepwise-loader.js');
const WIDGET_DIR = join(repo, 'web', 'widget'); // widget/build.sh (run.sh builds it)
const APP_SECRET = 'shpss_embed-test-secret';
const SHOP = 'stepwise-embed-test.myshopify.com';
const ADA = '820982911946154508'; // one order: step 1 done
const GRACE = '820982911946154509'; // no orders yet

// ---- a tiny Liquid renderer: {{ value | filter }}, if/elsif/else/endif with
// `a`, `a != blank`, `a == b`, `and`; comment and schema dropped; {%- -%} trims.
const BLANK = Symbol('blank');
function renderLiquid(src, ctx, filters) {
  src = src.replace(/{%-?\s*(comment|schema)\s*-?%}[\s\S]*?{%-?\s*end\1\s*-?%}/g, '');
  const tokens = [];
  let last = 0;
  for (const m of src.matchAll(/({%-?|{{-?)([\s\S]*?)(-?%}|-?}})/g)) {
    tokens.push({ text: src.slice(last, m.index) });
    tokens.push({ tag: m[1][1] === '%', code: m[2].trim(), left: m[1].endsWith('-'), right: m[3].startsWith('-') });
    last = m.index + m[0].length;
  }
  tokens.push({ text: src.slice(last) });
  tokens.forEach((t, i) => {
    if (t.left) tokens[i - 1].text = tokens[i - 1].text.replace(/\s+$/, '');
    if (t.right) tokens[i + 1].text = tokens[i + 1].text.replace(/^\s+/, '');
  });
  const value = (expr) => {
    expr = expr.trim();
    if (expr === 'blank') return BLANK;
    const lit = expr.match(/^'([^']*)'$|^"([^"]*)"$/);
    if (lit) return lit[1] ?? lit[2];
    return expr.split('.').reduce((o, k) => (o == null ? undefined : o[k]), ctx);
  };
  const isBlank = (v) => v == null || v === false || (typeof v === 'string' && v.trim() === '') ||
    (typeof v === 'object' && Object.keys(v).length === 0);
  const same = (a, b) => (b === BLANK ? isBlank(a) : a === BLANK ? isBlank(b) : a === b);
  const truthy = (c) => c.split(/\s+and\s+/).every((part) => {
    const m = part.match(/^(.+?)\s*(==|!=)\s*(.+)$/);
    if (!m) {
      const v = value(part);
      return v != null && v !== false; // Liquid: only nil and false are false
    }
    return same(value(m[1]), value(m[3])) === (m[2] === '==');
  });
  const output = (code) => {
    const [head, ...pipes] = code.split('|');
    return pipes.reduce((v, p) => {
      const [name, arg] = p.split(':').map((x) => x.trim());
      if (!filters[name]) throw new Error(`Liquid filter not in the test renderer: ${name}`);
      return filters[name](v, arg && value(arg));
    }, value(head)) ?? '';
  };
  let out = '';
  const stack = [];
  const on = () => stack.every((f) => f.on);
  for (const t of tokens) {
    if (t.text !== undefined) {
      if (on()) out += t.text;
    } else if (!t.tag) {
      if (on()) out += String(output(t.code));
    } else {
      const [, name, rest] = t.code.match(/^(\w+)\s*([\s\S]*)$/);
      const top = stack[stack.length - 1];
      if (name === 'if') {
        const c = truthy(rest);
        stack.push({ on: c, done: c });
      } else if (name === 'elsif') {
        top.on = !top.done && truthy(rest);
        top.done = top.done || top.on;
      } else if (name === 'else') {
        top.on = !top.done;
        top.done = true;
      } else if (name === 'endif') {
        stack.pop();
      } else {
        throw new Error(`Liquid tag not in the test renderer: ${name}`);
      }
    }
  }
  return out;
}

const escapeHtml = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const schema = JSON.parse(BLOCK.match(/{%\s*schema\s*%}([\s\S]*?){%\s*endschema\s*%}/)[1]);
const defaults = Object.fromEntries(schema.settings.filter((s) => s.id).map((s) => [s.id, s.default ?? '']));

// ---- the shop's stand-in
let server; // the real stepwise-server
let shop; // { origin, close, proxied: [{status, customer}]: what the app proxy forwarded }
let browser;

const cookies = (req) => Object.fromEntries((req.headers.cookie || '').split(/;\s*/).filter(Boolean).map((c) => c.split('=')));

async function startShop() {
  const proxied = [];
  const http = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://shop');
    const customer = cookies(req).customer_id || '';
    try {
      if (url.pathname.startsWith('/apps/stepwise/')) return await appProxy(url, customer, res, proxied);
      if (url.pathname.startsWith('/cdn/assets/')) {
        const name = url.pathname.slice('/cdn/assets/'.length);
        const file = join(ext, 'assets', name);
        if (!/^[\w.-]+$/.test(name) || !existsSync(file)) return res.writeHead(404).end();
        return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(readFileSync(file));
      }
      if (url.pathname === '/') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(page(url, customer));
      res.writeHead(404).end('not found');
    } catch (e) {
      res.writeHead(500).end(String(e.stack));
    }
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${http.address().port}`, proxied, close: () => new Promise((r) => http.close(r)) };
}

// Shopify's app proxy: /apps/stepwise/<rest> -> <proxy url>/<rest>, signed.
async function appProxy(url, customer, res, proxied) {
  const pairs = [...url.searchParams, ['shop', SHOP], ['logged_in_customer_id', customer],
    ['path_prefix', '/apps/stepwise'], ['timestamp', String(Math.floor(Date.now() / 1000))]];
  const byKey = new Map();
  for (const [k, v] of pairs) byKey.set(k, [...(byKey.get(k) || []), v]);
  const text = [...byKey.keys()].sort().map((k) => `${k}=${byKey.get(k).join(',')}`).join('');
  pairs.push(['signature', createHmac('sha256', APP_SECRET).update(text).digest('hex')]);
  const rest = url.pathname.slice('/apps/stepwise'.length);
  const query = new URLSearchParams(pairs).toString();
  const answer = await fetch(`${server.url}/v1/connectors/shopify/proxy${rest}?${query}`);
  proxied.push({ status: answer.status, customer });
  const headers = { 'Content-Type': answer.headers.get('content-type') };
  if (answer.headers.get('cache-control')) headers['Cache-Control'] = answer.headers.get('cache-control');
  res.writeHead(answer.status, headers).end(await answer.text());
}

// A storefront page: the theme's content, then the app embed before </body>.
function page(url, customer) {
  const settings = { ...defaults, server_url: server.url, program: 'loyalty-journey' };
  for (const [k, v] of url.searchParams) settings[k] = v;
  const ctx = {
    block: { settings },
    customer: customer ? { id: customer } : undefined,
    routes: { account_login_url: '/account/login', root_url: '/' },
    request: { locale: { iso_code: 'en' }, design_mode: false },
  };
  const embed = renderLiquid(BLOCK, ctx, { escape: escapeHtml, asset_url: (name) => `/cdn/assets/${name}` });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test shop</title></head><body>
<header><a href="/">Test shop</a></header>
<main><h1>New arrivals</h1><div style="height:2400px">Products</div>
<section><h2>Your rewards</h2><div id="stepwise-rewards"></div></section></main>
${embed}</body></html>`;
}

before(async () => {
  assert.ok(existsSync(join(WIDGET_DIR, 'stepwise-widget.js')), 'build the widget first: bash widget/build.sh');
  shop = await startShop();
  server = await startServer({ args: ['--web', join(repo, 'web'), '--shopify-secret', APP_SECRET, '--cors-origin', shop.origin] });
  const program = readFileSync(join(repo, 'web', 'demo', 'loyalty-journey.json'), 'utf8');
  let r = await server.admin('POST', '/v1/programs', program);
  assert.equal(r.status, 201, r.text);
  r = await server.admin('POST', '/v1/events', { events: [order(ADA, '25.00')] });
  assert.equal(r.status, 200, r.text);
  await server.admin('PUT', `/v1/customers/${GRACE}`, { name: 'Grace' });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await shop?.close();
});

// ---- helpers
const widgetState = (page) => page.evaluate(() => document.querySelector('stepwise-journey')?.state);
const waitPhase = (page, phase) => page.waitForFunction((p) => document.querySelector('stepwise-journey')?.state?.phase === p,
  phase, { timeout: 20000 });
const WIDGET_FILES = /stepwise-widget\.js|stepwise\.wasm|\/apps\/stepwise\/|\/v1\//;

async function openShop(query = '', customer = '', init) {
  await browser.clearCookies();
  if (customer) await browser.addCookies([{ name: 'customer_id', value: customer, url: shop.origin }]);
  const page = await browser.newPage();
  if (init) await page.addInitScript(init.fn, init.arg);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${shop.origin}/${query}`);
  await page.waitForLoadState('load');
  return { page, requests, errors, widgetRequests: () => requests.filter((u) => WIDGET_FILES.test(u)) };
}

describe('Shopify app embed', () => {
  test('the block renders its settings and one deferred script', async () => {
    const html = renderLiquid(BLOCK, {
      block: { settings: { ...defaults, server_url: 'https://rewards.example.com', program: 'p"1' } },
      customer: { id: ADA }, routes: { account_login_url: '/account/login' }, request: { locale: { iso_code: 'fr' } },
    }, { escape: escapeHtml, asset_url: (n) => `/cdn/${n}` });
    assert.match(html, /data-program="p&#34;1"/);
    assert.match(html, new RegExp(`data-customer="${ADA}"`));
    assert.match(html, /data-locale="fr"/);
    assert.match(html, /data-token-url="\/apps\/stepwise\/token"/);
    assert.equal(html.match(/<script /g).length, 1);
    assert.match(html, /<script src="\/cdn\/stepwise-loader\.js" defer><\/script>/);
    const out = renderLiquid(BLOCK, { block: { settings: { ...defaults } }, routes: {}, request: { locale: {} } },
      { escape: escapeHtml, asset_url: (n) => n });
    assert.doesNotMatch(out, /<script|stepwise-embed/, 'nothing without a server and a program');
  });

  test('in the page: nothing loads until it nears the viewport, then that shopper\'s progress, one token', async () => {
    const { page, requests, errors, widgetRequests } = await openShop('?placement=inline', ADA);
    await page.waitForTimeout(700);
    assert.deepEqual(widgetRequests(), [], 'no widget file, token or API call before the placement nears the viewport');
    assert.ok(requests.some((u) => u.endsWith('/cdn/assets/stepwise-loader.js')), 'the loader itself loaded');
    assert.equal(await page.evaluate(() => !!customElements.get('stepwise-journey')), false);
    assert.equal(shop.proxied.length, 0);

    await page.locator('#stepwise-rewards').scrollIntoViewIfNeeded();
    await waitPhase(page, 'ready');
    const state = await widgetState(page);
    assert.deepEqual(state.viewModel.items.map((i) => i.state), ['done', 'current', 'locked', 'locked']);
    assert.equal(await page.evaluate(() => document.querySelector('#stepwise-rewards > stepwise-journey') !== null), true);
    // The token came through the app proxy, once, for this shopper, and no one may cache it.
    const tokenCalls = requests.filter((u) => u.includes('/apps/stepwise/token'));
    assert.equal(tokenCalls.length, 1, tokenCalls.join('\n'));
    assert.deepEqual(shop.proxied, [{ status: 200, customer: ADA }]);
    const token = await page.evaluate(() => document.querySelector('stepwise-journey').getAttribute('token'));
    assert.equal(token.split('.')[0], ADA);
    assert.ok(widgetRequests().some((u) => u.startsWith(`${server.url}/widget/stepwise-widget`)), 'the widget module from the server');
    assert.ok(widgetRequests().some((u) => u.startsWith(`${server.url}/v1/customers/${ADA}/view`)), "the server's view of her progress");
    assert.ok(!widgetRequests().some((u) => u.includes(GRACE)));

    // The next page view in this tab reuses the token (sessionStorage), asking the proxy nothing.
    await page.reload();
    await page.locator('#stepwise-rewards').scrollIntoViewIfNeeded();
    await waitPhase(page, 'ready');
    assert.equal(shop.proxied.length, 1);
    assert.deepEqual(errors, []);
    await page.close();
    shop.proxied.length = 0;
  });

  test('another shopper signing in on the same tab gets her own token and progress', async () => {
    const { page } = await openShop('?placement=inline', ADA);
    await page.locator('#stepwise-rewards').scrollIntoViewIfNeeded();
    await waitPhase(page, 'ready');
    // Ada signs out, Grace signs in: the tab's kept token is Ada's and must not be used.
    await browser.clearCookies();
    await browser.addCookies([{ name: 'customer_id', value: GRACE, url: shop.origin }]);
    await page.reload();
    await page.locator('#stepwise-rewards').scrollIntoViewIfNeeded();
    await waitPhase(page, 'ready');
    const state = await widgetState(page);
    assert.deepEqual(state.viewModel.items.map((i) => i.state), ['current', 'locked', 'locked', 'locked']);
    assert.deepEqual(shop.proxied, [{ status: 200, customer: ADA }, { status: 200, customer: GRACE }]);
    const token = await page.evaluate(() => document.querySelector('stepwise-journey').getAttribute('token'));
    assert.equal(token.split('.')[0], GRACE);
    // Signed out on that tab: the widget's sign-in state, and Grace's token is no longer kept.
    await browser.clearCookies();
    await page.reload();
    await page.locator('#stepwise-rewards').scrollIntoViewIfNeeded();
    await waitPhase(page, 'signed-out');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('stepwise:token')), null);
    assert.equal(shop.proxied.length, 2);
    await page.close();
    shop.proxied.length = 0;
  });

  test('signed out: the sign-in state, no token asked for', async () => {
    const { page, requests } = await openShop('?placement=inline');
    await page.locator('#stepwise-rewards').scrollIntoViewIfNeeded();
    await waitPhase(page, 'signed-out');
    const link = await page.evaluate(() => document.querySelector('stepwise-journey').shadowRoot.querySelector('a')?.getAttribute('href'));
    assert.equal(link, '/account/login');
    assert.equal(requests.filter((u) => u.includes('/apps/stepwise/')).length, 0);
    assert.equal(shop.proxied.length, 0);
    await page.close();
  });

  test('the launcher: nothing loads until it is clicked; the panel opens with the widget, Escape closes it', async () => {
    const { page, widgetRequests } = await openShop('', ADA); // the default placement
    const button = page.getByRole('button', { name: 'Rewards', exact: true });
    await button.waitFor();
    await page.waitForTimeout(500);
    assert.deepEqual(widgetRequests(), []);
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    await button.click();
    await waitPhase(page, 'ready');
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('#stepwise-panel stepwise-journey').count(), 1);
    assert.equal(shop.proxied.length, 1);
    // Escape closes it, from the launcher or from inside the widget, and focus is on the launcher.
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#stepwise-panel').isHidden(), true);
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    await button.click();
    await page.evaluate(() => document.querySelector('#stepwise-panel stepwise-journey').shadowRoot.querySelector('h2').focus());
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#stepwise-panel').isHidden(), true);
    assert.equal(await page.evaluate(() => document.activeElement.className), 'stepwise-launcher');
    assert.equal(await page.locator('stepwise-journey').count(), 1, 'opened again: the same widget');
    await page.close();
    shop.proxied.length = 0;
  });

  test('a kept token the server refuses is replaced once by a fresh one', async () => {
    // What the tab kept says "valid for a day", but the server refuses the token (a changed store secret, say).
    const later = new Date(Date.now() + 86400e3).toISOString();
    const kept = { customer_id: ADA, token: `${ADA}.${Math.floor(Date.parse(later) / 1000)}.${'0'.repeat(64)}`, expires_at: later };
    const { page } = await openShop('?placement=inline', ADA, {
      fn: (k) => {
        if (!sessionStorage.getItem('stepwise:token')) sessionStorage.setItem('stepwise:token', k);
        addEventListener('stepwise:render', (e) => (window.phases ||= []).push(e.detail.phase), true);
      },
      arg: JSON.stringify(kept),
    });
    await page.locator('#stepwise-rewards').scrollIntoViewIfNeeded();
    await waitPhase(page, 'ready');
    const phases = await page.evaluate(() => window.phases.filter((p, i, a) => p !== a[i - 1]));
    assert.deepEqual(phases.slice(0, 2), ['loading', 'expired']);
    assert.equal(phases[phases.length - 1], 'ready');
    assert.deepEqual(shop.proxied, [{ status: 200, customer: ADA }]);
    const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem('stepwise:token')));
    assert.notEqual(stored.token, kept.token);
    await page.close();
    shop.proxied.length = 0;
  });

  test('the loader is at most 10 KB compressed (gzip and brotli)', () => {
    const js = readFileSync(LOADER);
    const gz = gzipSync(js, { level: 9 }).length;
    const br = brotliCompressSync(js, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.log(`# stepwise-loader.js: ${js.length} B, gzip -9 ${gz} B, brotli 11 ${br} B`);
    assert.ok(gz <= 10240, `gzip ${gz} B`);
    assert.ok(br <= 10240, `brotli ${br} B`);
  });
});
