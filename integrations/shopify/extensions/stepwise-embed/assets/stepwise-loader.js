// Stepwise loader for Shopify themes: the app embed block's only script.
// It costs the page nothing until the shopper is about to see the widget (the
// in-page placement nears the viewport, or the launcher is clicked). Then it
// fetches the shopper's customer token through the shop's app proxy (same
// origin; Shopify signs who is signed in, the Stepwise server checks it) and
// imports the widget module from the Stepwise server. Signed out, no token is
// asked for and the widget shows its sign-in state. Kept small (at most 10 KB
// compressed, tests/browser/shopify_embed.test.mjs measures it) and
// dependency-free: Shopify serves assets as they are.
(() => {
  const cfg = document.getElementById('stepwise-embed');
  if (!cfg || cfg.dataset.started) return;
  cfg.dataset.started = 'true';
  const d = cfg.dataset;
  const server = (d.server || '').replace(/\/+$/, '');
  // Resolved against the page: a classic script's import() would resolve it against Shopify's CDN.
  const widgetUrl = new URL(d.widgetUrl || `${server}/widget/stepwise-widget.js`, document.baseURI).href;
  const CACHE = 'stepwise:token';
  const log = (what, e) => console.warn(`stepwise: ${what}`, e);

  // One token per shopper and tab: kept in sessionStorage while it has more
  // than two minutes left, under the customer id the theme rendered, so that a
  // sign-out or another shopper never reuses it.
  const cached = () => {
    try {
      const t = JSON.parse(sessionStorage.getItem(CACHE));
      if (t && t.customer_id === d.customer && Date.parse(t.expires_at) - Date.now() > 120e3) return t.token;
    } catch (e) { /* storage blocked or garbage: ask again */ }
    return null;
  };
  let asked = null;
  const token = (fresh) => {
    if (!d.customer) {
      // Signed out: a token kept for whoever was signed in before is gone with her session.
      try { sessionStorage.removeItem(CACHE); } catch (e) { /* nothing kept */ }
      return Promise.resolve(null);
    }
    if (asked && !fresh) return asked;
    const kept = !fresh && cached();
    asked = kept ? Promise.resolve(kept) : fetch(d.tokenUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`the app proxy answered ${r.status}`))))
      .then((t) => {
        try { sessionStorage.setItem(CACHE, JSON.stringify(t)); } catch (e) { /* not kept: fine */ }
        return t.token;
      })
      .catch((e) => {
        log('no customer token; showing the signed-out state.', e);
        return null;
      });
    return asked;
  };

  // The module, once per page, and only when asked for; true once it is defined.
  let widget = null;
  const importWidget = () => (widget ||= import(widgetUrl).then(() => true, (e) => {
    widget = null; // a later attempt may succeed
    log(`the widget did not load from ${widgetUrl}.`, e);
    return false;
  }));

  // The element with its attributes (and token) set before it is in the
  // document, so that it never flashes the signed-out state.
  const mount = async (host) => {
    const el = document.createElement('stepwise-journey');
    const attrs = { api: server, program: d.program, locale: d.locale, theme: d.theme, rewards: d.rewards,
      'sign-in-url': d.signInUrl, strings: d.strings };
    for (const [k, v] of Object.entries(attrs)) if (v) el.setAttribute(k, v);
    if (d.accent) el.style.setProperty('--stepwise-accent', d.accent);
    const loading = importWidget();
    const t = await token();
    if (t) el.setAttribute('token', t);
    // A tab left open past the token's expiry: one fresh token, then the widget's own "session expired".
    let renewed = false;
    el.addEventListener('stepwise:render', (e) => {
      if (e.detail.phase !== 'expired' || renewed || !d.customer) return;
      renewed = true;
      try { sessionStorage.removeItem(CACHE); } catch (err) { /* nothing kept */ }
      token(true).then((fresh) => fresh && el.setAttribute('token', fresh));
    });
    host.appendChild(el);
    if (!(await loading)) el.remove();
  };

  const css = (text) => {
    const s = document.createElement('style');
    s.textContent = text;
    document.head.appendChild(s);
  };

  const inline = () => {
    let host = d.target && document.querySelector(d.target);
    if (!host) {
      host = document.createElement('div');
      (document.querySelector('main') || document.body).appendChild(host);
    }
    host.classList.add('stepwise-embed');
    if (!('IntersectionObserver' in window)) return mount(host);
    // 400 px ahead: the module and the data arrive while the shopper scrolls to it.
    const io = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      io.disconnect();
      mount(host);
    }, { rootMargin: '400px 0px' });
    io.observe(host);
  };

  const launcher = (side) => {
    css(`.stepwise-launcher{position:fixed;bottom:20px;${side}:20px;z-index:2147483000;font:600 15px/1 system-ui,sans-serif;` +
      'padding:12px 18px;border:0;border-radius:999px;cursor:pointer;color:#fff;background:var(--stepwise-accent,#4338ca);' +
      'box-shadow:0 4px 14px rgba(0,0,0,.2)}.stepwise-launcher:focus-visible{outline:3px solid #2563eb;outline-offset:2px}' +
      `.stepwise-panel{position:fixed;bottom:76px;${side}:20px;z-index:2147483000;width:min(400px,calc(100vw - 40px));` +
      'max-height:calc(100vh - 100px);overflow:auto;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25)}');
    const button = document.createElement('button');
    const panel = document.createElement('div');
    button.type = 'button';
    button.className = 'stepwise-launcher';
    button.textContent = d.label || 'Rewards';
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', (panel.id = 'stepwise-panel'));
    if (d.accent) button.style.setProperty('--stepwise-accent', d.accent);
    panel.className = 'stepwise-panel';
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', button.textContent);
    panel.hidden = true;
    let mounted = false;
    const show = (open) => {
      panel.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      if (open && !mounted) {
        mounted = true;
        mount(panel);
      }
    };
    button.addEventListener('click', () => show(panel.hidden));
    const escape = (e) => {
      if (e.key !== 'Escape' || panel.hidden) return;
      show(false);
      button.focus();
    };
    panel.addEventListener('keydown', escape);
    button.addEventListener('keydown', escape);
    document.body.append(panel, button);
  };

  if (d.placement === 'inline') inline();
  else launcher(d.placement === 'launcher-left' ? 'left' : 'right');
})();
