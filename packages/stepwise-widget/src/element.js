// <stepwise-journey>: the storefront widget. Draws the view model and report the
// Stepwise server's engine decided (GET .../view), and projects the shopper's
// cart with the same engine compiled to WebAssembly, loaded when a cart first
// needs it. With a data source (or a server without /view) the WebAssembly
// engine decides the view model too, from the program and the history.
import css from './styles.css';
import { Fmt } from './format.js';
import { Api, POINTS, sourced, tokenCustomer, tokenExpiry } from './api.js';
import { engineReadyAt, loadEngine } from './engine-loader.js';
import * as R from './render.js';
import { digitsOf, myRewards } from './mine.js';
import { rememberHeight, rememberedHeight, shapeOf, skeleton } from './skeleton.js';

// One constructed stylesheet for every widget of the page; a <style> each only where browsers have none.
let sheet;
function adopt(root) {
  if (!('adoptedStyleSheets' in root)) return false;
  try {
    if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(css);
  } catch {
    return false;
  }
  root.adoptedStyleSheets = [sheet];
  return true;
}

const EMPTY = { phase: 'loading', notices: [], choices: [], choiceState: {}, choiceDone: [] };
let lastCart = null; // the last cart the store announced, for widgets that connect later

// A notice counts as seen once at least half of it was on screen for this long.
const SEEN_MS = 1000;

const picksOf = (form) => [...form.querySelectorAll('input:checked')].map((i) => Number(i.value));

/** Where keyboard focus is inside `root`, told so that the same control can be found after a re-render. */
function focusSpot(root) {
  const el = root.getRootNode().activeElement;
  if (!el || !root.contains(el)) return null;
  const form = el.closest('[data-choice]');
  const box = form || root;
  return { tag: el.tagName, choice: form && form.dataset.choice, index: [...box.querySelectorAll(el.tagName)].indexOf(el) };
}

/** The notices to show: of several about one award, the newest, carrying the older ones' ids in `also`. */
function latest(notices) {
  const out = [];
  for (const n of notices) {
    const i = n.key ? out.findIndex((o) => o.key === n.key) : -1;
    if (i < 0) out.push(n);
    else out[i] = { ...n, also: [...(out[i].also || []), out[i].id, ...(n.also || [])] };
  }
  return out;
}

const isEmptyCart = (c) =>
  !c || typeof c !== 'object' || (!(c.items && c.items.length) && /^[0.]*$/.test(String(c.subtotal ?? '0')));

// The evaluation time: the `as-of` attribute, else the browser's clock, never
// earlier than the newest event the server knows (a slow clock must not hide
// the order the shopper just placed).
function evaluationTime(attr, history) {
  if (attr) return attr;
  let t = Date.now();
  for (const e of (history && history.events) || []) {
    const at = Date.parse(e.at);
    if (at > t) t = at;
  }
  return new Date(t).toISOString();
}

export class StepwiseJourney extends HTMLElement {
  static get observedAttributes() {
    return ['api', 'program', 'token', 'locale', 'strings', 'theme', 'as-of', 'wasm', 'sign-in-url', 'rewards', 'products', 'shape'];
  }

  constructor() {
    super();
    this._s = { ...EMPTY };
    this._seq = 0;
    this._cart = null;
    this._delivered = new Set(); // notice ids acknowledged to the server
    this._seen = new Map(); // notice id -> the timer that acknowledges it
    this.timings = {};
    // A source set before the module defined the element sits on the element itself: it moves behind the setter.
    if (Object.hasOwn(this, 'dataSource')) {
      this._source = this.dataSource;
      delete this.dataSource;
    }
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `${adopt(root) ? '' : `<style>${css}</style>`}<section class="card" part="card"></section>`;
    this._root = root.lastChild;
    this._onCart = (e) => this.setCart(e.detail);
    this._onRefresh = () => this.refresh();
    root.addEventListener('click', (e) => this._click(e));
    root.addEventListener('submit', (e) => this._submit(e));
    root.addEventListener('change', (e) => this._change(e));
  }

  connectedCallback() {
    // Capture on window sees the event whether the store fires it on window, document or an element.
    addEventListener('stepwise:cart', this._onCart, true);
    addEventListener('stepwise:refresh', this._onRefresh, true);
    if (lastCart && !this._cart) this._cart = lastCart;
    this._schedule();
  }

