// The demo storefront: products, a cart that tells the widget about itself
// (the `stepwise:cart` event), and a checkout that posts the order.
import { PRODUCTS, PROGRAMS, api, decimal, failure, initTheme, money, mountAccount, productNames, session } from './store.js';

const $ = (id) => document.getElementById(id);
const widget = $('journey');
let cart = loadCart();

function loadCart() {
  try {
    return JSON.parse(sessionStorage.getItem('stepwise-demo:cart')) || {};
  } catch {
    return {};
  }
}

function art(p) {
  return `<svg viewBox="0 0 200 110" aria-hidden="true"><rect width="200" height="110" fill="hsl(${p.hue} 45% 86%)"/>` +
    `<circle cx="100" cy="58" r="32" fill="hsl(${p.hue} 55% 42%)"/><rect x="40" y="88" width="120" height="8" rx="4" ` +
    `fill="hsl(${p.hue} 40% 70%)"/></svg>`;
}

function renderProducts() {
  $('products').innerHTML = PRODUCTS.map((p) => `<li class="product" data-sku="${p.sku}">${art(p)}
    <h2 id="p-${p.sku}">${p.name}</h2><span class="cat">${p.categories.join(', ')}</span>
    <span class="price">${money(p.price)}</span>
    <div class="actions"><button type="button" class="primary" data-add="${p.sku}" aria-describedby="p-${p.sku}">Add to cart</button>
    <button type="button" data-review="${p.sku}" aria-describedby="p-${p.sku}">Write a review</button></div></li>`).join('');
}

const lines = () => Object.entries(cart).filter(([, q]) => q > 0).map(([sku, q]) => ({ p: PRODUCTS.find((x) => x.sku === sku), q }))
  .filter((l) => l.p);
const subtotal = () => lines().reduce((n, l) => n + l.p.price * l.q, 0);

/** The cart in the engine's form (docs/contract.md): what the widget projects. */
function cartForEngine() {
  const ls = lines();
  if (!ls.length) return null;
  return {
    subtotal: decimal(subtotal()),
    items: ls.map((l) => ({ sku: l.p.sku, quantity: l.q, amount: decimal(l.p.price * l.q), categories: l.p.categories })),
  };
}

function renderCart() {
  sessionStorage.setItem('stepwise-demo:cart', JSON.stringify(cart));
  const ls = lines();
  // The lines are redrawn: keep focus on the same +/- button, or on the cart once its line is gone.
  const pressed = $('cart-lines').contains(document.activeElement) && document.activeElement;
  const again = pressed && (pressed.dataset.inc ? `[data-inc="${pressed.dataset.inc}"]` : `[data-dec="${pressed.dataset.dec}"]`);
  $('cart-lines').innerHTML = ls.map((l) => `<li data-line="${l.p.sku}"><span>${l.p.name}</span>
    <span class="qty"><button type="button" data-dec="${l.p.sku}" aria-label="One less ${l.p.name}">&minus;</button>
    <span aria-label="Quantity">${l.q}</span>
    <button type="button" data-inc="${l.p.sku}" aria-label="One more ${l.p.name}">+</button></span>
    <span>${money(l.p.price * l.q)}</span></li>`).join('');
  $('cart-empty').hidden = ls.length > 0;
  $('cart-subtotal').textContent = money(subtotal());
  if (pressed) ($('cart-lines').querySelector(again) || $('cart-title')).focus();
  $('checkout').disabled = !ls.length || !session();
  // Tell the widget: it projects the cart locally, no server round trip.
  document.dispatchEvent(new CustomEvent('stepwise:cart', { detail: cartForEngine() }));
}

function status(text, kind = '') {
  const el = $('checkout-status');
  el.textContent = text;
  el.className = `status ${kind}`;
}

async function checkout() {
  const s = session();
  const order = cartForEngine();
  if (!s || !order) return;
  // The button is disabled while the order is placed (and stays so, the cart being empty):
  // keyboard focus moves to the status line that tells how it went.
  $('checkout-status').focus();
  $('checkout').disabled = true;
  status('Placing your order…');
  try {
    const reply = await api.order(s, order);
    cart = {};
    renderCart();
    status(`Thank you! Order ${reply && reply.order_id ? '#' + reply.order_id + ' ' : ''}is confirmed.`, 'ok');
    // The server has recorded the order and issued any award: the widget fetches again.
    await widget.refresh();
  } catch (e) {
    const text = failure('checkout', e);
    status(e.status === 404 ? 'Checkout needs the demo backend (POST /v1/demo/orders): see docs/widget.md.' : text, 'err');
    $('checkout').disabled = false;
    $('checkout').focus();
  }
}

async function review(sku) {
  const s = session();
  if (!s) {
    status('Sign in to write a review.', 'err');
    return;
  }
  try {
    await api.review(s, { product_id: sku });
    status(`Thanks for reviewing the ${PRODUCTS.find((p) => p.sku === sku).name}!`, 'ok');
    await widget.refresh();
  } catch (e) {
    status(failure('review', e), 'err');
  }
}

function onSession(s) {
  if (s) widget.setAttribute('token', s.token);
  else widget.removeAttribute('token');
  renderCart();
}

document.addEventListener('click', (e) => {
  const b = e.target.closest('button');
  if (!b) return;
  const { add, inc, dec, review: rv } = b.dataset;
  if (add || inc) cart[add || inc] = (cart[add || inc] || 0) + 1;
  else if (dec) cart[dec] = Math.max(0, (cart[dec] || 0) - 1);
  else if (rv) return review(rv);
  else return;
  renderCart();
});
$('checkout').addEventListener('click', checkout);

widget.setAttribute('program', new URLSearchParams(location.search).get('program') || PROGRAMS.journey);
widget.products = productNames; // a free gift names its product
initTheme(document.querySelector('[data-theme-toggle]'));
renderProducts();
const s = session();
onSession(s);
mountAccount($('account'), onSession);
// The widget may define itself after this script: announce the cart once it exists.
customElements.whenDefined('stepwise-journey').then(renderCart);
