// The built-in SMTP sender against a REAL SMTP server: tests/server/smtp_sink.py
// runs Debian's aiosmtpd (python3-aiosmtpd), which stores every message it
// accepts as a file, can require STARTTLS with a certificate made here by
// `openssl req`, can require a login, and can answer 451 to the first
// deliveries. Real server, real HTTP, SQLite or PostgreSQL (run.sh runs both).
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, freshDb, order, uniqueCustomer, tmpPath, root, backend } from './helpers.mjs';

const SINK = path.join(root, 'tests', 'server', 'smtp_sink.py');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const running = [];
after(async () => {
  for (const x of running) await x.stop();
});

let dirs = 0;
async function startSink(args = []) {
  const dir = tmpPath(`mail-${process.pid}-${++dirs}`);
  mkdirSync(dir, { recursive: true });
  const child = spawn('/usr/bin/python3', [SINK, dir, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/ready (\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`smtp_sink exited ${code}: ${err}`)));
  });
  const sink = {
    port, dir,
    messages: () => readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
      .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8'))),
    async stop() { if (child.exitCode === null) { child.kill(); await new Promise((r) => child.on('exit', r)); } },
  };
  running.push(sink);
  return sink;
}

// A self-signed certificate for 127.0.0.1 (the sink's STARTTLS), which the
// server trusts through --smtp-ca-file.
function makeCert() {
  const dir = tmpPath(`cert-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
  return { cert, key };
}

async function waitFor(fn, what, ms = 20000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

// The parts of a MIME message as text: headers, and each leaf part decoded
// (quoted-printable) by its content type.
function parseMail(raw) {
  const text = raw.replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const head = text.slice(0, split).replace(/\n[ \t]+/g, ' ');
  const headers = {};
  for (const line of head.split('\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const parts = {};
  const walk = (h, body) => {
    const b = (h['content-type'] || '').match(/boundary="?([^";]+)"?/);
    if (b) {
      for (const chunk of body.split('--' + b[1]).slice(1)) {
        if (chunk.startsWith('--')) break;
        const c = chunk.replace(/^\n/, '');
        const at = c.indexOf('\n\n');
        const ph = {};
        for (const line of c.slice(0, at).replace(/\n[ \t]+/g, ' ').split('\n')) {
          const i = line.indexOf(':');
          ph[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
        }
        walk(ph, c.slice(at + 2));
      }
      return;
    }
    let data = body;
    if (/quoted-printable/i.test(h['content-transfer-encoding'] || '')) {
      const bytes = Buffer.from(data.replace(/=\n/g, ''), 'latin1').toString('latin1')
        .replace(/=([0-9A-F]{2})/g, (_, x) => String.fromCharCode(parseInt(x, 16)));
      data = Buffer.from(bytes, 'latin1').toString('utf8');
    }
    parts[(h['content-type'] || '').split(';')[0]] = data;
  };
  walk(headers, text.slice(split + 2));
  return { headers, parts };
}

async function awardOnce(s, { email = true, name = 'Gold & <Silver>' } = {}) {
  const id = `p${Math.random().toString(16).slice(2, 8)}`;
  assert.equal((await s.admin('POST', '/v1/programs', {
    id, name: 'Spend', kind: 'tiers', status: 'active', currency: 'USD', rules: { reward_expiry_days: 30 },
    steps: [{ id: 'gold', name, target: '50.00', rewards: [{ type: 'store_credit', amount: '15.00' }] }],
  })).status, 201);
  const c = uniqueCustomer('mail');
  if (email) assert.equal((await s.admin('PUT', `/v1/customers/${c}`, { email: `${c}@shopper.test` })).status, 200);
  const r = await s.admin('POST', '/v1/events', order(c, '60.00'));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.awards.length, 1);
  assert.equal((await s.admin('DELETE', `/v1/programs/${id}`)).status, 204);
  return c;
}

const outbox = async (s) => (await s.admin('GET', '/v1/outbox/emails?pending=false&limit=1000')).body.emails;

describe(`built-in SMTP sender (${backend})`, () => {
  test('a reward email arrives once, with subject, HTML and text parts filled in', async () => {
    const sink = await startSink();
    const s = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--mail-from', 'rewards@shop.test',
      '--wallet-url', 'https://shop.test/wallet?a=1&b=2'] });
    running.push(s);
    const c = await awardOnce(s);
    const [m] = await waitFor(() => sink.messages().length && sink.messages(), 'the email');
    await sleep(2500); // a second delivery would have happened by now
    assert.equal(sink.messages().length, 1, 'delivered once');
    assert.deepEqual(m.rcpt_tos, [`${c}@shopper.test`]);
    assert.equal(m.mail_from, 'rewards@shop.test');
    const mail = parseMail(m.data);
    assert.equal(mail.headers.subject, "You've reached the Gold & <Silver> milestone");
    assert.match(mail.headers['content-type'], /multipart\/alternative/);
    const text = mail.parts['text/plain'];
    const html = mail.parts['text/html'];
    assert.ok(text && html, 'both parts');
    assert.match(text, /You've reached the Gold & <Silver> milestone\./);
    assert.match(text, /\$15\.00 has been added to your wallet\./);
    assert.match(text, /Your wallet balance is \$15\.00\./);
    assert.match(text, /See your wallet: https:\/\/shop\.test\/wallet\?a=1&b=2/);
    assert.match(text, /Use it by \d{4}-\d{2}-\d{2}\./);
    assert.doesNotMatch(text, /\{\{/);
    // HTML: placeholders escaped, so a milestone name cannot inject markup.
    assert.match(html, /<strong>Gold &amp; &lt;Silver&gt;<\/strong>/);
    assert.match(html, /href="https:\/\/shop\.test\/wallet\?a=1&amp;b=2"/);
    assert.doesNotMatch(html, /<Silver>/);
    const row = (await outbox(s)).find((e) => e.customer_id === c);
    assert.ok(row.sent_at, 'marked sent');
    assert.equal(row.attempts, 1);
    await s.stop();
  });

  test('STARTTLS and a login when the SMTP server requires them; credentials never go in clear', async () => {
    const { cert, key } = makeCert();
    const sink = await startSink(['--tls', cert, key, '--require-tls', '--auth', 'shop:s3cret']);
    const s = await startServer({ args: ['--smtp-url', `smtp://shop:s3cret@127.0.0.1:${sink.port}`,
      '--mail-from', 'rewards@shop.test', '--smtp-ca-file', cert] });
    running.push(s);
    const c = await awardOnce(s);
    const [m] = await waitFor(() => sink.messages().length && sink.messages(), 'the email over TLS');
    assert.equal(m.tls, true, 'STARTTLS was used');
    assert.equal(m.login, 'shop');
    assert.deepEqual(m.rcpt_tos, [`${c}@shopper.test`]);
    await s.stop();

    // The same credentials to a server that offers no STARTTLS: nothing is sent.
    const plain = await startSink(['--auth', 'shop:s3cret']);
    const s2 = await startServer({ args: ['--smtp-url', `smtp://shop:s3cret@127.0.0.1:${plain.port}`,
      '--mail-from', 'rewards@shop.test'] });
    running.push(s2);
    const c2 = await awardOnce(s2);
    const row = await waitFor(async () => (await outbox(s2)).find((e) => e.customer_id === c2 && e.attempts > 0),
      'a failed attempt');
    assert.equal(row.sent_at, undefined);
    assert.ok(row.last_error, 'the error is kept');
    assert.equal(plain.messages().length, 0);
    await s2.stop();
  });

  test('smtps:// speaks TLS from the first byte', async () => {
    const { cert, key } = makeCert();
    const sink = await startSink(['--smtps', cert, key]);
    const s = await startServer({ args: ['--smtp-url', `smtps://127.0.0.1:${sink.port}`, '--mail-from', 'rewards@shop.test',
      '--smtp-ca-file', cert] });
    running.push(s);
    const c = await awardOnce(s);
    const [m] = await waitFor(() => sink.messages().length && sink.messages(), 'the email over smtps');
    assert.equal(m.tls, true);
    assert.deepEqual(m.rcpt_tos, [`${c}@shopper.test`]);
    await s.stop();
  });

  test('a 451 is retried with backoff and the email is delivered once', async () => {
    const sink = await startSink(['--refuse', '1']);
    const s = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--mail-from', 'rewards@shop.test'] });
    running.push(s);
    const c = await awardOnce(s);
    const row = await waitFor(async () => (await outbox(s)).find((e) => e.customer_id === c && e.sent_at),
      'the retried email');
    assert.equal(row.attempts, 2, 'one refusal, one success');
    assert.match(row.last_error ?? '', /^$/);
    await sleep(2500);
    assert.equal(sink.messages().length, 1, 'delivered once');
    await s.stop();
  });

  test('a customer without an email address is reported, not silently skipped', async () => {
    const sink = await startSink();
    const s = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--mail-from', 'rewards@shop.test'] });
    running.push(s);
    const c = await awardOnce(s, { email: false });
    const row = (await outbox(s)).find((e) => e.customer_id === c);
    assert.equal(row.reason, 'no_recipient');
    assert.equal(row.to, null);
    assert.equal(row.sent_at, undefined);
    await waitFor(() => /1 email\(s\) not sent: the customer has no email address/.test(s.stderr()), 'the log count');
    assert.equal(sink.messages().length, 0);
    // The outbox API for stores with their own mailer still lists it (pending), with the reason.
    const pending = (await s.admin('GET', '/v1/outbox/emails')).body.emails.find((e) => e.customer_id === c);
    assert.equal(pending.reason, 'no_recipient');
    await s.stop();
  });

  test('two server processes on one database send each email once', async () => {
    const sink = await startSink();
    const args = ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--mail-from', 'rewards@shop.test'];
    const a = await startServer({ db: freshDb('mail2'), args });
    running.push(a);
    const b = await startServer({ db: a.db, args });
    running.push(b);
    assert.equal((await a.admin('POST', '/v1/programs', {
      id: 'twice', name: 'Spend', kind: 'tiers', status: 'active', currency: 'USD',
      steps: [{ id: 'ten', name: 'Ten', target: '10.00', rewards: [{ type: 'store_credit', amount: '1.00' }] }],
    })).status, 201);
    const customers = [];
    for (let i = 0; i < 30; i++) {
      const c = uniqueCustomer('two');
      customers.push(c);
      const s = i % 2 ? a : b;
      assert.equal((await s.admin('PUT', `/v1/customers/${c}`, { email: `${c}@shopper.test` })).status, 200);
      assert.equal((await s.admin('POST', '/v1/events', order(c, '12.00'))).body.awards.length, 1);
    }
    await waitFor(() => sink.messages().length >= 30, 'thirty emails', 30000);
    await sleep(3000);
    const to = sink.messages().map((m) => m.rcpt_tos[0]);
    assert.equal(to.length, 30, 'no email twice');
    assert.deepEqual([...new Set(to)].sort(), customers.map((c) => `${c}@shopper.test`).sort());
    await a.stop();
    await b.stop();
  });

  test('a template with an unknown placeholder is refused at startup with its file and line', async () => {
    const dir = tmpPath(`templates-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'award.txt'), 'Hello,\n\nYou reached {{milestone_name}}.\nNow {{milestone}}!\n');
    await assert.rejects(
      startServer({ args: ['--smtp-url', 'smtp://127.0.0.1:25', '--mail-from', 'rewards@shop.test', '--mail-templates', dir] }),
      (e) => {
        assert.match(e.message, new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/award\\.txt:4: unknown placeholder \\{\\{milestone\\}\\}`));
        return true;
      });
    // A merchant's own template is used (and the others fall back to the shipped ones).
    writeFileSync(path.join(dir, 'award.txt'), 'Well done on {{milestone_name}}: {{amount}} added, balance {{balance}}.\n');
    const sink = await startSink();
    const s = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--mail-from', 'rewards@shop.test',
      '--mail-templates', dir] });
    running.push(s);
    await awardOnce(s, { name: 'Gold' });
    const [m] = await waitFor(() => sink.messages().length && sink.messages(), 'the email');
    const mail = parseMail(m.data);
    assert.equal(mail.parts['text/plain'].trim(), 'Well done on Gold: $15.00 added, balance $15.00.');
    assert.match(mail.parts['text/html'], /<strong>Gold<\/strong>/);
    await s.stop();
  });
});
