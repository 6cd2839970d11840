// The demo store's navigation to the widget's first full render (issue 15), in
// headless Chromium against the real stepwise-server (loopback, cache off),
// median of RUNS page loads each, with the CPU as is and 4x slower. Two ways
// of drawing, alternated in one run so that the ratio is fair:
//   server view  what ships: the server's engine decides (GET .../view), no engine download
//   browser      the same build with /view answered 404, so the widget downloads the
//                WebAssembly engine and the history and decides in the browser
// A figure, not a test. Needs the server (build/) and the widget (web/widget/).
//   node widget/bench-store.mjs [RUNS]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/browser/lib/browser.mjs';
import { startServer } from '../tests/browser/lib/server.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.argv[2] || 9);
const server = await startServer({ bin: process.env.STEPWISE_SERVER || join(repo, 'build', 'bin', 'stepwise-server'),
  web: join(repo, 'web') });
for (const f of ['loyalty-journey', 'spend-rewards'])
  await server.admin('POST', '/v1/programs', readFileSync(join(repo, 'web', 'demo', `${f}.json`), 'utf8'));
await server.admin('PUT', '/v1/customers/ada', { name: 'Ada Lovelace', roles: ['customer'] });
// Twenty events: orders below the journey's minimum and reviews, as a regular shopper has.
const t0 = Date.now() - 40 * 86400e3;
const events = Array.from({ length: 20 }, (_, i) => {
  const at = new Date(t0 + i * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  return i % 4 === 3 ? { customer_id: 'ada', id: `r${i}`, type: 'review', at }
    : { customer_id: 'ada', id: `o${i}`, type: 'order', at, order_id: `b${i}`, status: 'completed', subtotal: '15.00' };
});
await server.admin('POST', '/v1/events', { events });

const context = await launch(); // a persistent context: one profile for every load
// Signed in once; the demo store remembers the shopper for the later page loads.
{
  const page = await context.newPage();
  await page.goto(`${server.origin}/`);
  await page.locator('#customer-pick').selectOption('ada');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(/Signed in as/).waitFor();
  await page.close();
}

async function load(mode, throttle) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  if (mode === 'browser') await page.route('**/v1/customers/*/view?*', (r) => r.fulfill({ status: 404, body: '{}' }));
  await page.goto(`${server.origin}/`);
  const t = await page.waitForFunction(() => document.querySelector('stepwise-journey')?.timings?.rendered, null,
    { timeout: 60000 });
  const rendered = await t.jsonValue();
  const engine = await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm')));
  await page.close();
  if (engine !== (mode === 'browser')) throw new Error(`${mode}: the engine was ${engine ? '' : 'not '}downloaded`);
  return rendered;
}

const median = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`demo store, navigation -> the widget's first full render, median of ${RUNS} loads (cache off)`);
for (const throttle of [0, 4]) {
  const got = { server: [], browser: [] };
  for (let i = 0; i < RUNS; i++) for (const mode of ['server', 'browser']) got[mode].push(await load(mode, throttle));
  const s = median(got.server), b = median(got.browser);
  console.log(`  CPU ${throttle ? '4x slower' : 'as is    '}: server view ${s.toFixed(0)} ms | ` +
    `engine in the browser ${b.toFixed(0)} ms | ratio ${(b / s).toFixed(2)}x`);
}
await context.close();
await server.stop();