  disconnectedCallback() {
    removeEventListener('stepwise:cart', this._onCart, true);
    removeEventListener('stepwise:refresh', this._onRefresh, true);
    this._unwatch();
    clearTimeout(this._expiryTimer);
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || name === 'theme') return;
    if (name === 'strings' || name === 'locale' || name === 'sign-in-url' || name === 'products' || name === 'shape') {
      this._render();
      return;
    }
    if (name === 'program') this._program = null, this._remembered = false;
    this._schedule();
  }

  /** Overrides strings from script (same shape as the `strings` attribute's JSON). */
  set strings(value) {
    this._strings = value;
    this._render();
  }
  get strings() {
    return this._fmt().s;
  }
  /** Product names for free gifts ({id: name}), from script; the `products` attribute takes the same JSON. */
  set products(value) {
    this._products = value;
    this._render();
  }
  get products() {
    return this._json('products') || this._products || {};
  }
  /** Where the widget reads from instead of the server (docs/widget.md, "Data source"): an object with
   * the methods of api.js's Api (program, history, notices, ...), each returning a value or a promise. */
  set dataSource(value) {
    this._source = value || null;
    this._program = null;
    this._remembered = false;
    this._schedule();
  }
  get dataSource() {
    return this._source || null;
  }
  /** What the widget shows: the engine's view model, report and the cart's projection. */
  get state() {
    const s = this._s;
    if (s.phase === 'ready' && !s.report) s.report = this._eng.evaluate(s.programText, s.historyText, s.asOf); // engine path
    return { phase: s.phase, asOf: s.asOf, viewModel: s.vm, report: s.report, projection: s.proj || null,
      rewards: s.mine || null, notices: s.notices.map((n) => ({ id: n.id, delivered: this._delivered.has(n.id) })) };
  }

  /** The shopper's current cart in the contract's form ({subtotal, items, ...}), or null. Resolves with
   * the projection once drawn (the first cart of a page waits for the engine; later ones do not). */
  setCart(cart) {
    lastCart = cart || null;
    this._cart = cart || null;
    return Promise.resolve(this._project()).then(() => this._s.proj || null);
  }

  /** Fetches the history, notices and choices again (after a checkout, say). */
  refresh() {
    return this.load();
  }

  _schedule() {
    if (this._queued) return;
    this._queued = true;
    queueMicrotask(() => {
      this._queued = false;
      if (this.isConnected) this.load();
    });
  }

  _json(attr) {
    const text = this.getAttribute(attr);
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch {
      console.warn(`stepwise-journey: the ${attr} attribute is not valid JSON`);
      return null;
    }
  }

  _fmt() {
    const key = [this.getAttribute('locale'), this.getAttribute('strings'), this._s.vm && this._s.vm.currency,
      this.getAttribute('products')];
    if (this._fmtCache && this._fmtCache.strings === this._strings && this._fmtCache.products === this._products &&
        this._fmtCache.key.join('\n') === key.join('\n')) {
      return this._fmtCache.f;
    }
    let extra = this._strings;
    const attr = this.getAttribute('strings');
    if (attr) {
      try {
        extra = { ...JSON.parse(attr), ...extra };
      } catch {
        console.warn('stepwise-journey: the strings attribute is not valid JSON');
      }
    }
    const locale = this.getAttribute('locale') || document.documentElement.lang || navigator.language || 'en';
    const vm = this._s.vm;
    const currency = vm ? vm.currency : this._s.mine?.wallet?.currency || 'USD';
    let f;
    try {
      f = new Fmt(locale, currency, vm ? vm.digits : 2, extra, this.products);
    } catch {
      f = new Fmt('en', currency, vm ? vm.digits : 2, extra, this.products);
    }
    this._fmtCache = { key, strings: this._strings, products: this._products, f };
    return f;
  }

  async load() {
    const seq = ++this._seq;
    const token = this.getAttribute('token');
    const programId = this.getAttribute('program');
    clearTimeout(this._expiryTimer);
    // Another shopper (or none): nothing of the last one's stays, not even a notice.
    const who = token && tokenCustomer(token);
    if (who !== this._who) {
      this._who = who;
      this._unwatch();
      this._delivered.clear();
      this._s = { ...EMPTY, phase: this._s.phase === 'ready' ? 'loading' : this._s.phase };
    }
    // A data source needs no token: it answers for its own shopper.
    if (!(token || this._source) || !programId) {
      this._set({ ...EMPTY, phase: 'signed-out' });
      return;
    }
    // The token says when it expires: the expired state shows then, not at the shopper's next click.
    const left = token ? tokenExpiry(token) - Date.now() : Infinity;
    if (left <= 0) {
      this._set({ ...EMPTY, phase: 'expired' });
      return;
    }
    if (left < 2 ** 31) this._expiryTimer = setTimeout(() => this.load(), left + 50);
    if (this._s.phase !== 'ready') this._set({ phase: 'loading' });
    const api = this._source ? sourced(this._source) : new Api(this.getAttribute('api'), token);
    this._api = api;
    const scope = this.getAttribute('rewards') || 'program';
    const mine = scope === 'none' ? null : Promise.all([
      api.rewards(scope === 'all' ? null : programId), api.wallet().catch(() => null),
      scope === 'all' ? api.stepNames().catch(() => ({})) : {},
      api.points().catch(() => null), // a server without points answers 404: no points part
      api.referral().catch(() => null),
    ]).then(([rewards, wallet, names, points, referral]) => ({ rewards, wallet, names, points, referral }), (e) => {
      console.error('stepwise-journey: the rewards list did not load:', e);
      return e && e.status === 404 ? null : { error: true }; // 404: a server without the rewards view
    });
    // The program arrives before the engine: the skeleton takes its shape meanwhile.
    const programAnswer = this._program ? Promise.resolve(this._program) : api.program(programId);
    if (!this.hasAttribute('shape')) {
      programAnswer.then((p) => {
        if (seq !== this._seq || this._s.phase !== 'loading') return;
        this._program = p;
        this._render();
      }, () => {});
    }
    // The server's engine decides what a first view draws; a data source has no server.
    const served = this._source ? null : api.view(programId, this.getAttribute('as-of'))
      .catch((e) => { if (e && e.status === 404) return null; throw e; }); // 404: a server without /view
    try {
      const [program, view, notices, choices, mineData] = await Promise.all([
        programAnswer,
        served,
        api.notices(scope === 'all' ? null : programId).catch(() => []),
        api.choices(programId).catch(() => []),
        mine,
      ]);
      if (seq !== this._seq) return;
      this._program = program;
      const programText = JSON.stringify(program);
      let decided;
      if (view) {
        decided = { vm: view.view_model, report: view.report, asOf: view.as_of, historyText: null };
      } else {
        const [eng, hist] = await Promise.all([loadEngine(this.getAttribute('wasm')), api.history()]);
        if (seq !== this._seq) return;
        this._eng = eng;
        decided = this._decide(program, programText, JSON.stringify(hist), evaluationTime(this.getAttribute('as-of'), hist));
      }
      const { vm } = decided;
      const known = new Set(this._s.notices.map((n) => n.id));
      // Every program's notices (rewards="all"): those of programs the shopper can still see.
      const live = new Set(Object.keys((mineData && mineData.names) || {}).map((k) => k.split(':')[0]));
      const fresh = notices.filter((n) => !known.has(n.id) &&
        (!n.key || n.program === programId || n.program === POINTS || live.has(n.program)));
      const label = (stepId) => (vm.items.find((it) => it.id === stepId) || { label: stepId }).label;
      this._set({
        phase: 'ready', programText, ...decided, mine: mineData,
        status: program.status || 'active',
        // A newer notice about the same award (the reward picked) replaces the older one (pick a reward),
        // which is acknowledged with it.
        notices: latest(this._s.notices.concat(fresh)),
        choiceDone: fresh.length ? [] : this._s.choiceDone,
        choices: choices.map((c) => ({ ...c, name: label(c.step) })),
      }, true);
    } catch (e) {
      if (seq !== this._seq) return;
      const status = e && e.status;
      const phase = status === 401 || status === 403 ? 'expired' : status === 404 ? 'missing' : 'error';
      // The shopper reads the state's own words; the server's message is for whoever debugs.
      console.error('stepwise-journey:', e);
      this._set({ ...EMPTY, phase });
    }
  }

  /** The WebAssembly engine's view model (and report where the widget draws from it) of this history. */
  _decide(program, programText, historyText, asOf) {
    const vm = this._eng.viewModel(programText, historyText, asOf);
    // Tiers draw from the report too, and so does a program with a refund hold (orders waiting
    // to count); otherwise a journey's view model has all it shows (report on demand).
    const held = program.rules && program.rules.refund_hold_days > 0;
    const report = vm.kind === 'tiers' || held ? this._eng.evaluate(programText, historyText, asOf) : null;
    return { vm, report, asOf, historyText };
  }

  /** Loads the engine and the history a cart's projection needs, then projects (once per load). */
  _engineForCart() {
    if (this._cartLoad?.seq !== this._seq) this._cartLoad = { seq: this._seq, done: this._loadForCart() };
    return this._cartLoad.done;
  }

  async _loadForCart() {
    const seq = this._seq;
    try {
      const [eng, hist] = await Promise.all([loadEngine(this.getAttribute('wasm')), this._api.history()]);
      if (seq !== this._seq || this._s.phase !== 'ready') return;
      this._eng = eng;
      // The history may have grown since the server's view: both from it, at the view's time.
      const decided = this._decide(this._program, this._s.programText, JSON.stringify(hist), this._s.asOf);
      if (JSON.stringify(decided.vm) !== JSON.stringify(this._s.vm)) this._set(decided);
      else {
        this._s = { ...this._s, historyText: decided.historyText, report: decided.report };
        this._project();
      }
    } catch (e) {
      console.warn('stepwise-journey: cart not projected (the engine did not load):', e && e.message);
    }
  }

  _set(patch, measure) {
    this._s = { ...this._s, ...patch };
    this._render();
    if (measure && !this.timings.rendered) {
      this.timings = { moduleReady: engineReadyAt(), rendered: performance.now() };
      performance.mark?.('stepwise:rendered');
    }
  }

  _project() {
    const s = this._s;
    const el = this._root.querySelector('.projection');
    const noteEl = this._root.querySelector('.projection-note');
    s.proj = null;
    let html = '';
    let note = '';
    const active = s.phase === 'ready' && s.vm.eligible && !s.vm.ended && !s.vm.completed;
    if (active && !isEmptyCart(this._cart) && (!this._eng || s.historyText == null)) {
      return this._engineForCart();
    } else if (active && !isEmptyCart(this._cart)) {
      try {
        s.proj = this._eng.project(s.programText, s.historyText, s.asOf, JSON.stringify(this._cart));
        const f = this._fmt();
        html = s.vm.kind === 'journey' ? R.journeyProjection(f, s.vm, s.proj, this._program)
          : R.tiersProjection(f, s.vm, s.proj, this._program);
        note = R.carryNote(f, s.vm, s.proj);
      } catch (e) {
        console.warn('stepwise-journey: cart not projected:', e.message);
      }
    }
    if (el) el.innerHTML = html;
    if (noteEl) noteEl.innerHTML = note;
    this._emit('stepwise:projection', { projection: s.proj });
  }

  /** Draws the state. Keyboard focus stays where it was, else goes to `focusTo` (a selector), the heading or the message. */
  _render(focusTo) {
    const s = this._s;
    const f = this._fmt();
    let html;
    const signIn = this.getAttribute('sign-in-url');
    switch (s.phase) {
      case 'loading':
        html = skeleton(R.message(f, 'info', f.t('loading')), shapeOf(this.getAttribute('shape'), this._program));
        this._root.setAttribute('aria-busy', 'true');
        break;
      case 'signed-out':
      case 'expired':
        html = R.message(f, 'info', f.t(s.phase === 'expired' ? 'expired' : 'signedOut'),
          signIn ? `<a href="${signIn.replace(/"/g, '&quot;')}">${f.t('signIn')}</a>` : '');
        break;
      case 'missing':
        html = R.message(f, 'info', f.t('missing'));
        break;
      case 'error':
        html = R.message(f, 'error', f.t('error'), `<button type="button" data-action="retry">${f.t('retry')}</button>`);
        break;
      default: {
        const vm = s.vm;
        html = `<h2 tabindex="-1">${f.t('title', { program: vm.program_name })}</h2>`;
        if (!vm.eligible) html += R.message(f, 'info', f.t('notEligible'));
        else if (vm.ended) html += R.message(f, 'info', f.t('ended'));
        else if (s.status === 'inactive') html += R.message(f, 'info', f.t('inactive'));
        html += R.extras(f, s, (r) => this._stepOf(r));
        html += '<div class="projection-box" role="status" aria-live="polite"><p class="projection"></p>' +
          '<p class="projection-note small"></p></div>';
        const ctx = { rewards: s.mine && s.mine.rewards, pending: s.report && s.report.pending };
        html += vm.kind === 'journey' ? R.journey(f, vm, ctx) : R.tiers(f, vm, s.report);
        // The referral link where a step counts referrals (or wherever every reward is listed).
        const refers = vm.kind === 'journey' && vm.items.some((it) => it.metric === 'referrals');
        const referral = refers || this.getAttribute('rewards') === 'all' ? s.mine?.referral : null;
        if (s.mine) html += myRewards(f, { ...s.mine, referral, redeem: s.redeem, coupon: s.coupon }, (r) => this._stepOf(r));
      }
    }
    if (s.phase !== 'loading') this._root.removeAttribute('aria-busy');
    this._root.className = `card ${s.phase}`;
    this._reserve(s.phase);
    const spot = focusSpot(this._root);
    focusTo = focusTo || this._focusAfter;
    this._focusAfter = null;
    this._root.innerHTML = html;
    for (const fill of this._root.querySelectorAll('[data-pct]')) fill.style.width = `${Math.min(100, fill.dataset.pct)}%`;
    if (spot) this._refocus(spot, focusTo);
    this._watch();
    if (s.phase === 'ready') this._project();
    this._emit('stepwise:render', { phase: s.phase });
  }

  /** While loading, the height this widget last had at this width (exactly); once drawn, its height is remembered. */
  _reserve(phase) {
    const program = this.getAttribute('program');
    if (!program) return;
    if (phase === 'loading') {
      const h = rememberedHeight(program, innerWidth);
      this._root.style.height = h ? `${h}px` : '';
      this._root.style.overflow = h ? 'hidden' : '';
    } else {
      this._root.style.height = this._root.style.overflow = '';
      if (phase === 'ready' && !this._remembered) {
        this._remembered = true;
        requestAnimationFrame(() => rememberHeight(program, innerWidth, this._root.getBoundingClientRect().height));
      }
    }
  }

  /** The step a reward (or notice) came from, {name, kind}: this program's from the view model (with its
   * `item`), others' from the server's list. */
  _stepOf(r) {
    const vm = this._s.vm;
    const mine = this._s.mine || {}; // rewards="none": this program's steps only
    if (r.program_id === POINTS) {
      const o = (mine.points?.options || []).find((x) => x.id === r.milestone_id);
      return o && { name: o.name, kind: 'points' };
    }
    if (vm && r.program_id === vm.program_id) {
      const it = vm.items.find((x) => x.id === r.milestone_id);
      return it && { name: it.label, kind: vm.kind, item: it };
    }
    return (mine.names || {})[`${r.program_id}:${r.milestone_id}`] || null;
  }

  // Notices are acknowledged only once seen: half of one on screen for SEEN_MS.
  // Until then the server keeps offering it (a phone may draw it far below the fold).
  _watch() {
    this._unwatch();
    const els = [...this._root.querySelectorAll('.notice[data-notice]')].filter((el) => !this._delivered.has(el.dataset.notice));
    if (!els.length || typeof IntersectionObserver === 'undefined') return;
    this._io = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const id = e.target.dataset.notice;
        if (e.intersectionRatio >= 0.5) {
          if (!this._seen.has(id)) this._seen.set(id, setTimeout(() => this._deliver([id]), SEEN_MS));
        } else {
          clearTimeout(this._seen.get(id));
          this._seen.delete(id);
        }
      }
    }, { threshold: [0, 0.5, 1] });
    for (const el of els) this._io.observe(el);
  }

  _unwatch() {
    if (this._io) this._io.disconnect();
    this._io = null;
    for (const t of this._seen.values()) clearTimeout(t);
    this._seen.clear();
  }

  _deliver(ids) {
    const also = ids.flatMap((id) => (this._s.notices.find((n) => n.id === id) || {}).also || []);
    ids = [...ids, ...also].filter((id) => !this._delivered.has(id));
    if (!ids.length || !this._api) return;
    for (const id of ids) {
      this._delivered.add(id);
      this._seen.delete(id);
      this._root.querySelector(`.notice[data-notice="${CSS.escape(id)}"]`)?.setAttribute('data-seen', '');
      if (this._io) {
        const el = this._root.querySelector(`.notice[data-notice="${CSS.escape(id)}"]`);
        if (el) this._io.unobserve(el);
      }
    }
    this._api.delivered(ids).then(() => this._emit('stepwise:delivered', { ids }), (e) => {
      console.error('stepwise-journey: notices not acknowledged:', e);
      for (const id of ids) this._delivered.delete(id); // offered again on the next visit
    });
  }

  _refocus(spot, focusTo) {
    const box = spot.choice == null ? this._root : this._root.querySelector(`[data-choice="${CSS.escape(spot.choice)}"]`);
    const same = !focusTo && box ? box.querySelectorAll(spot.tag)[spot.index] : null;
    for (const el of [same, ...[focusTo, 'h2', '.msg'].map((sel) => sel && this._root.querySelector(sel))]) {
      if (!el) continue;
      el.focus();
      if (this.shadowRoot.activeElement === el) return;
    }
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  _click(e) {
    const target = e.target.closest('button');
    if (!target) return;
    const { action, dismiss, copy, share, show, redeem, redeemYes, redeemNo } = target.dataset;
    if (redeem || redeemNo) {
      // Redeem asks first; Cancel goes back. The key is made once per confirmation, so a retry never spends twice.
      this._s.redeem = redeem ? { option: redeem, key: newKey() } : null;
      this._render(redeem ? `[data-redeem-yes="${CSS.escape(redeem)}"]` : `[data-redeem="${CSS.escape(redeemNo)}"]`);
    } else if (redeemYes) {
      this._redeem(redeemYes);
    } else if (action === 'retry') {
      this.load();
    } else if (dismiss) {
      this._deliver([dismiss]); // dismissing it is seeing it
      this._s.notices = this._s.notices.filter((n) => n.id !== dismiss);
      this._render('h2');
    } else if (copy) {
      this._copy(target, copy);
    } else if (share) {
      this._share(target, share);
    } else if (show) {
      const el = this._root.querySelector(`.mine-item[data-award="${CSS.escape(show)}"]`);
      if (el) {
        el.scrollIntoView({ block: 'nearest' });
        el.focus();
      }
    }
  }

  /** Spends the points; the issued reward then shows (and takes focus) in My rewards. Errors in words. */
  async _redeem(id) {
    const st = this._s.redeem;
    if (!st || st.option !== id || st.busy) return;
    st.busy = true;
    delete st.error;
    const again = `[data-redeem-yes="${CSS.escape(id)}"]`;
    this._render(again);
    try {
      const r = await this._api.redeem(id, st.key);
      this._s.redeem = null;
      this._focusAfter = `.mine-item[data-award="${CSS.escape(r.award_key)}"]`;
      this._emit('stepwise:redeem', { option: id, award_key: r.award_key });
      await this.load();
    } catch (e) {
      console.error('stepwise-journey: points not redeemed:', e);
      st.busy = false;
      st.error = e.status === 404 ? 'redeemGone' : e.status === 409 && /enough/.test(e.message) ? 'redeemShort'
        : e.status === 409 ? 'redeemGone' : 'redeemError';
      this._render(again);
    }
  }

  /** Turns credit into a one-time store code. The key is kept while the amount stays, so a retry never holds twice. */
  async _coupon(form) {
    const w = this._s.mine && this._s.mine.wallet;
    const st = (this._s.coupon ||= {});
    const value = form.elements.amount.value;
    const amount = Math.round(Number(value) * 10 ** digitsOf(w && w.available));
    if (!w || st.busy || !(amount > 0)) return;
    if (st.amount !== amount) Object.assign(st, { amount, key: newKey() });
    Object.assign(st, { busy: true, value, error: '' });
    this._render('form.coupon button');
    try {
      const c = await this._api.creditCoupon(amount, st.key);
      this._s.coupon = null;
      this._focusAfter = `[data-coupon="${CSS.escape(c.code)}"]`;
      this._emit('stepwise:credit-coupon', { code: c.code, amount });
      await this.load();
    } catch (e) {
      console.error('stepwise-journey: no credit coupon:', e);
      st.busy = false;
      st.error = e.status === 409 && /available/.test(e.message) ? 'couponShort' : 'couponError';
      this._render('form.coupon input');
    }
  }

  /** Copies a code; the status line says whether it worked (focus stays on the button). */
  async _copy(button, code) {
    const status = this._root.querySelector('.copy-status');
    const f = this._fmt();
    try {
      await navigator.clipboard.writeText(code);
      if (status) status.innerHTML = button.dataset.what === 'link' ? f.t('linkCopied') : f.t('copied', { code });
    } catch (e) {
      console.warn('stepwise-journey: the clipboard refused the code:', e);
      const el = button.parentNode.querySelector('code');
      getSelection().selectAllChildren(el);
      if (status) status.innerHTML = f.t(button.dataset.what === 'link' ? 'linkCopyFailed' : 'copyFailed');
    }
    this._emit('stepwise:copy', { code });
  }

  /** Opens the device's share sheet with the referral link; where there is none, copies it. */
  async _share(button, url) {
    const f = this._fmt();
    if (typeof navigator.share !== 'function') return this._copy(button, url);
    try {
      await navigator.share({ title: f.t('referralShareTitle'), text: f.t('referralShareText'), url });
      this._emit('stepwise:share', { url });
    } catch (e) {
      if (e && e.name !== 'AbortError') this._copy(button, url); // the shopper closing the sheet is no failure
    }
  }

  /** A reward form's state shown in place: no re-render, so focus and the shopper's picks stay. */
  _showChoice(form, choice, st) {
    form.querySelector('.choice-status').innerHTML = R.choiceStatus(this._fmt(), choice, st);
    form.querySelector('button[type=submit]').setAttribute('aria-disabled', String(!!st.busy));
  }

  _choice(form) {
    const choice = this._s.choices.find((c) => c.id === form.dataset.choice);
    return choice && [choice, (this._s.choiceState[choice.id] ||= {})];
  }

  // A pick made: "Select exactly 1 reward." no longer applies.
  _change(e) {
    const form = e.target.closest('form.choice');
    const found = form && this._choice(form);
    if (!found) return;
    const [choice, st] = found;
    st.picks = picksOf(form);
    if (st.error) {
      delete st.error;
      this._showChoice(form, choice, st);
    }
  }

  async _submit(e) {
    e.preventDefault();
    const form = e.target;
    if (form.classList.contains('coupon')) return this._coupon(form);
    const found = this._choice(form);
    if (!found || found[1].busy) return;
    const [choice, st] = found;
    const picks = (st.picks = picksOf(form));
    if (picks.length !== choice.pick) {
      st.error = 'chooseCount';
      this._showChoice(form, choice, st);
      return;
    }
    st.busy = true;
    delete st.error;
    this._showChoice(form, choice, st);
    try {
      await this._api.choose(choice, picks);
    } catch (err) {
      console.error('stepwise-journey: the choice was not saved:', err);
      st.busy = false;
      st.error = 'chooseError';
      const live = this._root.querySelector(`form[data-choice="${CSS.escape(choice.id)}"]`);
      if (live) this._showChoice(live, choice, st);
      return;
    }
    delete this._s.choiceState[choice.id];
    this._s.choices = this._s.choices.filter((c) => c !== choice);
    this._s.choiceDone = [this._fmt().t('chooseDone')];
    // The form goes away: focus lands on what replaced it (the confirmation, or the server's notice).
    this._focusAfter = '.msg.ok, .notice';
    this._emit('stepwise:choice', { choice: choice.id, picks });
    await this.load();
  }
}

/** A fresh idempotency key for one redemption or credit coupon. */
const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);

if (!customElements.get('stepwise-journey')) customElements.define('stepwise-journey', StepwiseJourney);
