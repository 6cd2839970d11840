// What the shopper-side browser tests share: events dated days ago, a page
// opened signed in as a demo shopper (the session as the store saves it), and
// reading the widget's state and shadow DOM.
export const DAY = 86400000;
export const at = (daysAgo) => new Date(Date.now() - daysAgo * DAY).toISOString().replace(/\.\d+Z$/, 'Z');
export const order = (customer, id, daysAgo, subtotal) =>
  ({ customer_id: customer, id: `${customer}-o${id}`, type: 'order', at: at(daysAgo), order_id: `${customer}-${id}`, status: 'completed', subtotal });
export const review = (customer, id, daysAgo) =>
  ({ customer_id: customer, id: `${customer}-r${id}`, type: 'review', at: at(daysAgo), product_id: 'mug' });

/** Closes the browser and stops the server (printing its log with STEPWISE_SERVER_LOG). */
export async function closeAll(browser, server) {
  await browser?.close();
  if (server) {
    if (process.env.STEPWISE_SERVER_LOG) console.log(server.log());
    await server.stop();
  }
}

/**
 * Opens `path` signed in as `customer` (or signed out: null), light theme, an empty cart.
 * `token` replaces the server-minted one, `name` the shopper's shown name (default: the id).
 * The page collects its console in `page.consoleText`.
 */
export async function openAs(browser, server, path, customer, { token, name, width, height = 800 } = {}) {
  const page = await browser.newPage();
  if (width) await page.setViewportSize({ width, height });
  page.consoleText = [];
  page.on('console', (m) => page.consoleText.push(m.text()));
  await page.goto(server.origin + '/guide.html');
  await page.evaluate(([id, tok, shown]) => {
    if (id) localStorage.setItem('stepwise-demo:session', JSON.stringify({ customer: { id, name: shown }, token: tok }));
    else localStorage.removeItem('stepwise-demo:session');
    localStorage.setItem('stepwise-demo:theme', 'light');
    sessionStorage.clear();
  }, [customer, customer && (token || server.token(customer)), name || customer]);
  await page.goto(server.origin + path);
  return page;
}

/** Waits until `fn(state)` of the widget `sel` is true (fn runs in the page). */
export const waitWidget = (page, fn, sel = 'stepwise-journey') => page.waitForFunction(
  ({ sel, fn }) => {
    const s = document.querySelector(sel)?.state;
    return s && new Function('s', `return (${fn})(s)`)(s);
  }, { sel, fn: fn.toString() }, { timeout: 15000 });

/** The text of each element matching `css` inside the widget `sel`, spaces collapsed. */
export const inWidget = (page, css, sel = 'stepwise-journey') =>
  page.evaluate(({ css, sel }) => [...document.querySelector(sel).shadowRoot.querySelectorAll(css)]
    .map((e) => e.textContent.replace(/\s+/g, ' ').trim()), { css, sel });

/** The French strings of the guide's example (docs/widget.md, served as /guide.html), as a store would paste them. */
export async function frenchStrings(page) {
  const code = await page.locator('pre code', { hasText: 'locale="fr-FR"' }).textContent();
  return JSON.parse(code.match(/strings='([^']*)'/)[1]);
}
