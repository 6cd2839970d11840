// A seeded generator of random programs, histories and carts for the
// differential test: every metric and rule, windows, POSIX time zones with DST,
// refunds, status changes, duplicates, shuffled order, extreme amounts, and a
// share of invalid input (whose error replies must match too).

export function rng(seed) {
  // mulberry32: small, fast, identical everywhere.
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, chance: (p) => next() < p, pick: (list) => list[int(0, list.length - 1)] };
}

const ZONES = ['UTC0', 'EST5EDT,M3.2.0,M11.1.0', 'CET-1CEST,M3.5.0,M10.5.0/3', 'AEST-10AEDT,M10.1.0,M4.1.0/3',
  '<+0530>-5:30', 'NZST-12NZDT,M9.5.0,M4.1.0/3', 'XST3XDT,M10.1.0/0,M2.3.0/0'];
const STATUSES = ['completed', 'processing', 'refunded', 'cancelled', 'on-hold'];
const METRICS = ['orders', 'spend', 'points', 'reviews', 'referrals', 'subscription_cycles'];

function money(r, digits = 2) {
  let cents;
  const kind = r.int(0, 59);
  if (kind < 6) cents = r.int(0, 99);
  else if (kind === 59) cents = Number(BigInt(r.int(1, 9)) * 10n ** BigInt(r.int(10, 14))); // extreme
  else cents = r.int(100, 60000);
  const s = String(cents).padStart(digits + 1, '0');
  return digits === 0 ? s : s.slice(0, -digits) + '.' + s.slice(-digits);
}

