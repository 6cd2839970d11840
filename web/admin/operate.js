// The merchant's operations page: programs, customers (progress, wallet,
// rewards, history, manual awards and adjustments), the audit ledger and its
// summary, background jobs and the email outbox, all through the REST API
// (docs/api.md) with the admin key. Server text is always set as textContent.

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
const KEY_STORAGE = 'stepwise.adminKey';
const VIEWS = ['programs', 'customers', 'ledger', 'summary', 'jobs', 'outbox'];
const JOB_POLL_MS = 3000;

// ---------------------------------------------------------------- small helpers

/** el('td', {class: 'num'}, 'text', childNode): children that are strings become text nodes. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const c of children.flat()) if (c != null) node.append(c instanceof Node ? c : String(c));
  return node;
}

function say(text, kind = '') {
  $('status').textContent = text;
  $('status').className = `status ${kind}`;
}

let currency = 'USD';
function money(amount, cur = currency) {
  if (amount == null || amount === '') return '';
  const n = Number(amount);
  if (!Number.isFinite(n)) return String(amount);
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: cur }).format(n);
  } catch {
    return `${amount} ${cur}`;
  }
}

/** A UTC time as "2026-03-15 10:22 UTC" in a <time> element (the exact value on hover). */
function when(iso) {
  if (!iso) return '';
  const short = String(iso).replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  return el('time', { datetime: iso, title: iso }, short);
}

function badge(text, kind = text) {
  return el('span', { class: `badge badge-${String(kind).replace(/[^a-z_-]/gi, '')}` }, text);
}

/** A table from column definitions [{label, cell(row), num?}]; an empty list says so. */
function table(rows, columns, { caption, empty = 'Nothing yet.' } = {}) {
  if (!rows.length) return el('p', { class: 'muted empty' }, empty);
  // Wide tables scroll inside their own box, so the page never scrolls sideways (390px phones).
  return el('div', { class: 'table-wrap' }, el('table', {},
    caption ? el('caption', {}, caption) : null,
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, columns.map((c) => el('td', { class: c.num ? 'num' : null }, c.cell(r))))))));
}

function progressBar(value, max, label) {
  const pct = max > 0 ? Math.min(100, (100 * value) / max) : 0;
  return el('span', { class: 'bar-cell' },
    el('progress', { max: String(max || 1), value: String(Math.min(value, max || 1)), 'aria-label': label }),
    el('span', { class: 'bar-text' }, `${Math.round(pct * 10) / 10}%`));
}

function show(container, ...nodes) {
  $(container).replaceChildren(...nodes);
}

// ---------------------------------------------------------------- the server

class ApiError extends Error {
  constructor(status, errors) {
    super(errors.length ? errors.map((e) => (e.pointer ? `${e.pointer}: ${e.message}` : e.message)).join('; ') : `HTTP ${status}`);
    this.status = status;
    this.errors = errors;
  }
}

const keyInput = $('admin-key');
const adminKey = () => keyInput.value.trim();

async function request(method, path, body) {
  if (!adminKey()) throw new ApiError(401, [{ pointer: '', message: 'enter the admin key first' }]);
  const res = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${adminKey()}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (res.ok) return res;
  let errors = [];
  try { errors = (await res.json()).errors || []; } catch { /* not JSON */ }
  if (res.status === 401 && !errors.length) errors = [{ pointer: '', message: 'the admin key was refused' }];
  throw new ApiError(res.status, errors);
}

const api = async (method, path, body) => {
  const res = await request(method, path, body);
  return res.status === 204 ? null : res.json();
};

/** Query string from an object, leaving out empty values. */
function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---------------------------------------------------------------- forms

/** Lists problems next to a form, marking the fields they point at (pointer "/amount" -> field "amount"). */
function formErrors(form, error) {
  const box = form.querySelector('.form-errors');
  if (!box) return;
  for (const f of form.querySelectorAll('[aria-invalid]')) f.removeAttribute('aria-invalid');
  form.querySelector('.form-ok')?.replaceChildren();
  if (!error) { box.replaceChildren(); return; }
  const errors = error.errors || [{ pointer: '', message: error.message }];
  box.replaceChildren(el('ul', {}, errors.map((e) => {
    const field = e.pointer && form.elements[e.pointer.split('/')[1]];
    if (field) field.setAttribute('aria-invalid', 'true');
    const label = field ? field.closest('label')?.firstChild?.textContent.trim() : e.pointer;
    return el('li', {}, label ? `${label}: ${e.message}` : e.message);
  })));
  const first = form.querySelector('[aria-invalid]');
  if (first) first.focus();
}

