// The merchant admin page: the Dear ImGui editor and simulator (preview/, built
// to ./build/preview.mjs + preview.wasm) on a canvas and, beside it, the real
// storefront widget (<stepwise-journey>) fed the same program and simulated
// history. Server calls (load, save, turn on, versions, cohort) use the admin
// key; anything customers would see is asked first, in an in-page <dialog>.
// The page's contract with the preview is documented in docs/preview.md.

const $ = (id) => document.getElementById(id);
const canvas = $('canvas');
const widget = $('widget');
const statusLine = $('status');

function say(text, kind = '') {
  statusLine.textContent = text;
  statusLine.className = `status ${kind}`;
}

// GLFW (Emscripten) listens for keys on the whole window and swallows
// Backspace and Tab: keep keys typed into the page's own fields to the page.
const pageField = (t) => t !== canvas && t instanceof Element && t.closest('input, select, textarea, button, dialog, stepwise-journey');
// Keys typed on the canvas are the editor's: Ctrl+A selects a field's text, not the page.
for (const type of ['keydown', 'keypress', 'keyup']) {
  window.addEventListener(type, (e) => {
    if (pageField(e.target)) e.stopImmediatePropagation();
    else if (e.target === canvas && type === 'keydown' && (e.ctrlKey || e.metaKey) && /^[azy]$/i.test(e.key)) e.preventDefault();
  }, true);
}

// ---------------------------------------------------------------- the preview module

let M = null;
export const preview = {
  /** Everything at once: {program, history, as_of, valid, errors, evaluated_program, report, view, ...}. */
  state: () => JSON.parse(M.ccall('sw_preview_state', 'string', [], [])),
  /** Each returns '' on success, else why the text was refused (the engine's errors show in the editor). */
  loadProgram: (text) => M.ccall('sw_preview_load_program', 'string', ['string'], [text]),
  loadHistory: (text) => M.ccall('sw_preview_load_history', 'string', ['string'], [text]),
  loadCohort: (text, source) => M.ccall('sw_preview_load_cohort', 'string', ['string', 'string'], [text, source]),
  setAsOf: (time) => M.ccall('sw_preview_set_as_of', 'string', ['string'], [time]),
  setStoreCreditPermission: (on) => M.ccall('sw_preview_set_store_credit_permission', null, ['number'], [on ? 1 : 0]),
  setStatus: (text) => M.ccall('sw_preview_set_status', null, ['string'], [text]),
  loadExample: () => M.ccall('sw_preview_load_example', null, [], []),
  /** Named widgets of the last frame: {"add-step": [x0, y0, x1, y1], ...} in canvas pixels. */
  marks: () => JSON.parse(M.ccall('sw_preview_marks', 'string', [], [])),
  /** The Analytics funnel: {customers, completed, rows: [{step_id, label, reached, standing}], source, as_of}. */
  funnel: () => JSON.parse(M.ccall('sw_preview_funnel', 'string', [], [])),
};

// ---------------------------------------------------------------- the widget beside it
// The widget reads the preview's last valid state through its data source (docs/widget.md,
// "Data source"), so the real widget draws exactly what the editor holds; the parts a
// server would add (rewards, points, ...) are left out, as the widget's rewards="none" says.

/** The data source for one preview state. */
const previewSource = (s) => ({
  program: () => s.evaluated_program,
  history: () => s.history,
  notices: () => [],
  choices: () => [],
});

function widgetNote(text) {
  $('widget-note').hidden = !text;
  $('widget-note').textContent = text || '';
}

let current = null;
let pending = 0;
let draftsOn = false; // once start() has restored (or replaced) the stored draft
function onPreviewChange() {
  clearTimeout(pending);
  pending = setTimeout(refresh, 80); // a dragged slider changes every frame
}

function refresh() {
  const s = preview.state();
  current = s;
  $('as-of').textContent = s.as_of;
  if (s.store_credit_permission) localStorage.setItem('stepwise.storeCreditPermission', 'granted');
  if (draftsOn) storeDraft(s.program);
  window.dispatchEvent(new CustomEvent('stepwise-preview:change', { detail: s }));
  if (!s.valid) {
    widgetNote('The program or the history has problems (listed in the editor): the widget shows the last valid version.');
    return;
  }
  widgetNote(customElements.get('stepwise-journey') ? '' : $('widget-note').textContent);
  widget.setAttribute('as-of', s.as_of);
  widget.setAttribute('program', s.evaluated_program.id);
  // A new source makes the widget read the program and the history again.
  widget.dataSource = previewSource(s);
}

