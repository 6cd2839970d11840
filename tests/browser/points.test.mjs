// Points that buy something, in the widget's My rewards (docs/points.md,
// docs/widget.md): the balance, when points expire, the options the shopper
// can afford with a Redeem button that asks first, the issued code appearing
// in My rewards with its Copy button and the focus, options not affordable
// with the points missing, and a refusal said in words. The real
// stepwise-server (SQLite file, 127.0.0.1) serves web/ to Debian's headless
// Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axe } from './lib/axe.mjs';
import { launch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { closeAll, inWidget, openAs, order, waitWidget } from './lib/shopper.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const BIN = process.env.STEPWISE_SERVER || join(repo, 'build', 'bin', 'stepwise-server');
const WEB = process.env.STEPWISE_WEB_DIR || join(repo, 'web');
const artifacts = process.env.TEST_ARTIFACTS || join(repo, 'test-artifacts', 'browser');
mkdirSync(artifacts, { recursive: true });

// 600 points for a first $100; they expire after 60 days.
const POINTS = { id: 'points-club', name: 'Points Club', kind: 'tiers', status: 'active', currency: 'USD',
  rules: { order_statuses: ['completed'], spend_basis: 'subtotal', window: { kind: 'lifetime' }, reward_expiry_days: 60 },
  steps: [{ id: 'club-100', name: 'Club Hundred', target: '100.00', rewards: [{ type: 'points', points: 600 }] }] };
const OPTIONS = [
  { id: 'five-off', name: '$5 off', points: 500, reward: { type: 'discount_amount', amount: '5.00' } },
  { id: 'ship', name: 'Free shipping', points: 1000, reward: { type: 'free_shipping' } },
];

let server;
let browser;

before(async () => {
  server = await startServer({ bin: BIN, web: WEB });
  await server.admin('POST', '/v1/programs', readFileSync(join(repo, 'web', 'demo', 'spend-rewards.json'), 'utf8'));
  await server.admin('POST', '/v1/programs', POINTS);
  await server.admin('PUT', '/v1/points/options', { options: OPTIONS });
  for (const id of ['penny', 'otto']) await server.admin('PUT', `/v1/customers/${id}`, { name: id, roles: ['customer'] });
  await server.admin('POST', '/v1/events', { events: [order('penny', 1, 3, '150.00'), order('otto', 1, 3, '150.00')] });
  browser = await launch();
});

after(() => closeAll(browser, server));

const open = (id) => openAs(browser, server, '/wallet.html', id, { width: 1280, height: 800 });
const ready = (page) => waitWidget(page, (s) => s.phase === 'ready' && s.rewards && s.rewards.points, '#tiers');
/** Each option: [name, cost, what it offers (Redeem, or the points missing)]. */
const optionsShown = (page) => page.evaluate(() => [...document.querySelector('#tiers').shadowRoot.querySelectorAll('.points-option')]
  .map((li) => [li.querySelector('.what').textContent, li.querySelector('.badge').textContent, li.querySelector('.row + *').textContent]));
const active = (page) => page.evaluate(() => {
  const el = document.querySelector('#tiers').shadowRoot.activeElement;
  return el ? { text: el.textContent.trim(), award: el.dataset.award || null } : null;
});

test('the shopper redeems points for a code: asked first, then the code shows in My rewards with the focus', async () => {
  const page = await open('penny');
  await ready(page);
  const group = (await inWidget(page, '.mine-group', '#tiers')).find((g) => g.startsWith('Points'));
  assert.ok(group.includes('You have 600 points.'), group);
  assert.match(group, /600 points expire \w{3} \d+, \d{4}\./);
  assert.deepEqual(await optionsShown(page),
    [['$5 off', '500 points', 'Redeem'], ['Free shipping', '1,000 points', '400 more points needed']]);
  assert.deepEqual(await axe(page), []);

  const widget = page.locator('#tiers');
  await widget.locator('[data-redeem="five-off"]').click();
  assert.deepEqual(await inWidget(page, '.points-option[data-option="five-off"] p', '#tiers'),
    ['Spend 500 points on $5 off?', 'Yes, redeem Cancel']);
  assert.equal((await active(page)).text, 'Yes, redeem', 'the question\'s button takes the focus');
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: join(artifacts, 'points-confirm.png'), fullPage: true });
  // Cancel goes back, focus on Redeem; nothing was spent.
  await widget.locator('[data-redeem-no="five-off"]').click();
  assert.equal((await active(page)).text, 'Redeem');
  assert.equal((await server.admin('GET', '/v1/customers/penny/points')).balance, 600);

  await widget.locator('[data-redeem="five-off"]').click();
  await widget.locator('[data-redeem-yes="five-off"]').click();
  await waitWidget(page, (s) => s.phase === 'ready' && s.rewards && s.rewards.points && s.rewards.points.balance === 100, '#tiers');
  const { rewards } = await server.admin('GET', '/v1/customers/penny/rewards');
  const bought = rewards.find((r) => r.award_key === '@points:five-off:1');
  assert.ok(bought && bought.code, JSON.stringify(rewards));
  const item = await page.evaluate(() => {
    const li = document.querySelector('#tiers').shadowRoot.querySelector('.mine-item[data-award="@points:five-off:1"]');
    return li && { what: li.querySelector('.what').textContent, from: li.querySelector('.small').textContent.split(' · ')[0],
      code: li.querySelector('code')?.textContent,
      copy: li.querySelector('[data-copy]')?.getAttribute('aria-label') };
  });
  assert.deepEqual(item, { what: '$5.00 off an order', from: 'Bought with points: $5 off', code: bought.code, copy: `Copy code ${bought.code}` });
  await page.waitForFunction(() => document.querySelector('#tiers').shadowRoot.activeElement?.dataset.award === '@points:five-off:1');
  const after = (await inWidget(page, '.mine-group', '#tiers')).find((g) => g.startsWith('Points'));
  assert.ok(after.includes('You have 100 points.'), after);
  assert.match(after, /Spent 500 · /);
  assert.deepEqual(await optionsShown(page),
    [['$5 off', '500 points', '400 more points needed'], ['Free shipping', '1,000 points', '900 more points needed']]);
  // The wallet page around the widget shows the new points balance too.
  await page.waitForFunction(() => document.getElementById('balance-note').textContent === '100 points');
  const spent = (await server.admin('GET', '/v1/customers/penny/points')).history.filter((h) => h.type === 'spent');
  assert.equal(spent.length, 1, 'spent once');
  await page.screenshot({ path: join(artifacts, 'points-redeemed.png'), fullPage: true });
  await page.close();
});

