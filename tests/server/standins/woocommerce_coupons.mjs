// A local stand-in for WooCommerce's REST API coupons (v3), which cannot run
// here, as WooCommerce documents them:
//   POST /wp-json/wc/v3/coupons  creates one (201 with its id), or 400
//     woocommerce_rest_coupon_code_already_exists when a coupon has that code
//     (codes are compared without regard to case);
//   GET /wp-json/wc/v3/coupons?code=X  the coupons with that code (an array);
//   DELETE /wp-json/wc/v3/coupons/<id>?force=true  deletes one (200 with the
//     coupon as it was; 404 woocommerce_rest_shop_coupon_invalid_id when there
//     is none; 501 woocommerce_rest_trash_not_supported without force=true).
// HTTP basic auth with the consumer key and secret (401 woocommerce_rest_cannot_create
// otherwise; 403 when `readOnly`, as a key with Read access only is answered).
// Planned failures (`plan(kind)`, for the next POSTs in turn): {status, headers}
// before any work; 'cut' (the coupon IS created, the connection destroyed);
// 'hang' (created, never answered). `deletePlans` does the same for the next
// DELETEs ('cut': deleted, then the connection destroyed). Requests are logged
// with their bodies; deleted coupons move to `deleted`.
import http from 'node:http';

export async function woocommerceCouponsStandin({ key, secret }) {
  const api = { requests: [], coupons: [], deleted: [], plans: [], deletePlans: [], hung: [], readOnly: false };
  let next = 700;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => { raw += d; });
    req.on('end', () => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const send = (status, body, headers = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
        res.end(JSON.stringify(body));
      };
      let body;
      try { body = raw ? JSON.parse(raw) : undefined; } catch { body = undefined; }
      api.requests.push({ at: Date.now(), method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
      if (req.headers.authorization !== 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64'))
        return send(401, { code: 'woocommerce_rest_cannot_create', message: 'Sorry, you are not allowed to create resources.', data: { status: 401 } });
      const one = url.pathname.match(/^\/wp-json\/wc\/v3\/coupons\/(\d+)$/);
      if (one && req.method === 'DELETE') {
        if (api.readOnly)
          return send(403, { code: 'woocommerce_rest_cannot_delete', message: 'Sorry, you are not allowed to delete this resource.', data: { status: 403 } });
        const plan = api.deletePlans.shift();
        if (plan && typeof plan === 'object') return send(plan.status, { code: 'planned', message: 'planned failure', data: { status: plan.status } }, plan.headers || {});
        if (url.searchParams.get('force') !== 'true')
          return send(501, { code: 'woocommerce_rest_trash_not_supported', message: 'The coupon does not support trashing.', data: { status: 501 } });
        const at = api.coupons.findIndex((c) => c.id === Number(one[1]));
        if (at < 0) return send(404, { code: 'woocommerce_rest_shop_coupon_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
        const [gone] = api.coupons.splice(at, 1);
        api.deleted.push(gone);
        if (plan === 'cut') return req.socket.destroy();
        return send(200, gone);
      }
      if (url.pathname !== '/wp-json/wc/v3/coupons') return send(404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } });
      if (req.method === 'GET') {
        const code = (url.searchParams.get('code') || '').toLowerCase();
        return send(200, api.coupons.filter((c) => !code || c.code === code));
      }
      if (req.method !== 'POST') return send(404, { code: 'rest_no_route', message: 'No route was found.', data: { status: 404 } });
      if (api.readOnly)
        return send(403, { code: 'woocommerce_rest_cannot_create', message: 'Sorry, you are not allowed to create resources.', data: { status: 403 } });
      const plan = api.plans.shift();
      if (plan && typeof plan === 'object') return send(plan.status, { code: 'planned', message: 'planned failure', data: { status: plan.status } }, plan.headers || {});
      if (!body || typeof body.code !== 'string') return send(400, { code: 'rest_missing_callback_param', message: 'Missing parameter(s): code', data: { status: 400 } });
      // WooCommerce stores coupon codes in lower case.
      const code = body.code.toLowerCase();
      if (api.coupons.some((c) => c.code === code))
        return send(400, { code: 'woocommerce_rest_coupon_code_already_exists', message: 'The coupon code already exists', data: { status: 400 } });
      const coupon = { ...body, id: next++, code, usage_count: 0 };
      api.coupons.push(coupon);
      if (plan === 'cut') return req.socket.destroy();
      if (plan === 'hang') return api.hung.push(res);
      send(201, coupon);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  api.url = `http://127.0.0.1:${server.address().port}`;
  api.plan = (...kinds) => api.plans.push(...kinds);
  api.posts = () => api.requests.filter((r) => r.method === 'POST');
  api.deletes = () => api.requests.filter((r) => r.method === 'DELETE');
  api.planDelete = (...kinds) => api.deletePlans.push(...kinds);
  api.close = () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); });
  return api;
}