// ---------------------------------------------------------------- the server

const keyInput = $('admin-key');
const programList = $('program-list');
keyInput.value = new URLSearchParams(location.hash.slice(1)).get('key') || sessionStorage.getItem('stepwise.adminKey') || '';

class HttpError extends Error {
  constructor(status, body) {
    const errors = (body && body.errors) || [];
    super(errors.length ? errors.map((e) => `${e.pointer || '/'}: ${e.message}`).join('; ') : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** Someone else saved the program after the editor loaded it (the server answered 409). */
class SaveConflict extends Error {
  constructor(id, base, current) {
    super(`Not saved: ${id} was changed on the server after you loaded it (you edited version ${base}; ` +
      `the server now has version ${current ?? 'a newer one'}). Your edits are still in the editor.`);
    Object.assign(this, { id, base, current });
  }
}

/** One request with the admin key; returns the parsed body and the response (for its headers). */
async function request(method, path, body, headers = {}) {
  const key = keyInput.value.trim();
  if (!key) throw new Error('enter the admin key first');
  const res = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${key}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body,
  });
  let data = null;
  try { data = await res.json(); } catch { /* empty or not JSON */ }
  if (!res.ok) throw new HttpError(res.status, data);
  return { data, res };
}

const call = async (method, path, body, headers) => (await request(method, path, body, headers)).data;
const enc = encodeURIComponent;
const ifMatch = (version) => ({ 'If-Match': `"${version}"` });

// Which server program the draft was loaded from: {id, version, doc} (doc: the
// program as loaded or last saved), or null for a draft that is not on the server.
let origin = null;
// The untouched new draft (canonical text), so an unedited page is not "unsaved".
let blankDraft = null;

/** JSON with sorted keys: equal programs give equal text whatever the key order. */
function canonical(value) {
  const sorted = (v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]))
    : Array.isArray(v) ? v.map(sorted) : v);
  return JSON.stringify(sorted(value));
}

/** Whether the draft differs from the server copy it came from (or, when new, from the blank draft). */
const isUnsaved = (program) => canonical(program) !== (origin ? canonical(origin.doc) : blankDraft);

/** A new id such as journey-x7k2q9 (tiers-... for tiers): 36^6 choices; POST refuses one that is taken. */
function freshId(kind) {
  const digits = crypto.getRandomValues(new Uint8Array(6));
  return `${kind === 'tiers' ? 'tiers' : 'journey'}-${Array.from(digits, (b) => (b % 36).toString(36)).join('')}`;
}

export async function listPrograms(select) {
  const { programs = [] } = (await call('GET', '/v1/programs')) || {};
  programList.replaceChildren(...(programs.length ? programs : [{ id: '', name: '(none saved yet)' }]).map((p) => {
    const o = document.createElement('option');
    o.value = p.id;
    o.textContent = p.id ? `${p.name} (${p.id}, ${p.status}, v${p.version})` : p.name;
    return o;
  }));
  if (select) programList.value = select;
  return programs;
}

/** The server's list entry for id ({id, name, status, version, awards_issued, ...}), or null. */
async function serverProgram(id) {
  const { programs = [] } = (await call('GET', '/v1/programs')) || {};
  return programs.find((p) => p.id === id) || null;
}

export async function loadFromServer(id) {
  const { data: doc, res } = await request('GET', `/v1/programs/${enc(id)}`);
  const etag = /(\d+)/.exec(res.headers.get('ETag') || '');
  const version = etag ? Number(etag[1]) : (await serverProgram(id))?.version;
  const refused = preview.loadProgram(JSON.stringify(doc));
  if (refused) throw new Error(refused);
  origin = { id: doc.id, version, doc: preview.state().program };
  hideDraftNote();
  storeDraft(origin.doc);
  return doc;
}

