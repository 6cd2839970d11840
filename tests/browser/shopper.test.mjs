// Regressions from the shopper issue, each test named after what it protects:
// the wallet's privacy on sign-out and its narrow layout, the element's name in
// the docs, plurals and separators in translations, the guide's cart example,
// keyboard focus, progress bars in words and in contrast, and friendly errors.
// The real stepwise-server (SQLite file, 127.0.0.1) serves web/ to Debian's
// headless Chromium, as in store.test.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { closeAll, frenchStrings, inWidget, openAs, order, review, waitWidget } from './lib/shopper.mjs';
import defaults from '../../packages/stepwise-widget/src/strings.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const BIN = process.env.STEPWISE_SERVER || join(repo, 'build', 'bin', 'stepwise-server');
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

let server;
let browser;

before(async () => {
  server = await startServer({ bin: BIN, web: join(repo, 'web') });
  for (const f of ['loyalty-journey', 'spend-rewards']) {
    await server.admin('POST', '/v1/programs', readFileSync(join(repo, 'web', 'demo', `${f}.json`), 'utf8'));
  }
  const shoppers = { grace: 'Grace Hopper', ada: 'Ada Lovelace', lin: 'Lin Chooser', fr1: 'Camille Un', fr4: 'Camille Quatre' };
  for (const [id, name] of Object.entries(shoppers)) await server.admin('PUT', `/v1/customers/${id}`, { name, roles: ['customer'] });
  await server.admin('POST', '/v1/events', { events: [
    order('grace', 1, 40, '120.00'), order('grace', 2, 20, '140.00'),
    // lin: step 1, then step 2 (spend 150), whose reward lin has to pick.
    order('lin', 1, 10, '30.00'), order('lin', 2, 9, '200.00'),
    order('fr1', 1, 10, '30.00'),
    // fr4: steps 1 to 3 done, one order of step 4's three.
    order('fr4', 1, 10, '30.00'), order('fr4', 2, 9, '200.00'), review('fr4', 1, 8), review('fr4', 2, 7), order('fr4', 3, 6, '30.00'),
  ] });
  browser = await launch();
});

after(() => closeAll(browser, server));

// ---- helpers ----

/** Opens `path` signed in as `customer` (a session as the store saves it), or signed out (null). */
const open = (path, customer, opts) => openAs(browser, server, path, customer, opts);
const ready = (page, sel) => waitWidget(page, (s) => s.phase === 'ready', sel);
const bars = (page, sel = 'stepwise-journey') =>
  page.evaluate((sel) => [...document.querySelector(sel).shadowRoot.querySelectorAll('[role=progressbar]')]
    .map((b) => ({ label: b.getAttribute('aria-label'), text: b.getAttribute('aria-valuetext') })), sel);
/** What has keyboard focus: "#id", "[data-testid]", "widget: .class" inside the widget, or the tag. */
const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  if (a.shadowRoot) return `widget: ${a.shadowRoot.activeElement?.className || a.shadowRoot.activeElement?.tagName}`;
  return a.id ? `#${a.id}` : a.dataset.testid ? `[${a.dataset.testid}]` : a.dataset.inc ? `+${a.dataset.inc}` : a.tagName;
});
const scrollWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth);
const bodyText = (page) => page.locator('main').innerText();