function formOk(form, text) {
  formErrors(form, null);
  form.querySelector('.form-ok').textContent = text;
}

const fieldError = (pointer, message) => new ApiError(422, [{ pointer, message }]);

/** A UTC time from a field: "2026-03-01", "2026-03-01T10:00" or a full ISO time with Z; '' is none. */
function utcTime(text, pointer) {
  const t = text.trim();
  if (!t) return '';
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?)?Z?$/i.exec(t);
  const iso = m && `${m[1]}T${m[2] || '00:00'}${m[3] || ':00'}Z`;
  if (!iso || Number.isNaN(Date.parse(iso))) throw fieldError(pointer, 'must be a UTC time like 2026-03-01T00:00:00Z (or a date)');
  return iso;
}

/** Runs a form's submit handler, showing its errors next to it. */
function onSubmit(form, run) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    try {
      formErrors(form, null);
      await run(form);
    } catch (err) {
      formErrors(form, err);
    } finally {
      if (button) button.disabled = false;
    }
  });
}

// ---------------------------------------------------------------- the confirm dialog

/** Asks in a modal dialog; resolves to {ok, retroactive}. */
function confirmDialog({ title, text, warning = '', okLabel, askRetroactive = false }) {
  const dialog = $('confirm');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-warning').textContent = warning;
  $('confirm-warning').hidden = !warning;
  $('confirm-retro-row').hidden = !askRetroactive;
  $('confirm-retro').checked = false;
  $('confirm-ok').textContent = okLabel;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () =>
    resolve({ ok: dialog.returnValue === 'ok', retroactive: $('confirm-retro').checked }), { once: true }));
}

// ---------------------------------------------------------------- programs

let programs = [];
const programName = (id) => programs.find((p) => p.id === id)?.name || id;

async function loadPrograms() {
  ({ programs = [] } = await api('GET', '/v1/programs'));
  const hasAwards = programs.some((p) => 'awards_issued' in p);
  show('programs-table', table(programs, [
    { label: 'Program', cell: (p) => [el('strong', {}, p.name), el('br'), el('code', {}, p.id)] },
    { label: 'Kind', cell: (p) => p.kind },
    { label: 'Status', cell: (p) => badge(p.status) },
    { label: 'Version', cell: (p) => `v${p.version}`, num: true },
    ...(hasAwards ? [{ label: 'Awards issued', cell: (p) => p.awards_issued ?? '', num: true }] : []),
    { label: 'Updated', cell: (p) => when(p.updated_at) },
    { label: 'Actions', cell: programActions },
  ], { caption: `${programs.length} program${programs.length === 1 ? '' : 's'}`, empty: 'No programs yet: build one in the program editor.' }));
}

function programActions(p) {
  const active = p.status === 'active';
  return el('span', { class: 'row-actions' },
    el('a', { href: 'index.html', 'aria-label': `Edit ${p.name} in the program editor` }, 'Edit'),
    el('button', { type: 'button', 'aria-label': `${active ? 'Deactivate' : 'Activate'} ${p.name}`,
      onclick: () => (active ? deactivate(p) : activate(p)).catch((e) => say(`${p.name}: ${e.message}`, 'error')) },
    active ? 'Deactivate' : 'Activate'));
}

async function activate(p) {
  const doc = await api('GET', `/v1/programs/${enc(p.id)}`);
  const started = doc.starts_at && Date.parse(doc.starts_at) < Date.now();
  const answer = await confirmDialog({
    title: `Activate ${p.name}?`,
    text: 'Customers start earning as soon as it is on. Retroactive evaluates every existing customer once, ' +
      'in a background job, and issues what their history already earned; otherwise each customer is ' +
      'evaluated at their next event.',
    warning: started ? `This program starts at ${doc.starts_at}, in the past: a retroactive run awards everything ` +
      'customers did since then, at once.' : '',
    okLabel: 'Activate',
    askRetroactive: true,
  });
  if (!answer.ok) return;
  const out = await api('POST', `/v1/programs/${enc(p.id)}/activate`, { retroactive: answer.retroactive });
  say(`${out.name} is active (version ${out.version})${answer.retroactive ? ': the retroactive run is under Jobs.' : '.'}`, 'ok');
  await loadPrograms();
}