const awardsText = (n) => (n == null ? 'an unknown number of awards' : n === 1 ? '1 award' : `${n} awards`);

/** "“Loyalty Journey” (loyalty-journey) is active, version 3, and has issued 12 awards." */
const describe = (live) =>
  `“${live.name}” (${live.id}) is ${live.status} on the server, version ${live.version}, and has issued ${awardsText(live.awards_issued)}.`;

/** What saving the draft over the live program does, in words for the dialogs. */
function overwriteLines(live, program) {
  const lines = [describe(live),
    `Customers see the change as soon as it is saved${live.status === 'active' ? ': the program is live' : ''}. ` +
    `The server keeps version ${live.version}; Versions can restore it.`];
  if (program.status !== live.status) {
    lines.push(warning(`Your draft's status is “${program.status}”: saving turns the program ${program.status === 'active' ? 'on' : 'off'}.`));
  }
  return lines;
}

/**
 * Creates or updates the draft on the server; returns the server's summary, or
 * null when the merchant cancels. A draft loaded from the server is updated
 * (after asking, with If-Match: the version it was loaded at); anything else is
 * created, and never replaces a program of the same id.
 */
export async function saveToServer({ asked = false } = {}) {
  const s = preview.state();
  if (s.errors.some((e) => e.input === 'program')) throw new Error('fix the problems listed in the editor first');
  const program = s.program;
  const text = JSON.stringify(program);
  const live = origin && origin.id === program.id ? await serverProgram(program.id) : null;
  let out;
  if (!live) {
    try {
      out = await call('POST', '/v1/programs', text);
    } catch (e) {
      if (e.status !== 409) throw e;
      throw new Error(`Not saved: a program with id ${program.id} already exists on the server. ` +
        'Change the id in the editor, or load that program to edit it.');
    }
  } else {
    // Already saved by someone else since it was loaded: nothing to ask, it is refused.
    if (live.version !== origin.version) throw new SaveConflict(program.id, origin.version, live.version);
    if (!asked) {
      const go = await ask({
        title: `Save over “${live.name}”?`,
        body: overwriteLines(live, program),
        actions: [{ label: `Save as version ${live.version + 1}`, value: 'save', primary: true }, { label: 'Cancel', value: '' }],
      });
      if (go !== 'save') return null;
    }
    try {
      out = await call('PUT', `/v1/programs/${enc(program.id)}`, text, ifMatch(origin.version));
    } catch (e) {
      if (e.status !== 409) throw e;
      const current = e.body?.current_version ?? (await serverProgram(program.id))?.version;
      throw new SaveConflict(program.id, origin.version, current);
    }
  }
  origin = { id: out.id, version: out.version, doc: program };
  hideDraftNote();
  storeDraft(program);
  return out;
}

/** After a 409: the merchant reloads the server's copy, compares, or keeps editing. */
async function resolveConflict(conflict) {
  let comparison = [];
  for (;;) {
    const choice = await ask({
      title: 'Someone else changed this program',
      body: [conflict.message, ...comparison],
      actions: [{ label: 'Reload the server\'s copy', value: 'reload' }, { label: 'Compare', value: 'compare', primary: true },
        { label: 'Keep editing', value: '' }],
    });
    if (choice === 'reload') {
      await loadFromServer(conflict.id);
      return `Reloaded ${conflict.id} (version ${origin.version}) from the server; your edits were replaced.`;
    }
    if (choice !== 'compare') return null;
    const theirs = await call('GET', `/v1/programs/${enc(conflict.id)}/diff?from=${conflict.base}`);
    comparison = [
      heading(`Changed on the server since version ${conflict.base}`), diffTable(theirs.changes || []),
      heading(`Your edits to version ${conflict.base} (not saved)`), diffTable(jsonDiff(origin.doc, preview.state().program)),
    ];
  }
}

