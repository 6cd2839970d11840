// The one way JS test suites start a real stepwise-server: spawn it with
// `--port 0`, wait for the "listening on" line it prints, and stop it with
// SIGTERM (SIGKILL after 5 s). The server, browser and preview suites all use
// it, each adding its own calls on top.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Spawns `bin args...` and resolves once it listens: {origin, child, log(), stop()}. */
export async function spawnServer(bin, args, { env = process.env, startSeconds = 20 } = {}) {
  const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const origin = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in ${startSeconds} s:\n${log}`)), startSeconds * 1000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    origin, child,
    log: () => log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** A customer token as a store's backend mints it (server/src/auth.hpp): id.expiry.hex(HMAC-SHA256(secret, id.expiry)). */
export function customerToken(secret, customerId, ttlSeconds = 3600) {
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  const payload = `${customerId}.${exp}`;
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('hex')}`;
}

/**
 * The server the browser and preview suites drive: a fresh SQLite file, random
 * admin key and store secret, serving `web`. `extraArgs` adds options (e.g. --demo).
 */
export async function startWebServer({ bin, web, tag = 'web', extraArgs = [] }) {
  const dir = mkdtempSync(join(tmpdir(), `stepwise-${tag}-`));
  const adminKey = randomBytes(16).toString('hex');
  const storeSecret = randomBytes(24).toString('hex');
  const db = join(dir, 'stepwise.db');
  const args = ['serve', '--db', `sqlite:${db}`, '--host', '127.0.0.1', '--port', '0', '--admin-key', adminKey,
    '--store-secret', storeSecret, '--web', web, '--tick-seconds', '1', ...extraArgs];
  let proc;
  try {
    proc = await spawnServer(bin, args);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    origin: proc.origin, adminKey, storeSecret, db, child: proc.child,
    log: proc.log,
    token: (customerId, ttlSeconds = 3600) => customerToken(storeSecret, customerId, ttlSeconds),
    /** An admin call; returns the parsed body, throws on a non-2xx status. */
    async admin(method, path, body) {
      const res = await fetch(proc.origin + path, {
        method, headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
