// Browser tests of the operations page (web/admin/operate.html) against the real
// stepwise-server: headless Chromium (Debian's) driven by playwright-core.
//   node tests/preview/operate.test.mjs --server build/bin/stepwise-server --artifacts test-artifacts
// The server starts on a fresh SQLite file; the data is seeded through the API
// (a tiers program with store credit, an inactive journey, three customers with
// orders), then each test does what a merchant does in the page and checks what
// it shows against the server. The tests run in order and share one page.
// Screenshots: test-artifacts/preview-operate-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startWebServer } from '../common/server_process.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : def;
};
const serverBin = resolve(arg('--server', process.env.STEPWISE_SERVER || join(repo, 'build/bin/stepwise-server')));
const artifacts = resolve(arg('--artifacts', join(repo, 'test-artifacts')));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
mkdirSync(artifacts, { recursive: true });

// ---------------------------------------------------------------- the server

// Emails on (the outbox is under test); a fast tick so the retroactive job runs at once.
function startServer() {
  return startWebServer({ bin: serverBin, web: join(repo, 'web'), tag: 'operate', extraArgs: [] });
}

// ---------------------------------------------------------------- the data

const daysAgo = (n) => new Date(Date.now() - n * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');

const SPEND = {
  id: 'spend', name: 'Spend Rewards', kind: 'tiers', currency: 'USD', rules: { refund_hold_days: 0 },
  steps: [
    { id: 'first-steps', name: 'First Steps', target: '100.00', rewards: [{ type: 'store_credit', amount: '5.00' }] },
    { id: 'silver', name: 'Silver Spender', target: '250.00', rewards: [{ type: 'store_credit', amount: '15.00' }] },
    { id: 'gold', name: 'Gold Spender', target: '500.00', rewards: [{ type: 'store_credit', amount: '35.00' }] },
  ],
};
// Inactive, started in the past: activating it asks about a retroactive run.
const WELCOME = {
  id: 'welcome', name: 'Welcome Journey', kind: 'journey', status: 'inactive', currency: 'USD', starts_at: daysAgo(60),
  rules: { refund_hold_days: 0 },
  steps: [{ id: 'w1', name: 'First Order', description: 'Place your first order', metric: 'orders', target: 1,
    rewards: [{ type: 'points', points: 50 }] }],
};
const CUSTOMERS = [
  { id: 'c-1001', name: 'Ada Lovelace', email: 'ada@example.com', orders: ['200.00', '112.50'] }, // First Steps + Silver: 20.00
  { id: 'c-1002', name: 'Grace Hopper', orders: ['120.00'] }, // no email address; First Steps: 5.00
  { id: 'c-1003', name: 'Alan Turing', email: 'alan@example.com', orders: ['40.00'] }, // nothing yet
];

async function seed(server) {
  await server.admin('POST', '/v1/programs', SPEND);
  await server.admin('POST', '/v1/programs/spend/activate', {});
  await server.admin('POST', '/v1/programs', WELCOME);
  const events = [];
  for (const c of CUSTOMERS) {
    await server.admin('PUT', `/v1/customers/${c.id}`, { name: c.name, ...(c.email ? { email: c.email } : {}) });
    c.orders.forEach((subtotal, i) => events.push({ customer_id: c.id, id: `${c.id}-o${i + 1}`, type: 'order',
      at: daysAgo(10 - i), order_id: `${c.id}-${i + 1}`, status: 'completed', subtotal }));
  }
  const out = await server.admin('POST', '/v1/events', { events });
  assert.equal(out.awards.length, 3, JSON.stringify(out.awards));
}

// ---------------------------------------------------------------- the browser

let server, context, page, profile;
const problems = [];
const shot = (name) => page.screenshot({ path: join(artifacts, `preview-operate-${name}.png`), fullPage: true });

/** Opens the page at a hash and waits until the view has loaded (or failed). */
async function open(hash) {
  await page.goto('about:blank'); // a hash-only change would not load the page again
  await page.goto(`${server.origin}/admin/operate.html#${hash}`);
  await page.waitForFunction(() => window.stepwiseOperate?.ready, null, { timeout: 20000 });
  await settled();
}
const settled = () => page.waitForFunction(() => /Connected|:/.test(document.getElementById('status').textContent), null, { timeout: 20000 });
/** Follows a navigation link, as a merchant does, and waits for the view. */
async function go(view) {
  await page.evaluate(() => { document.getElementById('status').textContent = ''; });
  await page.click(`.ops-nav a[href="#${view}"]`);
  await settled();
  assert.match(await page.textContent('#status'), /Connected/, await page.textContent('#status'));
}
const rows = (container) => page.locator(`#${container} tbody tr`);
const cents = (text) => Math.round(Number(String(text).replace(/[^0-9.-]/g, '')) * 100);

before(async () => {
  server = await startServer();
  await seed(server);
  profile = mkdtempSync(join(tmpdir(), 'stepwise-operate-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4(00|01|22)/.test(m.text())) problems.push(`console: ${m.text()}`); });
});

after(async () => {
  if (page && problems.length) console.error(problems.join('\n'));
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (server) {
    if (process.exitCode) console.error(`server log (last 3000 characters):\n${server.log().slice(-3000)}`);
    await server.stop();
  }
});

// ---------------------------------------------------------------- the tests

test('the admin key from the URL fragment is kept for the session and taken out of the address', async () => {
  await open(`programs&key=${server.adminKey}`);
  assert.equal(await page.evaluate(() => location.hash), '#programs');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('stepwise.adminKey')), server.adminKey);
  assert.match(await page.textContent('#status'), /Connected/);
});

test('a wrong admin key is reported, and the right one connects', async () => {
  await page.fill('#admin-key', 'not-the-key');
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.waitForFunction(() => document.getElementById('status').classList.contains('error'));
  assert.match(await page.textContent('#status'), /^Programs: .*admin key/i);
  await page.fill('#admin-key', server.adminKey);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.waitForFunction(() => /Connected/.test(document.getElementById('status').textContent));
});

test('programs list shows each program with its kind, status and version, and links to the editor', async () => {
  const { programs } = await server.admin('GET', '/v1/programs');
  assert.deepEqual(programs.map((p) => [p.id, p.status]), [['spend', 'active'], ['welcome', 'inactive']]);
  for (const p of programs) {
    const cells = await page.locator('#programs-table tbody tr', { hasText: p.name }).locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, 4), [`${p.name}${p.id}`, p.kind, p.status, `v${p.version}`]);
    if ('awards_issued' in p) assert.equal(cells[4], String(p.awards_issued));
  }
  const edit = page.getByRole('link', { name: 'Edit Spend Rewards in the program editor' });
  assert.equal(await edit.getAttribute('href'), 'index.html');
  await shot('programs');
});

