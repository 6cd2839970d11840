// My account > Wallet: balance, milestone progress (the widget on the spend
// tiers program), transaction history with filters, and a printable statement.
import { PROGRAMS, api, failure, initTheme, mountAccount, productNames, session } from './store.js';

const $ = (id) => document.getElementById(id);
const locale = document.documentElement.lang || 'en-US';
const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
const timeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
let all = [];
let steps = {}; // "program:step" -> {name, kind}: what each award row came from
let earned = {}; // ledger row id -> when its award was earned (the row's date is when it was credited)
let loads = 0; // which load() is current: a slower, older one must not draw
let currency = 'USD';
let moneyFmt = new Intl.NumberFormat(locale, { style: 'currency', currency });

const TYPE_LABELS = {
  milestone_reward: 'Milestone Reward', journey_reward: 'Journey Reward', reward: 'Reward', store_credit: 'Store Credit',
  credit: 'Credit', debit: 'Debit', clawback: 'Claw-back', points: 'Points', expiry: 'Expired', purchase: 'Purchase',
  refund: 'Refund', adjustment: 'Adjustment',
};
const typeLabel = (t) => TYPE_LABELS[t] || String(t || '').replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
/** The step an award row came from, by its award key "program:step:occurrence". */
const stepOf = (t) => (t.award_key ? steps[t.award_key.split(':').slice(0, 2).join(':')] : null);
// A journey's award is a journey reward, whatever the ledger calls it.
const rowType = (t) => (t.type === 'Milestone Reward' && stepOf(t)?.kind === 'journey' ? 'Journey Reward' : t.type);
/** Details: the step's name, and when the award was earned if that was an earlier day than this row's. */
function details(t) {
  const step = stepOf(t);
  let text = step ? step.name : t.note || t.description || '';
  const when = earned[t.id];
  if (when && when.slice(0, 10) < txDate(t).slice(0, 10)) text += ` (earned ${dateFmt.format(new Date(when))})`;
  return text;
}
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

// Amounts are the server's decimal strings; Intl formats them exactly.
const money = (v) => (v == null || v === '' ? '' : moneyFmt.format(v));
const signed = (t) => String(t.amount ?? '').startsWith('-') || t.direction === 'debit';

const txDate = (t) => t.date || t.at || '';

function render() {
  const s = session();
  if (!s) return;
  const type = $('f-type').value;
  const from = $('f-from').value;
  const to = $('f-to').value;
  // Dates compare as local calendar days.
  const day = (iso) => {
    const d = new Date(iso);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };
  const rows = all.filter((t) => (!type || rowType(t) === type) && (!from || day(txDate(t)) >= from) && (!to || day(txDate(t)) <= to));
  $('tx').tBodies[0].innerHTML = rows.length
    ? rows.map((t) => `<tr data-type="${esc(rowType(t))}"><td>${esc(timeFmt.format(new Date(txDate(t))))}</td>` +
      `<td>${esc(typeLabel(rowType(t)))}</td><td>${esc(details(t))}</td>` +
      `<td class="num ${signed(t) ? 'debit' : 'credit'}">${esc(money(t.amount))}</td>` +
      `<td class="num">${esc(money(t.balance_after ?? t.balance))}</td></tr>`).join('')
    : '<tr><td colspan="5" class="muted">No transactions match these filters.</td></tr>';
  const filtered = type || from || to;
  $('tx-summary').textContent = filtered
    ? `Showing ${rows.length} of ${all.length} transactions.`
    : `${all.length} transaction${all.length === 1 ? '' : 's'}.`;
  const range = from || to ? `${from ? dateFmt.format(new Date(from + 'T00:00')) : 'the beginning'} to ${to ? dateFmt.format(new Date(to + 'T00:00')) : 'today'}` : 'all dates';
  $('statement-head').innerHTML = `<p><strong>Stepwise Outfitters: wallet statement</strong><br>` +
    `${esc(s ? s.customer.name : '')} · ${esc(range)}${type ? ' · ' + esc(typeLabel(type)) : ''} · printed ${esc(dateFmt.format(new Date()))}</p>`;
}

/** Forgets what was drawn for the last shopper: nothing of theirs stays on the page (printed or not). */
function clear() {
  all = [];
  steps = {};
  earned = {};
  $('balance').textContent = '…';
  $('balance-note').textContent = '';
  $('tx').tBodies[0].replaceChildren();
  $('tx-summary').textContent = '';
  $('statement-head').replaceChildren();
  $('f-type').replaceChildren(new Option('All types', ''));
  $('f-from').value = '';
  $('f-to').value = '';
}

async function load() {
  const seq = ++loads;
  const s = session();
  const tiers = $('tiers');
  clear();
  $('signed-out').hidden = !!s;
  $('wallet').hidden = !s;
  if (!s) {
    tiers.removeAttribute('token');
    return;
  }
  tiers.setAttribute('token', s.token);
  try {
    const [wallet, tx, names, rewards] = await Promise.all([api.wallet(s), api.transactions(s, { limit: 1000 }),
      api.milestones(s).catch(() => []), api.rewards(s).catch(() => [])]);
    if (seq !== loads) return;
    steps = Object.fromEntries(names.map((m) => [`${m.program_id}:${m.id}`, { name: m.name, kind: m.program_kind }]));
    earned = Object.fromEntries(rewards.filter((r) => r.transaction_id && r.earned_at).map((r) => [r.transaction_id, r.earned_at]));
    currency = wallet.currency || currency;
    moneyFmt = new Intl.NumberFormat(locale, { style: 'currency', currency });
    $('balance').textContent = money(wallet.balance ?? '0.00');
    // Credit held by open credit coupons is not available to spend again (docs/rewards-at-checkout.md).
    const held = Number(wallet.held) ? `${money(wallet.available)} available, ${money(wallet.held)} in open credit codes` : '';
    const points = wallet.points != null ? `${new Intl.NumberFormat(locale).format(wallet.points)} points` : '';
    $('balance-note').textContent = [held, points].filter(Boolean).join(' · ');
    all = (Array.isArray(tx) ? tx : tx.transactions || []).slice()
      .sort((a, b) => String(txDate(b)).localeCompare(String(txDate(a))));
    const types = [...new Set(all.map(rowType))].sort();
    const sel = $('f-type');
    const keep = sel.value;
    sel.replaceChildren(new Option('All types', ''), ...types.map((t) => new Option(typeLabel(t), t)));
    sel.value = types.includes(keep) ? keep : '';
    render();
  } catch (e) {
    if (seq !== loads) return;
    $('balance').textContent = '—';
    $('tx-summary').textContent = failure('wallet', e);
  }
}

$('filters').addEventListener('input', render);
$('filters').addEventListener('reset', () => setTimeout(render));
$('print').addEventListener('click', () => window.print());
// The signed-out prompt leads to the sign-in controls in the header.
$('signed-out-link').addEventListener('click', (e) => {
  const control = $('account').querySelector('select, input');
  if (!control) return;
  e.preventDefault();
  control.focus();
});
addEventListener('beforeprint', render);
// Points spent in My rewards: the balance, the points and (store credit bought) the transactions change.
$('tiers').addEventListener('stepwise:redeem', () => load());
// Credit turned into a code in My rewards: what is available changes.
$('tiers').addEventListener('stepwise:credit-coupon', () => load());

$('tiers').setAttribute('program', new URLSearchParams(location.search).get('program') || PROGRAMS.tiers);
$('tiers').products = productNames; // a free gift names its product
initTheme(document.querySelector('[data-theme-toggle]'));
mountAccount($('account'), load);
load();
