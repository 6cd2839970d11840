// Prints the widget's weight and speed (figures, not a pass/fail test):
//   node widget/bench.mjs [--runs N]
// - size: stepwise-widget.js (widget JS + CSS + the engine's Emscripten glue,
//   minified) and stepwise.wasm, gzipped at level 9; budget 80 KB together;
// - render: in headless Chromium, from the moment stepwise.wasm has arrived
//   (its Resource Timing responseEnd) to the widget's first complete render
//   (compile + instantiate + evaluate + view model + DOM); target 200 ms.
//   The API is answered from memory by the test driver (page.route), which is slower
//   than a local server; so the later of "module arrived" and "data arrived" is printed too.
//   Also with the CPU slowed 4x (Chrome DevTools throttling), like a mid-range phone;
// - cart projection: setCart() to the projection on screen (no network).
// Needs `bash widget/build.sh` first (reads web/widget/).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const require = createRequire(join(repo, 'tests', 'browser', 'package.json'));
const { launch } = await import(join(repo, 'tests', 'browser', 'lib', 'browser.mjs'));
const { fakeOrigin, ORIGIN } = await import(join(repo, 'tests', 'browser', 'lib', 'fake-origin.mjs'));
require.resolve('playwright-core');

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const out = join(repo, 'web', 'widget');
const KB = (n) => `${(n / 1024).toFixed(1)} KB`;

// ---- size ----
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
// The content-hashed bundle (a first view), the engine's JS and wasm (a cart projected) (widget/build.mjs).
const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
const js = readFileSync(join(out, manifest.bundle));
const engineJs = readFileSync(join(out, manifest.engine));
const wasm = readFileSync(join(out, manifest.wasm));
const sizes = JSON.parse(readFileSync(join(out, 'sizes.json'), 'utf8'));
const total = gz(js) + gz(engineJs) + gz(wasm);
console.log('size (gzip -9)');
console.log(`  stepwise-widget     ${KB(js.length)} raw, ${KB(gz(js))} gzipped (CSS ${KB(sizes.css_gzip)} gzipped of it): a first view`);
console.log(`  stepwise-engine     ${KB(engineJs.length)} raw, ${KB(gz(engineJs))} gzipped`);
console.log(`  stepwise.wasm       ${KB(wasm.length)} raw, ${KB(gz(wasm))} gzipped`);
console.log(`  total               ${KB(total)} gzipped of an 80 KB budget: ${total <= 80 * 1024 ? 'within' : 'OVER'}`);

// ---- render ----
const program = JSON.parse(readFileSync(join(repo, 'web', 'demo', 'loyalty-journey.json'), 'utf8'));
const tiers = JSON.parse(readFileSync(join(repo, 'web', 'demo', 'spend-rewards.json'), 'utf8'));
function history(n) {
  const events = [];
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const at = new Date(t0 + i * 3600e3).toISOString().replace('.000Z', 'Z');
    // Orders of $15 (below the journey's $20 minimum, so the shopper stays on step 1
    // and the cart projection has work to do; they count for the spend tiers) and reviews.
    events.push(i % 4 === 3 ? { id: `r${i}`, type: 'review', at }
      : { id: `o${i}`, type: 'order', at, order_id: String(i), status: 'completed', subtotal: '15.00',
        items: [{ sku: 'mug', quantity: 1, amount: '15.00', categories: ['home'] }] });
  }
  return { customer: { id: '42', roles: ['customer'] }, events };
}

const median = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
const browser = await launch();

async function measure(prog, hist, throttle) {
  const samples = { render: [], afterBoth: [], module: [], total: [], project: [] };
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (throttle) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await fakeOrigin(page, {
      root: join(repo, 'web'),
      pages: { '/b': `<!doctype html><html lang="en"><body><script type="module" src="/widget/stepwise-widget.js"></script>
        <stepwise-journey program="${prog.id}" token="42.4102444800.00"></stepwise-journey></body></html>` },
      api: (method, path) => {
        if (path.startsWith('/v1/programs/')) return { body: prog };
        if (path.endsWith('/history')) return { body: hist };
        if (path.endsWith('/notices')) return { body: { notices: [] } };
        if (path.endsWith('/choices')) return { body: { choices: [] } };
        return null; // 404: no /view (the WebAssembly engine decides, which this measures), no points, no wallet
      },
    });
    await page.goto(`${ORIGIN}/b`);
    await page.waitForFunction(() => document.querySelector('stepwise-journey')?.timings?.rendered, null, { timeout: 60000 });
    const t = await page.evaluate(() => {
      const entries = performance.getEntriesByType('resource');
      const wasmEntry = entries.find((e) => e.name.endsWith('.wasm'));
      const data = Math.max(...entries.filter((e) => e.name.includes('/v1/')).map((e) => e.responseEnd));
      const el = document.querySelector('stepwise-journey');
      return { arrived: wasmEntry.responseEnd, data, ...el.timings };
    });
    samples.render.push(t.rendered - t.arrived);
    samples.afterBoth.push(t.rendered - Math.max(t.arrived, t.data));
    samples.module.push(t.rendered - t.moduleReady);
    samples.total.push(t.rendered);
    const p = await page.evaluate(() => {
      const el = document.querySelector('stepwise-journey');
      const t0 = performance.now();
      el.setCart({ subtotal: '64.00', items: [{ sku: 'hoodie', quantity: 1, amount: '64.00', categories: ['apparel'] }] });
      return performance.now() - t0;
    });
    samples.project.push(p);
    await page.close();
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

console.log(`\nrender, median of ${RUNS} page loads (cache off)`);
for (const [name, prog, n] of [['journey', program, 10], ['journey', program, 100], ['journey', program, 1000], ['tiers', tiers, 100]]) {
  for (const throttle of [0, 4]) {
    const r = await measure(prog, history(n), throttle);
    console.log(`  ${name.padEnd(7)} ${String(n).padStart(4)} events${throttle ? ', CPU 4x slower' : ', CPU as is    '}: ` +
      `wasm arrived -> rendered ${r.render.toFixed(0).padStart(4)} ms (target 200) | ` +
      `wasm and data arrived -> rendered ${r.afterBoth.toFixed(0).padStart(4)} ms | ` +
      `instantiated -> rendered ${r.module.toFixed(1).padStart(5)} ms | navigation -> rendered ${r.total.toFixed(0).padStart(4)} ms | ` +
      `cart projection ${r.project.toFixed(1)} ms`);
  }
}
await browser.close();
