// The shopper keeps what they earn (issue 13): "My rewards" in the widget and
// on the wallet page (every code with a copy button and its state, the reward
// picked, the free gift's product, points with history and expiry, credit that
// expires soon), notices acknowledged only once seen, tier status, orders
// waiting out the refund hold, journey rewards named as such, one date per
// award, the expired session, long names, and projections that name the
// minimum order and what does not carry over. The real stepwise-server
// (SQLite file, 127.0.0.1) serves web/ to Debian's headless Chromium; every
// state is checked at 1280x800 and 390x844, light and dark, with axe-core,
// and photographed into test-artifacts/browser/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axe } from './lib/axe.mjs';
import { launch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { DAY as day, closeAll, frenchStrings, inWidget, openAs, order, review, waitWidget } from './lib/shopper.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const BIN = process.env.STEPWISE_SERVER || join(repo, 'build', 'bin', 'stepwise-server');
const WEB = process.env.STEPWISE_WEB_DIR || join(repo, 'web'); // web/ with the widget built into web/widget
const artifacts = process.env.TEST_ARTIFACTS || join(repo, 'test-artifacts', 'browser');
mkdirSync(artifacts, { recursive: true });
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const dateFmt = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });
const LONG = 'Bartholomew'.repeat(9); // 99 letters, no break opportunity

// A thank-you code for any order (a third program, so that the shopper holds codes in three states).
const THANKS = { id: 'thanks', name: 'Thank You', kind: 'tiers', status: 'active', currency: 'USD',
  rules: { order_statuses: ['completed'], spend_basis: 'subtotal', window: { kind: 'lifetime' } },
  steps: [{ id: 'thank-you', name: 'Thank-you code', target: '1.00', rewards: [{ type: 'discount_amount', amount: '5.00' }] }] };
// Orders count after a 7-day return window; its step's name is one long word.
const HELD = { id: 'held-journey', name: 'Held Journey', kind: 'journey', status: 'active', currency: 'USD',
  rules: { order_statuses: ['completed'], spend_basis: 'subtotal', refund_hold_days: 7 },
  steps: [{ id: 'two-orders', name: LONG, description: 'Place two orders', metric: 'orders', target: 2, rewards: [{ type: 'points', points: 50 }] }] };
// The same hold on spend tiers.
const HELD_TIERS = { id: 'held-tiers', name: 'Held Tiers', kind: 'tiers', status: 'active', currency: 'USD',
  rules: { order_statuses: ['completed'], spend_basis: 'subtotal', window: { kind: 'lifetime' }, refund_hold_days: 7 },
  steps: [{ id: 'held-100', name: 'Held Hundred', target: '100.00', rewards: [{ type: 'store_credit', amount: '1.00' }] }] };
// A program the shopper earned in and that was then switched off: its program never reaches them.
const RETIRED = { id: 'retired', name: 'Retired Secret Plan', kind: 'tiers', status: 'active', currency: 'USD',
  rules: { order_statuses: ['completed'], spend_basis: 'subtotal', window: { kind: 'lifetime' } },
  steps: [{ id: 'gone', name: 'Secret Tier Name', target: '1.00', rewards: [{ type: 'points', points: 7 }] }] };

let server;
let browser;

