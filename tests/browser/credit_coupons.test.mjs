// Wallet credit as a one-time WooCommerce code, in the widget's My rewards on
// the wallet page (docs/widget.md, docs/rewards-at-checkout.md): "Use [amount]
// of my credit" makes a code shown with its Copy button, its state and the
// focus; the page's balance says what is still available; asking for more
// than is available is refused in words. The real stepwise-server (SQLite,
// 127.0.0.1) with the WooCommerce stand-in of the server suite, in Debian's
// headless Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axe } from './lib/axe.mjs';
import { launch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { closeAll, inWidget, openAs, waitWidget } from './lib/shopper.mjs';
import { woocommerceCouponsStandin } from '../server/standins/woocommerce_coupons.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const BIN = process.env.STEPWISE_SERVER || join(repo, 'build', 'bin', 'stepwise-server');
const WEB = process.env.STEPWISE_WEB_DIR || join(repo, 'web');
const artifacts = process.env.TEST_ARTIFACTS || join(repo, 'test-artifacts', 'browser');
mkdirSync(artifacts, { recursive: true });
const KEY = 'ck_browser_0123456789', SECRET = 'cs_browser_0123456789';

let server, browser, woo;

before(async () => {
  woo = await woocommerceCouponsStandin({ key: KEY, secret: SECRET });
  server = await startServer({ bin: BIN, web: WEB, args: ['--codes-in', 'woocommerce', '--woocommerce-url', woo.url,
    '--woocommerce-key', KEY, '--woocommerce-key-secret', SECRET, '--platform-timeout', '1'] });
  await server.admin('POST', '/v1/programs', readFileSync(join(repo, 'web', 'demo', 'spend-rewards.json'), 'utf8'));
  await server.admin('PUT', '/v1/customers/cora', { name: 'Cora', email: 'cora@example.com', roles: ['customer'] });
  await server.admin('POST', '/v1/customers/cora/wallet/transactions', { type: 'credit', amount: '40.00', note: 'Goodwill' });
  browser = await launch();
});

after(async () => { await closeAll(browser, server); await woo.close(); });

const credit = async (page) => (await inWidget(page, '.mine-group', '#tiers')).find((g) => g.startsWith('Store credit'));

test('the shopper turns $25 of credit into a code: shown with Copy, its state and the focus', async () => {
  const page = await openAs(browser, server, '/wallet.html', 'cora', { width: 1280, height: 800 });
  await waitWidget(page, (s) => s.phase === 'ready' && s.rewards && s.rewards.wallet && s.rewards.wallet.credit_coupons, '#tiers');
  assert.match(await credit(page), /Wallet balance: \$40\.00/);
  assert.deepEqual(await axe(page), []);
  const widget = page.locator('#tiers');
  await widget.locator('form.coupon input').fill('25');
  await widget.locator('form.coupon button').click();
  await waitWidget(page, (s) => s.phase === 'ready' && s.rewards && s.rewards.wallet.coupons?.length === 1, '#tiers');
  const made = (await server.admin('GET', '/v1/customers/cora/credit-coupons')).coupons;
  assert.equal(made.length, 1);
  assert.equal(made[0].amount, 2500);
  const item = await page.evaluate(() => {
    const li = document.querySelector('#tiers').shadowRoot.querySelector('[data-coupon]');
    return { what: li.querySelector('.what').textContent, state: li.querySelector('.badge').textContent,
      code: li.querySelector('code').textContent, copy: li.querySelector('[data-copy]').getAttribute('aria-label') };
  });
  assert.equal(item.what, '$25.00 credit code');
  assert.ok(['Being prepared', 'Ready to use'].includes(item.state), item.state);
  assert.equal(item.code, made[0].code);
  assert.equal(item.copy, `Copy code ${made[0].code}`);
  await page.waitForFunction(() => document.querySelector('#tiers').shadowRoot.activeElement?.dataset.coupon);
  assert.match(await credit(page), /Available: \$15\.00/);
  await page.waitForFunction(() => document.getElementById('balance-note').textContent.startsWith('$15.00 available, $25.00 in open credit codes'));
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: join(artifacts, 'credit-coupon.png'), fullPage: true });

  // More than is available (another tab took credit meanwhile; the input's max stops more than the page knows):
  // said in words, nothing held.
  const other = await fetch(`${server.origin}/v1/customers/cora/credit-coupons`, { method: 'POST',
    headers: { 'X-Customer-Token': server.token('cora'), 'Content-Type': 'application/json' },
    body: JSON.stringify({ amount: 1000, idempotency_key: 'other-tab' }) });
  assert.equal(other.status, 201);
  await widget.locator('form.coupon input').fill('10');
  await widget.locator('form.coupon button').click();
  await page.waitForFunction(() => document.querySelector('#tiers').shadowRoot.querySelector('form.coupon [role=alert]'));
  assert.deepEqual(await inWidget(page, 'form.coupon [role=alert]', '#tiers'), ['That is more than your available credit.']);
  assert.equal((await server.admin('GET', '/v1/customers/cora/credit-coupons')).coupons.length, 2);
  // Each coupon reaches WooCommerce once.
  for (let i = 0; i < 50 && woo.coupons.length < 2; i++) await new Promise((r) => setTimeout(r, 200));
  assert.equal(woo.coupons.length, 2);
  assert.ok(woo.coupons.some((c) => c.code === made[0].code.toLowerCase()));
  await page.close();
});