async function deactivate(p) {
  const answer = await confirmDialog({
    title: `Deactivate ${p.name}?`,
    text: 'It stops awarding anything new; what was already issued stays issued.',
    okLabel: 'Deactivate',
  });
  if (!answer.ok) return;
  const out = await api('POST', `/v1/programs/${enc(p.id)}/deactivate`, {});
  say(`${out.name} is inactive.`, 'ok');
  await loadPrograms();
}

// ---------------------------------------------------------------- customers: the list

const PAGE = 50;
const SEARCH_FALLBACK_LIMIT = 1000;
let customerPage = { after: '', q: '', next: null };
const knownCustomers = new Map(); // id -> list row, for the profile (there is no GET /v1/customers/{id})

/** Prefix match on the id, the email, the name or any word of the name, ignoring case. */
function matches(c, q) {
  const p = q.toLowerCase();
  const words = [c.id, c.email, c.name, ...String(c.name || '').split(/\s+/)];
  return words.some((w) => w && String(w).toLowerCase().startsWith(p));
}

async function fetchCustomers({ after, q }) {
  if (!q) return { ...(await api('GET', `/v1/customers${query({ after, limit: PAGE })}`)), searched: 'all' };
  try {
    const data = await api('GET', `/v1/customers${query({ q, after, limit: PAGE })}`);
    // A server without search ignores q and lists everyone: then search here.
    if (data.customers.every((c) => matches(c, q))) return { ...data, searched: 'server' };
  } catch (e) {
    if (e.status !== 400) throw e;
  }
  const data = await api('GET', `/v1/customers${query({ limit: SEARCH_FALLBACK_LIMIT })}`);
  return { customers: data.customers.filter((c) => matches(c, q)), next_after: null, searched: 'page', more: data.next_after != null };
}

async function loadCustomers() {
  const data = await fetchCustomers(customerPage);
  customerPage.next = data.next_after ?? null;
  for (const c of data.customers) knownCustomers.set(c.id, c);
  const note = $('customer-search-note');
  note.hidden = data.searched !== 'page';
  note.textContent = data.searched === 'page'
    ? `This server does not search, so the page searched ${data.more ? `its first ${SEARCH_FALLBACK_LIMIT}` : 'all its'} customers.`
    : '';
  show('customers-table', table(data.customers, [
    { label: 'Customer', cell: (c) => el('a', { href: `#customers/${enc(c.id)}` }, c.id) },
    { label: 'Name', cell: (c) => c.name || '' },
    { label: 'Email', cell: (c) => c.email || el('span', { class: 'muted' }, 'none') },
    { label: 'Roles', cell: (c) => (c.roles || []).join(', ') },
    { label: 'Balance', cell: (c) => money(c.balance), num: true },
  ], { caption: customerPage.q ? `Customers matching "${customerPage.q}"` : 'Customers',
    empty: customerPage.q ? 'No customer matches.' : 'No customers yet.' }));
  $('customers-next').hidden = !customerPage.next;
  $('customers-first').hidden = !customerPage.after;
}

// ---------------------------------------------------------------- customers: one customer

let selected = null; // the customer id shown in the detail panel
let milestones = null;
const milestoneName = (programId, id) => milestones?.find((m) => m.program_id === programId && m.id === id)?.name || id;

async function profileOf(id) {
  if (!knownCustomers.has(id)) {
    // Opened by address: look it up (the search finds it by its id).
    const found = await fetchCustomers({ q: id }).catch(() => ({ customers: [] }));
    for (const c of found.customers) knownCustomers.set(c.id, c);
  }
  return knownCustomers.get(id) || { id };
}