/** Asks how to turn the program on, saves the draft if needed, activates, then shows the server's copy. */
export async function turnOn() {
  const s = preview.state();
  if (s.errors.some((e) => e.input === 'program')) throw new Error('fix the problems listed in the editor first');
  const program = s.program;
  const live = origin && origin.id === program.id ? await serverProgram(program.id) : null;
  const saveFirst = !live || isUnsaved(program);
  const fromNow = choice('retroactive', 'Only from now on', 'Customers earn for what they do after it is turned on.', true);
  const past = choice('retroactive', 'Also for past history',
    'Existing customers are awarded now for what they already did (a background job evaluates everyone).');
  const body = [live ? describe(live) : `“${program.name}” (${program.id}) is not on the server yet: it is saved first.`];
  if (live && saveFirst) body.push(...overwriteLines(live, program).slice(1), 'Your edits are saved first, as a new version.');
  const start = program.starts_at ? new Date(program.starts_at) : null;
  if (start && start < new Date()) {
    body.push(warning(`It started on ${program.starts_at}, in the past: with “Also for past history” ` +
      'customers are awarded for everything they did since then, all at once.'));
  }
  body.push('Shoppers see it and it awards from the moment it is on. Award existing customers for their past history?', fromNow, past);
  const go = await ask({
    title: `Turn on “${program.name}”?`, body,
    actions: [{ label: 'Turn on', value: 'on', primary: true }, { label: 'Cancel', value: '' }],
  });
  if (go !== 'on') return null;
  const retroactive = past.querySelector('input').checked;
  const id = saveFirst ? (await saveToServer({ asked: true })).id : program.id;
  const out = await call('POST', `/v1/programs/${enc(id)}/activate`, JSON.stringify({ retroactive }));
  await loadFromServer(id);
  return { ...out, retroactive };
}

/**
 * A cohort of the server's real customers for the Analytics funnel: the ids
 * given, else the first `limit` customers the server lists (GET /v1/customers).
 */
export async function serverCohort(ids = [], limit = 500) {
  if (!ids.length) {
    const list = (await call('GET', `/v1/customers?limit=${limit}`)) || {};
    ids = (list.customers || []).map((c) => c.id);
  }
  ids = ids.slice(0, limit);
  if (!ids.length) throw new Error('no customers found: name some (customer ids) or let the server record events first');
  const histories = [];
  const missing = [];
  for (let i = 0; i < ids.length; i += 8) {
    const batch = ids.slice(i, i + 8);
    const got = await Promise.all(batch.map((id) => call('GET', `/v1/customers/${enc(id)}/history`).catch(() => null)));
    got.forEach((h, k) => (h ? histories.push(h) : missing.push(batch[k])));
  }
  if (!histories.length) throw new Error(`no history for ${missing.slice(0, 5).join(', ')}`);
  const source = `server: ${histories.length} customers${missing.length ? ` (${missing.length} not found)` : ''}`;
  const refused = preview.loadCohort(JSON.stringify(histories), source);
  if (refused) throw new Error(refused);
  return source;
}

// ---------------------------------------------------------------- dialogs and diffs

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c != null));
  return node;
}
const heading = (text) => el('h3', {}, text);
const warning = (text) => el('p', { className: 'warn' }, text);

/** A radio button with a label and an explanation, for ask(). */
function choice(name, label, detail, checked = false) {
  return el('label', { className: 'choice' }, el('input', { type: 'radio', name, checked }), el('strong', {}, label), ' ', detail);
}

/**
 * Shows the in-page dialog and resolves with the value of the button pressed
 * ('' or Escape: null). body: strings (paragraphs) and nodes.
 */
function ask({ title, body, actions }) {
  const dialog = $('ask');
  $('ask-title').textContent = title;
  $('ask-body').replaceChildren(...body.map((b) => (typeof b === 'string' ? el('p', {}, b) : b)));
  $('ask-actions').replaceChildren(...actions.map((a) =>
    el('button', { value: a.value, className: a.primary ? 'primary' : '', autofocus: a.value === '' }, a.label)));
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((done) => dialog.addEventListener('close', () => done(dialog.returnValue || null), { once: true }));
}

/** The changes between two JSON values, in the server's diff shape ({pointer, op, from, to}). */
function jsonDiff(a, b, at = '', out = []) {
  if (canonical(a) === canonical(b)) return out;
  const containers = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!containers) {
    out.push({ pointer: at, op: 'replace', from: a, to: b });
    return out;
  }
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const p = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!(k in b)) out.push({ pointer: p, op: 'remove', from: a[k] });
    else if (!(k in a)) out.push({ pointer: p, op: 'add', to: b[k] });
    else jsonDiff(a[k], b[k], p, out);
  }
  return out;
}

