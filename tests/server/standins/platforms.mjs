// Local stand-ins for the platforms' REST APIs, which cannot run here. Each is a
// small Node HTTP server on 127.0.0.1 that answers the requests Stepwise makes
// the way the platform documents them, failures included:
//
// Shopify Admin REST (GET /admin/api/2024-10/orders.json): the X-Shopify-Access-Token
//   header (401 otherwise, with Shopify's error body); status=any, updated_at_min
//   (inclusive), order=updated_at asc, limit; cursor pagination with a
//   `Link: <...page_info=...>; rel="next"` header, where a request with page_info
//   may carry only limit (400 otherwise, as Shopify answers).
// WooCommerce REST v3 (GET /wp-json/wc/v3/orders, /wp-json/wc/v3/products/{id}):
//   HTTP basic auth with the consumer key and secret (401 otherwise,
//   woocommerce_rest_cannot_view); modified_after with dates_are_gmt,
//   orderby=modified&order=asc, per_page and page, X-WP-Total and
//   X-WP-TotalPages; products with categories[] (id, name, slug), 404
//   woocommerce_rest_product_invalid_id for an unknown product.
// Both: failures planned by the test (`fail(status, headers)`: a 429 with
// Retry-After, a 500, ...) answer the next requests in turn, and every request
// is logged (`requests`) so that a test can check what was asked and when.
// `pageSize` (settable) caps a page below the documented maximum (250 / 100), which both
// platforms may do, so that a few orders make several pages.
import http from 'node:http';

function start(handler) {
  const state = { requests: [], failures: [] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    state.requests.push({ at: Date.now(), method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers });
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const planned = state.failures.shift();
    if (planned) return send(planned.status, planned.body ?? { errors: 'planned failure' }, planned.headers);
    handler(req, url, send);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    state.url = `http://127.0.0.1:${server.address().port}`;
    state.fail = (status, headers = {}, body) => state.failures.push({ status, headers, body });
    state.close = () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); });
    resolve(state);
  }));
}

const time = (t) => Date.parse(t);

export async function shopifyStandin({ token, orders = [], pageSize = 250 }) {
  const api = await start((req, url, send) => {
    if (req.headers['x-shopify-access-token'] !== token)
      return send(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    if (url.pathname !== '/admin/api/2024-10/orders.json') return send(404, { errors: 'Not Found' });
    const q = url.searchParams;
    const limit = Math.min(Number(q.get('limit') || 50), 250, api.pageSize);
    let filter, offset = 0;
    if (q.has('page_info')) {
      if ([...q.keys()].some((k) => k !== 'page_info' && k !== 'limit'))
        return send(400, { errors: { page_info: ['only limit may be passed with page_info'] } });
      ({ filter, offset } = JSON.parse(Buffer.from(q.get('page_info'), 'base64url').toString()));
    } else {
      if (q.get('order') !== 'updated_at asc') return send(400, { errors: { order: ['expected updated_at asc in this stand-in'] } });
      filter = { updated_at_min: q.get('updated_at_min') };
    }
    const list = api.orders
      .filter((o) => !filter.updated_at_min || time(o.updated_at) >= time(filter.updated_at_min))
      .sort((a, b) => time(a.updated_at) - time(b.updated_at) || a.id - b.id);
    const page = list.slice(offset, offset + limit);
    const headers = {};
    const link = (o) => `<${api.url}/admin/api/2024-10/orders.json?limit=${limit}&page_info=${Buffer.from(JSON.stringify({ filter, offset: o })).toString('base64url')}>`;
    const rels = [];
    if (offset > 0) rels.push(`${link(Math.max(0, offset - limit))}; rel="previous"`);
    if (offset + limit < list.length) rels.push(`${link(offset + limit)}; rel="next"`);
    if (rels.length) headers.link = rels.join(', ');
    send(200, { orders: page }, headers);
  });
  api.orders = orders;
  api.pageSize = pageSize;
  api.orderRequests = () => api.requests.filter((r) => r.path.endsWith('/orders.json'));
  return api;
}

export async function woocommerceStandin({ key, secret, orders = [], products = {}, pageSize = 100 }) {
  const api = await start((req, url, send) => {
    const expected = 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64');
    if (req.headers.authorization !== expected)
      return send(401, { code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.', data: { status: 401 } });
    const product = url.pathname.match(/^\/wp-json\/wc\/v3\/products\/(\d+)$/);
    if (product) {
      const p = api.products[product[1]];
      if (!p) return send(404, { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
      return send(200, { id: Number(product[1]), name: p.name || `Product ${product[1]}`, categories: p.categories });
    }
    if (url.pathname !== '/wp-json/wc/v3/orders') return send(404, { code: 'rest_no_route', message: 'No route was found.', data: { status: 404 } });
    const q = url.searchParams;
    if (q.get('orderby') !== 'modified' || q.get('order') !== 'asc' || q.get('dates_are_gmt') !== 'true')
      return send(400, { code: 'rest_invalid_param', message: 'this stand-in expects orderby=modified&order=asc&dates_are_gmt=true' });
    const perPage = Math.min(Number(q.get('per_page') || 10), 100, api.pageSize);
    const page = Number(q.get('page') || 1);
    // modified_after is exclusive; with dates_are_gmt it is UTC (no zone letter needed).
    const after = q.get('modified_after') ? time(q.get('modified_after').replace(/Z?$/, 'Z')) : -Infinity;
    const list = api.orders
      .filter((o) => time(o.date_modified_gmt + 'Z') > after)
      .sort((a, b) => time(a.date_modified_gmt + 'Z') - time(b.date_modified_gmt + 'Z') || a.id - b.id);
    const pages = Math.max(1, Math.ceil(list.length / perPage));
    send(200, list.slice((page - 1) * perPage, page * perPage), { 'x-wp-total': String(list.length), 'x-wp-totalpages': String(pages) });
  });
  api.orders = orders;
  api.pageSize = pageSize;
  api.products = products;
  api.orderRequests = () => api.requests.filter((r) => r.path === '/wp-json/wc/v3/orders');
  api.productRequests = () => api.requests.filter((r) => r.path.startsWith('/wp-json/wc/v3/products/'));
  return api;
}