function time(r, base = Date.UTC(2026, 0, 1)) {
  const ms = base + r.int(0, 400) * 86400000 + r.int(0, 86399) * 1000 + (r.chance(0.1) ? r.int(1, 999) : 0);
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function rewards(r, digits) {
  const all = [
    { type: 'points', points: r.int(1, 1000) },
    { type: 'store_credit', amount: money(r, digits) === '0.00' ? '1.00' : String(r.int(1, 90)) },
    { type: 'discount_amount', amount: String(r.int(1, 50)) },
    { type: 'discount_percent', percent: r.int(1, 100) },
    { type: 'free_shipping' },
    r.chance(0.5) ? { type: 'free_gift', product_id: 'sku-' + r.int(1, 9), name: 'Tasse \u2615 ' + r.int(1, 9) }
                  : { type: 'free_gift', product_id: 'sku-' + r.int(1, 9) },
  ];
  return all.filter(() => r.chance(0.35));
}

export function program(r) {
  const tiers = r.chance(0.5);
  const currency = r.pick(['USD', 'USD', 'EUR', 'JPY', 'KWD']);
  const digits = currency === 'JPY' ? 0 : currency === 'KWD' ? 3 : 2;
  const p = { id: 'p' + r.int(1, 9), name: 'Program', kind: tiers ? 'tiers' : 'journey', currency };
  if (r.chance(0.2)) p.status = 'inactive';
  if (r.chance(0.6)) p.timezone = r.pick(ZONES);
  if (r.chance(0.3)) p.starts_at = time(r, Date.UTC(2025, 11, 1));
  if (r.chance(0.3)) p.ends_at = time(r, Date.UTC(2026, 6, 1));
  const rules = {};
  if (r.chance(0.3)) rules.order_statuses = r.chance(0.5) ? ['completed', 'processing'] : ['processing'];
  if (r.chance(0.3)) rules.spend_basis = r.pick(['subtotal', 'subtotal_tax', 'subtotal_shipping', 'total']);
  if (r.chance(0.2)) rules.exclude_wallet_paid = false;
  const w = r.int(0, 3);
  if (w === 1) rules.window = { kind: 'rolling_days', days: r.int(1, 120) };
  if (w === 2) rules.window = { kind: 'calendar_months', months: r.int(1, 13) };
  if (r.chance(0.2)) rules.categories = ['shoes'];
  if (r.chance(0.2)) rules.roles = ['vip'];
  if (r.chance(0.2)) rules.min_order = { amount: money(r, digits), quantity: r.int(0, 3) };
  if (r.chance(0.3)) rules.refund_hold_days = r.int(1, 30);
  if (r.chance(0.4)) rules.clawback_on_refund = true;
  if (r.chance(0.3)) rules.reward_expiry_days = r.int(1, 365);
  p.rules = rules;
  p.steps = [];
  const n = r.int(1, 6);
  for (let i = 0; i < n; i++) {
    const metric = tiers ? 'spend' : r.pick(METRICS);
    const step = { id: 's' + i, name: r.chance(0.3) ? `Étape ${i} — ünïcödé 😀` : 'Step ' + i,
      description: r.chance(0.5) ? 'Do "it" \u2713 €€€ 😀😀' : '', metric };
    step.target = metric === 'spend' ? money(r, digits) : r.int(1, metric === 'points' ? 2000 : 5);
    if (step.target === '0.00' || step.target === '0' || step.target === '0.000') step.target = digits ? '10.' + '0'.repeat(digits) : '10';
    step.rewards = rewards(r, digits);
    if (step.rewards.length > 1 && r.chance(0.3)) step.reward_choice = { pick: r.int(1, step.rewards.length) };
    if (tiers && r.chance(0.3)) step.repeating = true;
    if (r.chance(0.1)) step.status = 'inactive';
    p.steps.push(step);
  }
  return { value: p, digits };
}

export function history(r, digits) {
  const events = [];
  const orders = [];
  const n = r.int(0, 60);
  for (let i = 0; i < n; i++) {
    const id = 'e' + r.int(0, 10 * n + 9);  // sometimes repeats: duplicates
    const at = time(r);
    const k = r.int(0, 13);
    if (k <= 4 || orders.length === 0) {
      const order_id = 'o' + orders.length;
      orders.push(order_id);
      const sub = money(r, digits);
      const e = { id, type: 'order', at, order_id, status: r.pick(STATUSES), subtotal: sub };
      if (r.chance(0.5)) e.tax = money(r, digits);
      if (r.chance(0.5)) e.shipping = money(r, digits);
      if (r.chance(0.2)) e.wallet_paid = r.chance(0.5) ? sub : money(r, digits);
      if (r.chance(0.6)) e.items = [{ sku: 'A', quantity: r.int(0, 4), amount: sub, categories: [r.pick(['shoes', 'hats'])] },
        { sku: 'B', quantity: 1, amount: money(r, digits), categories: ['shoes'] }];
      events.push(e);
    } else if (k <= 6) {
      events.push({ id, type: 'order_status', at, order_id: r.pick(orders), status: r.pick(STATUSES) });
    } else if (k <= 8) {
      const amount = money(r, digits);
      events.push({ id, type: 'refund', at, order_id: r.pick(orders), amount: /^0*\.?0*$/.test(amount) ? '1' : amount });
    } else if (k === 9) {
      events.push({ id, type: 'review', at, product_id: 'A' });
    } else if (k === 10) {
      events.push({ id, type: 'referral', at, referee_id: 'r' + i, purchased: r.chance(0.7) });
    } else if (k === 11) {
      events.push({ id, type: 'points', at, points: r.chance(0.05) ? 1e15 : r.int(0, 500) });
    } else {
      events.push({ id, type: 'subscription_renewal', at, subscription_id: 'S1' });
    }
  }
  // Exact duplicates and shuffled order.
  for (const e of events.slice()) if (r.chance(0.1)) events.push({ ...e });
  for (let i = events.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [events[i], events[j]] = [events[j], events[i]];
  }
  return { customer: { id: 'c' + r.int(1, 99), roles: r.chance(0.5) ? ['vip'] : ['customer'] }, events };
}

// One case: the call and its JSON-text arguments, sometimes broken on purpose.
export function makeCase(seed) {
  const r = rng(seed);
  const { value: p, digits } = program(r);
  const h = history(r, digits);
  let programText = JSON.stringify(p);
  let historyText = JSON.stringify(h);
  if (r.chance(0.05)) programText = programText.replace('"kind"', '"kinnd"');
  if (r.chance(0.05)) historyText = historyText.replace(/"at":"[^"]*"/, '"at":"2026-02-30T00:00:00Z"');
  if (r.chance(0.02)) historyText = historyText.slice(0, r.int(0, historyText.length));
  // Cut inside multi-byte text: syntax errors quote the input near the cut.
  if (r.chance(0.02)) programText = programText.slice(0, r.int(0, programText.length));
  const asOf = r.chance(0.03) ? 'yesterday' : time(r, Date.UTC(2026, 2, 1));
  const kind = r.int(0, 9);
  if (kind === 0) return ['viewModel', programText, historyText, asOf];
  if (kind === 1) return ['project', programText, historyText, asOf, JSON.stringify({ subtotal: money(r, digits) })];
  if (kind === 2) return ['newlyDue', programText, historyText, asOf, JSON.stringify([`${p.id}:s0:1`]), '[]'];
  return ['evaluate', programText, historyText, asOf];
}
