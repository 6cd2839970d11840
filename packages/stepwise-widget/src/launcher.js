// <stepwise-launcher>: an opt-in button in a corner of every page of the store
// that opens a panel with the journey widget inside (docs/widget.md, "The
// launcher"). It is its own small module without imports: until the shopper
// first opens it, a page loads nothing else (neither the widget nor the
// engine); then it imports the widget's entry (`src`, by default next to this
// file) and hands its attributes to a <stepwise-journey>. The panel is a modal
// <dialog>: the page behind it is inert, focus moves in and wraps around
// inside it, Esc and the close button close it, and focus returns to the button.

// Attributes passed on to the journey widget as they are.
const PASSED = ['api', 'program', 'token', 'locale', 'strings', 'theme', 'sign-in-url', 'rewards', 'products', 'shape', 'wasm', 'as-of'];

const CSS = `
:host {
  --_accent: var(--stepwise-accent, #4338ca); --_on-accent: var(--stepwise-on-accent, #ffffff);
  --_bg: var(--stepwise-bg, #ffffff); --_text: var(--stepwise-text, #1b1f2a); --_focus: var(--stepwise-focus, #2563eb);
  --_radius: var(--stepwise-radius, 12px);
  font: 600 15px/1.2 var(--stepwise-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
}
:host([theme='dark']) {
  --_accent: var(--stepwise-accent, #a5b4fc); --_on-accent: var(--stepwise-on-accent, #151821);
  --_bg: var(--stepwise-bg, #151821); --_text: var(--stepwise-text, #eef0f6); --_focus: var(--stepwise-focus, #93c5fd);
}
@media (prefers-color-scheme: dark) {
  :host([theme='auto']) {
    --_accent: var(--stepwise-accent, #a5b4fc); --_on-accent: var(--stepwise-on-accent, #151821);
    --_bg: var(--stepwise-bg, #151821); --_text: var(--stepwise-text, #eef0f6); --_focus: var(--stepwise-focus, #93c5fd);
  }
}
:host([hidden]) { display: none; }
.open {
  position: fixed; bottom: 20px; right: 20px; z-index: 2147483000; font: inherit; cursor: pointer;
  padding: 12px 20px; border: 0; border-radius: 999px; background: var(--_accent); color: var(--_on-accent);
  box-shadow: 0 4px 14px rgba(0, 0, 0, .25);
}
:host([position='left']) .open { right: auto; left: 20px; }
button:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
dialog {
  position: fixed; inset: auto 20px 20px auto; margin: 0; padding: 0; border: 0; border-radius: var(--_radius);
  width: min(440px, calc(100vw - 24px)); max-height: calc(100dvh - 40px); overflow: auto;
  background: var(--_bg); color: var(--_text); box-shadow: 0 10px 40px rgba(0, 0, 0, .35);
}
:host([position='left']) dialog { inset: auto auto 20px 20px; }
dialog::backdrop { background: rgba(0, 0, 0, .35); }
.bar { display: flex; justify-content: space-between; align-items: center; gap: 8px; padding: 10px 10px 0 16px; }
h2 { font-size: 1.05em; margin: 0; }
.close {
  font: inherit; cursor: pointer; padding: 6px 12px; border-radius: calc(var(--_radius) * .6);
  border: 1px solid currentColor; background: transparent; color: inherit;
}
.body { padding: 10px; }
stepwise-journey::part(card) { border: 0; }
.failed { padding: 0 6px 10px; font-weight: 400; }
@media (max-width: 480px) {
  .open { bottom: 12px; right: 12px; }
  :host([position='left']) .open { left: 12px; }
  dialog, :host([position='left']) dialog { inset: auto 12px 12px 12px; width: auto; max-height: calc(100dvh - 24px); }
}
@media (prefers-reduced-motion: no-preference) {
  dialog[open] { animation: rise .18s ease-out; }
  @keyframes rise { from { transform: translateY(12px); opacity: 0; } }
}
`;