async function openCustomer(id) {
  selected = id;
  $('customer-detail').hidden = false;
  $('customer-title').textContent = `Customer ${id}`;
  for (const f of ['award-form', 'wallet-form', 'recalc-form']) formErrors($(f), null);
  await loadMilestonePicker(); // first: the rewards table names their milestones
  await refreshCustomer();
}

async function refreshCustomer() {
  const id = selected;
  const base = `/v1/customers/${enc(id)}`;
  const [progress, wallet, transactions, rewards, history] = await Promise.all([
    api('GET', `${base}/progress`), api('GET', `${base}/wallet`), api('GET', `${base}/wallet/transactions`),
    api('GET', `${base}/rewards`), api('GET', `${base}/history`),
  ]);
  if (id !== selected) return; // another customer was opened meanwhile
  const profile = { ...(await profileOf(id)), balance: wallet.balance, roles: history.customer?.roles };
  renderProfile(profile, wallet);
  renderProgress(progress.reports || []);
  renderWallet(wallet);
  show('customer-transactions', transactionsTable(transactions.transactions, { withCustomer: false }));
  renderRewards(rewards.rewards || []);
  renderHistory(history.events || []);
}

function renderProfile(c, wallet) {
  const facts = [
    ['Id', el('code', {}, c.id)],
    ['Name', c.name || el('span', { class: 'muted' }, 'not given')],
    ['Email', c.email || el('span', { class: 'flag' }, 'no address')],
    ['Roles', (c.roles || []).join(', ') || 'none'],
    ['Balance', el('strong', { id: 'customer-balance' }, money(wallet.balance, wallet.currency))],
  ];
  show('customer-profile', ...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

const rewardText = (r) => {
  switch (r.type) {
    case 'store_credit': return `${money(r.amount)} store credit`;
    case 'points': return `${r.points} points`;
    case 'discount_amount': return `${money(r.amount)} off`;
    case 'discount_percent': return `${r.percent}% off`;
    case 'free_shipping': return 'free shipping';
    case 'free_gift': return `free gift ${r.product_id || ''}`.trim();
    default: return r.type;
  }
};

function renderProgress(reports) {
  if (!reports.length) { show('customer-progress', el('p', { class: 'muted' }, 'No active program.')); return; }
  show('customer-progress', ...reports.map((r) => el('section', { class: 'card report', 'aria-label': `Progress in ${programName(r.program_id)}` },
    el('h4', {}, programName(r.program_id), ' ', el('span', { class: 'muted' }, `(${r.kind}${r.eligible === false ? ', not eligible' : ''})`)),
    r.kind === 'tiers' ? tiersReport(r) : journeyReport(r))));
}

function tiersReport(r) {
  const next = r.next_milestone;
  return [
    el('p', {}, 'Qualifying spend ', el('strong', {}, money(r.qualifying_spend)),
      next ? `; ${money(next.remaining)} to ${next.name}.` : '; every tier reached.'),
    table(r.tiers || [], [
      { label: 'Tier', cell: (t) => t.name },
      { label: 'Threshold', cell: (t) => money(t.threshold), num: true },
      { label: 'Progress', cell: (t) => progressBar(t.progress_pct, 100, `${t.name} progress`) },
      { label: 'Times awarded', cell: (t) => t.times_awarded, num: true },
    ]),
    earnedList(r.milestones_earned || [], (m) => m.name, (m) => m.reward_amount ? money(m.reward_amount) : (m.rewards || []).map(rewardText).join(', ')),
  ];
}

function journeyReport(r) {
  const stepName = (id) => (r.steps || []).find((s) => s.id === id)?.name || id;
  return [
    el('p', {}, r.completed ? 'Journey completed.' : `At step ${(r.current_step ?? 0) + 1} of ${(r.steps || []).length}.`),
    table(r.steps || [], [
      { label: 'Step', cell: (s) => [s.name, s.description ? el('span', { class: 'muted' }, ` ${s.description}`) : null] },
      { label: 'Done', cell: (s) => `${s.metric === 'spend' ? money(s.value) : s.value} of ${s.metric === 'spend' ? money(s.target) : s.target}`, num: true },
      { label: 'Progress', cell: (s) => progressBar(s.progress_pct, 100, `${s.name} progress`) },
      { label: 'State', cell: (s) => badge(s.state) },
    ]),
    earnedList(r.awards || [], (a) => stepName(a.step_id), (a) => (a.rewards || []).map(rewardText).join(', ')),
  ];
}

/** The milestones a report says were earned, with the server's record of each (issued, clawed back...). */
function earnedList(items, name, reward) {
  return el('div', { class: 'earned' }, el('h5', {}, 'Milestones earned'), items.length
    ? el('ul', {}, items.map((m) => el('li', {},
      el('strong', {}, name(m)), m.occurrence > 1 ? ` (#${m.occurrence})` : '', ' ', reward(m), ', ', when(m.awarded_at), ' ',
      badge(m.status || 'not_issued'))))
    : el('p', { class: 'muted' }, 'None yet.'));
}

function renderWallet(w) {
  show('customer-wallet',
    el('p', {}, 'Balance ', el('strong', {}, money(w.balance, w.currency)), w.points ? `, ${w.points} points` : ''),
    (w.expiring || []).length
      ? el('ul', {}, w.expiring.map((x) => el('li', {}, `${money(x.amount, w.currency)} expires `, when(x.expires_at), ` (transaction ${x.transaction_id})`)))
      : el('p', { class: 'muted' }, 'Nothing expiring.'));
}

function transactionsTable(rows, { withCustomer }) {
  return table(rows, [
    { label: 'Id', cell: (t) => t.id, num: true },
    { label: 'Date', cell: (t) => when(t.date) },
    ...(withCustomer ? [{ label: 'Customer', cell: (t) => el('a', { href: `#customers/${enc(t.customer_id)}` }, t.customer_id) }] : []),
    { label: 'Type', cell: (t) => t.type },
    { label: 'Note', cell: (t) => [t.note, t.memo ? el('span', { class: 'memo' }, t.memo) : null] },
    { label: 'Amount', cell: (t) => money(t.amount, t.currency), num: true },
    { label: 'Balance after', cell: (t) => money(t.balance_after, t.currency), num: true },
    { label: 'Status', cell: (t) => t.status === 'not_collected' ? [badge('not collected', 'not_collected'), ` ${money(t.requested, t.currency)} due`] : t.status },
    { label: 'Expires', cell: (t) => t.expires_at ? [when(t.expires_at), t.remaining != null ? `, ${money(t.remaining, t.currency)} left` : ''] : '' },
  ], { empty: 'No transactions.' });
}

function renderRewards(rewards) {
  show('customer-rewards', table(rewards, [
    { label: 'Reward', cell: rewardText },
    { label: 'Milestone', cell: (r) => `${milestoneName(r.program_id, r.milestone_id)} (${programName(r.program_id)})` },
    { label: 'State', cell: (r) => badge(r.state) },
    { label: 'Code', cell: (r) => r.code ? el('code', {}, r.code) : '' },
    { label: 'Issued', cell: (r) => when(r.issued_at) },
    { label: 'Expires', cell: (r) => when(r.expires_at) },
  ], { empty: 'No rewards.' }));
}

const eventDetail = (e) => [
  e.order_id && `order ${e.order_id}`, e.status, e.subtotal && money(e.subtotal), e.amount && money(e.amount),
  e.points != null && `${e.points} points`,
].filter(Boolean).join(', ');

function renderHistory(events) {
  show('customer-history', table([...events].reverse(), [
    { label: 'When', cell: (e) => when(e.at) },
    { label: 'Type', cell: (e) => e.type },
    { label: 'Event id', cell: (e) => el('code', {}, e.id) },
    { label: 'Details', cell: eventDetail },
  ], { caption: `${events.length} events, newest first`, empty: 'No events.' }));
}

async function loadMilestonePicker() {
  if (!milestones) ({ milestones } = await api('GET', '/v1/milestones'));
  const picker = $('award-milestone');
  const current = picker.value;
  picker.replaceChildren(el('option', { value: '' }, 'Choose a milestone'),
    ...milestones.map((m) => el('option', { value: JSON.stringify([m.program_id, m.id]) },
      `${m.name} (${programName(m.program_id)}${m.status === 'active' ? '' : `, ${m.status}`})`)));
  picker.value = current;
}

onSubmit($('award-form'), async (form) => {
  if (!form.milestone.value) throw fieldError('/milestone', 'choose the milestone to award');
  const note = form.note.value.trim();
  if (!note) throw fieldError('/note', 'say why (the note is kept in the ledger as the memo)');
  const [programId, milestoneId] = JSON.parse(form.milestone.value);
  const a = await api('POST', `/v1/customers/${enc(selected)}/milestone-progress/award`,
    { milestone_id: milestoneId, program_id: programId, note });
  form.note.value = '';
  await refreshCustomer();
  formOk(form, `Awarded ${a.name} (${a.state}${a.reward_amount ? `, ${money(a.reward_amount)}` : ''}).`);
});

onSubmit($('wallet-form'), async (form) => {
  const amount = form.amount.value.trim();
  if (!/^\d+(\.\d+)?$/.test(amount)) throw fieldError('/amount', 'must be an amount like 5.00');
  const note = form.note.value.trim();
  if (!note) throw fieldError('/note', 'say why (shown on the customer\'s statement)');
  const row = await api('POST', `/v1/customers/${enc(selected)}/wallet/transactions`, { type: form.type.value, amount, note });
  form.amount.value = '';
  form.note.value = '';
  await refreshCustomer();
  formOk(form, `Posted ${row.type} ${money(row.amount, row.currency)}; balance ${money(row.balance_after, row.currency)}.`);
});

onSubmit($('recalc-form'), async (form) => {
  const out = await api('POST', `/v1/customers/${enc(selected)}/recalculate`);
  await refreshCustomer();
  const n = (out.awards || []).length;
  const c = (out.clawbacks || []).length;
  formOk(form, `Recalculated: ${n} new award${n === 1 ? '' : 's'}, ${c} claw-back${c === 1 ? '' : 's'}.`);
});

onSubmit($('customer-search'), async () => {
  customerPage = { after: '', q: $('customer-q').value.trim(), next: null };
  await loadCustomers();
});
$('customer-clear').addEventListener('click', () => {
  $('customer-q').value = '';
  customerPage = { after: '', q: '', next: null };
  loadCustomers().catch(failed('Customers'));
});
$('customers-next').addEventListener('click', () => {
  customerPage = { ...customerPage, after: customerPage.next };
  loadCustomers().catch(failed('Customers'));
});
$('customers-first').addEventListener('click', () => {
  customerPage = { ...customerPage, after: '' };
  loadCustomers().catch(failed('Customers'));
});

// ---------------------------------------------------------------- ledger

const LEDGER_PAGE = 100;
let ledgerFilter = {};
let ledgerBefore = null; // before_id of the page shown (null: newest)
let ledgerNext = null;

function readLedgerFilter(form) {
  return {
    customer_id: form.customer_id.value.trim(),
    type: form.type.value,
    from: utcTime(form.from.value, '/from'),
    to: utcTime(form.to.value, '/to'),
  };
}

async function loadLedger() {
  const data = await api('GET', `/v1/ledger${query({ ...ledgerFilter, before_id: ledgerBefore, limit: LEDGER_PAGE })}`);
  ledgerNext = data.next_before_id ?? null;
  show('ledger-table', transactionsTable(data.transactions, { withCustomer: true }));
  $('ledger-older').hidden = ledgerNext == null;
  $('ledger-newest').hidden = ledgerBefore == null;
}

onSubmit($('ledger-filters'), async (form) => {
  ledgerFilter = readLedgerFilter(form);
  ledgerBefore = null;
  await loadLedger();
});
$('ledger-older').addEventListener('click', () => { ledgerBefore = ledgerNext; loadLedger().catch(failed('Ledger')); });
$('ledger-newest').addEventListener('click', () => { ledgerBefore = null; loadLedger().catch(failed('Ledger')); });

// The CSV needs the key, so it is fetched here and handed to the browser as a file.
$('ledger-csv').addEventListener('click', async () => {
  const form = $('ledger-filters');
  try {
    formErrors(form, null);
    const filter = readLedgerFilter(form);
    const blob = await (await request('GET', `/v1/ledger.csv${query(filter)}`)).blob();
    const name = ['stepwise-ledger', filter.customer_id, filter.type, filter.from.slice(0, 10), filter.to.slice(0, 10)]
      .filter(Boolean).join('-').replace(/[^A-Za-z0-9._-]+/g, '_');
    const a = el('a', { href: URL.createObjectURL(blob), download: `${name}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    say(`Downloaded ${name}.csv.`, 'ok');
  } catch (e) {
    formErrors(form, e);
  }
});

// ---------------------------------------------------------------- summary

let summaryFilter = {};

async function loadSummary() {
  const s = await api('GET', `/v1/ledger/summary${query(summaryFilter)}`);
  const cur = s.currency;
  const figure = (label, value, id, hint) => el('div', { class: 'figure' },
    el('dt', {}, label), el('dd', { id }, money(value, cur)), hint ? el('dd', { class: 'muted hint' }, hint) : null);
  const period = s.from || s.to ? `${s.from || 'the start'} to ${s.to || 'now'}` : 'all time';
  show('summary-body',
    el('p', {}, `${s.transactions} transactions, ${period}.`),
    el('dl', { class: 'figures' },
      figure('Credited', s.credited, 'sum-credited'),
      figure('Debited', s.debited, 'sum-debited'),
      figure('Net', s.net, 'sum-net'),
      figure('Breakage', s.breakage, 'sum-breakage', 'credit that expired unused'),
      figure('Claw-backs not collected', s.clawbacks_not_collected, 'sum-not-collected', 'asked for, balance too low'),
      figure('Outstanding (liability)', s.outstanding_now, 'sum-outstanding', 'customers\' balances now, whatever the period')),
    table(s.by_type || [], [
      { label: 'Type', cell: (t) => t.type },
      { label: 'Rows', cell: (t) => t.count, num: true },
      { label: 'Amount', cell: (t) => money(t.amount, cur), num: true },
    ], { caption: 'Per type', empty: 'No transactions in this period.' }));
}

onSubmit($('summary-filters'), async (form) => {
  summaryFilter = { from: utcTime(form.from.value, '/from'), to: utcTime(form.to.value, '/to') };
  await loadSummary();
});

// ---------------------------------------------------------------- jobs

let jobTimer = 0;

async function loadJobs() {
  clearTimeout(jobTimer);
  const { jobs = [] } = await api('GET', '/v1/jobs');
  const label = (j) => `${j.kind}${j.program_id ? ` ${j.program_id}` : ''}`;
  show('jobs-table', table([...jobs].reverse(), [
    { label: 'Job', cell: (j) => [el('strong', {}, j.kind), j.program_id ? ` ${programName(j.program_id)}` : '', el('br'), el('code', {}, j.id)] },
    { label: 'Progress', cell: (j) => [progressBar(j.processed, j.total, `${label(j)} progress`), el('span', { class: 'muted' }, ` ${j.processed} of ${j.total} customers`)] },
    { label: 'Awards', cell: (j) => j.awards, num: true },
    { label: 'Started', cell: (j) => when(j.started_at) },
    { label: 'State', cell: (j) => j.finished ? [badge('finished'), ' ', when(j.finished_at)] : [badge('running'), ' updated ', when(j.updated_at)] },
  ], { empty: 'No jobs yet. Activating a program retroactively starts one.' }));
  // Poll while something runs and someone is looking.
  if (jobs.some((j) => !j.finished) && currentView === 'jobs') {
    jobTimer = setTimeout(() => loadJobs().catch(failed('Jobs')), JOB_POLL_MS);
  }
}

// ---------------------------------------------------------------- outbox

async function loadOutbox() {
  const pending = $('outbox-pending').value;
  const { emails = [] } = await api('GET', `/v1/outbox/emails?pending=${pending}`);
  show('outbox-table', table(emails, [
    { label: 'Created', cell: (m) => when(m.created_at) },
    { label: 'To', cell: (m) => m.to ? m.to : badge('no address', 'no-address') },
    { label: 'Customer', cell: (m) => el('a', { href: `#customers/${enc(m.customer_id)}` }, m.customer_id) },
    { label: 'Subject', cell: (m) => [m.subject, m.body ? el('details', {}, el('summary', {}, 'Body'), el('pre', {}, m.body)) : null] },
    { label: 'Attempts', cell: (m) => m.attempts, num: true },
    { label: 'Last error', cell: (m) => m.last_error ? el('span', { class: 'flag' }, m.last_error) : '' },
    // reason: why the built-in SMTP sender does not send it (docs/email.md).
    { label: 'Sent', cell: (m) => m.sent_at ? when(m.sent_at)
      : m.reason === 'no_recipient' ? badge('not sent: no email address', 'no-address')
        : m.reason ? badge(`not sent: ${m.reason}`, 'no-address')
          : [badge('pending'), m.next_attempt_at ? el('span', { class: 'muted' }, ` next try ${when(m.next_attempt_at)}`) : null] },
  ], { caption: `${emails.length} email${emails.length === 1 ? '' : 's'}`, empty: pending === 'true' ? 'Nothing waiting to be sent.' : 'No emails.' }));
}
$('outbox-pending').addEventListener('change', () => loadOutbox().catch(failed('Outbox')));

// ---------------------------------------------------------------- navigation

const loaders = { programs: loadPrograms, customers: loadCustomers, ledger: loadLedger, summary: loadSummary, jobs: loadJobs, outbox: loadOutbox };
let currentView = null;

const failed = (what) => (e) => say(`${what}: ${e.message}`, 'error');

/** The hash is "#view[/customer-id]", optionally with "&key=..." (which is moved to sessionStorage). */
function parseHash() {
  const parts = location.hash.slice(1).split('&').filter(Boolean);
  const key = parts.find((p) => p.startsWith('key='));
  const [view, ...rest] = (parts.find((p) => !p.startsWith('key=')) || '').split('/');
  return {
    key: key ? decodeURIComponent(key.slice(4)) : null,
    view: VIEWS.includes(view) ? view : 'programs',
    customer: rest.length ? decodeURIComponent(rest.join('/')) : null,
  };
}

async function route() {
  const { view, customer } = parseHash();
  const changed = view !== currentView;
  const newCustomer = customer && customer !== selected;
  currentView = view;
  for (const v of VIEWS) $(`view-${v}`).hidden = v !== view;
  for (const a of document.querySelectorAll('.ops-nav a')) {
    if (a.getAttribute('href') === `#${view}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `Stepwise admin: ${document.querySelector(`.ops-nav a[href="#${view}"]`).textContent}`;
  // After following a nav link, keyboard and screen-reader users land on the view's heading.
  if (changed && document.activeElement?.closest('.ops-nav')) $(`${view}-title`).focus();
  if (!adminKey()) { say('Enter the admin key to connect.'); return; }
  try {
    if (!programs.length && view !== 'programs') await loadPrograms(); // names for the other views
    if (changed || view !== 'customers') await loaders[view]();
    if (view === 'customers') {
      if (customer) await openCustomer(customer);
      else { selected = null; $('customer-detail').hidden = true; }
    }
    say(`Connected. ${customer ? `Customer ${customer}` : $(`${view}-title`).textContent} loaded.`, 'ok');
    if (newCustomer) $('customer-title').focus(); // not on a refresh of the same one
  } catch (e) {
    failed($(`${view}-title`).textContent)(e);
  }
}

window.addEventListener('hashchange', route);
for (const b of document.querySelectorAll('.refresh')) {
  b.addEventListener('click', () => { milestones = null; currentView = null; route(); });
}

$('key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(KEY_STORAGE, adminKey());
  programs = [];
  milestones = null;
  currentView = null;
  route();
});

// ---------------------------------------------------------------- start

async function start() {
  const { key, view, customer } = parseHash();
  if (key) {
    sessionStorage.setItem(KEY_STORAGE, key);
    // Keep the key out of the address bar (and out of bookmarks and screenshots).
    history.replaceState(null, '', `#${view}${customer ? `/${enc(customer)}` : ''}`);
  }
  keyInput.value = key || sessionStorage.getItem(KEY_STORAGE) || '';
  try {
    currency = (await (await fetch('/v1/health')).json()).currency || currency;
  } catch { /* the default */ }
  await route();
  window.stepwiseOperate = { ready: true };
}

start();