test('points spent elsewhere meanwhile: the refusal is said in words, and nothing is spent', async () => {
  const page = await open('otto');
  await ready(page);
  const widget = page.locator('#tiers');
  await widget.locator('[data-redeem="five-off"]').click();
  // Another tab spends the points before the shopper confirms here.
  const res = await fetch(`${server.origin}/v1/customers/otto/points/redemptions`, { method: 'POST',
    headers: { 'X-Customer-Token': server.token('otto'), 'Content-Type': 'application/json' },
    body: JSON.stringify({ option: 'five-off', key: 'other-tab' }) });
  assert.equal(res.status, 201);
  await widget.locator('[data-redeem-yes="five-off"]').click();
  await page.waitForFunction(() => document.querySelector('#tiers').shadowRoot.querySelector('[role=alert]'));
  assert.deepEqual(await inWidget(page, '[role=alert]', '#tiers'), ['You don’t have enough points for this any more.']);
  const text = (await inWidget(page, '.mine', '#tiers')).join(' ');
  assert.ok(!/not enough points:|costs 500/.test(text), 'no raw server message');
  assert.equal((await active(page)).text, 'Yes, redeem', 'focus stays on the button');
  assert.equal((await server.admin('GET', '/v1/customers/otto/points')).balance, 100);
  assert.deepEqual(await axe(page), []);
  await page.close();
});