const text = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** What Tab reaches inside `root`, in order, through open shadow roots (the journey's). */
function tabbable(root) {
  const out = [];
  const walk = (node) => {
    for (const el of node.children) {
      if (el.matches(FOCUSABLE) && el.tabIndex >= 0 && el.getClientRects().length) out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
      walk(el);
    }
  };
  walk(root);
  return out;
}

// The entry's import, once per page (every launcher shares it).
let loading = null;

export class StepwiseLauncher extends HTMLElement {
  static get observedAttributes() {
    return ['label', 'close-label', ...PASSED];
  }

  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `<style>${CSS}</style><button type="button" class="open" aria-haspopup="dialog" aria-expanded="false"` +
      ' aria-controls="panel"></button><dialog id="panel" aria-labelledby="title"><span class="edge" tabindex="0"></span>' +
      '<div class="bar"><h2 id="title"></h2><button type="button" class="close" autofocus></button></div><div class="body"></div>' +
      '<span class="edge" tabindex="0"></span></dialog>';
    this._button = root.querySelector('.open');
    this._dialog = root.querySelector('dialog');
    this._labels();
    this._button.addEventListener('click', () => this.open());
    root.querySelector('.close').addEventListener('click', () => this.close());
    // Esc: the dialog's own cancel, closed here so that the button says so at once (the close event comes
    // a task later); closing by any way returns focus to the button.
    this._dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      this.close();
    });
    this._dialog.addEventListener('close', () => this._closed());
    // Focus wraps around: the edges before the first and after the last control send it to the other end.
    const [first, last] = root.querySelectorAll('.edge');
    first.addEventListener('focus', () => this._focusEnd(true));
    last.addEventListener('focus', () => this._focusEnd(false));
    // A click on the backdrop (outside the panel's box) closes it as well.
    this._dialog.addEventListener('click', (e) => {
      if (e.target !== this._dialog) return;
      const r = this._dialog.getBoundingClientRect();
      if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) this.close();
    });
  }

  attributeChangedCallback(name, old, value) {
    if (!this.shadowRoot || old === value) return;
    if (name === 'label' || name === 'close-label') this._labels();
    else if (this._journey) this._pass(name, value);
  }

  get expanded() {
    return !!(this._dialog && this._dialog.open);
  }

  /** Opens the panel; the widget and its engine are fetched the first time. */
  open() {
    if (!this._dialog || this._dialog.open) return;
    this._dialog.showModal();
    this._button.setAttribute('aria-expanded', 'true');
    this._dialog.querySelector('.close').focus();
    if (!this._journey) this._mount();
  }

  close() {
    if (!this._dialog || !this._dialog.open) return;
    this._dialog.close();
    this._closed();
  }

  _closed() {
    this._button.setAttribute('aria-expanded', 'false');
    if (this.shadowRoot.activeElement !== this._button) this._button.focus();
  }

  _labels() {
    const label = this.getAttribute('label') || 'Rewards';
    this._button.textContent = label;
    this.shadowRoot.getElementById('title').textContent = label;
    this.shadowRoot.querySelector('.close').textContent = this.getAttribute('close-label') || 'Close';
  }

  _pass(name, value) {
    if (value == null) this._journey.removeAttribute(name);
    else this._journey.setAttribute(name, value);
  }

  async _mount() {
    const body = this.shadowRoot.querySelector('.body');
    const journey = document.createElement('stepwise-journey');
    for (const name of PASSED) if (this.hasAttribute(name)) journey.setAttribute(name, this.getAttribute(name));
    this._journey = journey;
    body.replaceChildren(journey); // its skeleton shows once the module has defined it
    if (customElements.get('stepwise-journey')) return;
    const src = new URL(this.getAttribute('src') || 'stepwise-widget.js', this.getAttribute('src') ? document.baseURI : import.meta.url).href;
    loading ||= import(src);
    try {
      await loading;
    } catch (e) {
      loading = null; // the next open tries again
      console.error(`stepwise-launcher: the widget did not load from ${src}:`, e);
      this._journey = null;
      body.innerHTML = `<p class="failed" role="alert">${text(this.getAttribute('error-text') || 'Your rewards could not be loaded. Close this and try again.')}</p>`;
    }
  }

  _focusEnd(toLast) {
    const items = tabbable(this._dialog).filter((el) => !el.classList.contains('edge'));
    const el = toLast ? items[items.length - 1] : items[0];
    if (el) el.focus();
  }
}

if (!customElements.get('stepwise-launcher')) customElements.define('stepwise-launcher', StepwiseLauncher);
