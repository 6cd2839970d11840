// A local stand-in for Shopify's Admin GraphQL API (POST
// /admin/api/2025-10/graphql.json), which cannot run here. It answers the
// operations Stepwise sends for reward codes as Shopify documents them:
//   discountCodeBasicCreate(basicCodeDiscount) and
//   discountCodeFreeShippingCreate(freeShippingCodeDiscount): a new code node
//   `gid://shopify/DiscountCodeNode/N`, or userErrors [{code: "TAKEN"}] when a
//   discount already has that code (codes are unique without regard to case);
//   codeDiscountNodeByCode(code): the node, or null;
//   discountCodeDeactivate(id): the code stops working (its status becomes
//   EXPIRED, `deactivated` set), again harmless; userErrors INVALID for an unknown id.
// and for store credit (one account per customer and currency, made by the first credit):
//   storeCreditAccountCredit(id, creditInput {creditAmount, expiresAt}): a
//   StoreCreditAccountCreditTransaction (event ADJUSTMENT); userErrors
//   OWNER_NOT_FOUND (customer in `missing`), EXPIRES_AT_IN_PAST;
//   storeCreditAccountDebit(id, debitInput {debitAmount}): a debit transaction;
//   userErrors ACCOUNT_NOT_FOUND, INSUFFICIENT_FUNDS (balance below the amount);
//   customer(id) { storeCreditAccounts { nodes { id balance transactions } } }:
//   the newest transactions first; amounts as Shopify writes them ("15.0", debits negative).
// `spend(customer, amount)` is a checkout paid with store credit (event ORDER_PAYMENT);
// `giveBack(customer, amount, event)` the credit a refund returns (ORDER_REFUND, or ORDER_CANCELLATION).
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
  const api = { requests: [], codes: new Map(), plans: [], hung: [], accounts: new Map(), missing: new Set() };
  let next = 1;
  const cents = (text) => Math.round(Number(text) * 100);
  const money = (c, currencyCode) => ({ amount: String(c / 100).includes('.') ? String(c / 100) : `${c / 100}.0`, currencyCode });
  const record = (account, type, amountCents, extra = {}) => {
    account.balance += amountCents;
    const t = { __typename: type, id: `gid://shopify/${type}/${next++}`, amount: money(amountCents, account.currency),
      balanceAfterTransaction: money(account.balance, account.currency), createdAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      event: 'ADJUSTMENT', ...extra };
    account.transactions.push(t);
    return t;
  };
  const accountOf = (owner, currency, make) => {
    const key = `${owner} ${currency}`;
    if (!api.accounts.has(key) && make)
      api.accounts.set(key, { id: `gid://shopify/StoreCreditAccount/${next++}`, owner, currency, balance: 0, transactions: [] });
    return api.accounts.get(key);
  };
  api.spend = (owner, amount, currency = 'USD') => record(accountOf(owner, currency, false), 'StoreCreditAccountDebitTransaction', -cents(amount), { event: 'ORDER_PAYMENT' });
  api.giveBack = (owner, amount, event = 'ORDER_REFUND', currency = 'USD') => record(accountOf(owner, currency, true), 'StoreCreditAccountCreditTransaction', cents(amount), { event, expiresAt: null });
  api.balance = (owner, currency = 'USD') => (accountOf(owner, currency, false)?.balance ?? 0) / 100;
  api.credits = () => [...api.accounts.values()].flatMap((a) => a.transactions.filter((t) => t.__typename === 'StoreCreditAccountCreditTransaction'));
  api.debits = () => [...api.accounts.values()].flatMap((a) => a.transactions.filter((t) => t.__typename === 'StoreCreditAccountDebitTransaction' && t.event === 'ADJUSTMENT'));
  // The store credit operations; `plan` is the failure planned for this mutation (or undefined).
  const storeCredit = (op, variables, plan, send, req, res) => {
    if (op === 'storeCreditAccounts') {
      const owner = variables.customer;
      if (api.missing.has(owner)) return send(200, { data: { customer: null } });
      const nodes = [...api.accounts.values()].filter((a) => a.owner === owner).map((a) => ({ id: a.id,
        balance: money(a.balance, a.currency), transactions: { nodes: [...a.transactions].reverse().slice(0, 50) } }));
      return send(200, { data: { customer: { storeCreditAccounts: { nodes } } } });
    }
    const credit = op === 'storeCreditAccountCredit';
    const input = credit ? variables.creditInput : variables.debitInput;
    const amount = credit ? input.creditAmount : input.debitAmount;
    const answer = (body) => send(200, { data: { [op]: body } });
    const refuse = (code, message) => answer({ storeCreditAccountTransaction: null, userErrors: [{ field: ['id'], code, message }] });
    if (api.missing.has(variables.id)) return refuse(credit ? 'OWNER_NOT_FOUND' : 'ACCOUNT_NOT_FOUND', 'Owner does not exist.');
    const account = accountOf(variables.id, amount.currencyCode, credit);
    let t;
    if (credit) {
      if (input.expiresAt && Date.parse(input.expiresAt) <= Date.now()) return refuse('EXPIRES_AT_IN_PAST', 'The expiry date must be in the future.');
      t = record(account, 'StoreCreditAccountCreditTransaction', cents(amount.amount), { expiresAt: input.expiresAt ?? null });
    } else {
      if (!account) return refuse('ACCOUNT_NOT_FOUND', 'The store credit account could not be found.');
      if (account.balance < cents(amount.amount)) return refuse('INSUFFICIENT_FUNDS', 'The store credit account does not have sufficient funds to satisfy the request.');
      t = record(account, 'StoreCreditAccountDebitTransaction', -cents(amount.amount));
    }
    if (plan === 'cut') return req.socket.destroy();
    if (plan === 'hang') return api.hung.push(res);
    answer({ storeCreditAccountTransaction: { id: t.id }, userErrors: [] });
  };
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
      if (op === 'storeCreditAccounts') return storeCredit(op, body.variables, undefined, send, req, res);
      const field = op === 'discountCodeBasicCreate' ? 'basicCodeDiscount' : op === 'discountCodeFreeShippingCreate' ? 'freeShippingCodeDiscount' : null;
      const creditOp = op === 'storeCreditAccountCredit' || op === 'storeCreditAccountDebit';
      if (op === 'discountCodeDeactivate') {
        const plan = api.plans.shift();
        if (plan && typeof plan === 'object') return send(plan.status, { errors: 'planned failure' }, plan.headers || {});
        const hit = [...api.codes.values()].find((c) => c.id === body.variables.id);
        if (!hit) return send(200, { data: { [op]: { codeDiscountNode: null, userErrors: [{ field: ['id'], code: 'INVALID', message: 'Discount does not exist' }] } } });
        hit.deactivated = true;
        hit.status = 'EXPIRED';
        if (plan === 'cut') return req.socket.destroy();
        return send(200, { data: { [op]: { codeDiscountNode: { id: hit.id }, userErrors: [] } } });
      }
      if (!field && !creditOp) return send(200, { errors: [{ message: `Field '${op}' doesn't exist on type 'Mutation'` }] });
      const plan = api.plans.shift();
      if (plan && typeof plan === 'object') return send(plan.status, { errors: 'planned failure' }, plan.headers || {});
      if (plan === 'throttled')
        return send(200, { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
          extensions: { cost: { requestedQueryCost: 10, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 } } } });
      if (creditOp) return storeCredit(op, body.variables, plan, send, req, res);
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
  api.mutations = () => api.requests.filter((r) => r.op && r.op !== 'codeDiscountNodeByCode' && r.op !== 'storeCreditAccounts');
  api.close = () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); });
  return api;
}
