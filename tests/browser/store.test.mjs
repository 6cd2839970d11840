// End to end: the demo store and the wallet page served by the real
// stepwise-server (SQLite file, 127.0.0.1), driven in Debian's headless
// Chromium. A shopper signs in, sees step 1, adds to cart and sees the
// projection, checks out, sees the step complete and the notice; the server's
// ledger holds the award; the widget's numbers equal the server's report;
// axe-core finds nothing; screenshots go to test-artifacts/browser/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { axe } from './lib/axe.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const artifacts = process.env.TEST_ARTIFACTS || join(repo, 'test-artifacts', 'browser');
mkdirSync(artifacts, { recursive: true });
const BIN = process.env.STEPWISE_SERVER || join(repo, 'build', 'bin', 'stepwise-server');
const CUSTOMERS = [
  { id: 'ada', name: 'Ada Lovelace' },
  { id: 'grace', name: 'Grace Hopper' },
  { id: 'alan', name: 'Alan Turing' },
];

let server;
let browser;
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const dateFmt = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

before(async () => {
  server = await startServer({ bin: BIN, web: join(repo, 'web') });
  for (const f of ['loyalty-journey', 'spend-rewards']) {
    await server.admin('POST', '/v1/programs', readFileSync(join(repo, 'web', 'demo', `${f}.json`), 'utf8'));
  }
  for (const c of CUSTOMERS) await server.admin('PUT', `/v1/customers/${c.id}`, { name: c.name, roles: ['customer'] });
  browser = await launch();
  // The demo store's backend calls are the server's own (serve --demo).
  const listed = await (await fetch(`${server.origin}/v1/demo/customers`)).json();
  assert.deepEqual(listed.customers.map((c) => c.id).sort(), CUSTOMERS.map((c) => c.id).sort());
});

after(async () => {
  await browser?.close();
  if (server) {
    if (process.env.STEPWISE_SERVER_LOG) console.log(server.log());
    await server.stop();
  }
});

// ---- helpers ----
const widgetState = (page, sel = 'stepwise-journey') => page.evaluate((sel) => document.querySelector(sel).state, sel);
const waitWidget = (page, fn, arg, sel = 'stepwise-journey') => page.waitForFunction(
  ({ sel, fn, arg }) => {
    const s = document.querySelector(sel)?.state;
    return s && new Function('s', 'arg', `return (${fn})(s, arg)`)(s, arg);
  }, { sel, fn: fn.toString(), arg }, { timeout: 15000 });
const inWidget = (page, css, sel = 'stepwise-journey') =>
  page.evaluate(({ css, sel }) => [...document.querySelector(sel).shadowRoot.querySelectorAll(css)]
    .map((e) => e.textContent.replace(/\s+/g, ' ').trim()), { css, sel });
const barValues = (page, sel = 'stepwise-journey') =>
  page.evaluate((sel) => [...document.querySelector(sel).shadowRoot.querySelectorAll('[role=progressbar]')]
    .map((b) => Number(b.getAttribute('aria-valuenow'))), sel);

async function signIn(page, id) {
  const out = page.getByRole('button', { name: 'Sign out' });
  await page.locator('#customer-pick').or(out).first().waitFor();
  if (await out.isVisible()) await out.click();
  await page.locator('#customer-pick').selectOption(id);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(/Signed in as/).waitFor();
}

async function expectNoAxeViolations(page, what) {
  const v = await axe(page);
  assert.deepEqual(v, [], `${what}: axe-core violations`);
}

/** Requests to the API made while `fn` runs. */
async function apiCallsDuring(page, fn) {
  const seen = [];
  const on = (req) => { if (new URL(req.url()).pathname.startsWith('/v1/')) seen.push(req.url()); };
  page.on('request', on);
  await fn();
  await page.waitForTimeout(200);
  page.off('request', on);
  return seen;
}