function diffTable(changes) {
  if (!changes.length) return el('p', { className: 'muted' }, 'No differences.');
  const shown = (v) => {
    if (v === undefined) return '';
    const text = JSON.stringify(v);
    return el('code', { title: text }, text.length > 120 ? `${text.slice(0, 117)}...` : text);
  };
  const words = { replace: 'changed', add: 'added', remove: 'removed' };
  return el('table', { className: 'diff' },
    el('thead', {}, el('tr', {}, ...['Where', 'Change', 'Before', 'After'].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...changes.map((c) => el('tr', { className: `op-${c.op}` },
      el('td', {}, el('code', {}, c.pointer || '/')), el('td', {}, words[c.op] || c.op),
      el('td', {}, shown(c.from)), el('td', {}, shown(c.to))))));
}

// ---------------------------------------------------------------- versions

const versionsDialog = $('versions-dialog');
let versionsOf = null; // the program id the dialog shows

function versionsNote(text, kind = '') {
  $('versions-note').textContent = text;
  $('versions-note').className = kind || 'muted';
}

/** Opens the Versions dialog for the loaded program: every version, compare any two, restore one. */
export async function openVersions() {
  if (!origin) throw new Error('load a program from the server first (or save this one): versions are kept by the server');
  versionsOf = origin.id;
  await listVersions();
  if (!versionsDialog.open) versionsDialog.showModal();
  return `Versions of ${versionsOf}.`;
}

async function listVersions() {
  const id = versionsOf;
  const list = await call('GET', `/v1/programs/${enc(id)}/versions`);
  const versions = list.versions || [];
  $('versions-title').textContent = `Versions of ${id}`;
  versionsNote(`Version ${list.current_version} is the current one${versions.length > 1 ? '; restoring an older one saves it as a new version' : ''}.`);
  $('versions-rows').replaceChildren(...versions.map((v) => {
    const current = v.version === list.current_version;
    const row = el('tr', {},
      el('td', {}, `${v.version}${current ? ' (current)' : ''}`),
      el('td', {}, el('time', { dateTime: v.created_at }, v.created_at)), el('td', {}, v.status), el('td', {}, v.name),
      el('td', {}, current ? '' : el('button', {
        type: 'button', className: 'restore', textContent: 'Restore',
        onclick: () => guarded(() => restoreVersion(id, v.version, list.current_version)),
      })));
    row.dataset.version = v.version;
    return row;
  }));
  const options = () => versions.map((v) => el('option', { value: v.version }, `${v.version}`));
  $('compare-from').replaceChildren(...options());
  $('compare-to').replaceChildren(...options());
  $('compare-from').value = (versions[1] || versions[0] || {}).version ?? '';
  $('compare-to').value = (versions[0] || {}).version ?? '';
  $('versions-diff').replaceChildren(); // a comparison of the old list would mislead
}

async function compareVersions() {
  const from = $('compare-from').value;
  const to = $('compare-to').value;
  const diff = await call('GET', `/v1/programs/${enc(versionsOf)}/diff?from=${enc(from)}&to=${enc(to)}`);
  $('versions-diff').replaceChildren(heading(`Changes from version ${diff.from ?? from} to version ${diff.to ?? to}`),
    diffTable(diff.changes || []));
}

async function restoreVersion(id, version, current) {
  const live = await serverProgram(id);
  const body = [
    live ? describe(live) : '',
    `Restoring saves version ${version}'s content as a new version ${current + 1}; its status stays ${live ? live.status : 'as it is'}. ` +
    `${live && live.status === 'active' ? 'The program is on: customers see the change at once.' : 'Customers see it once the program is on.'}`,
  ].filter(Boolean);
  if (origin && origin.id === id && isUnsaved(preview.state().program)) body.push(warning('Your unsaved edits in the editor are replaced by the restored version.'));
  const go = await ask({
    title: `Restore version ${version} of ${id}?`, body,
    actions: [{ label: `Restore version ${version}`, value: 'restore', primary: true }, { label: 'Cancel', value: '' }],
  });
  if (go !== 'restore') return;
  let out;
  try {
    out = await call('POST', `/v1/programs/${enc(id)}/versions/${version}/restore`, '{}', ifMatch(current));
  } catch (e) {
    if (e.status !== 409) throw e;
    await listVersions();
    throw new Error(`Not restored: ${id} was changed on the server meanwhile (it was version ${current}). The list is up to date now.`);
  }
  await loadFromServer(id);
  await listVersions();
  await listPrograms(id);
  const text = `Restored version ${version} of ${id} as version ${out.version}.`;
  versionsNote(text, 'ok');
  say(text, 'ok');
}

/** Runs a dialog's action; problems show in the dialog and the status line. */
async function guarded(run) {
  try {
    await run();
  } catch (e) {
    versionsNote(e.message, 'error');
    say(e.message, 'error');
  }
}

$('compare').addEventListener('click', () => guarded(compareVersions));

// ---------------------------------------------------------------- drafts survive a reload

const DRAFT_KEY = 'stepwise.draft';
let defaultProgram = null; // the module's new draft, for "Discard"

function storeDraft(program) {
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ program, origin, unsaved: isUnsaved(program), saved_at: new Date().toISOString() }));
  } catch { /* storage full or off: the draft just does not survive */ }
}

