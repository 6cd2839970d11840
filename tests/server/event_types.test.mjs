// Stored event types are names ("order_status"), not positions of the engine's
// enum: migration 5 converts a database that stored positions, on SQLite and
// PostgreSQL alike, and every event keeps its meaning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, freshDb, spendProgram, uniqueCustomer, daysAgo, backend, PG, cli } from './helpers.mjs';

const OLD_POSITIONS = ['order', 'order_status', 'refund', 'review', 'referral', 'points', 'subscription_renewal'];
const MIGRATION = 5;
const AS_OF = daysAgo(0);

// Runs SQL against the test database and returns the rows as text lines.
function sql(db, statements) {
  if (PG) return execFileSync('psql', [db, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', statements], { encoding: 'utf8' }).trim();
  const script = 'import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nrows=[]\n' +
    'for s in sys.argv[2].split(";\\n"):\n  s=s.strip()\n  if s: rows=c.execute(s).fetchall()\n' +
    'c.commit()\nprint("\\n".join("|".join(str(v) for v in r) for r in rows))';
  return execFileSync('python3', ['-c', script, db.replace(/^sqlite:/, ''), statements], { encoding: 'utf8' }).trim();
}

test(`event types are stored by name; migration ${MIGRATION} converts stored positions (${backend})`, async () => {
  // A database as the previous schema left it: `migrate --to 4`, then rows
  // written the way that version wrote them (type = the enum's position).
  const db = freshDb('event_types');
  cli(['migrate', '--db', db, '--to', String(MIGRATION - 1)]);
  const c = uniqueCustomer();
  const at = (days) => Date.parse(daysAgo(days));
  const row = (id, type, days, cols) => {
    const names = ['customer_id', 'id', 'type', 'at', 'received_at', ...Object.keys(cols)];
    const values = [`'${c}'`, `'${id}'`, OLD_POSITIONS.indexOf(type), at(days), at(days),
      ...Object.values(cols).map((v) => (typeof v === 'string' ? `'${v}'` : v))];
    return `INSERT INTO events (${names.join(', ')}) VALUES (${values.join(', ')})`;
  };
  sql(db, [
    `INSERT INTO customers (id, created_at, updated_at) VALUES ('${c}', 0, 0)`,
    row('o1', 'order', 9, { order_id: 'O1', status: 'completed', subtotal: 15000, tax: 0, shipping: 0, total: 15000, wallet_paid: 0 }),
    row('o1-st', 'order_status', 8, { order_id: 'O1', status: 'completed' }),
    row('o1-rf', 'refund', 7, { order_id: 'O1', amount: 2000 }),
    row('rv', 'review', 6, { ref: 'A' }),
    row('rf', 'referral', 5, { ref: 'x', purchased: 1 }),
    row('pt', 'points', 4, { points: 40 }),
    row('sr', 'subscription_renewal', 3, { ref: 'S1' }),
  ].join(';\n'));
  assert.equal(sql(db, `SELECT type FROM events WHERE id = 'o1-rf'`), '2');

  const s = await startServer({ db });
  try {
    assert.equal((await s.admin('POST', '/v1/programs', spendProgram())).status, 201);
    const history = await s.admin('GET', `/v1/customers/${c}/history`);
    assert.equal(history.status, 200, history.text);
    assert.deepEqual(history.body.events.map((e) => [e.id, e.type]), [
      ['o1', 'order'], ['o1-st', 'order_status'], ['o1-rf', 'refund'], ['rv', 'review'], ['rf', 'referral'],
      ['pt', 'points'], ['sr', 'subscription_renewal']]);
    assert.equal(history.body.events[3].product_id, 'A');
    assert.equal(history.body.events[5].points, 40);
    const progress = await s.admin('GET', `/v1/customers/${c}/milestone-progress?program_id=spend&as_of=${AS_OF}`);
    assert.equal(progress.status, 200, progress.text);
    assert.match(progress.text, /"qualifying_spend":"130.00"/);  // 150.00 ordered, 20.00 refunded
  } finally {
    await s.stop();
  }
  // The column holds names now, for these rows and for new ones.
  assert.equal(sql(db, `SELECT type FROM events WHERE id = 'o1-rf'`), 'refund');
  assert.equal(sql(db, `SELECT COUNT(*) FROM events WHERE customer_id = '${c}' AND type IN ('${OLD_POSITIONS.join("','")}')`), '7');
});