describe('demo store', () => {
  test('a shopper signs in, shops, checks out and watches the journey advance', async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.origin + '/');
    await waitWidget(page, (s) => s.phase === 'signed-out');

    // Sign in: step 1 is active.
    await signIn(page, 'ada');
    await waitWidget(page, (s) => s.phase === 'ready');
    let state = await widgetState(page);
    assert.equal(state.viewModel.current, 0);
    assert.deepEqual(state.viewModel.items.map((i) => i.state), ['current', 'locked', 'locked', 'locked']);
    assert.deepEqual(await inWidget(page, 'li[aria-current=step] h3'), ['Step 1: Welcome aboard']);

    // The first view was the server's view model: no engine downloaded yet.
    const engineFiles = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)
      .filter((n) => /\/stepwise(-engine)?\.[0-9a-f]{16}\.(js|wasm)$/.test(n)).length);
    assert.equal(await engineFiles(), 0, 'a first view without a cart downloads no engine');
    // Add to cart: the engine and the history arrive once, then projections are computed in the browser.
    const calls = await apiCallsDuring(page, async () => {
      await page.locator('[data-add="tee-basic"]').click();
      await waitWidget(page, (s) => s.projection != null);
    });
    assert.deepEqual(calls.map((u) => new URL(u).pathname), ['/v1/customers/ada/history'], 'the first cart reads the history once');
    assert.equal(await engineFiles(), 2, 'the engine\'s JS and wasm');
    assert.deepEqual(await inWidget(page, '.projection'),
      ['Complete this order to finish Step 1 and earn 200 points and $5.00 store credit.']);
    await page.locator('stepwise-journey').screenshot({ path: join(artifacts, 'store-journey-cart-light.png'), animations: 'disabled' });
    const small = { subtotal: '5.00', items: [{ sku: 'sticker', quantity: 1, amount: '5.00' }] };
    let projected;
    const again = await apiCallsDuring(page, async () => {
      projected = await page.evaluate((c) => document.querySelector('stepwise-journey').setCart(c), small);
    });
    assert.deepEqual(again, [], 'a later cart makes no server round trip');
    assert.deepEqual(projected.completes_steps, [], 'and is projected at once ($5 finishes nothing)');

    // Check out: the step completes and the one-time notice shows.
    await page.getByRole('button', { name: 'Check out' }).click();
    await page.getByText(/Thank you! Order #\d+ is confirmed/).waitFor();
    await waitWidget(page, (s) => s.viewModel && s.viewModel.items[0].state === 'done');
    state = await widgetState(page);
    assert.equal(state.viewModel.current, 1);
    const notices = await inWidget(page, '.notice');
    assert.equal(notices.length, 1);
    // Worded by the widget from the notice's kind, the step's name and what the award gave.
    assert.match(notices[0], /^Congratulations! You’ve reached Welcome aboard and earned 200 points and \$5\.00 store credit\.See it in My rewards/);
    assert.deepEqual(await inWidget(page, '.projection:not(:empty)'), [], 'the cart is empty after checkout');
    await page.screenshot({ path: join(artifacts, 'store-after-checkout-light.png'), fullPage: true, animations: 'disabled' });

    // The server's ledger holds the award (store credit) and its rewards (points).
    const ledger = await server.admin('GET', '/v1/ledger?customer_id=ada');
    const credit = ledger.transactions.find((t) => t.award_key === 'loyalty-journey:first-order:1');
    assert.ok(credit, `no ledger row for the award in ${JSON.stringify(ledger)}`);
    assert.equal(credit.amount, '5.00');
    assert.equal(credit.type, 'Milestone Reward');
    const rewards = await server.admin('GET', '/v1/customers/ada/rewards');
    assert.ok(rewards.rewards.some((r) => r.award_key === 'loyalty-journey:first-order:1' && r.type === 'points' && r.points === 200));

    // The notice was delivered once: after a reload it is gone; step 2 is current.
    // (A notice counts as delivered once it was on screen for a moment, issue 13: wait for that.)
    await waitWidget(page, (s) => s.notices.length > 0 && s.notices.every((n) => n.delivered));
    await page.reload();
    await waitWidget(page, (s) => s.phase === 'ready');
    assert.deepEqual(await inWidget(page, '.notice'), []);
    assert.deepEqual(await inWidget(page, 'li[aria-current=step] h3'), ['Step 2: Gear up']);

    // A bigger cart finishes step 2, whose reward the shopper picks.
    await page.locator('[data-add="hoodie"]').click();
    await page.locator('[data-add="pack"]').click();
    await waitWidget(page, (s) => s.projection && s.projection.completes_steps.length === 1);
    assert.deepEqual(await inWidget(page, '.projection'),
      ['Complete this order to finish Step 2 and earn your choice of $10.00 store credit, free shipping, or 15% off an order.']);
    await page.getByRole('button', { name: 'Check out' }).click();
    await waitWidget(page, (s) => s.viewModel && s.viewModel.current === 2);
    const form = page.locator('stepwise-journey form.choice');
    await form.waitFor();
    assert.match(await form.textContent(), /Pick your reward for Gear up/);
    await page.screenshot({ path: join(artifacts, 'store-reward-choice-light.png'), fullPage: true, animations: 'disabled' });
    await form.getByRole('radio', { name: '$10.00 store credit' }).check();
    await form.getByRole('button', { name: 'Claim reward' }).click();
    // The server's notice about the pick replaces the one that asked for it.
    await page.locator('stepwise-journey .notice').filter({ hasText: 'You picked $10.00 store credit for Gear up.' }).waitFor();
    assert.equal((await inWidget(page, '.notice')).filter((t) => /Choose 1 of 3/.test(t)).length, 0);
    const choices = await server.admin('GET', '/v1/customers/ada/choices');
    assert.deepEqual(choices.choices, []);
    const ledger2 = await server.admin('GET', '/v1/ledger?customer_id=ada');
    assert.ok(ledger2.transactions.some((t) => t.award_key === 'loyalty-journey:spend-150:1' && t.amount === '10.00'));

    // Reviews are step 3.
    await page.locator('[data-review="mug"]').click();
    await waitWidget(page, (s) => s.viewModel.items[2].value === '1');
    await page.locator('[data-review="pack"]').click();
    await waitWidget(page, (s) => s.viewModel.current === 3);
    assert.deepEqual(await inWidget(page, 'li[aria-current=step] h3'), ['Step 4: Regular']);

    await expectNoAxeViolations(page, 'store, light');
    await page.locator('stepwise-journey').screenshot({ path: join(artifacts, 'store-journey-light.png'), animations: 'disabled' });
    await page.getByRole('button', { name: 'Dark theme' }).click();
    assert.equal(await page.locator('stepwise-journey').getAttribute('theme'), 'dark');
    await expectNoAxeViolations(page, 'store, dark');
    await page.locator('stepwise-journey').screenshot({ path: join(artifacts, 'store-journey-dark.png'), animations: 'disabled' });
    await page.screenshot({ path: join(artifacts, 'store-dark.png'), fullPage: true, animations: 'disabled' });
    await page.getByRole('button', { name: 'Light theme' }).click();
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the widget's numbers equal the server's reports for the same shopper", async () => {
    // Grace's history, posted as the store's backend would.
    const day = 86400000;
    const at = (daysAgo) => new Date(Date.now() - daysAgo * day).toISOString().replace(/\.\d+Z$/, 'Z');
    const events = [
      { id: 'g1', type: 'order', at: at(40), order_id: 'G1', status: 'completed', subtotal: '120.00' },
      { id: 'g2', type: 'order', at: at(20), order_id: 'G2', status: 'completed', subtotal: '140.00', tax: '11.20' },
      { id: 'g3', type: 'order', at: at(10), order_id: 'G3', status: 'completed', subtotal: '19.00' },
      { id: 'g4', type: 'review', at: at(5), product_id: 'mug' },
    ].map((e) => ({ customer_id: 'grace', ...e }));
    await server.admin('POST', '/v1/events', { events });

    const page = await browser.newPage();
    await page.goto(server.origin + '/');
    await signIn(page, 'grace');
    await waitWidget(page, (s) => s.phase === 'ready');
    const journey = await server.admin('GET', '/v1/customers/grace/journey?program_id=loyalty-journey');
    const vm = (await widgetState(page)).viewModel;
    const report = (await widgetState(page)).report;
    assert.equal(vm.overall_pct, journey.progress_pct);
    assert.equal(vm.current, journey.current_step);
    for (const [i, step] of journey.steps.entries()) {
      assert.equal(vm.items[i].value, String(step.value), `step ${i} value`);
      assert.equal(vm.items[i].pct, step.progress_pct, `step ${i} pct`);
      assert.equal({ completed: 'done', active: 'current', locked: 'locked' }[step.state], vm.items[i].state);
    }
    assert.deepEqual(report.awards.map((a) => a.key), journey.awards.map((a) => a.key));
    // What the shopper reads: the bars and the current step's text.
    const cur = journey.steps[journey.current_step];
    assert.deepEqual(await barValues(page), [journey.progress_pct, cur.progress_pct]);
    const [text] = await inWidget(page, 'li[aria-current=step] .small');
    assert.equal(text, `${usd.format(cur.value)} of ${usd.format(cur.target)} spent · ${usd.format(cur.remaining)} more to spend`);

    // The wallet page: milestone progress of the tiers program.
    await page.goto(server.origin + '/wallet.html');
    await waitWidget(page, (s) => s.phase === 'ready', null, '#tiers');
    const tiers = await server.admin('GET', '/v1/customers/grace/milestone-progress?program_id=spend-rewards');
    const wvm = (await widgetState(page, '#tiers')).viewModel;
    const wrep = (await widgetState(page, '#tiers')).report;
    assert.equal(wrep.qualifying_spend, tiers.qualifying_spend);
    assert.equal(wvm.items[wvm.current].id, tiers.next_milestone.id);
    assert.equal(wvm.items[wvm.current].remaining, tiers.next_milestone.remaining);
    assert.equal(wvm.items[wvm.current].pct, tiers.next_milestone.progress_pct);
    assert.deepEqual(await inWidget(page, '.spent', '#tiers'), [`Qualifying spend: ${usd.format(tiers.qualifying_spend)}`]);
    assert.deepEqual(await barValues(page, '#tiers'), [tiers.next_milestone.progress_pct]);
    const [togo] = await inWidget(page, '.next-card .togo', '#tiers');
    assert.equal(togo, `${usd.format(tiers.next_milestone.remaining)} to go to reach ${tiers.next_milestone.name}`);
    assert.deepEqual(await inWidget(page, 'ul.earned li', '#tiers'),
      tiers.milestones_earned.map((m) => `${m.name}: ${usd.format(m.reward_amount)} on ${dateFmt.format(new Date(m.awarded_at))}`));
    assert.equal(tiers.milestones_earned.length, 2);
    await page.close();
  });
});

