// <stepwise-launcher> (issue 13): the opt-in button for every page of the
// store that opens the journey widget in a panel. A store stand-in (a Node
// HTTP server on its own port, http://shop.localhost:PORT) serves a product
// page with the launcher's module self-hosted (web/widget/stepwise-launcher.js, built by
// widget/build.mjs, copied as the guide says) and the launcher pointing at the widget on the real
// stepwise-server (--cors-origin for the store). In Chromium, at 1280x800 and
// 390x844, light and dark: closed, the page fetches neither the widget nor the
// engine; opened, the panel is a modal dialog (focus moves in, Tab and
// Shift+Tab wrap around inside it, Esc and the close button close it and
// return focus to the button, aria-expanded follows), the widget inside shows
// the shopper's journey, the panel fits the phone's width, and axe finds
// nothing in either state. Screenshots go to test-artifacts/browser/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { axe } from './lib/axe.mjs';
import { launch } from './lib/browser.mjs';
import { startShop } from './lib/shop.mjs';
import { order, root as repo, startServer, token } from '../server/helpers.mjs';

const WIDGET_DIR = join(repo, 'web', 'widget');
// The built module (widget/build.mjs, run by tests/browser/run.sh), as a store copies it.
const LAUNCHER = join(repo, 'web', 'widget', 'stepwise-launcher.js');
const artifacts = process.env.TEST_ARTIFACTS || join(repo, 'test-artifacts', 'browser');
mkdirSync(artifacts, { recursive: true });

const SIZES = [
  { name: '1280x800', viewport: { width: 1280, height: 800 } },
  { name: '390x844', viewport: { width: 390, height: 844 }, mobile: true },
];

let shop;
let server;
let browser;

