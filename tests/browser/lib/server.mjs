// Starts the real stepwise-server on 127.0.0.1 (a free port, a fresh SQLite
// file, random admin key and store secret) serving web/, and talks to it.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function startServer({ bin, web }) {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-browser-'));
  const adminKey = randomBytes(16).toString('hex');
  const storeSecret = randomBytes(24).toString('hex');
  const db = join(dir, 'stepwise.db');
  const args = ['serve', '--db', `sqlite:${db}`, '--host', '127.0.0.1', '--port', '0', '--admin-key', adminKey,
    '--store-secret', storeSecret, '--web', web, '--no-email', '--tick-seconds', '1', '--demo'];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const origin = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s:\n${log}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
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

  const server = {
    origin, adminKey, storeSecret, db, child,
    log: () => log,
    /** A customer token as the store's backend mints it (auth.hpp): id.expiry.hex(HMAC-SHA256(secret, id.expiry)). */
    token(customerId, ttlSeconds = 3600) {
      const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
      const sig = createHmac('sha256', storeSecret).update(`${customerId}.${exp}`).digest('hex');
      return `${customerId}.${exp}.${sig}`;
    },
    /** An admin call; returns the parsed body, throws on a non-2xx status. */
    async admin(method, path, body) {
      const res = await fetch(origin + path, {
        method, headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    async stop() {
      if (child.exitCode == null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode == null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