describe('sign-in without a demo backend', () => {
  test('a pasted customer token signs the shopper in', async () => {
    const page = await browser.newPage();
    // As if neither the server nor a store backend offered /v1/demo/*.
    await page.route('**/v1/demo/**', (route) => route.fulfill({ status: 404, contentType: 'application/json',
      body: '{"errors":[{"pointer":"","message":"no such endpoint"}]}' }));
    await page.goto(server.origin + '/');
    const out = page.getByRole('button', { name: 'Sign out' });
    await page.locator('#token-input').or(out).first().waitFor();
    if (await out.isVisible()) await out.click();
    await page.getByLabel('Customer token').fill(server.token('alan'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitWidget(page, (s) => s.phase === 'ready');
    assert.equal((await widgetState(page)).viewModel.current, 0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitWidget(page, (s) => s.phase === 'signed-out');
    await page.close();
  });
});

describe('wallet page', () => {
  test('balance, milestone progress, earned list, transactions with filters, printable statement', async () => {
    const page = await browser.newPage();
    await page.goto(server.origin + '/wallet.html');
    await signIn(page, 'grace');
    await waitWidget(page, (s) => s.phase === 'ready', null, '#tiers');
    const wallet = await server.admin('GET', '/v1/customers/grace/wallet');
    await page.getByTestId('balance').filter({ hasText: usd.format(wallet.balance) }).waitFor();
    const tx = (await server.admin('GET', '/v1/customers/grace/wallet/transactions')).transactions;
    assert.ok(tx.length >= 2);
    const rows = page.locator('#tx tbody tr');
    assert.equal(await rows.count(), tx.length);
    assert.match(await page.locator('#tx-summary').textContent(), new RegExp(`^${tx.length} transactions`));

    // Filter by type and by date.
    await page.locator('#f-type').selectOption('Milestone Reward');
    // A journey's credits are labelled Journey Reward (issue 13): the milestone filter shows the others.
    assert.equal(await rows.count(), tx.filter((t) => t.type === 'Milestone Reward' && !String(t.award_key).startsWith('loyalty-journey:')).length);
    await page.locator('#f-from').fill('2000-01-01');
    await page.locator('#f-to').fill('2000-01-31');
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().textContent(), /No transactions match/);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('#tx tbody tr').length === n, tx.length);

    await expectNoAxeViolations(page, 'wallet, light');
    await page.locator('#tiers').screenshot({ path: join(artifacts, 'wallet-tiers-light.png'), animations: 'disabled' });
    await page.screenshot({ path: join(artifacts, 'wallet-light.png'), fullPage: true, animations: 'disabled' });

    // Print: the statement heading shows, navigation and filters do not.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.site').isVisible(), false);
    assert.equal(await page.locator('#filters').isVisible(), false);
    assert.equal(await page.locator('#statement-head').isVisible(), true);
    assert.match(await page.locator('#statement-head').textContent(), /wallet statement.*Grace Hopper/);
    await page.screenshot({ path: join(artifacts, 'wallet-print.png'), fullPage: true });
    await page.pdf({ path: join(artifacts, 'wallet-statement.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expectNoAxeViolations(page, 'wallet, dark');
    await page.locator('#tiers').screenshot({ path: join(artifacts, 'wallet-tiers-dark.png'), animations: 'disabled' });
    await page.getByRole('button', { name: 'Light theme' }).click();
    await page.close();
  });

  test('the embedding guide is linked and readable', async () => {
    const page = await browser.newPage();
    await page.goto(server.origin + '/');
    await page.getByRole('link', { name: 'Embedding guide' }).click();
    await page.getByRole('heading', { level: 1, name: 'Embedding the Stepwise widget' }).waitFor();
    assert.ok(await page.locator('pre code').count() >= 3);
    await expectNoAxeViolations(page, 'guide');
    await page.close();
  });
});
