// Writes NDJSON events for benchmarks: CUSTOMERS customers x EVENTS events each
// (mostly completed orders, with some status changes, refunds and reviews),
// in the shape of POST /v1/events, for `stepwise-server import -`.
// usage: node gen.mjs CUSTOMERS EVENTS [SEED]
const customers = Number(process.argv[2] || 1000);
const perCustomer = Number(process.argv[3] || 20);
let seed = Number(process.argv[4] || 42);
const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const base = Date.UTC(2025, 0, 1);
const out = process.stdout;
let buf = [];
const flush = () => new Promise((resolve) => { if (out.write(buf.join(''))) resolve(); else out.once('drain', resolve); buf = []; });
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
(async () => {
  for (let c = 1; c <= customers; c++) {
    const cid = `c${c}`;
    let t = base + Math.floor(rand() * 30) * 86400e3;
    let orders = 0;
    for (let k = 0; k < perCustomer; k++) {
      t += Math.floor(1 + rand() * 20) * 3600e3;
      const r = rand();
      let e;
      if (k > 2 && r < 0.05) e = { customer_id: cid, id: `e${k}`, type: 'refund', at: iso(t), order_id: `${c}-1`, amount: '5.00' };
      else if (k > 2 && r < 0.10) e = { customer_id: cid, id: `e${k}`, type: 'order_status', at: iso(t), order_id: `${c}-${orders}`, status: 'cancelled' };
      else if (r < 0.15) e = { customer_id: cid, id: `e${k}`, type: 'review', at: iso(t), product_id: 'p1' };
      else {
        orders += 1;
        const sub = (10 + Math.floor(rand() * 90)).toFixed(2);
        e = { customer_id: cid, id: `e${k}`, type: 'order', at: iso(t), order_id: `${c}-${orders}`, status: 'completed', subtotal: sub };
      }
      buf.push(JSON.stringify(e), '\n');
    }
    if (buf.length > 20000) await flush();
  }
  await flush();
})();
