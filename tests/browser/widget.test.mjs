// The widget on its own, with canned server answers (page.route) instead of a
// server: every state, both program kinds, the cart projection, reward
// choices, notices, localization, keyboard and axe-core. The store tests
// (store.test.mjs) run the same widget against the real server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './lib/browser.mjs';
import { fakeOrigin, ORIGIN } from './lib/fake-origin.mjs';
import { axe } from './lib/axe.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const web = join(repo, 'web');
const artifacts = process.env.TEST_ARTIFACTS || join(repo, 'test-artifacts', 'browser');
mkdirSync(artifacts, { recursive: true });
const json = (p) => JSON.parse(readFileSync(join(repo, p), 'utf8'));
const JOURNEY = json('web/demo/loyalty-journey.json');
const TIERS = json('web/demo/spend-rewards.json');
const AS_OF = '2026-06-01T00:00:00Z';
const TOKEN = '42.4102444800.00ff'; // <customer>.<expiry>.<signature>, as the server's tokens

const order = (id, at, subtotal, status = 'completed') =>
  ({ id: `o${id}`, type: 'order', at, order_id: String(id), status, subtotal });
const history = (events) => ({ customer: { id: '42', roles: ['customer'] }, events });

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * Opens a page with one widget. `server` answers API calls: {program, history, notices, choices, status: {path: code}}.
 * Returns {page, calls, el} where calls lists every API request.
 */
async function open({ program = JOURNEY, hist = history([]), notices = [], choices = [], fail = {}, attrs = {},
  theme = 'light', lang = 'en-US', delay = 0, pageBg, init } = {}) {
  const page = await browser.newPage();
  if (init) await page.addInitScript(...init); // [function, argument]: runs before the page's own scripts
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const calls = [];
  const state = { notices, choices };
  await fakeOrigin(page, {
    root: web,
    pages: {
      '/t': `<!doctype html><html lang="${lang}"><head><title>Widget test</title>
        <script type="module" src="/widget/stepwise-widget.js"></script></head>
        <body style="margin:0;padding:24px;max-width:620px;background:${pageBg || (theme === 'dark' ? '#0f1115' : '#fff')}">
        <main><h1 style="position:absolute;left:-999px">Rewards</h1>
        <stepwise-journey program="${program.id}" theme="${theme}" as-of="${AS_OF}"
          ${Object.entries({ token: TOKEN, ...attrs }).filter(([, v]) => v != null).map(([k, v]) => `${k}='${v}'`).join(' ')}>
        </stepwise-journey></main></body></html>`,
    },
    api: async (method, path, body, headers) => {
      calls.push({ method, path, body, token: headers['x-customer-token'] });
      for (const [prefix, status] of Object.entries(fail)) {
        if (path.startsWith(prefix)) {
          const code = typeof status === 'function' ? status() : status;
          if (code) return { status: code, body: { error: 'canned failure' } };
        }
      }
      // The server's answers (docs/api.md), for customer 42.
      const base = { delay };
      const me = '/v1/customers/42';
      if (path.startsWith('/v1/programs/')) return { ...base, body: program };
      if (path === `${me}/history`) return { ...base, body: hist };
      if (path === `${me}/notices`) return { ...base, body: { customer_id: '42', notices: state.notices } };
      if (path === `${me}/notices/delivered` && method === 'POST') {
        const ids = JSON.parse(body).ids;
        state.notices = state.notices.filter((n) => !ids.includes(n.id));
        return { body: { delivered: ids.length } };
      }
      if (path === `${me}/choices` && method === 'GET') return { ...base, body: { customer_id: '42', choices: state.choices } };
      if (path.startsWith(`${me}/choices/`) && method === 'POST') {
        state.choices = [];
        return { body: { id: 7, state: 'resolved' } };
      }
      return undefined;
    },
  });
  await page.goto(`${ORIGIN}/t`);
  const el = page.locator('stepwise-journey');
  return { page, calls, el, errors, state };
}

async function until(fn, ms = 5000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) {
    const v = await fn();
    if (v) return v;
  }
  throw new Error(`timed out: ${fn}`);
}
const phase = (page) => page.evaluate(() => document.querySelector('stepwise-journey').state.phase);
const waitPhase = (page, p) =>
  page.waitForFunction((p) => document.querySelector('stepwise-journey')?.state?.phase === p, p, { timeout: 15000 });
const shadowText = (page, sel) =>
  page.evaluate((sel) => document.querySelector('stepwise-journey').shadowRoot.querySelector(sel)?.textContent.trim().replace(/\s+/g, ' '), sel);
