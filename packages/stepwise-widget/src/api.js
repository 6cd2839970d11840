// The storefront's calls to the Stepwise server (docs/api.md). Every call
// carries the store-signed customer token in X-Customer-Token.

export class ApiError extends Error {
  constructor(status, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
  }
}

/** The customer id inside a store-signed token "<customer_id>.<expiry>.<signature>" (ids may contain dots). */
export const tokenCustomer = (token) => String(token).split('.').slice(0, -2).join('.');
/** The token's expiry (ms since the epoch), or NaN if it has none. */
export const tokenExpiry = (token) => Number(String(token).split('.').slice(-2, -1)[0]) * 1000;

/** The program id of rewards bought with points (award keys "@points:OPTION:N", docs/points.md). */
export const POINTS = '@points';

/** A data source set from script (element.dataSource) in the Api's place: its methods' answers, as promises;
 * a method it lacks answers as a server without that part does (404). */
export const sourced = (source) => new Proxy(source, {
  get: (o, name) => async (...args) => {
    if (typeof o[name] !== 'function') throw new ApiError(404, `the data source has no ${String(name)}()`);
    return o[name](...args);
  },
});

export class Api {
  /** @param {string} base server origin + prefix, '' for the page's own origin */
  constructor(base, token) {
    this.base = (base || '').replace(/\/+$/, '');
    this.token = token;
    this.me = `/v1/customers/${encodeURIComponent(tokenCustomer(token))}`;
  }

  async call(path, init = {}) {
    const headers = { 'X-Customer-Token': this.token, Accept: 'application/json' };
    if (init.body) headers['Content-Type'] = 'application/json';
    const res = await fetch(this.base + path, { ...init, headers, credentials: 'omit' });
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    if (!res.ok) throw new ApiError(res.status, body && body.errors && body.errors[0] && body.errors[0].message);
    return body;
  }

  /** The program document (handed to the engine as is). */
  program(id) {
    return this.call(`/v1/programs/${encodeURIComponent(id)}`);
  }

  /** What the widget draws, decided by the server's engine: {program_id, as_of, view_model, report}
   * (a server without it answers 404). `asOf`: the evaluation time, else the server's clock. */
  view(programId, asOf) {
    const at = asOf ? `&as_of=${encodeURIComponent(asOf)}` : '';
    return this.call(`${this.me}/view?program_id=${encodeURIComponent(programId)}${at}`);
  }

  /** The signed-in shopper's history in the contract's form (for the engine that projects a cart). */
  history() {
    return this.call(`${this.me}/history`);
  }

  /** The shopper's reward records (codes, points, credit, their states); `programId` limits them to one
   * program (and what points bought: program "@points"). */
  async rewards(programId) {
    const { rewards = [] } = (await this.call(`${this.me}/rewards`)) || {};
    return programId ? rewards.filter((r) => r.program_id === programId || r.program_id === POINTS) : rewards;
  }

  /** Points balance, recent history, the next expiry and the options with `affordable` / `missing`. */
  points() {
    return this.call(`${this.me}/points?limit=5`);
  }

  /** Redeems an option; the same `key` again never spends twice (it answers the same redemption). */
  redeem(option, key) {
    return this.call(`${this.me}/points/redemptions`, { method: 'POST', body: JSON.stringify({ option, key }) });
  }

  /** The shopper's referral code and link (`url` is null when the store set no link template). */
  referral() {
    return this.call(`${this.me}/referral`);
  }

  /** Balance, what is available, points and the credits that expire; with `credit_coupons`, the
   * shopper's credit coupons too (`coupons`). */
  async wallet() {
    const w = await this.call(`${this.me}/wallet`);
    if (!w || !w.credit_coupons) return w;
    const c = await this.call(`${this.me}/credit-coupons`).catch(() => null);
    return { ...w, coupons: c ? c.coupons : [] };
  }

  /** A one-time store coupon of `amount` minor units of credit; the same `key` again holds nothing more. */
  creditCoupon(amount, key) {
    return this.call(`${this.me}/credit-coupons`, { method: 'POST', body: JSON.stringify({ amount, idempotency_key: key }) });
  }

  /** Names and kinds of the steps of every active program ({"program:step": {name, kind}}). */
  async stepNames() {
    const { milestones = [] } = (await this.call('/v1/milestones')) || {};
    return Object.fromEntries(milestones.map((m) => [`${m.program_id}:${m.id}`, { name: m.name, kind: m.program_kind }]));
  }

  /** One-time notices for this program's awards (and notices about no award); every program's without `programId`.
   * `kind`, `program`, `step` and `rewards` (what the award gave) let the widget word them; `text` is the server's English. */
  async notices(programId) {
    const { notices = [] } = (await this.call(`${this.me}/notices`)) || {};
    return notices.filter((n) => !programId || !n.award_key || n.program_id === programId || n.program_id === POINTS)
      .map((n) => ({ id: String(n.id), key: n.award_key, kind: n.kind, program: n.program_id, step: n.milestone_id, rewards: n.rewards,
        text: String(n.message || '').replace(/^\s*Congratulations!\s*/i, '') }));
  }

  /** Marks notices delivered, so that the shopper sees each once. */
  delivered(ids) {
    return this.call(`${this.me}/notices/delivered`, { method: 'POST', body: JSON.stringify({ ids: ids.map(Number) }) });
  }

  /** Awards of this program waiting for the shopper to pick N of their rewards. */
  async choices(programId) {
    const { choices = [] } = (await this.call(`${this.me}/choices`)) || {};
    return choices.filter((c) => c.program_id === programId)
      .map((c) => ({ id: String(c.id), step: c.milestone_id, pick: c.pick, rewards: c.options || [] }));
  }

  choose(choice, picks) {
    return this.call(`${this.me}/choices/${encodeURIComponent(choice.id)}`, { method: 'POST', body: JSON.stringify({ picks }) });
  }
}
