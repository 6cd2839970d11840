// The merchant admin page: the Dear ImGui editor and simulator (preview/, built
// to ./build/preview.mjs + preview.wasm) on a canvas and, beside it, the real
// storefront widget (<stepwise-journey>) fed the same program and simulated
// history. Server calls (load, save, turn on, cohort) use the admin key.
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
const pageField = (t) => t !== canvas && t instanceof Element && t.closest('input, select, textarea, button, stepwise-journey');
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
// The widget reads a program and a history through its API (widget/src/api.js).
// Here its API is the page itself: requests to PREVIEW_API are answered from the
// preview's last valid state, so the real widget draws exactly what the editor holds.

const PREVIEW_API = 'https://preview.stepwise.invalid';
let fed = null; // the state the widget is shown
const realFetch = window.fetch.bind(window);
window.fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith(PREVIEW_API + '/')) return realFetch(input, init);
  const path = new URL(url).pathname;
  let body = null;
  if (fed && path.startsWith('/v1/programs/')) body = fed.evaluated_program;
  else if (fed && path.endsWith('/history')) body = fed.history;
  else if (path.endsWith('/notices')) body = { notices: [] };
  else if (path.endsWith('/choices')) body = { choices: [] };
  const res = body
    ? new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
    : new Response('{"errors":[{"pointer":"","message":"not in the preview"}]}', { status: 404 });
  return Promise.resolve(res);
};

function widgetNote(text) {
  $('widget-note').hidden = !text;
  $('widget-note').textContent = text || '';
}

let current = null;
let pending = 0;
function onPreviewChange() {
  clearTimeout(pending);
  pending = setTimeout(refresh, 80); // a dragged slider changes every frame
}

function refresh() {
  const s = preview.state();
  current = s;
  $('as-of').textContent = s.as_of;
  if (s.store_credit_permission) localStorage.setItem('stepwise.storeCreditPermission', 'granted');
  window.dispatchEvent(new CustomEvent('stepwise-preview:change', { detail: s }));
  if (!s.valid) {
    widgetNote('The program or the history has problems (listed in the editor): the widget shows the last valid version.');
    return;
  }
  widgetNote(customElements.get('stepwise-journey') ? '' : $('widget-note').textContent);
  fed = s;
  widget.setAttribute('api', PREVIEW_API);
  widget.setAttribute('as-of', s.as_of);
  // A new attribute value makes the widget fetch the program again.
  widget.setAttribute('program', `${s.evaluated_program.id}~${s.revision}`);
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
  }
}

async function call(method, path, body) {
  const key = keyInput.value.trim();
  if (!key) throw new Error('enter the admin key first');
  const res = await realFetch(path, {
    method,
    headers: { Authorization: `Bearer ${key}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body,
  });
  let data = null;
  try { data = await res.json(); } catch { /* empty or not JSON */ }
  if (!res.ok) throw new HttpError(res.status, data);
  return data;
}

const enc = encodeURIComponent;

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

export async function loadFromServer(id) {
  const doc = await call('GET', `/v1/programs/${enc(id)}`);
  const refused = preview.loadProgram(JSON.stringify(doc));
  if (refused) throw new Error(refused);
  return doc;
}

/** Creates or updates the program being edited; returns the server's summary. */
export async function saveToServer() {
  const s = preview.state();
  if (s.errors.some((e) => e.input === 'program')) throw new Error('fix the problems listed in the editor first');
  const id = s.program.id;
  const text = JSON.stringify(s.program);
  const { programs = [] } = (await call('GET', '/v1/programs')) || {};
  return programs.some((p) => p.id === id)
    ? call('PUT', `/v1/programs/${enc(id)}`, text)
    : call('POST', '/v1/programs', text);
}

/** Saves, then activates on the server, then shows the server's copy. */
export async function turnOn() {
  const saved = await saveToServer();
  const out = await call('POST', `/v1/programs/${enc(saved.id)}/activate`, '{}');
  await loadFromServer(saved.id);
  return out;
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

// ---------------------------------------------------------------- toolbar

function action(id, run) {
  $(id).addEventListener('click', async () => {
    try {
      const text = await run();
      if (text) { say(text, 'ok'); preview.setStatus(text); }
    } catch (e) {
      say(`${$(id).textContent}: ${e.message}`, 'error');
    }
  });
}

keyInput.addEventListener('change', () => {
  sessionStorage.setItem('stepwise.adminKey', keyInput.value.trim());
  listPrograms().then(() => say('Connected to the server.', 'ok'), (e) => say(`Server: ${e.message}`, 'error'));
});
action('load', async () => {
  if (!programList.value) throw new Error('choose a saved program');
  await loadFromServer(programList.value);
  return `Loaded ${programList.value} from the server.`;
});
action('save', async () => {
  const out = await saveToServer();
  await listPrograms(out.id);
  return `Saved ${out.id} (version ${out.version}, ${out.status}).`;
});
action('turn-on', async () => {
  const out = await turnOn();
  await listPrograms(out.id);
  return `${out.id} is on (version ${out.version}): shoppers see it now.`;
});
action('export', () => {
  const s = preview.state();
  const blob = new Blob([JSON.stringify(s.program, null, 2) + '\n'], { type: 'application/json' });
  const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `${s.program.id || 'program'}.json` });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  return `Exported ${a.download}.`;
});
action('example', () => {
  preview.loadExample();
  return 'Loaded the example journey: Place 3 orders -> Write 2 reviews -> Refer 1 friend.';
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
  let isHistory = false;
  try { isHistory = 'events' in JSON.parse(text); } catch { /* the preview says why */ }
  const refused = isHistory ? preview.loadHistory(text) : preview.loadProgram(text);
  if (refused) say(`Import ${file.name}: ${refused}`, 'error');
  else say(`Imported ${file.name} as the ${isHistory ? 'simulated history' : 'program'}.`, 'ok');
});

// ---------------------------------------------------------------- start

async function start() {
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
  window.stepwisePreview = { ...preview, listPrograms, loadFromServer, saveToServer, turnOn, serverCohort, get current() { return current; } };
  window.dispatchEvent(new Event('stepwise-preview:ready'));
  say(keyInput.value ? 'Ready.' : 'Ready. Enter the admin key to load and save programs.');
  if (keyInput.value) listPrograms().catch((e) => say(`Server: ${e.message}`, 'error'));
  canvas.focus();
}

start();
