// A local stand-in for Shopify's Admin GraphQL API (POST
// /admin/api/2025-10/graphql.json), which cannot run here. It answers the
// operations Stepwise sends for reward codes as Shopify documents them:
//   discountCodeBasicCreate(basicCodeDiscount) and
//   discountCodeFreeShippingCreate(freeShippingCodeDiscount): a new code node
//   `gid://shopify/DiscountCodeNode/N`, or userErrors [{code: "TAKEN"}] when a
//   discount already has that code (codes are unique without regard to case);
//   codeDiscountNodeByCode(code): the node, or null.
// Authentication is the X-Shopify-Access-Token header (401 otherwise). Like
// Shopify, GraphQL failures answer 200: top-level `errors` with
// extensions.code THROTTLED when the test plans a throttle.
// Failures the test plans (`plan(kind)`, answered to the next mutations in turn):
//   {status, headers}  an HTTP error before any work (429 with Retry-After, 500);
//   'throttled'        200 with errors THROTTLED, before any work;
//   'cut'              the code IS created, then the connection is destroyed;
//   'hang'             the code IS created, the answer never comes (a timeout).
// Every request is logged with its parsed body (`requests`), every code made in `codes`.
import http from 'node:http';

export async function shopifyGraphqlStandin({ token, version = '2025-10' }) {
  const api = { requests: [], codes: new Map(), plans: [], hung: [] };
  let next = 1;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => { raw += d; });
    req.on('end', () => {
      const send = (status, body, headers = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      let body;
      try { body = JSON.parse(raw); } catch { body = undefined; }
      const op = body?.query?.match(/^\s*(?:query|mutation)\s+(\w+)/)?.[1];
      api.requests.push({ at: Date.now(), method: req.method, path: req.url, headers: req.headers, op, variables: body?.variables });
      if (req.headers['x-shopify-access-token'] !== token)
        return send(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      if (req.method !== 'POST' || req.url !== `/admin/api/${version}/graphql.json`) return send(404, { errors: 'Not Found' });
      if (!op) return send(400, { errors: { query: 'Required parameter missing or invalid' } });
      if (op === 'codeDiscountNodeByCode') {
        const hit = api.codes.get(String(body.variables.code).toUpperCase());
        return send(200, { data: { codeDiscountNodeByCode: hit ? { id: hit.id } : null } });
      }
      const field = op === 'discountCodeBasicCreate' ? 'basicCodeDiscount' : op === 'discountCodeFreeShippingCreate' ? 'freeShippingCodeDiscount' : null;
      if (!field) return send(200, { errors: [{ message: `Field '${op}' doesn't exist on type 'Mutation'` }] });
      const plan = api.plans.shift();
      if (plan && typeof plan === 'object') return send(plan.status, { errors: 'planned failure' }, plan.headers || {});
      if (plan === 'throttled')
        return send(200, { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
          extensions: { cost: { requestedQueryCost: 10, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 } } } });
      const input = body.variables[field];
      const key = String(input.code).toUpperCase();
      if (api.codes.has(key))
        return send(200, { data: { [op]: { codeDiscountNode: null, userErrors: [{ field: [field, 'code'], code: 'TAKEN', message: 'Code must be unique. Please try a different code.' }] } } });
      const id = `gid://shopify/DiscountCodeNode/${next++}`;
      api.codes.set(key, { id, op, input });
      if (plan === 'cut') return req.socket.destroy();
      if (plan === 'hang') return api.hung.push(res);
      send(200, { data: { [op]: { codeDiscountNode: { id }, userErrors: [] } } });
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  api.url = `http://127.0.0.1:${server.address().port}`;
  api.plan = (...kinds) => api.plans.push(...kinds);
  api.mutations = () => api.requests.filter((r) => r.op && r.op !== 'codeDiscountNodeByCode');
  api.close = () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); });
  return api;
}