test('deactivating asks first, and Cancel leaves the program on', async () => {
  await page.getByRole('button', { name: 'Deactivate Spend Rewards' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deactivate Spend Rewards?' });
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal((await server.admin('GET', '/v1/programs/spend')).status, 'active');
});

test('activation warns that the program started in the past and can evaluate existing customers retroactively', async () => {
  await page.getByRole('button', { name: 'Activate Welcome Journey' }).click();
  const dialog = page.getByRole('dialog', { name: 'Activate Welcome Journey?' });
  await dialog.waitFor();
  assert.match(await page.textContent('#confirm-warning'), new RegExp(`starts at ${WELCOME.starts_at}, in the past`));
  await dialog.getByLabel('Evaluate existing customers now (retroactive)').check();
  await shot('activate-dialog');
  await dialog.getByRole('button', { name: 'Activate' }).click();
  await page.waitForFunction(() => /Welcome Journey is active/.test(document.getElementById('status').textContent));
  assert.match(await page.textContent('#status'), /retroactive run is under Jobs/);
  assert.equal((await server.admin('GET', '/v1/programs/welcome')).status, 'active');
  assert.match(await page.locator('#programs-table tr', { hasText: 'Welcome Journey' }).textContent(), /active/);
});

test('the jobs tab shows the retroactive run with its progress and refreshes it until it finishes', async () => {
  // The job may be done before the tab opens: the page's first look is made to see it a third of the way.
  let looks = 0;
  await page.route('**/v1/jobs', async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    if (looks++ === 0) {
      for (const j of body.jobs) Object.assign(j, { processed: 1, finished: false, finished_at: undefined });
    }
    await route.fulfill({ response: res, json: body });
  });
  try {
    await go('jobs');
    const job = page.locator('#jobs-table tbody tr', { hasText: 'retroactive' });
    await job.waitFor();
    assert.match(await job.textContent(), /running/);
    assert.match(await job.textContent(), new RegExp(`1 of ${CUSTOMERS.length} customers`));
    // It refreshes by itself while the job runs: "finished" comes without a reload.
    await job.locator('.badge-finished').waitFor({ timeout: 20000 });
  } finally {
    await page.unroute('**/v1/jobs');
  }
  const job = page.locator('#jobs-table tbody tr', { hasText: 'retroactive' });
  const { jobs } = await server.admin('GET', '/v1/jobs');
  const serverJob = jobs.find((j) => j.kind === 'retroactive');
  assert.ok(serverJob.finished && serverJob.total === CUSTOMERS.length, JSON.stringify(serverJob));
  const bar = job.locator('progress');
  assert.equal(await bar.getAttribute('max'), String(serverJob.total));
  assert.equal(await bar.getAttribute('value'), String(serverJob.processed));
  assert.match(await job.textContent(), new RegExp(`${serverJob.processed} of ${serverJob.total} customers`));
  assert.match(await job.textContent(), /Welcome Journey/);
  await shot('jobs');
});

test('a customer is found by search on the name or the email', async () => {
  await go('customers');
  assert.equal(await rows('customers-table').count(), CUSTOMERS.length);
  await page.getByLabel('Search customers').fill('Ada');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForFunction(() => /matching "Ada"/.test(document.querySelector('#customers-table caption')?.textContent));
  assert.equal(await rows('customers-table').count(), 1);
  assert.match(await rows('customers-table').textContent(), /c-1001.*Ada Lovelace.*ada@example\.com.*\$20\.00/);
  await page.getByLabel('Search customers').fill('alan@');
  await page.getByLabel('Search customers').press('Enter');
  await page.waitForFunction(() => /matching "alan@"/.test(document.querySelector('#customers-table caption')?.textContent));
  assert.equal(await rows('customers-table').count(), 1);
  assert.match(await rows('customers-table').textContent(), /c-1003/);
});

test('a server that refuses the search (400 for q) still finds customers: the page filters them itself', async () => {
  await page.route(/\/v1\/customers\?.*\bq=/, (route) => route.fulfill({ status: 400,
    json: { errors: [{ pointer: '', message: 'query parameter q: unknown' }] } }));
  try {
    await page.getByLabel('Search customers').fill('Grace');
    await page.getByLabel('Search customers').press('Enter');
    await page.waitForFunction(() => /matching "Grace"/.test(document.querySelector('#customers-table caption')?.textContent));
    assert.equal(await rows('customers-table').count(), 1);
    assert.match(await rows('customers-table').textContent(), /c-1002.*Grace Hopper/);
    assert.match(await page.textContent('#customer-search-note'), /does not search/);
  } finally {
    await page.unroute(/\/v1\/customers\?.*\bq=/);
  }
});

test('a customer\'s balance, earned milestones, wallet, rewards and history show, and a reload stays on them', async () => {
  await page.getByLabel('Search customers').fill('Ada');
  await page.getByLabel('Search customers').press('Enter');
  await page.getByRole('link', { name: 'c-1001' }).click();
  await page.locator('#customer-detail').waitFor();
  await page.waitForFunction(() => document.getElementById('customer-balance')?.textContent === '$20.00');
  const check = async () => {
    assert.equal(await page.evaluate(() => location.hash), '#customers/c-1001');
    assert.equal(await page.textContent('#customer-balance'), '$20.00');
    assert.match(await page.textContent('#customer-profile'), /Ada Lovelace.*ada@example\.com/s);
    const spend = page.getByRole('region', { name: 'Progress in Spend Rewards' });
    assert.match(await spend.textContent(), /Qualifying spend\s*\$312\.50.*\$187\.50 to Gold Spender/s);
    const earned = spend.locator('.earned li');
    assert.deepEqual((await earned.allTextContents()).map((t) => t.match(/^(.*?) \$/)[1]), ['First Steps', 'Silver Spender']);
    for (const t of await earned.allTextContents()) assert.match(t, /issued$/);
    // The retroactive run awarded the journey's first step.
    assert.match(await page.getByRole('region', { name: 'Progress in Welcome Journey' }).textContent(), /First Order.*50 points/s);
    assert.equal(await rows('customer-transactions').count(), 2);
    assert.equal(await rows('customer-rewards').count(), 3); // two credits, 50 points
    assert.equal(await rows('customer-history').count(), 2);
  };
  await check();
  await shot('customer');
  await page.reload();
  await page.waitForFunction(() => document.getElementById('customer-balance')?.textContent === '$20.00', null, { timeout: 20000 });
  await check();
});

test('a manual award needs a note, and its note reaches the ledger', async () => {
  const form = page.locator('#award-form');
  await form.getByLabel('Milestone').selectOption({ label: 'Gold Spender (Spend Rewards)' });
  await form.getByRole('button', { name: 'Award' }).click();
  assert.match(await form.locator('.form-errors').textContent(), /Note.*say why/);
  assert.equal(await form.getByLabel(/^Note/).getAttribute('aria-invalid'), 'true');
  assert.equal((await server.admin('GET', '/v1/ledger?customer_id=c-1001')).transactions.length, 2, 'nothing was awarded');
  await form.getByLabel(/^Note/).fill('Goodwill: parcel arrived late');
  await form.getByRole('button', { name: 'Award' }).click();
  await form.locator('.form-ok', { hasText: 'Awarded Gold Spender' }).waitFor();
  assert.equal(await form.locator('.form-errors').textContent(), '');
  assert.equal(await page.textContent('#customer-balance'), '$55.00');
  await go('ledger');
  const row = page.locator('#ledger-table tbody tr', { hasText: 'Goodwill: parcel arrived late' });
  assert.match(await row.textContent(), /c-1001.*Milestone Reward.*Gold Spender.*\$35\.00.*\$55\.00/s);
});

test('a refused wallet debit shows the server\'s error next to the form; a credit posts', async () => {
  await page.goBack();
  await page.waitForFunction(() => document.getElementById('customer-balance')?.textContent === '$55.00', null, { timeout: 20000 });
  const form = page.locator('#wallet-form');
  await form.getByLabel('Type').selectOption('debit');
  await form.getByLabel('Amount').fill('1000.00');
  await form.getByLabel('Note').fill('Order 2001');
  await form.getByRole('button', { name: 'Post' }).click();
  await form.locator('.form-errors li').waitFor();
  assert.match(await form.locator('.form-errors').textContent(), /Amount: exceeds the balance/);
  assert.equal(await form.getByLabel('Amount').getAttribute('aria-invalid'), 'true');
  await shot('wallet-error');
  await form.getByLabel('Type').selectOption('credit');
  await form.getByLabel('Amount').fill('10.00');
  await form.getByLabel('Note').fill('Apology for the late parcel');
  await form.getByRole('button', { name: 'Post' }).click();
  await form.locator('.form-ok', { hasText: 'Posted Manual Credit $10.00; balance $65.00' }).waitFor();
  assert.equal(await page.textContent('#customer-balance'), '$65.00');
});

test('the ledger filter by type narrows the rows', async () => {
  await go('ledger');
  const ledgerForm = page.locator('#ledger-filters');
  const all = (await server.admin('GET', '/v1/ledger')).transactions;
  assert.equal(await rows('ledger-table').count(), all.length);
  await ledgerForm.getByLabel('Type').selectOption('Manual Credit');
  await page.locator('#ledger-filters').getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#ledger-table tbody tr').length === 1);
  assert.match(await rows('ledger-table').textContent(), /Manual Credit.*Apology for the late parcel.*\$10\.00/);
  // A time filter: nothing is dated before the seeded orders.
  await ledgerForm.getByLabel('Type').selectOption('');
  await ledgerForm.getByLabel('To (UTC, before)').fill(daysAgo(30).slice(0, 10));
  await page.locator('#ledger-filters').getByRole('button', { name: 'Apply' }).click();
  await page.locator('#ledger-table .empty').waitFor();
  await ledgerForm.getByLabel('To (UTC, before)').fill('next week');
  await page.locator('#ledger-filters').getByRole('button', { name: 'Apply' }).click();
  assert.match(await page.locator('#ledger-filters .form-errors').textContent(), /To \(UTC, before\): must be a UTC time/);
  await ledgerForm.getByLabel('To (UTC, before)').fill('');
  await ledgerForm.getByLabel('Type').selectOption('Milestone Reward');
  await page.locator('#ledger-filters').getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('#ledger-table tbody tr').length === n,
    all.filter((t) => t.type === 'Milestone Reward').length);
  await shot('ledger');
});

