// The demo store's shared code: sign-in, theme, the server calls the store
// makes, and money helpers for the store's own prices (the loyalty numbers all
// come from the widget and the server, never from here).

export const PROGRAMS = { journey: 'loyalty-journey', tiers: 'spend-rewards' };
const KEY = 'stepwise-demo';

// The catalog (prices in cents). The widget gets the names, for the free gift's product.
export const PRODUCTS = [
  { sku: 'tee-basic', name: 'Everyday Tee', price: 2400, categories: ['apparel'], hue: 160 },
  { sku: 'hoodie', name: 'Trail Hoodie', price: 6800, categories: ['apparel'], hue: 25 },
  { sku: 'mug', name: 'Camp Mug', price: 1600, categories: ['home'], hue: 210 },
  { sku: 'bottle', name: 'Steel Bottle', price: 3200, categories: ['outdoor'], hue: 190 },
  { sku: 'pack', name: 'Day Pack', price: 8900, categories: ['outdoor'], hue: 280 },
  { sku: 'socks', name: 'Wool Socks', price: 1800, categories: ['apparel'], hue: 340 },
];
export const productNames = Object.fromEntries(PRODUCTS.map((p) => [p.sku, p.name]));

// ---- session (which demo customer is signed in, with the server-minted token) ----
export function session() {
  try {
    return JSON.parse(localStorage.getItem(KEY + ':session')) || null;
  } catch {
    return null;
  }
}
function saveSession(s) {
  if (s) localStorage.setItem(KEY + ':session', JSON.stringify(s));
  else localStorage.removeItem(KEY + ':session');
}

async function call(path, { method = 'GET', body, token } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers['X-Customer-Token'] = token;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { error: text }; }
  if (!res.ok) {
    const first = data && Array.isArray(data.errors) && data.errors[0];
    const msg = first ? `${first.pointer ? first.pointer + ': ' : ''}${first.message}` : (data && data.error) || `HTTP ${res.status}`;
    throw Object.assign(new Error(String(msg)), { status: res.status, data });
  }
  return data;
}

const me = (s) => `/v1/customers/${encodeURIComponent(s.customer.id)}`;

// The server calls, in one place. /v1/demo/* stand for the store's own backend
// (which holds the store secret and the admin key): a real store mints the
// token when the shopper logs in and posts the order event at checkout.
export const api = {
  /** The demo shoppers one can sign in as. */
  customers: () => call('/v1/demo/customers').then((d) => d.customers || []),
  /** A store-signed customer token for a demo shopper. */
  signIn: (customerId) => call('/v1/demo/token', { method: 'POST', body: { customer_id: customerId } }),
  /** Checkout: the order event (the cart, completed now) for the signed-in shopper. */
  order: (s, order) => call('/v1/demo/orders', { method: 'POST', token: s.token, body: order }),
  review: (s, review) => call('/v1/demo/reviews', { method: 'POST', token: s.token, body: review }),
  // The shopper's own records, straight from the Stepwise API with the customer token (docs/api.md).
  wallet: (s) => call(`${me(s)}/wallet`, { token: s.token }),
  transactions: (s, query) =>
    call(`${me(s)}/wallet/transactions` + (query ? '?' + new URLSearchParams(query) : ''), { token: s.token }),
  rewards: (s) => call(`${me(s)}/rewards`, { token: s.token }).then((d) => d.rewards || []),
  /** The active programs' steps: names and kinds, to say what each award row came from. */
  milestones: (s) => call('/v1/milestones', { token: s.token }).then((d) => d.milestones || []),
};

// What the shopper reads when a call fails: the store's own words (English, the
// store's language), never the server's message, which goes to the console.
const FAILED = {
  signIn: 'We couldn’t sign you in right now. Please try again.',
  checkout: 'We couldn’t place your order. Your cart is unchanged; please try again.',
  review: 'We couldn’t save your review. Please try again.',
  wallet: 'We couldn’t load your wallet right now. Please try again later.',
};
export function failure(what, e) {
  console.error(`Stepwise demo store: ${what} failed:`, e);
  if (e && (e.status === 401 || e.status === 403)) {
    sessionExpired();
    return 'Your session has expired. Please sign in again.';
  }
  if (what === 'checkout' && e && e.status === 422) return 'Something in your cart can’t be ordered. Please check it and try again.';
  if (e instanceof TypeError) return 'We couldn’t reach the store. Check your connection and try again.';
  return FAILED[what];
}

export async function signIn(customer) {
  const reply = await api.signIn(customer.id);
  const s = { customer: { id: String(customer.id), name: customer.name || String(customer.id) }, token: reply.token };
  saveSession(s);
  return s;
}
export function signOut() {
  saveSession(null);
}

/** When the session's token stops being accepted (ms since the epoch; the token says so). */
const expiresAt = (s) => Number(String(s.token).split('.').slice(-2, -1)[0]) * 1000;
/** The session has expired: the account area says so (the server refused the token, or its time passed). */
export function sessionExpired() {
  dispatchEvent(new Event('stepwise-demo:expired'));
}