const setCart = (page, cart) => page.evaluate((c) => document.querySelector('stepwise-journey').setCart(c), cart);
const bars = (page) => page.evaluate(() => [...document.querySelector('stepwise-journey').shadowRoot
  .querySelectorAll('[role=progressbar]')].map((b) => ({
  now: Number(b.getAttribute('aria-valuenow')), min: b.getAttribute('aria-valuemin'), max: b.getAttribute('aria-valuemax'),
  label: b.getAttribute('aria-label'), width: b.firstElementChild.style.width,
})));

describe('journey', () => {
  test('a new shopper sees step 1 as the current step, in an ordered list', async () => {
    const { page, calls, errors } = await open();
    await waitPhase(page, 'ready');
    const steps = await page.evaluate(() => [...document.querySelector('stepwise-journey').shadowRoot
      .querySelectorAll('ol.steps > li')].map((li) => ({ cls: li.className, current: li.getAttribute('aria-current'), text: li.textContent })));
    assert.equal(steps.length, 4);
    assert.deepEqual(steps.map((s) => s.cls), ['step current', 'step locked', 'step locked', 'step locked']);
    assert.equal(steps[0].current, 'step');
    assert.match(steps[0].text, /Step 1: Welcome aboard/);
    assert.match(steps[0].text, /Place your first order of \$20 or more/);
    assert.match(steps[0].text, /0 of 1 order/);
    assert.match(steps[0].text, /Rewards:200 points\$5\.00 store credit/);
    assert.match(steps[1].text, /Pick 1 of:.*\$10\.00 store credit.*free shipping.*15% off an order/);
    const b = await bars(page);
    assert.deepEqual(b.map((x) => [x.now, x.min, x.max]), [[0, '0', '100'], [0, '0', '100']]);
    assert.ok(calls.every((c) => c.token === TOKEN), 'every call carries the customer token');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('progress comes from the engine: step 2 half done, overall and step bars', async () => {
    const hist = history([order(1, '2026-02-01T10:00:00Z', '40.00'), order(2, '2026-03-01T10:00:00Z', '75.00')]);
    const { page } = await open({ hist });
    await waitPhase(page, 'ready');
    const vm = await page.evaluate(() => document.querySelector('stepwise-journey').state.viewModel);
    assert.equal(vm.current, 1);
    assert.equal(vm.items[1].value, '75.00');
    assert.equal(vm.items[1].pct, 50);
    assert.equal(vm.overall_pct, 37.5);
    const b = await bars(page);
    assert.deepEqual(b.map((x) => x.now), [37.5, 50]);
    assert.deepEqual(b.map((x) => x.width), ['37.5%', '50%']);
    const cur = await shadowText(page, 'li[aria-current=step]');
    assert.match(cur, /\$75\.00 of \$150\.00 spent/);
    assert.match(cur, /\$75\.00 more to spend/);
    assert.match(await shadowText(page, 'li.done'), /Completed Feb 1, 2026/);
    assert.match(await shadowText(page, '.overall'), /1 of 4 steps complete/);
    await page.close();
  });

  test('the cart projection: API call and DOM event, no server round trip', async () => {
    const { page, calls } = await open();
    await waitPhase(page, 'ready');
    const before = calls.length;
    await setCart(page, { subtotal: '24.00', items: [{ sku: 'tee', quantity: 1, amount: '24.00' }] });
    assert.equal(await shadowText(page, '.projection'), 'Complete this order to finish Step 1 and earn 200 points and $5.00 store credit.');
    // Below the program's $20 minimum order: it would not count, and the widget says what is missing (issue 13).
    await page.evaluate(() => document.dispatchEvent(new CustomEvent('stepwise:cart', { detail: { subtotal: '16.00' } })));
    assert.equal(await shadowText(page, '.projection'), 'Add $4.00 more to reach the $20.00 minimum order for Step 1.');
    await page.evaluate(() => window.dispatchEvent(new CustomEvent('stepwise:cart', { detail: null })));
    assert.equal(await shadowText(page, '.projection'), '');
    assert.equal(calls.length, before, 'projecting made no API call');
    await page.close();
  });

  test('a cart that finishes the spend step offers the choice of rewards; partial progress otherwise', async () => {
    const hist = history([order(1, '2026-02-01T10:00:00Z', '40.00'), order(2, '2026-03-01T10:00:00Z', '75.00')]);
    const { page } = await open({ hist });
    await waitPhase(page, 'ready');
    await setCart(page, { subtotal: '89.00' });
    assert.equal(await shadowText(page, '.projection'),
      'Complete this order to finish Step 2 and earn your choice of $10.00 store credit, free shipping, or 15% off an order.');
    const proj = await page.evaluate(() => document.querySelector('stepwise-journey').state.projection);
    assert.deepEqual(proj.completes_steps, [1]);
    await setCart(page, { subtotal: '32.00' });
    assert.equal(await shadowText(page, '.projection'), 'After this order: $107.00 of $150.00 spent on Step 2.');
    await page.close();
  });

  test('one-time notices show, and dismissing keeps keyboard focus in the widget', async () => {
    // Notices without a kind (written before schema version 14): the server's English as it is.
    const { page, calls } = await open({ notices: [{ id: 11, award_key: 'loyalty-journey:first-order:1', program_id: 'loyalty-journey', milestone_id: 'first-order',
      message: 'Congratulations! You\'ve reached the Welcome aboard milestone. 200 points have been added to your account.' },
    { id: 12, award_key: 'spend-rewards:first-steps:1', program_id: 'spend-rewards', milestone_id: 'first-steps', message: 'Another program' }] });
    await waitPhase(page, 'ready');
    assert.equal(await shadowText(page, '.notice'),
      "Congratulations! You've reached the Welcome aboard milestone. 200 points have been added to your account.Dismiss");
    // Delivered once: the widget tells the server it showed this program's notice.
    const ack = await until(() => calls.find((c) => c.path.endsWith('/notices/delivered')));
    assert.deepEqual(JSON.parse(ack.body), { ids: [11] });
    await page.locator('stepwise-journey').getByRole('button', { name: 'Dismiss' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await shadowText(page, '.notice'), undefined);
    const focused = await page.evaluate(() => document.querySelector('stepwise-journey').shadowRoot.activeElement?.tagName);
    assert.equal(focused, 'H2');
    await page.close();
  });

  test('a notice with a kind is worded in the strings; one about a step the program no longer has keeps the server\'s words', async () => {
    const strings = JSON.stringify({ noticeAward: 'Bravo {step}: {rewards}.{codes}' });
    const { page } = await open({ attrs: { strings }, notices: [
      { id: 21, award_key: 'loyalty-journey:first-order:1', kind: 'award', program_id: 'loyalty-journey', milestone_id: 'first-order',
        rewards: [{ type: 'points', points: 200 }, { type: 'free_shipping', code: 'SW-AAAAA-BBBBB' }], message: 'English words.' },
      { id: 22, award_key: 'loyalty-journey:gone:1', kind: 'award', program_id: 'loyalty-journey', milestone_id: 'gone',
        message: 'Congratulations! A step no longer there.' }] });
    await waitPhase(page, 'ready');
    const texts = await page.evaluate(() => [...document.querySelector('stepwise-journey').shadowRoot
      .querySelectorAll('.notice > div:first-child')].map((d) => d.textContent));
    assert.deepEqual(texts, ['Congratulations! Bravo Welcome aboard: 200 points and free shipping. Your code: SW-AAAAA-BBBBB (free shipping).',
      'Congratulations! A step no longer there.']);
    await page.close();
  });

  test('pick-your-reward: keyboard choice posted back to the server', async () => {
    const choice = { id: 7, award_key: 'loyalty-journey:spend-150:1', program_id: 'loyalty-journey', milestone_id: 'spend-150',
      pick: 1, options: JOURNEY.steps[1].rewards, created_at: '2026-05-01T00:00:00Z' };
    const { page, calls } = await open({ choices: [choice] });
    await waitPhase(page, 'ready');
    const form = page.locator('stepwise-journey form.choice');
    assert.match(await form.textContent(), /Pick your reward for Gear up/);
    // Submitting without a choice says what is missing.
    await form.getByRole('button', { name: 'Claim reward' }).click();
    assert.match(await form.textContent(), /Select exactly 1 reward/);
    // Keyboard only: focus the first radio, arrow to the second, submit with Enter.
    await form.getByRole('radio').first().focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await form.getByRole('radio', { name: 'free shipping' }).isChecked(), true);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('stepwise-journey').shadowRoot.querySelector('form.choice'));
    const post = calls.find((c) => c.method === 'POST');
    assert.equal(post.path, '/v1/customers/42/choices/7');
    assert.deepEqual(JSON.parse(post.body), { picks: [1] });
    assert.match(await shadowText(page, '.msg.ok'), /Your reward is on its way/);
    await page.close();
  });

  test('a completed journey says so and projects nothing', async () => {
    const events = [order(1, '2026-01-02T00:00:00Z', '30.00'), order(2, '2026-01-03T00:00:00Z', '200.00'),
      { id: 'r1', type: 'review', at: '2026-01-04T00:00:00Z' }, { id: 'r2', type: 'review', at: '2026-01-05T00:00:00Z' },
      order(3, '2026-01-06T00:00:00Z', '30.00'), order(4, '2026-01-07T00:00:00Z', '30.00'), order(5, '2026-01-08T00:00:00Z', '30.00')];
    const { page } = await open({ hist: history(events) });
    await waitPhase(page, 'ready');
    assert.match(await shadowText(page, '.overall'), /Journey complete/);
    assert.equal((await bars(page))[0].now, 100);
    await setCart(page, { subtotal: '50.00' });
    assert.equal(await shadowText(page, '.projection'), '');
    await page.close();
  });
});

describe('spend tiers', () => {
  const hist = history([order(1, '2026-03-15T10:22:00Z', '120.00'), order(2, '2026-05-02T14:08:00Z', '192.50')]);

  test('progress to the next milestone, amount remaining, milestones earned with date and amount', async () => {
    const { page } = await open({ program: TIERS, hist });
    await waitPhase(page, 'ready');
    assert.match(await shadowText(page, '.spent'), /Qualifying spend: \$312\.50/);
    assert.match(await shadowText(page, '.next-card'), /Next milestone: Gold Spender.*62\.5%.*\$187\.50 to go to reach Gold Spender.*\$35\.00 store credit/);
    assert.equal((await bars(page))[0].now, 62.5);
    const earned = await page.evaluate(() => [...document.querySelector('stepwise-journey').shadowRoot
      .querySelectorAll('ul.earned li')].map((li) => li.textContent));
    assert.deepEqual(earned, ['First Steps: $5.00 on Mar 15, 2026', 'Silver Spender: $15.00 on May 2, 2026']);
    await setCart(page, { subtotal: '200.00' });
    assert.equal(await shadowText(page, '.projection'), 'Complete this order to reach Gold Spender and earn $35.00 store credit.');
    await setCart(page, { subtotal: '50.00' });
    assert.equal(await shadowText(page, '.projection'), 'After this order you’ll be $137.50 away from Gold Spender.');
    await page.close();
  });

  test('localized: German locale, euros, overridden strings', async () => {
    const program = { ...TIERS, currency: 'EUR' };
    const strings = JSON.stringify({ spent: 'Umsatz: {amount}', tierToGo: 'Noch {remaining} bis {name}' });
    const { page } = await open({ program, hist, lang: 'de-DE', attrs: { strings } });
    await waitPhase(page, 'ready');
    assert.equal(await shadowText(page, '.spent'), 'Umsatz: 312,50 €');
    assert.match(await shadowText(page, '.next-card'), /Noch 187,50 € bis Gold Spender/);
    assert.match(await shadowText(page, '.next-card'), /62,5 %/);
    // Strings set from script apply at once too.
    await page.evaluate(() => { document.querySelector('stepwise-journey').strings = { nextMilestone: 'Nächstes Ziel' }; });
    assert.match(await shadowText(page, '.next-card'), /Nächstes Ziel: Gold Spender/);
    await page.close();
  });
});

describe('states', () => {
  test('loading, then ready', async () => {
    const { page } = await open({ delay: 400 });
    await page.waitForFunction(() => document.querySelector('stepwise-journey')?.state);
    assert.equal(await phase(page), 'loading');
    assert.equal(await shadowText(page, '.msg'), 'Loading your rewards…');
    await waitPhase(page, 'ready');
    await page.close();
  });

  test('signed out: no token, a sign-in link', async () => {
    const { page, calls } = await open({ attrs: { token: null, 'sign-in-url': '/login' } });
    await waitPhase(page, 'signed-out');
    assert.match(await shadowText(page, '.msg'), /Sign in to see your rewards/);
    assert.equal(await page.evaluate(() => document.querySelector('stepwise-journey').shadowRoot.querySelector('a').getAttribute('href')), '/login');
    assert.equal(calls.length, 0);
    // Signing in (setting the token) loads the journey.
    await page.evaluate(() => document.querySelector('stepwise-journey').setAttribute('token', '42.4102444800.00ff'));
    await waitPhase(page, 'ready');
    await page.close();
  });

  test('a refused token: session expired', async () => {
    const { page } = await open({ fail: { '/v1/customers/42/history': 401 } });
    await waitPhase(page, 'expired');
    assert.match(await shadowText(page, '.msg'), /session has expired/);
    await page.close();
  });

  test('an unknown program: not available', async () => {
    const { page } = await open({ fail: { '/v1/programs/': 404 } });
    await waitPhase(page, 'missing');
    assert.match(await shadowText(page, '.msg'), /isn’t available/);
    await page.close();
  });

  test('a server error, then Try again', async () => {
    let failures = 1;
    const { page } = await open({ fail: { '/v1/customers/42/history': () => (failures-- > 0 ? 500 : 0) } });
    await waitPhase(page, 'error');
    assert.match(await shadowText(page, '.msg.error'), /couldn’t load your rewards/);
    assert.equal(await page.evaluate(() => document.querySelector('stepwise-journey').shadowRoot.querySelector('[role=alert]') != null), true);
    await page.locator('stepwise-journey').getByRole('button', { name: 'Try again' }).click();
    await waitPhase(page, 'ready');
    await page.close();
  });

  test('an ended program shows where the shopper finished, without projection', async () => {
    const program = { ...JOURNEY, ends_at: '2026-04-30T23:59:59Z' };
    const { page } = await open({ program, hist: history([order(1, '2026-02-01T10:00:00Z', '40.00')]) });
    await waitPhase(page, 'ready');
    assert.match(await shadowText(page, '.msg'), /This program has ended/);
    await setCart(page, { subtotal: '500.00' });
    assert.equal(await shadowText(page, '.projection'), '');
    await page.close();
  });

  test('a paused program and an ineligible shopper say so', async () => {
    let r = await open({ program: { ...JOURNEY, status: 'inactive' } });
    await waitPhase(r.page, 'ready');
    assert.match(await shadowText(r.page, '.msg'), /paused/);
    await r.page.close();
    r = await open({ program: { ...JOURNEY, rules: { ...JOURNEY.rules, roles: ['vip'] } } });
    await waitPhase(r.page, 'ready');
    assert.match(await shadowText(r.page, '.msg'), /isn’t available for your account/);
    await r.page.close();
  });
});

describe('accessibility and themes', () => {
  const hist = history([order(1, '2026-02-01T10:00:00Z', '40.00'), order(2, '2026-03-01T10:00:00Z', '75.00')]);
  const tiersHist = history([order(1, '2026-03-15T10:22:00Z', '120.00'), order(2, '2026-05-02T14:08:00Z', '192.50')]);
  for (const theme of ['light', 'dark']) {
    for (const [name, program, h] of [['journey', JOURNEY, hist], ['tiers', TIERS, tiersHist]]) {
      test(`axe-core finds no violations: ${name}, ${theme}`, async () => {
        const choice = { id: 7, program_id: 'loyalty-journey', milestone_id: 'spend-150', pick: 2, options: JOURNEY.steps[1].rewards };
        const { page } = await open({ program, hist: h, theme, notices: [{ id: 1, message: 'Congratulations! Well done.' }],
          choices: name === 'journey' ? [choice] : [] });
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await waitPhase(page, 'ready');
        await setCart(page, { subtotal: '50.00' });
        const violations = await axe(page);
        assert.deepEqual(violations, []);
        await page.locator('stepwise-journey').screenshot({ path: join(artifacts, `widget-${name}-${theme}.png`) });
        await page.close();
      });
    }
  }

  test('theme="auto" follows prefers-color-scheme; custom properties override', async () => {
    const { page } = await open({ theme: 'auto' });
    await waitPhase(page, 'ready');
    const bg = () => page.evaluate(() => getComputedStyle(document.querySelector('stepwise-journey').shadowRoot.querySelector('.card')).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await bg(), 'rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await bg(), 'rgb(21, 24, 33)');
    await page.evaluate(() => document.querySelector('stepwise-journey').style.setProperty('--stepwise-bg', 'rgb(1, 2, 3)'));
    assert.equal(await bg(), 'rgb(1, 2, 3)');
    await page.close();
  });

  test('reduced motion turns the bar animation off; focus is visible', async () => {
    const { page } = await open({ notices: [{ id: 1, message: 'Hi' }] });
    await waitPhase(page, 'ready');
    const transition = () => page.evaluate(() => getComputedStyle(document.querySelector('stepwise-journey').shadowRoot.querySelector('.fill')).transitionDuration);
    assert.equal(await transition(), '0.5s');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    assert.equal(await transition(), '0s');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const a = document.querySelector('stepwise-journey').shadowRoot.activeElement;
      return a && `${a.textContent} ${getComputedStyle(a).outlineStyle} ${getComputedStyle(a).outlineWidth}`;
    });
    assert.equal(outline, 'Dismiss solid 3px');
    await page.close();
  });
});

