// The demo store's backend calls (web/store.js), answered by this test process
// when the server does not offer them itself: what a real store's backend does
// with its secrets (mint the signed-in shopper's token, post the order event
// with the admin key). Everything else the pages do goes to the real server.
//
//   GET  /v1/demo/customers                      -> {"customers": [{"id", "name"}]}
//   POST /v1/demo/token    {"customer_id"}       -> {"customer_id", "token"}
//   POST /v1/demo/orders   cart, X-Customer-Token -> the POST /v1/events reply + {"order_id"}
//   POST /v1/demo/reviews  {"product_id"}, token  -> the POST /v1/events reply
import { tokenCustomer } from '../../../widget/src/api.js';

let orderSeq = 1000;

/** True when the server answers the demo calls itself. */
export async function serverHasDemo(server) {
  const res = await fetch(`${server.origin}/v1/demo/customers`);
  return res.status !== 404;
}

export async function installDemoBackend(context, server, customers) {
  const now = () => new Date().toISOString();
  await context.route(`${server.origin}/v1/demo/**`, async (route) => {
    const req = route.request();
    const path = new URL(req.url()).pathname;
    const reply = (status, body) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
    try {
      if (path === '/v1/demo/customers') return reply(200, { customers });
      const body = JSON.parse(req.postData() || '{}');
      if (path === '/v1/demo/token') {
        const c = customers.find((x) => x.id === body.customer_id);
        if (!c) return reply(404, { errors: [{ pointer: '/customer_id', message: 'no such demo customer' }] });
        return reply(200, { customer_id: c.id, token: server.token(c.id) });
      }
      // Like the server, trust only a token it signed: check it by reading the shopper's own record.
      const token = req.headers()['x-customer-token'] || '';
      const customer = tokenCustomer(token);
      const check = await fetch(`${server.origin}/v1/customers/${encodeURIComponent(customer)}/wallet`,
        { headers: { 'X-Customer-Token': token } });
      if (!check.ok) return reply(check.status, await check.json());
      const id = `demo-${Date.now()}-${++orderSeq}`;
      if (path === '/v1/demo/orders') {
        const orderId = String(++orderSeq);
        const out = await server.admin('POST', '/v1/events', {
          customer_id: customer, id, type: 'order', at: now(), order_id: orderId, status: 'completed', ...body,
        });
        return reply(200, { ...out, order_id: orderId });
      }
      if (path === '/v1/demo/reviews') {
        return reply(200, await server.admin('POST', '/v1/events', { customer_id: customer, id, type: 'review', at: now(), ...body }));
      }
      return reply(404, { errors: [{ pointer: '', message: 'no such endpoint' }] });
    } catch (e) {
      return reply(500, { errors: [{ pointer: '', message: e.message }] });
    }
  });
}