describe('wallet page', () => {
  test('signing out hides the previous shopper\'s balance and transactions, and offers to sign in', async () => {
    const page = await open('/wallet.html', null, { width: 390 });
    const pick = page.locator('#customer-pick');
    await pick.selectOption('grace');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const wallet = await server.admin('GET', '/v1/customers/grace/wallet');
    const balance = usd.format(wallet.balance);
    await page.getByTestId('balance').filter({ hasText: balance }).waitFor();
    await ready(page, '#tiers');
    const row = (await page.locator('#tx tbody tr').first().textContent()).trim();
    assert.ok(row.length > 0);
    assert.ok(await scrollWidth(page) <= 390, `signed in at 390 px the page scrolls sideways: ${await scrollWidth(page)} px`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await pick.waitFor();
    assert.equal(await page.locator('#wallet').isVisible(), false);
    const text = await bodyText(page);
    for (const secret of [balance, 'Grace', 'Milestone Reward', 'Qualifying spend']) {
      assert.ok(!text.includes(secret), `after sign-out the page still shows "${secret}"`);
    }
    assert.equal(await page.locator('#balance').textContent(), '…');
    assert.equal(await page.locator('#tx tbody tr').count(), 0);
    // The sign-in prompt instead of an empty wallet; its link leads to the sign-in controls.
    await page.getByRole('heading', { name: 'Sign in to see your wallet' }).waitFor();
    await page.getByRole('link', { name: 'Choose a shopper and sign in' }).click();
    assert.equal(await focused(page), '#customer-pick');
    // `hidden` hides whatever display a class gives.
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('[hidden]')]
      .filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.id || e.className)), []);
    assert.ok(await scrollWidth(page) <= 390, `signed out at 390 px the page scrolls sideways: ${await scrollWidth(page)} px`);
    // Printed, nothing of Grace's either.
    await page.emulateMedia({ media: 'print' });
    assert.ok(!(await bodyText(page)).includes('Grace'));
    await page.close();
  });

  test('at 390 px wide neither the wallet nor the store scrolls sideways', async () => {
    for (const path of ['/wallet.html', '/']) {
      const page = await open(path, 'grace', { width: 390 });
      await ready(page, path === '/' ? '#journey' : '#tiers');
      if (path === '/wallet.html') {
        // The transactions fit too: their box (which would scroll on its own) need not scroll.
        await page.locator('#tx tbody tr').first().waitFor();
        const [needed, has] = await page.evaluate(() => [document.querySelector('.table-scroll').scrollWidth,
          document.querySelector('.table-scroll').clientWidth]);
        assert.ok(needed <= has, `the transaction table needs ${needed} px of ${has}`);
      }
      assert.ok(await scrollWidth(page) <= 390, `${path}: ${await scrollWidth(page)} px wide`);
      await page.close();
    }
  });
});

describe('documentation', () => {
  test('the README and the embedding guide name the element the widget defines', async () => {
    const page = await open('/guide.html', null);
    await page.getByRole('heading', { level: 1, name: 'Embedding the Stepwise widget' }).waitFor();
    const names = (text) => [...new Set(text.match(/<stepwise-[a-z-]+/g).map((m) => m.slice(1)))];
    const readme = names(readFileSync(join(repo, 'README.md'), 'utf8'));
    const guide = names(await bodyText(page));
    assert.ok(readme.length && guide.length);
    await page.goto(server.origin + '/');
    await page.waitForFunction(() => customElements.get('stepwise-journey'));
    // <stepwise-launcher> is its own module (packages/stepwise-widget/src/launcher.js, which the guide has stores copy).
    await page.addScriptTag({ type: 'module', content: readFileSync(join(repo, 'packages', 'stepwise-widget', 'src', 'launcher.js'), 'utf8') });
    await page.waitForFunction(() => customElements.get('stepwise-launcher'));
    for (const [where, list] of [['README.md', readme], ['the guide', guide]]) {
      const undefinedNames = await page.evaluate((l) => l.filter((n) => !customElements.get(n)), list);
      assert.deepEqual(undefinedNames, [], `${where} names elements the widget does not define`);
    }
    await page.close();
  });

  test("the guide's cart example adds up and the widget projects it", async () => {
    const page = await open('/guide.html', 'ada');
    const code = await page.locator('pre code', { hasText: 'const cart =' }).textContent();
    const cart = new Function(`${code.slice(code.indexOf('const cart ='), code.indexOf(';') + 1)} return cart;`)();
    const cents = (v) => Math.round(Number(v) * 100);
    assert.equal(cents(cart.subtotal), cart.items.reduce((n, i) => n + cents(i.amount), 0), 'subtotal = sum of the items');
    await page.goto(server.origin + '/');
    await ready(page);
    await page.evaluate((c) => document.querySelector('stepwise-journey').setCart(c), cart);
    assert.deepEqual(await inWidget(page, '.projection'),
      ['Complete this order to finish Step 1 and earn 200 points and $5.00 store credit.']);
    await page.close();
  });
});