before(async () => {
  server = await startServer({ bin: BIN, web: WEB });
  for (const f of ['loyalty-journey', 'spend-rewards']) {
    await server.admin('POST', '/v1/programs', readFileSync(join(repo, 'web', 'demo', `${f}.json`), 'utf8'));
  }
  for (const p of [THANKS, HELD, HELD_TIERS, RETIRED]) await server.admin('POST', '/v1/programs', p);
  const shoppers = { rita: 'Rita Rewards', nora: 'Nora Notice', pia: 'Pia Projection', hal: 'Hal Held', long: LONG };
  for (const [id, name] of Object.entries(shoppers)) await server.admin('PUT', `/v1/customers/${id}`, { name, roles: ['customer'] });
  await server.admin('POST', '/v1/events', { events: [
    // rita: the whole journey (step 2's reward to pick), Silver Spender ($320), a thank-you code.
    order('rita', 1, 10, '30.00'), order('rita', 2, 9, '200.00'), review('rita', 1, 8), review('rita', 2, 7),
    order('rita', 3, 6, '30.00'), order('rita', 4, 5, '30.00'), order('rita', 5, 4, '30.00'),
    order('hal', 1, 2, '30.00'),
  ] });
  await server.admin('POST', '/v1/programs/retired/deactivate', {});
  // rita picks free shipping (customer token, as the widget does) and uses it at the store (admin).
  const { choices } = await server.admin('GET', '/v1/customers/rita/choices');
  const pick = await customer('rita', 'POST', `/v1/customers/rita/choices/${choices[0].id}`, { picks: [1] });
  const shipping = pick.rewards[0].code;
  const { rewards } = await server.admin('GET', '/v1/customers/rita/rewards');
  await server.admin('POST', `/v1/customers/rita/rewards/${rewards.find((r) => r.code === shipping).id}/redeem`, {});
  // The thank-you code's time runs out: moved into the past in the database, the server's own tick
  // expires it (the real path; a reward's life is counted in days, a test has seconds).
  const thanks = rewards.find((r) => r.program_id === 'thanks');
  execFileSync('sqlite3', [server.db, `.timeout 5000`, `UPDATE rewards SET expires_at = ${Date.now() - day} WHERE id = ${thanks.id}`]);
  await until(async () => (await server.admin('GET', '/v1/customers/rita/rewards')).rewards
    .find((r) => r.id === thanks.id).state === 'expired');
  // A goodwill credit that expires in five days, with a memo the shopper must never read.
  await server.admin('POST', '/v1/customers/rita/wallet/transactions',
    { type: 'credit', amount: '7.50', note: 'Goodwill credit', expires_at: new Date(Date.now() + 5 * day).toISOString().replace(/\.\d+Z$/, 'Z') });
  // hal: a manual award whose note is the merchant's memo.
  await server.admin('POST', '/v1/customers/hal/milestone-progress/award',
    { milestone_id: 'first-steps', program_id: 'spend-rewards', note: 'INTERNAL-MEMO-do-not-show' });
  browser = await launch();
});

after(() => closeAll(browser, server));

// ---- helpers ----