function readDraft() {
  try {
    const saved = JSON.parse(localStorage.getItem(DRAFT_KEY));
    return saved && saved.program && typeof saved.program === 'object' ? saved : null;
  } catch {
    return null;
  }
}

/** Puts a stored draft back in the editor; says so when it holds unsaved edits. */
function restoreDraft(saved) {
  if (!saved || preview.loadProgram(JSON.stringify(saved.program))) return false;
  origin = saved.origin || null;
  const program = preview.state().program;
  if (!origin && !saved.unsaved) blankDraft = canonical(program);
  if (isUnsaved(program)) {
    const from = origin ? `, edited from version ${origin.version} on the server` : ', not on the server yet';
    $('draft-note-text').textContent = `Restored your unsaved draft of “${program.name}” (${program.id}${from}).`;
    $('draft-note').hidden = false;
  }
  return true;
}

function hideDraftNote() {
  $('draft-note').hidden = true;
}

/** A new draft under a fresh id (the module's default program). */
function newDraft() {
  preview.loadProgram(JSON.stringify({ ...defaultProgram, id: freshId(defaultProgram.kind) }));
  origin = null;
  blankDraft = canonical(preview.state().program);
}

function discardDraft() {
  hideDraftNote();
  if (origin) {
    preview.loadProgram(JSON.stringify(origin.doc));
    return `Discarded your draft: the editor shows ${origin.id} as loaded (version ${origin.version}).`;
  }
  newDraft();
  return 'Discarded your draft: the editor shows a new journey.';
}

// ---------------------------------------------------------------- toolbar

/** The page's status line and the editor's own. */
function tell(text, kind) {
  say(text, kind);
  preview.setStatus(text);
}

function action(id, run) {
  $(id).addEventListener('click', async () => {
    try {
      const text = await run();
      if (text) tell(text, 'ok');
    } catch (e) {
      if (!(e instanceof SaveConflict)) {
        tell(`${$(id).textContent}: ${e.message}`, 'error');
        return;
      }
      tell(e.message, 'error');
      try {
        const text = await resolveConflict(e);
        if (text) tell(text, 'ok');
      } catch (again) {
        tell(again.message, 'error');
      }
    }
  });
}

const cancelled = 'Cancelled: nothing was changed on the server.';