// ---- theme ----
export function initTheme(button) {
  const saved = localStorage.getItem(KEY + ':theme');
  const theme = saved || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
  applyTheme(theme);
  if (button) {
    button.addEventListener('click', () => {
      const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
      localStorage.setItem(KEY + ':theme', next);
      applyTheme(next);
    });
  }
}
export function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  for (const w of document.querySelectorAll('stepwise-journey')) w.setAttribute('theme', theme);
  const b = document.querySelector('[data-theme-toggle]');
  if (b) {
    b.setAttribute('aria-pressed', String(theme === 'dark'));
    b.textContent = theme === 'dark' ? 'Light theme' : 'Dark theme';
  }
}

// ---- money for the store's own prices: integer cents, formatted with Intl ----
export const CURRENCY = 'USD';
const moneyFmt = new Intl.NumberFormat(document.documentElement.lang || 'en-US', { style: 'currency', currency: CURRENCY });
export const money = (cents) => moneyFmt.format(cents / 100);
/** Cents as the contract's decimal string ("120.00"). */
export const decimal = (cents) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

// ---- the account area in the header: pick a demo customer, sign out ----
// Signing in or out replaces the button that was pressed: keyboard focus moves
// to what replaced it ("Signed in as ...", or the shopper picker).
export async function mountAccount(el, onChange) {
  let expired = false;
  let timer = 0;
  const render = async (focus) => {
    const s = session();
    el.replaceChildren();
    clearTimeout(timer);
    if (s && (expired || expiresAt(s) <= Date.now())) {
      // Never "Signed in as ..." on a session the server no longer accepts: say so, offer to sign in again.
      const note = document.createElement('span');
      note.textContent = 'Your session has expired.';
      note.dataset.testid = 'session-expired';
      note.tabIndex = -1;
      const again = document.createElement('button');
      again.type = 'button';
      again.className = 'primary';
      again.textContent = 'Sign in again';
      again.addEventListener('click', async () => {
        signOut();
        expired = false;
        onChange(null);
        await render(true);
      });
      el.append(note, again);
      if (focus) note.focus();
      return;
    }
    if (s && expiresAt(s) - Date.now() < 2 ** 31) timer = setTimeout(() => render(false), expiresAt(s) - Date.now() + 50);
    if (s) {
      const who = document.createElement('span');
      who.textContent = `Signed in as ${s.customer.name}`;
      who.dataset.testid = 'signed-in';
      who.tabIndex = -1;
      const out = document.createElement('button');
      out.type = 'button';
      out.textContent = 'Sign out';
      out.addEventListener('click', async () => {
        signOut();
        onChange(null);
        await render(true);
      });
      el.append(who, out);
      if (focus) who.focus();
      return;
    }
    let customers = null;
    try {
      customers = await api.customers();
    } catch {
      customers = null;
    }
    if (!customers) {
      // No demo backend: sign in with a token minted by `stepwise-server token --customer ID --secret S`.
      const label = document.createElement('label');
      label.htmlFor = 'token-input';
      label.textContent = 'Customer token';
      const input = document.createElement('input');
      input.id = 'token-input';
      input.size = 24;
      input.placeholder = 'id.expiry.signature';
      const go = document.createElement('button');
      go.type = 'button';
      go.className = 'primary';
      go.textContent = 'Sign in';
      go.addEventListener('click', () => {
        expired = false;
        const token = input.value.trim();
        const id = token.split('.').slice(0, -2).join('.');
        if (!id) return;
        saveSession({ customer: { id, name: id }, token });
        render(true);
        onChange(session());
      });
      el.append(label, input, go);
      if (focus) input.focus();
      return;
    }
    const label = document.createElement('label');
    label.htmlFor = 'customer-pick';
    label.textContent = 'Demo shopper';
    const select = document.createElement('select');
    select.id = 'customer-pick';
    for (const c of customers) select.add(new Option(c.name ? `${c.name} (#${c.id})` : `#${c.id}`, c.id));
    const go = document.createElement('button');
    go.type = 'button';
    go.className = 'primary';
    go.textContent = 'Sign in';
    go.disabled = !customers.length;
    const problem = document.createElement('span');
    problem.className = 'status err';
    problem.setAttribute('role', 'alert');
    go.addEventListener('click', async () => {
      if (go.hasAttribute('aria-disabled')) return;
      const c = customers.find((x) => String(x.id) === select.value);
      go.setAttribute('aria-disabled', 'true'); // still focusable, unlike disabled
      try {
        const s2 = await signIn(c);
        expired = false;
        await render(true);
        onChange(s2);
      } catch (e) {
        go.removeAttribute('aria-disabled');
        problem.textContent = failure('signIn', e);
      }
    });
    el.append(label, select, go, problem);
    if (focus) select.focus();
  };
  // The server refused the token (a call here, or the widget's expired state).
  const onExpired = () => {
    if (expired || !session()) return;
    expired = true;
    render(false);
  };
  addEventListener('stepwise-demo:expired', onExpired);
  document.addEventListener('stepwise:render', (e) => { if (e.detail.phase === 'expired') onExpired(); });
  await render();
}
