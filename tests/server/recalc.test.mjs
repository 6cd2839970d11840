// recalculate --all: kill -9 in the middle, run again, and every customer has
// exactly the awards the engine decides (no double awards, no missing ones).
// Also: the command line (program put, import, milestone list, award, ledger export).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync, createWriteStream } from 'node:fs';
import { BIN, freshDb, tmpPath, cli, spendProgram, backend, daysAgo } from './helpers.mjs';

const N = Number(process.env.STEPWISE_RECALC_CUSTOMERS || (backend === 'postgresql' ? 4000 : 20000));

function parseCsv(text) {
  const lines = text.trim().split('\r\n');
  const head = lines.shift().split(',');
  return lines.map((line) => {
    const cells = [];
    let cur = '', quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') { cells.push(cur); cur = ''; } else cur += ch;
    }
    cells.push(cur);
    return Object.fromEntries(head.map((h, i) => [h, cells[i]]));
  });
}

test(`recalculate --all survives kill -9 and resumes without double awards (${backend}, ${N} customers)`, { timeout: 600000 }, async () => {
  const db = freshDb('recalc');
  const programFile = tmpPath('recalc-program.json');
  writeFileSync(programFile, JSON.stringify(spendProgram()));
  cli(['program', 'put', '--db', db, programFile]);

  // Each customer: 3 orders of 100.00 -> First Steps (5.00) and Silver (15.00).
  const events = tmpPath('recalc-events.ndjson');
  const out = createWriteStream(events);
  for (let c = 0; c < N; c++) {
    for (let k = 0; k < 3; k++)
      out.write(JSON.stringify({ customer_id: `cust-${String(c).padStart(7, '0')}`, id: `e${k}`, type: 'order',
        at: daysAgo(30 - k), order_id: `o${c}-${k}`, status: 'completed', subtotal: '100.00' }) + '\n');
  }
  await new Promise((r) => out.end(r));
  const imported = cli(['import', '--db', db, events]);
  assert.match(imported, new RegExp(`imported ${(3 * N).toLocaleString('en-US')} events`));

  // First run: kill -9 as soon as a few chunks are committed.
  const first = spawn(BIN, ['recalculate', '--all', '--db', db, '--chunk', '100', '--threads', '1', '--progress-interval', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let firstOut = '';
  const killed = await new Promise((resolve) => {
    first.stdout.on('data', (d) => {
      firstOut += d;
      const m = [...firstOut.matchAll(/recalculate: ([\d,]+)\//g)].map((x) => Number(x[1].replace(/,/g, '')));
      if (m.length && m[m.length - 1] >= 300 && first.exitCode === null) first.kill('SIGKILL');
    });
    first.on('exit', (code, signal) => resolve(signal === 'SIGKILL'));
  });
  assert.ok(killed, `the first run should have been killed mid-way:\n${firstOut}`);
  assert.doesNotMatch(firstOut, /^done:/m);

  // Second run resumes from the checkpoint and finishes.
  const second = cli(['recalculate', '--all', '--db', db, '--progress-interval', '5']);
  assert.match(second, /resuming from checkpoint/);
  assert.match(second, /^done:/m);

  // A third run finds nothing left to do.
  const third = cli(['recalculate', '--all', '--db', db]);
  assert.match(third, /done: [\d,]+ customers, 0 awards/);

  const rows = parseCsv(cli(['ledger', 'export', '--csv', '--db', db], { maxBuffer: 1 << 30 }));
  assert.equal(rows.length, 2 * N, 'two credits per customer');
  const keys = new Set(rows.map((r) => `${r.customer_id}|${r.award_key}`));
  assert.equal(keys.size, rows.length, 'no award credited twice');
  const total = rows.reduce((a, r) => a + Math.round(Number(r.amount) * 100), 0);
  assert.equal(total, 2000 * N);
  for (const r of rows.slice(0, 50)) assert.ok(['spend:first-steps:1', 'spend:silver:1'].includes(r.award_key));
});

test(`command line: milestone list, award, recalculate --user, ledger export filters (${backend})`, () => {
  const db = freshDb('cli');
  const programFile = tmpPath('cli-program.json');
  writeFileSync(programFile, JSON.stringify(spendProgram()));
  cli(['program', 'put', '--db', db, programFile]);
  const list = cli(['milestone', 'list', '--db', db]);
  assert.match(list, /spend\s+silver\s+Silver Spender\s+spend\s+250\.00\s+15\.00 no\s+active/);
  const json = JSON.parse(cli(['milestone', 'list', '--json', '--db', db]));
  assert.equal(json.milestones.length, 4);

  const award = cli(['award', '--db', db, '--user', '42', '--milestone', 'silver', '--note', 'Manually corrected after config change']);
  assert.match(award, /awarded spend:silver:1 to customer 42/);
  const events = tmpPath('cli-events.ndjson');
  writeFileSync(events, JSON.stringify({ customer_id: '42', id: 'x1', type: 'order', at: daysAgo(2), order_id: '9', status: 'completed', subtotal: '300.00' }) + '\n');
  cli(['import', '--db', db, events]);
  const r = cli(['recalculate', '--user', '42', '--db', db]);
  assert.match(r, /customer 42: 1 award\(s\)/);  // first-steps; silver was awarded by hand
  const r2 = cli(['recalculate', '--user', '42', '--db', db]);
  assert.match(r2, /customer 42: 0 award\(s\)/);
  const rows = parseCsv(cli(['ledger', 'export', '--csv', '--db', db, '--type', 'Milestone Reward']));
  assert.deepEqual(rows.map((x) => [x.award_key, x.amount, x.memo]).sort(),
    [['spend:first-steps:1', '5.00', ''], ['spend:silver:1', '15.00', 'Manually corrected after config change']]);
  const summary = cli(['ledger', 'summary', '--db', db]);
  assert.match(summary, /ledger summary \(USD\), the start to now: 2 transactions/);
  assert.match(summary, /Milestone Reward\s+2\s+20\.00/);
  assert.match(summary, /outstanding_now\s+20\.00/);
  const summaryJson = JSON.parse(cli(['ledger', 'summary', '--json', '--db', db, '--customer', '42']));
  assert.equal(summaryJson.credited, '20.00');
  assert.equal(summaryJson.breakage, '0.00');

  // bad input exits non-zero with the problem on stderr
  const bad = tmpPath('bad.ndjson');
  writeFileSync(bad, '{"customer_id":"1","id":"a","type":"order","at":"2026-01-01T00:00:00Z"}\n');
  assert.throws(() => cli(['import', '--db', db, bad]), (e) => /line 1: \/order_id: is required/.test(e.stderr) && e.status === 2);
  assert.throws(() => cli(['award', '--db', db, '--user', '42', '--milestone', 'nope']), (e) => e.status === 3);
});