// The guide's snippet: the ```html block under "## The launcher: the widget on every page".
function docSnippet() {
  const doc = readFileSync(join(repo, 'docs', 'widget.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('The launcher: the widget on every page\n'));
  assert.ok(section, 'docs/widget.md has a section "## The launcher: the widget on every page"');
  const m = section.match(/```html\n([\s\S]*?)```/);
  assert.ok(m, 'that section has an html snippet');
  return m[1];
}

// A product page with the guide's snippet, the script in <head>, the element at the end of <body>.
function productPage(api, theme, customer) {
  const dark = theme === 'dark';
  const lines = docSnippet().replaceAll('https://rewards.example.com', api).replaceAll('CUSTOMER_TOKEN', token(customer))
    .replace('<stepwise-launcher ', `<stepwise-launcher theme="${theme}" `).split('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Wool Socks - Test store</title>
${lines.filter((l) => l.startsWith('<script')).join('\n')}
<style>body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 760px; padding: 16px;
  background: ${dark ? '#0e1016' : '#fff'}; color: ${dark ? '#eef0f6' : '#1b1f2a'}; }
a { color: ${dark ? '#a5b4fc' : '#3730a3'}; }</style></head>
<body><header><a href="/">Test store</a></header><main><h1>Wool Socks</h1>
<p>Warm, soft and made to last. $12.00.</p><p><a href="/cart">Add to cart</a></p>
${'<p>More about the socks: wool from happy sheep, knitted with care, washable at 30 degrees.</p>'.repeat(8)}
</main>
${lines.filter((l) => !l.startsWith('<script')).join('\n')}</body></html>`;
}


before(async () => {
  assert.ok(existsSync(join(WIDGET_DIR, 'manifest.json')), 'build the widget first: bash widget/build.sh');
  shop = await startShop({ files: { '/assets/stepwise/stepwise-launcher.js': LAUNCHER } });
  server = await startServer({ args: ['--web', join(repo, 'web'), '--cors-origin', `http://shop.localhost:${shop.port}`] });
  let r = await server.admin('POST', '/v1/programs', readFileSync(join(repo, 'web', 'demo', 'loyalty-journey.json'), 'utf8'));
  assert.equal(r.status, 201, r.text);
  // One shopper per size and theme, each with step 1 done: its notice has buttons, so the widget has controls.
  for (const size of SIZES) {
    for (const theme of ['light', 'dark']) {
      const customer = `launcher-${size.viewport.width}-${theme}`;
      r = await server.admin('POST', '/v1/events', { events: [order(customer, '25.00'), order(customer, '30.00')] });
      assert.equal(r.status, 200, r.text);
      shop.pages[`/${size.viewport.width}/${theme}`] = productPage(server.url, theme, customer);
    }
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await shop?.close();
});

// Where focus is, through shadow roots: 'button.open', 'button.close', 'journey:<tag.class>' or 'page:<tag>'.
const focusAt = (tab) => tab.evaluate(() => {
  let el = document.activeElement;
  if (el?.tagName !== 'STEPWISE-LAUNCHER') return `page:${el ? el.tagName.toLowerCase() : 'none'}`;
  el = el.shadowRoot.activeElement;
  if (!el) return 'launcher:none';
  if (el.tagName === 'STEPWISE-JOURNEY') {
    const inner = el.shadowRoot.activeElement;
    return `journey:${inner ? inner.tagName.toLowerCase() + (inner.className ? '.' + inner.className.split(' ')[0] : '') : 'none'}`;
  }
  return `${el.tagName.toLowerCase()}.${el.className}`;
});
const inLauncher = (tab, fn) => tab.evaluate(fn);
// Entrance animations (the panel's, the notice's) finished, in every shadow root, however deep: axe judges what stays.
const settled = (tab) => tab.evaluate(() => {
  const roots = [];
  const walk = (r) => { roots.push(r); for (const el of r.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot); };
  walk(document);
  const finite = roots.flatMap((r) => r.getAnimations()).filter((a) => a.effect?.getTiming().iterations !== Infinity);
  return Promise.race([Promise.all(finite.map((a) => a.finished)), new Promise((r) => setTimeout(r, 3000))]);
});
const expanded = (tab) => inLauncher(tab, () => document.querySelector('stepwise-launcher').shadowRoot.querySelector('.open').getAttribute('aria-expanded'));
const dialogOpen = (tab) => inLauncher(tab, () => document.querySelector('stepwise-launcher').shadowRoot.querySelector('dialog').open);


describe('the launcher opens the journey in an accessible panel, loading it only then', () => {
  for (const size of SIZES) {
    for (const theme of ['light', 'dark']) {
      test(`${size.name}, ${theme}`, async () => {
        const context = await browser.browser().newContext({ viewport: size.viewport, isMobile: !!size.mobile,
          hasTouch: !!size.mobile, colorScheme: theme });
        try {
          const tab = await context.newPage();
          const widgetFiles = [];
          tab.on('request', (req) => {
            if (req.url().startsWith(`${server.url}/widget/`)) widgetFiles.push(new URL(req.url()).pathname);
          });
          const errors = [];
          tab.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
          tab.on('response', (res) => { if (res.status() >= 400) errors.push(`${res.status()} ${res.url()}`); });
          await tab.goto(`http://shop.localhost:${shop.port}/${size.viewport.width}/${theme}`);
          await tab.waitForFunction(() => customElements.get('stepwise-launcher'));

          // Closed: a button in the bottom corner, nothing of the widget fetched.
          await tab.waitForTimeout(500);
          assert.deepEqual(widgetFiles, [], 'no widget file before the first open');
          assert.equal(await expanded(tab), 'false');
          const box = await inLauncher(tab, () => {
            const r = document.querySelector('stepwise-launcher').shadowRoot.querySelector('.open').getBoundingClientRect();
            return { right: innerWidth - r.right, bottom: innerHeight - r.bottom, width: r.width };
          });
          assert.ok(box.right >= 8 && box.right <= 24 && box.bottom >= 8 && box.bottom <= 24, `in the corner: ${JSON.stringify(box)}`);
          let problems = await axe(tab);
          assert.deepEqual(problems, [], `axe, closed:\n${problems.join('\n')}`);
          await tab.screenshot({ path: join(artifacts, `launcher-closed-${size.viewport.width}-${theme}.png`) });

          // Opened from the keyboard: focus moves in, the widget loads, the journey shows.
          await tab.keyboard.press('Tab'); // store link
          for (let i = 0; i < 10 && (await focusAt(tab)) !== 'button.open'; i++) await tab.keyboard.press('Tab');
          assert.equal(await focusAt(tab), 'button.open', 'the launcher is reachable with Tab');
          await tab.keyboard.press('Enter');
          assert.equal(await dialogOpen(tab), true);
          assert.equal(await expanded(tab), 'true');
          assert.equal(await focusAt(tab), 'button.close', 'focus moved into the panel');
          await tab.waitForFunction(() => document.querySelector('stepwise-launcher').shadowRoot
            .querySelector('stepwise-journey')?.state?.phase === 'ready', null, { timeout: 60000 });
          assert.ok(widgetFiles.some((p) => p.endsWith('/stepwise-widget.js')), `the entry was fetched: ${widgetFiles}`);
          assert.ok(!widgetFiles.some((p) => p.endsWith('.wasm')), `the server's view needs no engine (no cart): ${widgetFiles}`);
          const steps = await inLauncher(tab, () => document.querySelector('stepwise-launcher').shadowRoot
            .querySelector('stepwise-journey').shadowRoot.querySelectorAll('.step').length);
          assert.equal(steps, 4);

          // The panel fits the screen; the page does not scroll sideways.
          const fit = await inLauncher(tab, () => {
            const r = document.querySelector('stepwise-launcher').shadowRoot.querySelector('dialog').getBoundingClientRect();
            return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, vw: innerWidth, vh: innerHeight,
              scrollWidth: document.scrollingElement.scrollWidth };
          });
          assert.ok(fit.left >= 0 && fit.right <= fit.vw && fit.top >= 0 && fit.bottom <= fit.vh, `panel inside the viewport: ${JSON.stringify(fit)}`);
          assert.ok(fit.scrollWidth <= fit.vw, `no sideways scroll: ${JSON.stringify(fit)}`);
          // The theme reaches the panel: a dark panel in dark, a light one in light.
          const bg = await inLauncher(tab, () => getComputedStyle(document.querySelector('stepwise-launcher').shadowRoot.querySelector('dialog')).backgroundColor);
          assert.equal(bg, theme === 'dark' ? 'rgb(21, 24, 33)' : 'rgb(255, 255, 255)');

          await settled(tab);
          problems = await axe(tab);
          assert.deepEqual(problems, [], `axe, open:\n${problems.join('\n')}`);
          await tab.screenshot({ path: join(artifacts, `launcher-open-${size.viewport.width}-${theme}.png`) });

          // Focus is trapped: Tab through everything comes back to the close button, never reaching the page.
          const seen = new Set();
          let back = false;
          for (let i = 0; i < 60; i++) {
            await tab.keyboard.press('Tab');
            const at = await focusAt(tab);
            assert.ok(!at.startsWith('page:') && at !== 'button.open', `Tab left the panel: ${at}`);
            seen.add(at);
            if (at === 'button.close') { back = true; break; }
          }
          assert.ok(back, `Tab wraps around to the close button (went through ${[...seen]})`);
          assert.ok([...seen].some((s) => s.startsWith('journey:')), 'Tab reaches the widget\'s controls');
          await tab.keyboard.press('Shift+Tab');
          const last = await focusAt(tab);
          assert.ok(last.startsWith('journey:'), `Shift+Tab from the first control goes to the last one: ${last}`);

          // Esc closes and returns focus to the button.
          await tab.keyboard.press('Escape');
          assert.equal(await dialogOpen(tab), false);
          assert.equal(await expanded(tab), 'false');
          assert.equal(await focusAt(tab), 'button.open');

          // The close button too; opening again loads nothing more.
          const fetched = widgetFiles.length;
          await tab.keyboard.press('Enter');
          assert.equal(await dialogOpen(tab), true);
          await tab.keyboard.press('Enter'); // on the close button
          assert.equal(await dialogOpen(tab), false);
          assert.equal(await focusAt(tab), 'button.open');
          assert.equal(widgetFiles.length, fetched, 'the widget is imported once');

          // A click outside the panel closes it too; an attribute changed later reaches the widget.
          await tab.keyboard.press('Enter');
          await tab.mouse.click(3, 3);
          assert.equal(await dialogOpen(tab), false, 'a click on the backdrop closes the panel');
          await tab.evaluate(() => document.querySelector('stepwise-launcher').setAttribute('locale', 'fr-FR'));
          assert.equal(await inLauncher(tab, () => document.querySelector('stepwise-launcher').shadowRoot
            .querySelector('stepwise-journey').getAttribute('locale')), 'fr-FR');
          assert.equal(await inLauncher(tab, () => document.querySelector('stepwise-launcher').shadowRoot.querySelector('.open').textContent), 'My rewards');
          assert.deepEqual(errors, [], 'no console errors');
        } finally {
          await context.close();
        }
      });
    }
  }
});