describe('translations', () => {
  test('French plurals follow the count their noun goes with (the guide\'s example)', async () => {
    const page = await open('/guide.html', 'fr1');
    const strings = await frenchStrings(page);
    await page.goto(server.origin + '/');
    await ready(page);
    await page.evaluate((s) => {
      const w = document.querySelector('stepwise-journey');
      w.setAttribute('locale', 'fr-FR');
      w.setAttribute('strings', JSON.stringify(s));
    }, strings);
    assert.match((await inWidget(page, '.overall .small'))[0], /^1 étape sur 4 terminée$/);
    assert.equal((await bars(page))[0].text, '1 étape sur 4 terminée');
    assert.deepEqual(await inWidget(page, 'li[aria-current=step] h3'), ['Étape 2 : Gear up']);

    await page.evaluate((t) => document.querySelector('stepwise-journey').setAttribute('token', t), server.token('fr4'));
    await waitWidget(page, (s) => s.viewModel && s.viewModel.current === 3);
    assert.deepEqual(await inWidget(page, '.overall .small'), ['3 étapes sur 4 terminées']);
    assert.match((await inWidget(page, 'li[aria-current=step] .value'))[0], /^1 commande sur 3$/);
    await page.close();
  });

  test('English plurals still follow the total: "1 of 4 steps complete", "0 of 2 reviews"', async () => {
    const page = await open('/', 'fr4');
    await ready(page);
    assert.deepEqual(await inWidget(page, '.overall .small'), ['3 of 4 steps complete']);
    assert.deepEqual(await inWidget(page, 'li[aria-current=step] .value'), ['1 of 3 orders']);
    await page.close();
  });

  test('every separator and punctuation mark comes from the strings, none from the code', async () => {
    // Every default string with ":" and "·" swapped for marks that cannot come from elsewhere.
    const swap = (v) => (typeof v === 'string' ? v.replace(/:/g, '¦').replace(/·/g, '†').replace(/\(|\)/g, '‖')
      : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'count' ? x : swap(x)])));
    const strings = swap(defaults);
    for (const [path, sel] of [['/', '#journey'], ['/wallet.html', '#tiers']]) {
      const page = await open(path, 'fr4');
      await ready(page, sel);
      await page.evaluate(([sel, s]) => { document.querySelector(sel).strings = s; }, [sel, strings]);
      // All the widget shows but the server's notices.
      const text = (await inWidget(page, '.card > :not(.notice)', sel)).join(' ');
      assert.ok(text.includes('¦') || text.includes('†'), `${path}: the swapped strings are in use`);
      assert.doesNotMatch(text, /[:·()]/, `${path}: a separator that is not in the strings: ${text}`);
      await page.close();
    }
  });
});