describe('the element', () => {
  const sheets = () => [...document.querySelectorAll('stepwise-journey')].map((w) => ({
    adopted: w.shadowRoot.adoptedStyleSheets ? w.shadowRoot.adoptedStyleSheets.length : null,
    styles: w.shadowRoot.querySelectorAll('style').length,
    bg: getComputedStyle(w.shadowRoot.querySelector('.card')).backgroundColor,
  }));
  const addSecond = (page) => page.evaluate(() => {
    const two = document.querySelector('stepwise-journey').cloneNode();
    document.querySelector('main').append(two);
    return new Promise((r) => two.addEventListener('stepwise:render', (e) => e.detail.phase === 'ready' && r(), { once: false }));
  });

  test('every widget of the page adopts one constructed stylesheet, with no <style> of its own', async () => {
    const { page } = await open();
    await waitPhase(page, 'ready');
    await addSecond(page);
    assert.deepEqual(await page.evaluate(sheets), [1, 2].map(() => ({ adopted: 1, styles: 0, bg: 'rgb(255, 255, 255)' })));
    assert.ok(await page.evaluate(() => {
      const [a, b] = document.querySelectorAll('stepwise-journey');
      return a.shadowRoot.adoptedStyleSheets[0] === b.shadowRoot.adoptedStyleSheets[0];
    }), 'the two widgets share the sheet');
    await page.close();
  });

  test('without constructable stylesheets each widget has a <style>', async () => {
    const { page } = await open({ init: [() => { delete ShadowRoot.prototype.adoptedStyleSheets; }] });
    await waitPhase(page, 'ready');
    await addSecond(page);
    assert.deepEqual(await page.evaluate(sheets), [1, 2].map(() => ({ adopted: null, styles: 1, bg: 'rgb(255, 255, 255)' })));
    await page.close();
  });

  test('a data source set before the module defines the element is read instead of the server', async () => {
    const hist = history([order(1, '2026-02-01T10:00:00Z', '40.00'), order(2, '2026-03-01T10:00:00Z', '75.00')]);
    // Set on the element just before customElements.define upgrades it: the setter must still see it.
    const init = [({ program, hist }) => {
      const define = customElements.define.bind(customElements);
      customElements.define = (name, cls, options) => {
        if (name === 'stepwise-journey') {
          for (const el of document.querySelectorAll(name)) {
            el.dataSource = {
              asked: [],
              program(id) { this.asked.push(`program ${id}`); return program; },
              async history() { this.asked.push('history'); return hist; },
              notices: () => [{ id: 'n1', text: 'From the source' }],
            };
          }
        }
        define(name, cls, options);
      };
    }, { program: JOURNEY, hist }];
    const { page, calls, errors } = await open({ hist: history([]), attrs: { token: null }, init });
    await waitPhase(page, 'ready');
    assert.equal(calls.length, 0, `no server calls: ${JSON.stringify(calls)}`);
    const seen = await page.evaluate(() => {
      const w = document.querySelector('stepwise-journey');
      return { own: Object.hasOwn(w, 'dataSource'), asked: w.dataSource.asked, current: w.state.viewModel.current,
        rewards: w.state.rewards, notice: w.shadowRoot.querySelector('.notice')?.textContent };
    });
    assert.equal(seen.own, false, 'the value moved behind the setter');
    assert.deepEqual(seen.asked, [`program ${JOURNEY.id}`, 'history']);
    assert.equal(seen.current, 1, 'the source\'s two orders finished step 1');
    assert.equal(seen.rewards, null, 'a source without rewards() shows no rewards part');
    assert.match(seen.notice, /From the source/);
    // A new source is read again; null goes back to the server (signed out here: no token).
    await page.evaluate(([program, hist]) => {
      document.querySelector('stepwise-journey').dataSource = { program: () => program, history: () => hist };
    }, [JOURNEY, history([])]);
    await page.waitForFunction(() => document.querySelector('stepwise-journey').state.viewModel?.current === 0);
    await page.evaluate(() => { document.querySelector('stepwise-journey').dataSource = null; });
    await waitPhase(page, 'signed-out');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
