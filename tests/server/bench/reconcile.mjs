// Reconciliation throughput: `stepwise-server reconcile --platform shopify`
// against the Shopify stand-in (tests/server/standins/platforms.mjs) serving N
// copies of the REST fixture order (1,000 customers, 250 a page), twice: the
// first run creates every order (and its awards), the second finds them all
// unchanged. Usage: node tests/server/bench/reconcile.mjs [N] [DB_URL]
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, root } from '../helpers.mjs';
import { shopifyStandin } from '../standins/platforms.mjs';

const N = Number(process.argv[2] || 5000);
const db = process.argv[3] || `sqlite:${path.join(tmpdir(), `stepwise-bench-reconcile-${process.pid}.sqlite`)}`;
const o = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/platforms/shopify_order_rest_wrapped_450789469_official.json'), 'utf8')).order;
const orders = Array.from({ length: N }, (_, i) => {
  const t = new Date(Date.UTC(2026, 0, 1) + i * 60000).toISOString();
  return { ...o, id: 10_000_000 + i, customer: { ...o.customer, id: 500_000 + (i % 1000) }, created_at: t, updated_at: t };
});
const program = path.join(tmpdir(), `stepwise-bench-reconcile-${process.pid}.json`);
writeFileSync(program, JSON.stringify({ id: 'spend', kind: 'tiers', status: 'active', currency: 'USD',
  rules: { order_statuses: ['authorized'] },
  steps: [{ id: 'loop', target: '1000.00', repeating: true, rewards: [{ type: 'store_credit', amount: '5.00' }] }] }));
spawnSync(BIN, ['program', 'put', program, '--db', db], { stdio: 'ignore' });
const shop = await shopifyStandin({ token: 'bench-token', orders });
for (const round of ['first run', 'second run']) {
  const t0 = Date.now();
  const out = await new Promise((resolve) => {
    const child = spawn(BIN, ['reconcile', '--db', db, '--platform', 'shopify', '--shopify-shop', shop.url,
      '--shopify-token', 'bench-token', '--since', '2025-12-31T00:00:00Z']);
    let text = '';
    child.stdout.on('data', (d) => { text += d; });
    child.on('exit', () => resolve(text));
  });
  const secs = (Date.now() - t0) / 1000;
  console.log(`${round}: ${N} orders in ${secs.toFixed(2)} s, ${Math.round(N / secs)} orders/s`);
  console.log('  ' + out.trim().split('\n').pop());
}
await shop.close();