keyInput.addEventListener('change', () => {
  sessionStorage.setItem('stepwise.adminKey', keyInput.value.trim());
  listPrograms().then(() => say('Connected to the server.', 'ok'), (e) => say(`Server: ${e.message}`, 'error'));
});
action('load', async () => {
  if (!programList.value) throw new Error('choose a saved program');
  await loadFromServer(programList.value);
  return `Loaded ${programList.value} (version ${origin.version}) from the server.`;
});
action('save', async () => {
  const out = await saveToServer();
  if (!out) return cancelled;
  await listPrograms(out.id);
  return `Saved ${out.id} (version ${out.version}, ${out.status}).`;
});
action('turn-on', async () => {
  const out = await turnOn();
  if (!out) return cancelled;
  await listPrograms(out.id);
  return `${out.id} is on (version ${out.version}): shoppers see it now` +
    `${out.retroactive ? '; existing customers are being awarded for their past history' : ''}.`;
});
action('versions', openVersions);
action('discard-draft', discardDraft);
action('export', () => {
  const s = preview.state();
  const blob = new Blob([JSON.stringify(s.program, null, 2) + '\n'], { type: 'application/json' });
  const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `${s.program.id || 'program'}.json` });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  return `Exported ${a.download}.`;
});
action('example', () => {
  // The example is a new program: the module gives it a fresh id, so saving it creates a program.
  preview.loadExample();
  origin = null;
  blankDraft = null;
  hideDraftNote();
  return `Loaded the example journey as ${preview.state().program.id}: Place 3 orders -> Write 2 reviews -> Refer 1 friend.`;
});
action('server-cohort', async () => {
  const ids = $('cohort-ids').value.split(/[\s,]+/).filter(Boolean);
  return `Cohort loaded (${await serverCohort(ids)}); see the Analytics tab.`;
});
$('import').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  e.target.value = '';
  if (!file) return;
  const text = await file.text();
  let doc = null;
  try { doc = JSON.parse(text); } catch { /* the preview says why */ }
  if (doc && typeof doc === 'object' && 'events' in doc) {
    const refused = preview.loadHistory(text);
    if (refused) say(`Import ${file.name}: ${refused}`, 'error');
    else say(`Imported ${file.name} as the simulated history.`, 'ok');
    return;
  }
  // A program file of another id than the loaded program's is a new program: it
  // keeps its id unless the server already has a program of that id.
  let renamed = '';
  const editsLoaded = origin && doc && doc.id === origin.id;
  if (doc && typeof doc === 'object' && !Array.isArray(doc) && !editsLoaded && keyInput.value.trim()) {
    const taken = await serverProgram(doc.id).catch(() => null);
    if (taken) {
      doc.id = freshId(doc.kind);
      renamed = ` under the new id ${doc.id} (the server already has a program ${taken.id})`;
    }
  }
  const refused = preview.loadProgram(doc && renamed ? JSON.stringify(doc) : text);
  if (refused) return say(`Import ${file.name}: ${refused}`, 'error');
  if (!editsLoaded) origin = null;
  blankDraft = null;
  hideDraftNote();
  say(`Imported ${file.name} as the program${renamed}.`, 'ok');
});
versionsDialog.addEventListener('close', () => { versionsOf = null; });
// The last edit may still wait for the debounced refresh: keep it too.
window.addEventListener('pagehide', () => { if (draftsOn) storeDraft(preview.state().program); });

// ---------------------------------------------------------------- start

async function start() {
  const savedDraft = readDraft(); // before the module's first change can overwrite it
  import('../widget/stepwise-widget.js').catch(() =>
    widgetNote('The storefront widget is not built (bash widget/build.sh): only the editor is shown.'));
  let createPreview;
  try {
    ({ default: createPreview } = await import('./build/preview.mjs'));
  } catch (e) {
    say('The editor is not built: run bash tests/preview/run.sh (or see docs/preview.md).', 'error');
    throw e;
  }
  M = await createPreview({ canvas, print: (t) => console.log(t), printErr: (t) => console.warn(t) });
  M.onPreviewChange = onPreviewChange;
  if (localStorage.getItem('stepwise.storeCreditPermission') === 'granted') preview.setStoreCreditPermission(true);
  defaultProgram = preview.state().program;
  if (!restoreDraft(savedDraft)) newDraft();
  draftsOn = true;
  window.stepwisePreview = {
    ...preview, listPrograms, loadFromServer, saveToServer, turnOn, serverCohort, openVersions,
    get current() { return current; }, get origin() { return origin; },
  };
  window.dispatchEvent(new Event('stepwise-preview:ready'));
  say(keyInput.value ? 'Ready.' : 'Ready. Enter the admin key to load and save programs.');
  if (keyInput.value) listPrograms(origin && origin.id).catch((e) => say(`Server: ${e.message}`, 'error'));
  canvas.focus();
}

start();