test('the CSV download has the header line and the rows of the same filter', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.match(download.suggestedFilename(), /^stepwise-ledger-Milestone_Reward\.csv$/);
  const lines = readFileSync(await download.path(), 'utf8').split('\r\n').filter(Boolean);
  assert.equal(lines[0], 'transaction_id,date,customer_id,type,note,memo,amount,balance_after,currency,status,requested,' +
    'expires_at,remaining,award_key,program_id,source,order_id,direction,owed');
  const expected = (await server.admin('GET', '/v1/ledger?type=Milestone%20Reward')).transactions;
  assert.equal(lines.length - 1, expected.length);
  assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[0])).sort((a, b) => a - b), expected.map((t) => t.id).sort((a, b) => a - b));
  for (const l of lines.slice(1)) assert.match(l, /,"Milestone Reward",/);
  assert.ok(lines.some((l) => l.includes('Goodwill: parcel arrived late')));
});

test('the summary shows the liability equal to the sum of the customers\' balances', async () => {
  await go('summary');
  const { customers } = await server.admin('GET', '/v1/customers');
  const balances = customers.reduce((s, c) => s + cents(c.balance), 0);
  assert.equal(balances, 2000 + 500 + 3500 + 1000); // Ada 65.00, Grace 5.00
  assert.equal(cents(await page.textContent('#sum-outstanding')), balances);
  const s = await server.admin('GET', '/v1/ledger/summary');
  assert.equal(cents(await page.textContent('#sum-credited')), cents(s.credited));
  assert.equal(cents(await page.textContent('#sum-net')), cents(s.net));
  assert.equal(await page.textContent('#sum-breakage'), '$0.00');
  assert.match(await page.locator('#summary-body table').textContent(), /Manual Credit\s*1\s*\$10\.00/);
  // A period before any activity has no rows, but the liability is still today's.
  await page.locator('#summary-filters').getByLabel('To (UTC, before)').fill(daysAgo(30));
  await page.locator('#summary-filters').getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction(() => /^0 transactions/.test(document.querySelector('#summary-body p')?.textContent));
  assert.equal(await page.textContent('#sum-credited'), '$0.00');
  assert.equal(cents(await page.textContent('#sum-outstanding')), balances);
  await page.locator('#summary-filters').getByLabel('To (UTC, before)').fill('');
  await page.locator('#summary-filters').getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction(() => !/^0 transactions/.test(document.querySelector('#summary-body p')?.textContent));
  await shot('summary');
});

