// Signed Shopify webhooks per second and the answer time's p50/p99, on a real
// server (SQLite, durable) over loopback: N orders/create deliveries from C
// concurrent senders, each a new order of one of 1,000 customers.
//   node tests/server/bench/webhooks.mjs [N=4000] [C=16]
// Prints figures; asserts nothing (docs/benchmarks.md records them).
import { createHmac, randomUUID } from 'node:crypto';
import { startServer, spendProgram } from '../helpers.mjs';

const N = Number(process.argv[2] || 4000), C = Number(process.argv[3] || 16);
const SECRET = 'bench-shopify-secret';
const s = await startServer({ args: ['--shopify-secret', SECRET, '--no-email'] });
await s.admin('POST', '/v1/programs', spendProgram({ rules: { order_statuses: ['paid'] } }));
const body = (i) => JSON.stringify({ id: 5_000_000_000 + i, customer: { id: 1 + (i % 1000) }, financial_status: 'paid',
  created_at: '2026-05-01T09:00:00-04:00', updated_at: '2026-05-01T09:00:00-04:00', subtotal_price: '60.00',
  total_tax: '4.80', total_price: '64.80', line_items: [{ sku: 'TEE', quantity: 2, price: '30.00' }] });
const times = [];
let next = 0, failed = 0;
async function sender() {
  for (let i; (i = next++) < N;) {
    const raw = body(i);
    const t0 = performance.now();
    const res = await fetch(`${s.url}/v1/connectors/shopify/webhooks`, { method: 'POST', body: raw, headers: {
      'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': randomUUID(),
      'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(raw).digest('base64') } });
    await res.arrayBuffer();
    if (res.status !== 200) failed++;
    times.push(performance.now() - t0);
  }
}
const t0 = performance.now();
await Promise.all(Array.from({ length: C }, sender));
const secs = (performance.now() - t0) / 1000;
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
console.log(`shopify webhooks: ${N} in ${secs.toFixed(2)} s = ${Math.round(N / secs)}/s with ${C} senders; ` +
  `answer p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms; ${failed} not 200`);
await s.stop();