describe('keyboard focus', () => {
  test('signing in and out keeps focus in the account area', async () => {
    const page = await open('/', null);
    await page.locator('#customer-pick').selectOption('ada');
    await page.locator('#customer-pick').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('signed-in').waitFor();
    assert.equal(await focused(page), '[signed-in]');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('#customer-pick').waitFor();
    assert.equal(await focused(page), '#customer-pick');
    await page.close();
  });

  test('changing the cart and checking out keep focus where the shopper was', async () => {
    const page = await open('/', 'ada');
    await ready(page);
    await page.locator('[data-add="tee-basic"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-inc="tee-basic"]').focus();
    await page.keyboard.press('Enter');
    assert.equal(await focused(page), '+tee-basic');
    await page.locator('[data-dec="tee-basic"]').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#cart-lines li').count(), 0);
    assert.equal(await focused(page), '#cart-title');
    await page.locator('[data-add="tee-basic"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('#checkout').focus();
    await page.keyboard.press('Enter');
    await page.getByText(/Thank you! Order #\d+ is confirmed/).waitFor();
    await waitWidget(page, (s) => s.viewModel.current === 1);
    assert.equal(await focused(page), '#checkout-status');
    await page.close();
  });

  test('claiming a reward keeps focus in the widget; "Select exactly 1 reward." goes once one is picked', async () => {
    const page = await open('/', 'lin');
    const form = page.locator('stepwise-journey form.choice');
    await form.waitFor({ timeout: 15000 });
    await form.getByRole('button', { name: 'Claim reward' }).focus();
    await page.keyboard.press('Enter');
    assert.match(await form.textContent(), /Select exactly 1 reward\./);
    assert.equal(await focused(page), 'widget: BUTTON', 'focus stays on the button');
    await form.getByRole('radio', { name: 'free shipping' }).focus();
    await page.keyboard.press('Space');
    assert.doesNotMatch(await form.textContent(), /Select exactly/);
    await form.getByRole('button', { name: 'Claim reward' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('stepwise-journey').shadowRoot.querySelector('form.choice'));
    assert.match(await focused(page), /^widget: (msg ok|notice)$/);
    await page.close();
  });
});

describe('progress bars', () => {
  test('progress bars say their value in words and name what they measure', async () => {
    let page = await open('/', 'lin');
    await waitWidget(page, (s) => s.phase === 'ready' && s.viewModel.current === 2);
    assert.deepEqual(await bars(page), [
      { label: 'Overall progress', text: '2 of 4 steps complete' },
      { label: 'Progress on step 3', text: '0 of 2 reviews' },
    ]);
    await page.close();
    page = await open('/wallet.html', 'grace');
    await ready(page, '#tiers');
    const tiers = await server.admin('GET', '/v1/customers/grace/milestone-progress?program_id=spend-rewards');
    const next = tiers.next_milestone;
    assert.deepEqual(await bars(page, '#tiers'), [{ label: `Progress to ${next.name}`,
      text: `${usd.format(tiers.qualifying_spend)} of ${usd.format(next.threshold)} spent` }]);
    await page.close();
  });

  test('progress tracks have 3:1 contrast against their background, light and dark', async () => {
    for (const [path, sel] of [['/', '#journey'], ['/wallet.html', '#tiers']]) {
      const page = await open(path, 'ada');
      await ready(page, sel);
      for (const theme of ['light', 'dark']) {
        if (theme === 'dark') await page.getByRole('button', { name: 'Dark theme' }).click();
        const ratios = await page.evaluate((sel) => {
          const lum = (c) => {
            const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map((v) => {
              const x = Number(v) / 255;
              return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
            });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const opaque = (c) => !/^rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent';
          const behind = (el) => {
            for (let e = el.parentNode; e; e = e.parentNode || e.host) {
              if (e.nodeType === 1 && opaque(getComputedStyle(e).backgroundColor)) return getComputedStyle(e).backgroundColor;
            }
            return getComputedStyle(document.body).backgroundColor;
          };
          return [...document.querySelector(sel).shadowRoot.querySelectorAll('[role=progressbar]')].map((bar) => {
            const [a, b] = [lum(getComputedStyle(bar).backgroundColor), lum(behind(bar))].sort((x, y) => y - x);
            return Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100;
          });
        }, sel);
        assert.ok(ratios.length > 0);
        for (const r of ratios) assert.ok(r >= 3, `${path} ${theme}: a track at ${r}:1 against its background`);
      }
      await page.close();
    }
  });
});

describe('error messages', () => {
  test('a refused token reads as an expired session, never as the server\'s message', async () => {
    const bad = server.token('grace').replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    // The wallet, signed in with a token whose signature the server refuses.
    let page = await open('/wallet.html', 'grace', { token: bad });
    await page.locator('#tx-summary', { hasText: 'Your session has expired' }).waitFor();
    await waitWidget(page, (s) => s.phase === 'expired', '#tiers');
    assert.doesNotMatch(await bodyText(page), /invalid customer token|signature/i);
    assert.ok(page.consoleText.some((t) => t.includes('invalid customer token')), 'the detail is in the console');
    await page.close();
    // Checking out with it.
    page = await open('/', 'ada', { token: bad });
    await page.locator('[data-add="tee-basic"]').click();
    await page.locator('#checkout').click();
    await page.locator('#checkout-status', { hasText: 'Your session has expired' }).waitFor();
    assert.doesNotMatch(await bodyText(page), /invalid customer token|signature/i);
    assert.ok(page.consoleText.some((t) => t.includes('invalid customer token')), 'the detail is in the console');
    await page.close();
  });

  test('a failed sign-in says so in words, not in an alert with the server\'s message', async () => {
    const page = await open('/', null);
    page.on('dialog', (d) => { d.dismiss(); assert.fail(`an alert: ${d.message()}`); });
    await page.route('**/v1/demo/token', (route) => route.fulfill({ status: 500, contentType: 'application/json',
      body: '{"errors":[{"pointer":"","message":"database is locked"}]}' }));
    await page.locator('#customer-pick').selectOption('ada');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'We couldn’t sign you in right now' }).waitFor();
    assert.doesNotMatch(await bodyText(page), /database is locked/);
    assert.equal(await focused(page), 'BUTTON');
    await page.close();
  });
});