test('the email outbox lists the award emails and flags the ones with no address', async () => {
  await go('outbox');
  const { emails } = await server.admin('GET', '/v1/outbox/emails?pending=true');
  assert.ok(emails.length >= 4, `expected award emails, got ${emails.length}`);
  assert.equal(await rows('outbox-table').count(), emails.length);
  const grace = page.locator('#outbox-table tbody tr', { hasText: 'c-1002' }).first();
  assert.match(await grace.textContent(), /no address/);
  // Flagged in the To column and in the state column (not sent: no email address).
  assert.equal(await grace.locator('.badge-no-address').count(), 2);
  assert.match(await grace.textContent(), /not sent: no email address/);
  const ada = page.locator('#outbox-table tbody tr', { hasText: 'c-1001' }).first();
  assert.match(await ada.textContent(), /ada@example\.com/);
  // Once sent, an email leaves the "not sent yet" list but stays in "all".
  const sent = emails.find((m) => m.customer_id === 'c-1003' || m.to);
  await server.admin('POST', `/v1/outbox/emails/${sent.id}/sent`, {});
  await server.admin('POST', `/v1/outbox/emails/${emails.find((m) => m.id !== sent.id).id}/sent`, { error: 'mailbox full' });
  await page.click('.refresh[data-view="outbox"]');
  await page.waitForFunction((n) => document.querySelectorAll('#outbox-table tbody tr').length === n, emails.length - 1);
  assert.match(await page.locator('#outbox-table').textContent(), /mailbox full/);
  await page.getByLabel('Show').selectOption('false');
  await page.waitForFunction((n) => document.querySelectorAll('#outbox-table tbody tr').length === n, emails.length);
  await shot('outbox');
});

