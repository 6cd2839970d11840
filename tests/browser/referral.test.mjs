// The shopper's referral link in "My rewards" (issue 13): the real
// stepwise-server with `--referral-url` serves the widget to headless
// Chromium; a journey with a referral step shows the link the server made for
// this shopper, with Copy and Share (the device's share sheet is stubbed: it
// records what it was handed), and a program without referrals shows none.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebServer } from '../common/server_process.mjs';
import { axe } from './lib/axe.mjs';
import { launch } from './lib/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const BIN = process.env.STEPWISE_SERVER || join(repo, 'build', 'bin', 'stepwise-server');
const WEB = process.env.STEPWISE_WEB_DIR || join(repo, 'web');

const REFER = { id: 'refer', name: 'Bring a Friend', kind: 'journey', status: 'active', currency: 'USD',
  rules: { order_statuses: ['completed'], spend_basis: 'subtotal' },
  steps: [
    { id: 'first-order', name: 'First order', metric: 'orders', target: 1, rewards: [{ type: 'points', points: 10 }] },
    { id: 'refer-one', name: 'Refer a friend', metric: 'referrals', target: 1, rewards: [{ type: 'free_shipping' }] },
  ] };
const SPEND = { id: 'spend-only', name: 'Spend Only', kind: 'tiers', status: 'active', currency: 'USD',
  rules: { order_statuses: ['completed'], spend_basis: 'subtotal', window: { kind: 'lifetime' } },
  steps: [{ id: 's100', name: 'Hundred', target: '100.00', rewards: [{ type: 'store_credit', amount: '5.00' }] }] };

let server, browser;
before(async () => {
  server = await startWebServer({ bin: BIN, web: WEB, tag: 'referral',
    extraArgs: ['--no-email', '--referral-url', 'https://shop.example/?ref={code}&utm_source=stepwise'] });
  for (const p of [REFER, SPEND]) await server.admin('POST', '/v1/programs', p);
  await server.admin('PUT', '/v1/customers/ria', { name: 'Ria Referrer' });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

// A page of the server's origin with one widget; share and clipboard record what they get.
async function open(program) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__shared = [];
    window.__copied = [];
    navigator.share = async (data) => { window.__shared.push(data); };
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (t) => { window.__copied.push(t); } } });
  });
  await page.goto(server.origin + '/guide.html');
  await page.setContent(`<!doctype html><html lang="en"><head><title>Referral</title>
    <script type="module" src="/widget/stepwise-widget.js"></script></head>
    <body><main><h1>Rewards</h1><stepwise-journey program="${program}" api="" token="${server.token('ria')}"></stepwise-journey></main></body></html>`);
  await page.waitForFunction(() => document.querySelector('stepwise-journey')?.state?.phase === 'ready', null, { timeout: 15000 });
  return page;
}
const shadow = (page, fn) => page.evaluate(fn);

test('a journey with a referral step shows the shopper\'s link with Copy and Share', async () => {
  const { code, url } = await server.admin('GET', '/v1/customers/ria/referral');
  assert.equal(url, `https://shop.example/?ref=${code}&utm_source=stepwise`);
  const page = await open('refer');
  const shown = await shadow(page, () => {
    const root = document.querySelector('stepwise-journey').shadowRoot;
    const group = [...root.querySelectorAll('.mine-group')].find((g) => g.querySelector('h4').textContent === 'Refer a friend');
    return group && { link: group.querySelector('.referral code').textContent, buttons: [...group.querySelectorAll('button')].map((b) => b.textContent) };
  });
  assert.deepEqual(shown, { link: url, buttons: ['Copy', 'Share'] });

  await page.evaluate(() => document.querySelector('stepwise-journey').shadowRoot.querySelector('.referral [data-share]').click());
  await page.waitForFunction(() => window.__shared.length === 1);
  const shared = await page.evaluate(() => window.__shared[0]);
  assert.equal(shared.url, url);

  await page.evaluate(() => document.querySelector('stepwise-journey').shadowRoot.querySelector('.referral [data-copy]').click());
  await page.waitForFunction(() => window.__copied.length === 1);
  assert.deepEqual(await page.evaluate(() => window.__copied), [url]);
  assert.equal(await shadow(page, () => document.querySelector('stepwise-journey').shadowRoot.querySelector('.copy-status').textContent), 'Link copied.');
  assert.deepEqual(await axe(page), []);
  await page.close();
});

test('a program without referrals shows no referral link', async () => {
  const page = await open('spend-only');
  const groups = await shadow(page, () => [...document.querySelector('stepwise-journey').shadowRoot.querySelectorAll('.mine-group h4')].map((h) => h.textContent));
  assert.ok(!groups.includes('Refer a friend'), JSON.stringify(groups));
  assert.equal(await shadow(page, () => document.querySelector('stepwise-journey').shadowRoot.querySelectorAll('.referral').length), 0);
  await page.close();
});