async function customer(id, method, path, body) {
  const res = await fetch(server.origin + path, { method, headers: { 'X-Customer-Token': server.token(id), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function until(fn, ms = 10000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (await fn()) return;
  }
  throw new Error(`timed out: ${fn}`);
}

/** Opens `path` signed in as `id` at 1280x800 unless told otherwise. */
const open = (path, id, opts = {}) => openAs(browser, server, path, id, { width: 1280, height: 800, ...opts });
const ready = (page, sel) => waitWidget(page, (s) => s.phase === 'ready' && s.rewards, sel);
/** My rewards' entries: {award, what, state, detail, code}. */
const mineItems = (page, sel = 'stepwise-journey') =>
  page.evaluate((sel) => [...document.querySelector(sel).shadowRoot.querySelectorAll('.mine-item')].map((li) => ({
    award: li.dataset.award, what: li.querySelector('.what').textContent, state: li.querySelector('.badge').textContent,
    detail: li.querySelector('.small').textContent, code: li.querySelector('code')?.textContent || null,
  })), sel);

/**
 * The state on screen at 1280x800 and 390x844, light and dark: axe finds nothing, the page does
 * not scroll sideways, and a screenshot goes to the artifacts.
 */
async function everyLook(page, name) {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    await page.setViewportSize({ width, height });
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => {
        document.documentElement.dataset.theme = t;
        for (const w of document.querySelectorAll('stepwise-journey')) w.setAttribute('theme', t);
      }, theme);
      const violations = await axe(page);
      assert.deepEqual(violations, [], `${name} ${width}px ${theme}: axe found\n${violations.join('\n')}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width, `${name} ${width}px ${theme}: the page is ${wide} px wide`);
      await page.screenshot({ path: join(artifacts, `rewards-${name}-${width}-${theme}.png`), fullPage: true, animations: 'disabled' });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

// ---- My rewards ----

describe('My rewards', () => {
  test('the wallet page lists every code with its state and a copy button, the pick, the gift, points and expiring credit', async () => {
    const page = await open('/wallet.html', 'rita');
    await ready(page, '#tiers');
    const { rewards } = await server.admin('GET', '/v1/customers/rita/rewards');
    const mine = await mineItems(page, '#tiers');
    // Nothing earned lives only in a notice: every reward record is listed, every code shown.
    assert.equal(mine.length, rewards.length, JSON.stringify(mine, null, 1));
    assert.deepEqual(mine.filter((m) => m.code).map((m) => m.code).sort(), rewards.filter((r) => r.code).map((r) => r.code).sort());
    const codeOf = (pred) => rewards.find(pred).code;
    const entry = (code) => mine.find((m) => m.code === code);
    const shipping = entry(codeOf((r) => r.type === 'free_shipping'));
    assert.deepEqual([shipping.what, shipping.state], ['free shipping', 'Used']);
    assert.match(shipping.detail, /^Journey reward: Gear up · earned .* · used /);
    const gift = entry(codeOf((r) => r.type === 'free_gift'));
    assert.deepEqual([gift.what, gift.state], ['a free gift: Wool Socks', 'Ready to use']);
    assert.match(gift.detail, /^Journey reward: Regular · earned /);
    const thanks = entry(codeOf((r) => r.program_id === 'thanks'));
    assert.deepEqual([thanks.what, thanks.state], ['$5.00 off an order', 'Expired']);
    assert.match(thanks.detail, /^Milestone reward: Thank-you code · earned .* · expired /);
    // One copy button per code, named by its code.
    const copies = await page.evaluate(() => [...document.querySelector('#tiers').shadowRoot.querySelectorAll('[data-copy]')]
      .map((b) => b.getAttribute('aria-label')));
    assert.deepEqual(copies.sort(), rewards.filter((r) => r.code).map((r) => `Copy code ${r.code}`).sort());
    // Points: the balance, each grant with its step; credit that expires soon, the balance.
    const wallet = await server.admin('GET', '/v1/customers/rita/wallet');
    const groups = await inWidget(page, '.mine-group', '#tiers');
    const points = groups.find((g) => g.startsWith('Points'));
    assert.ok(points.includes(`You have ${wallet.points} points.`), points);
    const grants = mine.filter((m) => m.award.startsWith('loyalty-journey:') && / points?$/.test(m.what));
    assert.deepEqual(grants.map((m) => [m.what, m.state, m.detail.split(' · ')[0]]),
      [['200 points', 'Added', 'Journey reward: Welcome aboard'], ['300 points', 'Added', 'Journey reward: Share your thoughts']]);
    const credit = groups.find((g) => g.startsWith('Store credit'));
    assert.ok(credit.includes(`Wallet balance: ${usd.format(wallet.balance)}`), credit);
    const soon = wallet.expiring.find((x) => x.amount === '7.50');
    assert.ok(credit.includes(`$7.50 expires ${dateFmt.format(new Date(soon.expires_at))}`), credit);
    // The reward picked on the finished "pick 1 of" step, under that step (store page).
    const store = await open('/', 'rita');
    await ready(store);
    assert.deepEqual(await inWidget(store, '[data-step="spend-150"] .picked'), ['You picked free shipping.']);
    await everyLook(store, 'journey-done-picked');
    await store.close();
    // Copying puts the code on the clipboard and says so; focus stays on the button.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await page.locator('#tiers').getByRole('button', { name: `Copy code ${gift.code}` }).click();
    await page.locator('#tiers .copy-status', { hasText: `Code ${gift.code} copied.` }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), gift.code);
    assert.equal(await page.evaluate(() => document.querySelector('#tiers').shadowRoot.activeElement?.dataset.copy), gift.code);
    await everyLook(page, 'wallet-my-rewards');
    await page.close();
  });

  test('memos and switched-off programs never reach the shopper', async () => {
    for (const who of ['hal', 'rita']) {
      const page = await open('/wallet.html', who);
      await ready(page, '#tiers');
      await page.locator('#tx tbody tr').first().waitFor();
      const text = (await page.locator('main').innerText()) + (await inWidget(page, '.card', '#tiers')).join(' ');
      assert.doesNotMatch(text, /INTERNAL-MEMO/);
      assert.doesNotMatch(text, /Retired Secret Plan|Secret Tier Name/);
      const seen = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
      assert.ok(!seen.some((u) => u.includes('/v1/programs/retired')), 'the widget asked for the switched-off program');
      await page.close();
    }
    // The memo is really there, for the merchant.
    const ledger = await server.admin('GET', '/v1/ledger?customer_id=hal');
    assert.ok(ledger.transactions.some((t) => t.memo === 'INTERNAL-MEMO-do-not-show'));
  });
});

// ---- notices ----

describe('notices', () => {
  test('a notice below the fold is acknowledged only once it was on screen, and stays reachable in My rewards', async () => {
    // nora's first order, placed as the store's checkout does.
    await customer('nora', 'POST', '/v1/demo/orders', { subtotal: '30.00', items: [{ sku: 'tee-basic', quantity: 1, amount: '30.00' }] });
    // This widget's program's notices (the thank-you program's are another widget's to show).
    const undelivered = async () => (await server.admin('GET', '/v1/customers/nora/notices')).notices
      .filter((n) => n.award_key && n.award_key.startsWith('loyalty-journey:')).length;
    const before = await undelivered();
    assert.ok(before >= 1);
    const page = await open('/', 'nora', { width: 390, height: 844 });
    await waitWidget(page, (s) => s.phase === 'ready' && s.notices.length > 0);
    const top = await page.evaluate(() => document.querySelector('stepwise-journey').shadowRoot.querySelector('.notice').getBoundingClientRect().top);
    assert.ok(top > 844, `the notice is below the fold (at ${top} px)`);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(await undelivered(), before, 'a notice nobody saw was marked delivered');
    // Scrolled into view: acknowledged after a moment.
    await page.evaluate(() => document.querySelector('stepwise-journey').shadowRoot.querySelector('.notice').scrollIntoView({ block: 'center' }));
    const shownAt = Date.now();
    await until(async () => (await undelivered()) === 0);
    assert.ok(Date.now() - shownAt >= 900, 'acknowledged before it was on screen for a moment');
    await everyLook(page, 'notice-seen');
    // "See it in My rewards" leads to the reward the notice announced.
    await page.locator('stepwise-journey').getByRole('button', { name: 'See it in My rewards' }).first().click();
    const focusedAward = await page.evaluate(() => document.querySelector('stepwise-journey').shadowRoot.activeElement?.dataset.award);
    assert.equal(focusedAward, 'loyalty-journey:first-order:1');
    // The next visit has no notice; what it announced is in My rewards.
    await page.reload();
    await ready(page);
    assert.deepEqual(await inWidget(page, '.notice'), []);
    const mine = (await mineItems(page)).filter((m) => m.award === 'loyalty-journey:first-order:1').map((m) => m.what);
    assert.deepEqual(mine, ['200 points', '$5.00 store credit']);
    await everyLook(page, 'my-rewards-after-notice');
    await page.close();
  });

  test('a French store words its notices in French: the award, the reward to pick, the pick and its code', async () => {
    await server.admin('PUT', '/v1/customers/fleur', { name: 'Fleur Française', roles: ['customer'] });
    // Step 1 (200 points and $5.00 credit), then step 2's spend: one of three rewards to pick.
    await server.admin('POST', '/v1/events', { events: [order('fleur', 1, 3, '30.00'), order('fleur', 2, 2, '200.00')] });
    const page = await open('/guide.html', 'fleur');
    const strings = await frenchStrings(page);
    await page.goto(server.origin + '/');
    await waitWidget(page, (s) => s.phase === 'ready' && s.notices.length === 2);
    await page.evaluate((s) => {
      const w = document.querySelector('stepwise-journey');
      w.setAttribute('locale', 'fr-FR');
      w.setAttribute('strings', JSON.stringify(s));
    }, strings);
    const money = (v) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'USD' }).format(v).replace(/\s+/g, ' ');
    const worded = () => inWidget(page, '.notice > div:first-child');
    assert.deepEqual(await worded(), [
      `Félicitations ! Vous avez atteint Welcome aboard et gagné 200 points et ${money(5)} de crédit.`,
      'Félicitations ! Vous avez atteint Gear up. Choisissez 1 récompense parmi 3.']);
    await everyLook(page, 'notices-fr');
    // The pick's notice replaces the one that asked for it, with the code of what was picked.
    const form = page.locator('stepwise-journey form.choice');
    await form.getByRole('radio', { name: 'la livraison offerte' }).check();
    await form.getByRole('button', { name: 'Claim reward' }).click();
    await page.locator('stepwise-journey .notice').filter({ hasText: 'Vous avez choisi' }).waitFor();
    const { rewards } = await server.admin('GET', '/v1/customers/fleur/rewards');
    const code = rewards.find((r) => r.award_key === 'loyalty-journey:spend-150:1' && r.type === 'free_shipping').code;
    assert.match(code, /^SW-/);
    assert.deepEqual((await worded()).slice(1),
      [`Félicitations ! Vous avez choisi la livraison offerte pour Gear up. Votre code : ${code} (la livraison offerte).`]);
    await everyLook(page, 'notice-picked-fr');
    await page.close();
  });
});

// ---- status, pending, labels, dates ----

describe('status and dates', () => {
  test('tier status, journey rewards named as such, one date per award explained when crediting came later', async () => {
    const page = await open('/wallet.html', 'rita');
    await ready(page, '#tiers');
    assert.deepEqual(await inWidget(page, '.tier-status', '#tiers'), ['You are a Silver Spender']);
    // Awarded today for orders of past days: earned that day, added today, and why.
    const { rewards } = await server.admin('GET', '/v1/customers/rita/rewards');
    const silver = rewards.find((r) => r.award_key === 'spend-rewards:silver:1');
    assert.ok(silver.earned_at < silver.issued_at, JSON.stringify(silver));
    // The milestones earned: one date, the day earned; where the later crediting day shows, it is explained.
    const earned = await inWidget(page, '.earned li', '#tiers');
    assert.ok(earned.includes(`Silver Spender: $15.00 on ${dateFmt.format(new Date(silver.earned_at))}`), earned.join('\n'));
    const mine = (await mineItems(page, '#tiers')).find((m) => m.award === 'spend-rewards:silver:1');
    assert.equal(mine.detail, `Milestone reward: Silver Spender · earned ${dateFmt.format(new Date(silver.earned_at))}, ` +
      `added ${dateFmt.format(new Date(silver.issued_at))} (rewards are added when the store processes them)`);
    // The wallet's table: journey credits are journey rewards, with their step and the day earned.
    await page.locator('#tx tbody tr').first().waitFor();
    const rows = await page.locator('#tx tbody tr').allInnerTexts();
    const welcome = rows.find((r) => r.includes('Welcome aboard'));
    assert.match(welcome, /Journey Reward\s+Welcome aboard \(earned [A-Z][a-z]{2} \d+, \d{4}\)/);
    assert.ok(rows.some((r) => /Milestone Reward\s+Silver Spender/.test(r)), rows.join('\n'));
    assert.ok(!rows.some((r) => /Milestone Reward\s+(Welcome aboard|Regular)/.test(r)), 'a journey award called a milestone reward');
    await page.locator('#f-type').selectOption('Journey Reward');
    assert.ok((await page.locator('#tx tbody tr').allInnerTexts()).every((r) => r.includes('Journey Reward')));
    await everyLook(page, 'wallet-tier-status');
    await page.close();
  });

  test('an order waiting out the return window says when it counts; a long step name wraps', async () => {
    const page = await open('/?program=held-journey', 'hal');
    await waitWidget(page, (s) => s.phase === 'ready' && s.report);
    const state = await page.evaluate(() => document.querySelector('stepwise-journey').state.report.pending);
    assert.equal(state.length, 1);
    assert.deepEqual(await inWidget(page, '.pending'),
      [`Your $30.00 order counts on ${dateFmt.format(new Date(state[0].counts_at))}, once its return window closes.`]);
    assert.match((await inWidget(page, '.togo'))[0], /^2 more orders to go$/);
    await everyLook(page, 'pending-order');
    await page.close();
    // Spend tiers (the wallet page): the same order, not yet in the qualifying spend.
    const wallet = await open('/wallet.html?program=held-tiers', 'hal');
    await ready(wallet, '#tiers');
    assert.deepEqual(await inWidget(wallet, '.spent', '#tiers'), ['Qualifying spend: $0.00']);
    assert.deepEqual(await inWidget(wallet, '.pending', '#tiers'),
      [`Your $30.00 order counts on ${dateFmt.format(new Date(state[0].counts_at))}, once its return window closes.`]);
    await everyLook(wallet, 'pending-order-tiers');
    await wallet.close();
  });

  test('a long unbroken name wraps in the account area and the widget', async () => {
    const page = await open('/wallet.html', 'long', { name: LONG, width: 390, height: 844 });
    await page.getByTestId('signed-in').waitFor();
    await ready(page, '#tiers');
    await everyLook(page, 'long-name');
    await page.close();
  });
});

// ---- the expired session ----

describe('expired session', () => {
  test('when the token runs out, the header stops saying "Signed in as" and the widget says why, in its strings', async () => {
    const page = await open('/', 'nora', { token: server.token('nora', 10), name: 'Nora Notice' });
    await page.getByTestId('signed-in').waitFor();
    // French strings for the widget, as a store would set them.
    await page.evaluate(() => document.querySelector('stepwise-journey').setAttribute('strings',
      JSON.stringify({ expired: 'Votre session a expiré. Reconnectez-vous pour voir vos récompenses.', signIn: 'Se connecter' })));
    await page.getByTestId('session-expired').waitFor({ timeout: 15000 });
    await waitWidget(page, (s) => s.phase === 'expired');
    assert.equal(await page.getByTestId('signed-in').count(), 0, '"Signed in as" stays on an expired session');
    assert.deepEqual(await inWidget(page, '.msg p'), ['Votre session a expiré. Reconnectez-vous pour voir vos récompenses.']);
    assert.deepEqual(await inWidget(page, '.msg a'), ['Se connecter']);
    await everyLook(page, 'session-expired');
    // Signing in again starts from the shopper picker, with focus there.
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await page.locator('#customer-pick').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'customer-pick');
    await page.close();
  });

  test('a token the server refuses also ends "Signed in as"', async () => {
    const bad = server.token('rita').replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const page = await open('/wallet.html', 'rita', { token: bad, name: 'Rita Rewards' });
    await page.getByTestId('session-expired').waitFor();
    assert.equal(await page.getByTestId('signed-in').count(), 0);
    assert.doesNotMatch(await page.locator('body').innerText(), /invalid customer token|signature/i);
    await page.close();
  });
});

// ---- projections ----

describe('projections', () => {
  test('a cart under the minimum says how much is missing; a big first order says the rest does not carry over', async () => {
    const page = await open('/', 'pia');
    await ready(page);
    await page.locator('[data-add="mug"]').click();
    await waitWidget(page, (s) => s.projection != null);
    assert.deepEqual(await inWidget(page, '.projection'), ['Add $4.00 more to reach the $20.00 minimum order for Step 1.']);
    assert.deepEqual(await inWidget(page, '.projection-note:not(:empty)'), []);
    const proj = await page.evaluate(() => document.querySelector('stepwise-journey').state.projection);
    assert.equal(proj.min_order_short, '4.00');
    await everyLook(page, 'projection-minimum');
    await page.evaluate(() => document.querySelector('stepwise-journey').setCart(
      { subtotal: '218.00', items: [{ sku: 'pack', quantity: 2, amount: '178.00' }, { sku: 'socks', quantity: 2, amount: '40.00' }] }));
    await waitWidget(page, (s) => s.projection && s.projection.completes_steps.length === 1);
    assert.deepEqual(await inWidget(page, '.projection'), ['Complete this order to finish Step 1 and earn 200 points and $5.00 store credit.']);
    assert.deepEqual(await inWidget(page, '.projection-note'), ['$218.00 of this order won’t carry over to Step 2: an order counts toward one step only.']);
    assert.equal((await page.evaluate(() => document.querySelector('stepwise-journey').state.projection)).not_carried, '218.00');
    await everyLook(page, 'projection-not-carried');
    await page.close();
  });
});