test('keyboard: a navigation link opens its section and moves focus to its heading; the dialog closes with Escape', async () => {
  await page.focus('.ops-nav a[href="#summary"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'summary-title');
  assert.equal(await page.evaluate(() => location.hash), '#summary');
  assert.equal(await page.getAttribute('.ops-nav a[href="#summary"]', 'aria-current'), 'page');
  await go('programs');
  await page.getByRole('button', { name: 'Deactivate Welcome Journey' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.closest('dialog')?.id), 'confirm', 'focus moves into the dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  assert.equal((await server.admin('GET', '/v1/programs/welcome')).status, 'active');
});

test('at 390 px wide every section fits without sideways scrolling of the page', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const hash of ['programs', 'customers/c-1001', 'ledger', 'summary', 'jobs', 'outbox']) {
      await open(hash);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `#${hash} is ${width}px wide`);
      if (hash.startsWith('customers')) await shot('narrow-customer');
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

// axe-core is installed with the storefront's browser tests (tests/browser); without it this test is skipped.
const axeModule = join(repo, 'tests/browser/lib/axe.mjs');
const axeInstalled = existsSync(join(repo, 'tests/browser/node_modules/axe-core'));
test('axe finds no accessibility problems in the main states', { skip: !axeInstalled && 'axe-core not installed (cd tests/browser && npm install)' }, async () => {
  const { axe } = await import(axeModule);
  const found = [];
  for (const hash of ['programs', 'customers/c-1001', 'ledger', 'summary', 'jobs', 'outbox']) {
    await open(hash);
    for (const v of await axe(page)) found.push(`#${hash}: ${v}`);
  }
  await open('programs');
  await page.getByRole('button', { name: 'Deactivate Spend Rewards' }).click();
  await page.getByRole('dialog').waitFor();
  for (const v of await axe(page)) found.push(`dialog: ${v}`);
  await page.keyboard.press('Escape');
  assert.deepEqual(found, []);
});

test('no page errors or console errors along the way', () => {
  assert.deepEqual(problems, []);
});
