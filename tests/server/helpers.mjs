// Test driver helpers: start real stepwise-server processes on 127.0.0.1 with a
// real database (a fresh SQLite file, or a fresh PostgreSQL database when
// STEPWISE_TEST_PG is set to a server URL such as postgresql://postgres@127.0.0.1:5433),
// and talk to them over HTTP with Node's fetch.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { customerToken, spawnServer } from '../common/server_process.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const BIN = process.env.STEPWISE_SERVER || path.join(root, 'build', 'bin', 'stepwise-server');
export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';
export const SECRET = 'test-store-secret';
export const PG = process.env.STEPWISE_TEST_PG || '';
export const backend = PG ? 'postgresql' : 'sqlite';

const tmpRoot = mkdtempSync(path.join(tmpdir(), 'stepwise-server-test-'));
process.on('exit', () => {
  if (!process.env.STEPWISE_KEEP_TEST_FILES) rmSync(tmpRoot, { recursive: true, force: true });
});

export function tmpPath(name) {
  return path.join(tmpRoot, name);
}

// A database nobody else uses.
export function freshDb(label = 'db') {
  const name = `sw_${label.replace(/[^a-z0-9_]/gi, '_')}_${randomBytes(4).toString('hex')}`.toLowerCase();
  if (!PG) return `sqlite:${tmpPath(name + '.sqlite')}`;
  execFileSync('psql', [PG + '/postgres', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  return `${PG}/${name}`;
}

export function token(customer, secret = SECRET, ttl = 3600) {
  return customerToken(secret, customer, ttl);
}

export async function startServer({ db, args = [], env = {} } = {}) {
  if (!existsSync(BIN)) throw new Error(`${BIN} not found: build the server first (or set STEPWISE_SERVER)`);
  db = db || freshDb('server');
  const proc = await spawnServer(BIN, ['serve', '--db', db, '--port', '0', '--admin-key', ADMIN_KEY, '--store-secret', SECRET,
    '--tick-seconds', '1', '--log-level', 'warn', ...args], { env: { ...process.env, ...env } });
  const { origin: url, child } = proc;
  const server = {
    url, db, child,
    stderr: proc.log,
    stop: proc.stop,
    // Admin call. Returns {status, body (parsed JSON when possible), text, headers}.
    admin: (method, p, body, headers = {}) => call(url, method, p, body, { authorization: `Bearer ${ADMIN_KEY}`, ...headers }),
    as: (customer, method, p, body) => call(url, method, p, body, { 'x-customer-token': token(customer) }),
    raw: (method, p, body, headers = {}) => call(url, method, p, body, headers),
  };
  return server;
}

export async function call(base, method, p, body, headers = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    init.headers['content-type'] = init.headers['content-type'] || 'application/json';
  }
  const res = await fetch(base + p, init);
  const text = await res.text();
  let parsed;
  try { parsed = JSON.parse(text); } catch { parsed = undefined; }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

// SQL straight into a test database (as an old version or a broken script might
// have written it); rows come back as "a|b" lines.
export function sql(db, statement) {
  if (PG) return execFileSync('psql', [db, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', statement], { encoding: 'utf8' }).trim();
  // The server's own writers may hold the lock a moment: wait for it as the server does.
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', db.replace(/^sqlite:/, ''), statement], { encoding: 'utf8' }).trim();
}

export function cli(args, opts = {}) {
  return execFileSync(BIN, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
}

// The command line, without blocking the event loop (stand-ins in this process
// must keep answering it): resolves {status, stdout, stderr} when it exits.
export function runCli(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(fn, { timeout = 15000, every = 200, what = 'condition' } = {}) {
  const t0 = Date.now();
  let last;
  while (Date.now() - t0 < timeout) {
    last = await fn();
    if (last) return last;
    await sleep(every);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// The seed's tier example.
export const spendProgram = (over = {}) => ({
  id: 'spend', name: 'Spend Rewards', kind: 'tiers', status: 'active', currency: 'USD',
  steps: [
    { id: 'first-steps', name: 'First Steps', target: '100.00', rewards: [{ type: 'store_credit', amount: '5.00' }] },
    { id: 'silver', name: 'Silver Spender', target: '250.00', rewards: [{ type: 'store_credit', amount: '15.00' }] },
    { id: 'gold', name: 'Gold Spender', target: '500.00', rewards: [{ type: 'store_credit', amount: '35.00' }] },
    { id: 'loop', name: 'Loyalty Loop', target: '1000.00', repeating: true, rewards: [{ type: 'store_credit', amount: '75.00' }] },
  ],
  ...over,
});

// A UTC time `days` days before now (tests never depend on today's date).
export function daysAgo(days) {
  return new Date(Date.now() - days * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
}

let seq = 0;
export function order(customer, amount, over = {}) {
  seq += 1;
  return {
    customer_id: customer, id: `o-${process.pid}-${seq}`, type: 'order', at: daysAgo(10),
    order_id: `ord-${process.pid}-${seq}`, status: 'completed', subtotal: amount, ...over,
  };
}

export function uniqueCustomer(prefix = 'c') {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}
