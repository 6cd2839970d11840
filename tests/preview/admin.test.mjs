// Browser test of the admin page (web/admin) against the real stepwise-server:
// headless Chromium (Debian's, WebGL through SwiftShader) driven by playwright-core.
//   node tests/preview/admin.test.mjs --server build/bin/stepwise-server
// A merchant builds the seed's journey ("Place 3 orders -> Write 2 reviews -> Refer 1
// friend") with the mouse and keyboard on the ImGui canvas, simulates a customer,
// checks that the storefront widget beside it shows the engine's same report, saves,
// reloads and turns the program on. Then the merchant-trust regressions: the example
// journey never overwrites a live program, a save over a program changed meanwhile is
// refused (409), a draft survives a reload, versions are listed, compared and restored.
// Screenshots go to test-artifacts/.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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

function startServer() {
  return startWebServer({ bin: serverBin, web: join(repo, 'web'), tag: 'preview', extraArgs: ['--no-email'] });
}

// ---------------------------------------------------------------- the page

function driver(page) {
  const d = {
    frames: (n = 2) => page.evaluate((n) => new Promise((ok) => {
      let k = n;
      const f = () => (--k <= 0 ? ok() : requestAnimationFrame(f));
      requestAnimationFrame(f);
    }), n),
    state: () => page.evaluate(() => window.stepwisePreview.state()),
    async mark(name) {
      await d.frames(2);
      const r = await page.evaluate((n) => window.stepwisePreview.marks()[n], name);
      assert.ok(r, `the UI drew no widget named ${name}`);
      const box = await page.locator('#canvas').boundingBox();
      return { x: box.x + (r[0] + r[2]) / 2, y: box.y + (r[1] + r[3]) / 2 };
    },
    // Like a mouse: move there, press, release.
    async click(name) {
      let p = await d.mark(name);
      await page.mouse.move(p.x, p.y);
      await d.frames(2);
      p = await d.mark(name);
      await page.mouse.move(p.x, p.y);
      await page.mouse.down();
      await d.frames(2);
      await page.mouse.up();
      await d.frames(3);
    },
    // Click a text field, select all, type. ImGui 1.86 reads key state once a
    // frame, so keys stay down for a few frames (characters are queued).
    async fill(name, text) {
      await d.click(name);
      await page.keyboard.down('Control');
      await page.keyboard.down('a');
      await d.frames(3);
      await page.keyboard.up('a');
      await page.keyboard.up('Control');
      await d.frames(2);
      await page.keyboard.type(text, { delay: 20 });
      await d.frames(3);
    },
    // Press on one widget, move to another over several frames, release there.
    async drag(from, to) {
      const a = await d.mark(from);
      await page.mouse.move(a.x, a.y);
      await d.frames(2);
      await page.mouse.down();
      await d.frames(2);
      await page.mouse.move(a.x + 10, a.y + 10, { steps: 3 });
      await d.frames(2);
      let b = await d.mark(to);
      await page.mouse.move(b.x, b.y, { steps: 5 });
      await d.frames(2);
      b = await d.mark(to); // where it is now, as click() does: a slow frame may have moved it
      await page.mouse.move(b.x, b.y);
      await d.frames(3);
      await page.mouse.up();
      await d.frames(3);
    },
    async choose(combo, item) {
      await d.click(combo);
      await d.click(item);
    },
  };
  return d;
}

/** The page's in-page dialog (#ask): waits for it, returns its text, presses the button of that value. */
async function answer(page, value) {
  await page.waitForSelector('#ask[open]', { timeout: 10000 });
  const text = await page.textContent('#ask');
  await page.click(`#ask button[value="${value}"]`); // closes it (a next question may reopen it)
  return text;
}

const statusMatches = (page, re) => page.waitForFunction((src) => new RegExp(src).test(document.getElementById('status').textContent),
  re.source, { timeout: 15000 });

/** A journey document for the API (the contract's shape). */
function journeyDoc(id, { name = 'Live Journey', status = 'inactive', target = 3 } = {}) {
  return {
    id, name, kind: 'journey', status, starts_at: '2026-01-01T00:00:00Z',
    steps: [
      { id: 'orders', name: 'First Steps', description: `Place ${target} orders`, metric: 'orders', target,
        rewards: [{ type: 'points', points: 100 }] },
      { id: 'reviews', name: 'Share', description: 'Write 2 reviews', metric: 'reviews', target: 2,
        rewards: [{ type: 'points', points: 200 }] },
    ],
  };
}

/** Counts canvas pixels that differ from its background colour (the screenshot decoded in the page). */
async function paintedPixels(page, png) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = Object.assign(document.createElement('canvas'), { width: img.width, height: img.height });
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, img.width, img.height).data;
    // The most frequent colour is the background; everything else was painted.
    const counts = new Map();
    for (let i = 0; i < px.length; i += 4) {
      const c = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
      counts.set(c, (counts.get(c) || 0) + 1);
    }
    const background = Math.max(...counts.values());
    return { painted: px.length / 4 - background, total: px.length / 4, colours: counts.size };
  }, png.toString('base64'));
}

// ---------------------------------------------------------------- the test

/** Refreshes the page's program list, then loads that program as a merchant would. */
async function listAndLoad(page, id) {
  await page.evaluate(() => window.stepwisePreview.listPrograms());
  await page.selectOption('#program-list', id);
  await page.click('#load');
  await page.waitForFunction((id) => window.stepwisePreview.origin && window.stepwisePreview.origin.id === id &&
    /Loaded/.test(document.getElementById('status').textContent), id, { timeout: 10000 });
}

const steps = [];
const step = async (name, fn) => {
  const t = Date.now();
  await fn();
  steps.push(name);
  console.log(`ok - ${name} (${Date.now() - t} ms)`);
};

const server = await startServer();
const profile = mkdtempSync(join(tmpdir(), 'stepwise-preview-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-gl=swiftshader', '--enable-unsafe-swiftshader',
    '--ignore-gpu-blocklist'],
  viewport: { width: 1600, height: 1300 },
});
const page = await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
// The 409s the conflict tests provoke are expected; the response log below still shows them.
page.on('console', (m) => {
  if (m.type() === 'error' && !/status of 409/.test(m.text())) problems.push(`console: ${m.text()}`);
});
page.on('response', (r) => { if (r.status() >= 400) console.log(`  (HTTP ${r.status()} ${r.url()})`); });
const d = driver(page);
let failed = null;

try {
  await step('the admin page loads the ImGui preview from the server', async () => {
    await page.goto(`${server.origin}/admin/#key=${server.adminKey}`);
    await page.waitForFunction(() => window.stepwisePreview, null, { timeout: 60000 });
    await page.waitForFunction(() => /Ready/.test(document.getElementById('status').textContent), null, { timeout: 10000 });
    const s = await d.state();
    assert.equal(s.valid, true);
    assert.equal(s.program.steps.length, 1);
    // A new draft never defaults to an id a server program may have.
    assert.match(s.program.id, /^journey-[0-9a-z]{6}$/);
    assert.equal(await page.textContent('header a[href="operate.html"]'), 'Operations');
  });

  await step('the canvas renders (WebGL2 through SwiftShader): non-blank pixels', async () => {
    await d.frames(5);
    const png = await page.locator('#canvas').screenshot({ path: join(artifacts, 'preview-canvas-initial.png') });
    const p = await paintedPixels(page, png);
    console.log(`  canvas: ${p.painted} of ${p.total} pixels painted, ${p.colours}+ colours`);
    assert.ok(p.painted > p.total * 0.05, 'the canvas is (almost) blank');
    assert.ok(p.colours > 20, 'the canvas has too few colours to be the UI');
  });

  await step('a merchant builds the seed journey with mouse and keyboard', async () => {
    await d.fill('step-name/0', 'First Steps');
    await d.fill('step-description/0', 'Place 3 orders');
    await d.fill('step-target/0', '3');
    let s = await d.state();
    assert.equal(s.program.steps[0].target, 3, JSON.stringify(s.program.steps[0]));
    assert.equal(s.program.steps[0].description, 'Place 3 orders');
    await d.click('step-header/0'); // fold it away

    await d.choose('new-step-metric', 'new-step-metric-item/3'); // Number of reviews
    await d.click('add-step');
    await d.fill('step-name/1', 'Share');
    await d.fill('step-description/1', 'Write 2 reviews');
    await d.fill('step-target/1', '2');
    await d.choose('add-reward/1', 'add-reward-item/1/free_shipping');
    await d.click('customer-picks/1');
    await d.click('step-header/1');

    await d.choose('new-step-metric', 'new-step-metric-item/4'); // Number of referrals
    await d.click('add-step');
    await d.fill('step-name/2', 'Refer');
    await d.fill('step-description/2', 'Refer 1 friend');
    // Store credit asks for the permission once.
    await d.choose('reward-type/2/0', 'reward-type-item/2/0/store_credit');
    s = await d.state();
    assert.equal(s.program.steps[2].rewards[0].type, 'points', 'store credit waits for the permission');
    await d.click('grant-store-credit');

    s = await d.state();
    assert.equal(s.valid, true, JSON.stringify(s.errors));
    assert.deepEqual(s.program.steps.map((x) => [x.metric, x.target, x.description]),
      [['orders', 3, 'Place 3 orders'], ['reviews', 2, 'Write 2 reviews'], ['referrals', 1, 'Refer 1 friend']]);
    assert.deepEqual(s.program.steps[1].rewards.map((r) => r.type), ['points', 'free_shipping']);
    assert.deepEqual(s.program.steps[1].reward_choice, { pick: 1 });
    assert.equal(s.program.steps[2].rewards[0].type, 'store_credit');
    assert.equal(s.store_credit_permission, true);
    assert.equal(await page.evaluate(() => localStorage.getItem('stepwise.storeCreditPermission')), 'granted');
  });

  await step('dragging a step by its handle reorders the journey, and back', async () => {
    const order = async () => (await d.state()).program.steps.map((x) => x.metric);
    await d.drag('step-handle/2', 'step-header/0');
    assert.deepEqual(await order(), ['referrals', 'orders', 'reviews']);
    await d.drag('step-handle/0', 'step-header/2');
    assert.deepEqual(await order(), ['orders', 'reviews', 'referrals']);
  });

  await step('a simulated customer walks it; the storefront widget shows the same report', async () => {
    for (const name of ['add-order', 'add-order', 'add-order', 'add-review', 'add-review']) await d.click(name);
    let s = await d.state();
    assert.equal(s.report.current_step, 2);
    await d.click('add-referral');
    s = await d.state();
    assert.equal(s.history.events.length, 6);
    assert.equal(s.report.completed, true);
    const id = s.program.id;
    assert.deepEqual(s.report.awards.map((a) => a.key), [`${id}:step-1:1`, `${id}:step-2:1`, `${id}:step-3:1`]);
    // The widget draws from the same program, history and as-of time, through its own engine.
    await page.waitForFunction((asOf) => {
      const w = document.getElementById('widget');
      return w.state && w.state.phase === 'ready' && w.state.asOf === asOf;
    }, s.as_of, { timeout: 30000 });
    const widget = await page.evaluate(() => {
      const w = document.getElementById('widget');
      return { report: w.state.report, view: w.state.viewModel, text: w.shadowRoot.textContent };
    });
    assert.deepEqual(widget.report, s.report);
    assert.deepEqual(widget.view, s.view);
    assert.match(widget.text, /Refer 1 friend/);
    await page.screenshot({ path: join(artifacts, 'preview-admin.png') });
  });

  let saved;
  let built; // the id of the journey built above
  await step('Save stores the program on the server (admin key)', async () => {
    const s = await d.state();
    built = s.program.id;
    await page.click('#save');
    await page.waitForFunction(() => /Saved|Save:/.test(document.getElementById('status').textContent), null, { timeout: 10000 });
    assert.equal(await page.textContent('#status'), `Saved ${built} (version 1, inactive).`);
    saved = await server.admin('GET', `/v1/programs/${built}`);
    assert.deepEqual(saved, s.evaluated_program.status === 'active' ? { ...s.evaluated_program, status: 'inactive' } : s.evaluated_program);
    assert.deepEqual(saved.steps.map((x) => x.description), ['Place 3 orders', 'Write 2 reviews', 'Refer 1 friend']);
  });

  await step('Load brings it back after local changes (round trip)', async () => {
    await page.click('#example'); // a different journey, under a new id
    let s = await d.state();
    assert.equal(s.program.steps[0].description, 'Place your 3rd order');
    assert.notEqual(s.program.id, built);
    await page.selectOption('#program-list', built);
    await page.click('#load');
    await page.waitForFunction(() => /Loaded/.test(document.getElementById('status').textContent), null, { timeout: 10000 });
    s = await d.state();
    assert.deepEqual(s.program, saved);
  });

  await step('Turn on asks about past history, warns of a past start, and activates', async () => {
    const activation = page.waitForRequest((r) => r.url().endsWith(`/v1/programs/${built}/activate`));
    await page.click('#turn-on');
    await page.waitForSelector('#ask[open]');
    // starts_at is 2026-01-01, before today: the dialog says so.
    assert.match(await page.textContent('#ask .warn'), /in the past/);
    await page.click('#ask label.choice:has-text("Also for past history")');
    const text = await answer(page, 'on');
    assert.match(text, /Only from now on/);
    assert.deepEqual((await activation).postDataJSON(), { retroactive: true });
    await page.waitForFunction(() => /is on|Turn on:/.test(document.getElementById('status').textContent), null, { timeout: 10000 });
    assert.match(await page.textContent('#status'), new RegExp(`${built} is on`));
    assert.equal((await server.admin('GET', `/v1/programs/${built}`)).status, 'active');
    assert.equal((await d.state()).program.status, 'active');
  });

  await step('the analytics funnel evaluates the server\'s customers', async () => {
    const events = [];
    for (const [c, orders] of [['ann', 3], ['bob', 1], ['cy', 4]]) {
      for (let i = 1; i <= orders; i++) {
        events.push({ customer_id: c, id: `${c}-o${i}`, type: 'order', at: `2026-02-0${i}T10:00:00Z`, order_id: `${c}-${i}`,
          status: 'completed', subtotal: '20.00' });
      }
    }
    await server.admin('POST', '/v1/events', { events });
    await page.fill('#cohort-ids', 'ann, bob, cy');
    await page.click('#server-cohort');
    await page.waitForFunction(() => /Cohort loaded|Cohort from server:/.test(document.getElementById('status').textContent),
      null, { timeout: 20000 });
    const status = await page.textContent('#status');
    assert.match(status, /Cohort loaded \(server: 3 customers\)/, status);
    // As of March the engine puts ann (3 orders) and cy (4) at step 2, bob (1) at step 1.
    await page.evaluate(() => window.stepwisePreview.setAsOf('2026-03-01T00:00:00Z'));
    const f = await page.evaluate(() => window.stepwisePreview.funnel());
    assert.equal(f.customers, 3);
    assert.deepEqual(f.rows.map((r) => [r.reached, r.standing]), [[3, 1], [2, 2], [0, 0]]);
    assert.equal(f.completed, 0);
    await d.click('tab-analytics');
    await d.mark('funnel-row/2');
    await page.locator('#canvas').screenshot({ path: join(artifacts, 'preview-analytics.png') });
  });

  await step('the editor scrolls with the mouse wheel, the way the wheel turns', async () => {
    const before = (await d.state()).program;
    const long = { ...before };
    long.steps = Array.from({ length: 10 }, (_, i) => ({ ...long.steps[0], id: `wheel-${i}` }));
    await page.evaluate((p) => window.stepwisePreview.loadProgram(JSON.stringify(p)), long);
    const addStep = async () => (await d.mark('add-step')).y;
    const top = await addStep();
    const box = await page.locator('#canvas').boundingBox();
    await page.mouse.move(box.x + 150, box.y + 300); // over the editor
    await d.frames(2);
    await page.mouse.wheel(0, 100); // one notch down: the content moves up, a few lines
    await d.frames(3);
    const down = await addStep();
    assert.ok(down < top && down > top - 200, `one notch down moved add-step from ${top} to ${down}`);
    await page.mouse.wheel(0, -100);
    await d.frames(3);
    assert.equal(await addStep(), top);
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'the page itself does not scroll');
    await page.evaluate((p) => window.stepwisePreview.loadProgram(JSON.stringify(p)), before);
  });

  // ------------------------------------------------ merchant trust: nothing live is replaced unasked

  await step('example journey never overwrites a live program', async () => {
    // A live loyalty-journey (the id the example used to save under) with an issued award.
    await server.admin('POST', '/v1/programs', journeyDoc('loyalty-journey', { status: 'active' }));
    const orders = [1, 2, 3].map((i) => ({ customer_id: 'live-1', id: `live-o${i}`, type: 'order', at: `2026-02-0${i}T10:00:00Z`,
      order_id: `live-${i}`, status: 'completed', subtotal: '20.00' }));
    const out = await server.admin('POST', '/v1/events', { events: orders });
    assert.equal(out.awards.filter((a) => a.program_id === 'loyalty-journey').length, 1, JSON.stringify(out.awards));
    const before = await server.admin('GET', '/v1/programs/loyalty-journey');
    const listed = (await server.admin('GET', '/v1/programs')).programs.find((p) => p.id === 'loyalty-journey');
    assert.equal(listed.awards_issued, 1);

    await page.click('#example');
    const draft = (await d.state()).program;
    assert.match(draft.id, /^journey-[0-9a-z]{6}$/);
    await page.click('#save');
    await statusMatches(page, /Saved|Save:/);
    assert.equal(await page.textContent('#status'), `Saved ${draft.id} (version 1, inactive).`);

    assert.deepEqual(await server.admin('GET', '/v1/programs/loyalty-journey'), before);
    const programs = (await server.admin('GET', '/v1/programs')).programs;
    const live = programs.find((p) => p.id === 'loyalty-journey');
    assert.deepEqual([live.status, live.version, live.awards_issued], ['active', 1, 1]);
    const created = programs.find((p) => p.id === draft.id);
    assert.ok(created, `no program ${draft.id} on the server`);
    assert.equal(created.name, draft.name);

    // An imported program whose id the server has (and the editor did not load) gets a fresh id too.
    await page.setInputFiles('#import', { name: 'live.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(before)) });
    await statusMatches(page, /Imported|Import /);
    const imported = (await d.state()).program;
    assert.match(imported.id, /^journey-[0-9a-z]{6}$/);
    assert.match(await page.textContent('#status'), /new id .*already has a program loyalty-journey/);
  });

  await step('saving a program changed meanwhile is refused with 409 and says so', async () => {
    await server.admin('POST', '/v1/programs', journeyDoc('busy-journey', { name: 'Busy Journey' }));
    await listAndLoad(page, 'busy-journey');
    const edited = { ...(await d.state()).program, name: 'Edited Here' };
    await page.evaluate((p) => window.stepwisePreview.loadProgram(JSON.stringify(p)), edited);

    const put = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/v1/programs/busy-journey'));
    await page.click('#save');
    await page.waitForSelector('#ask[open]');
    // While the merchant reads the question, someone else saves version 2.
    await server.admin('PUT', '/v1/programs/busy-journey', journeyDoc('busy-journey', { name: 'Renamed Elsewhere' }));
    const asked = await answer(page, 'save');
    assert.match(asked, /Save over “Busy Journey”\?.*busy-journey.*inactive.*version 1.*0 awards/s);
    assert.match(asked, /Customers see the change/);
    const response = await put;
    assert.equal(response.status(), 409);
    assert.equal(response.request().headers()['if-match'], '"1"');

    await page.waitForSelector('#ask[open]');
    assert.match(await page.textContent('#status'), /Not saved: busy-journey was changed on the server .*version 1.*version 2/);
    assert.match(await page.textContent('#ask'), /Someone else changed this program/);
    await page.click('#ask button[value="compare"]');
    await page.waitForSelector('#ask[open] table.diff');
    const diffs = await page.$$eval('#ask table.diff', (ts) => ts.map((t) => t.textContent));
    assert.match(diffs[0], /\/name.*Busy Journey.*Renamed Elsewhere/s); // theirs
    assert.match(diffs[1], /\/name.*Busy Journey.*Edited Here/s); // mine
    await answer(page, 'reload');
    await statusMatches(page, /Reloaded busy-journey \(version 2\)/);

    const stored = await server.admin('GET', '/v1/programs/busy-journey');
    assert.equal(stored.name, 'Renamed Elsewhere');
    assert.deepEqual((await d.state()).program, stored);
    assert.equal(await page.evaluate(() => window.stepwisePreview.origin.version), 2);

    // Creating a program whose id exists: POST answers 409 and the page says so.
    await page.evaluate((p) => window.stepwisePreview.loadProgram(JSON.stringify(p)), { ...stored, id: 'loyalty-journey' });
    await page.click('#save');
    await statusMatches(page, /Save:/);
    assert.match(await page.textContent('#status'), /already exists on the server/);
  });

  await step('a draft survives a reload', async () => {
    await listAndLoad(page, 'busy-journey');
    const edited = { ...(await d.state()).program, name: 'Half Done' };
    await page.evaluate((p) => window.stepwisePreview.loadProgram(JSON.stringify(p)), edited);
    await page.waitForFunction(() => /Half Done/.test(localStorage.getItem('stepwise.draft') || ''), null, { timeout: 5000 });

    await page.reload();
    await page.waitForFunction(() => window.stepwisePreview, null, { timeout: 60000 });
    assert.equal((await d.state()).program.name, 'Half Done');
    assert.ok(await page.isVisible('#draft-note'));
    assert.match(await page.textContent('#draft-note'), /Restored your unsaved draft of “Half Done” \(busy-journey, edited from version 2/);
    assert.deepEqual(await page.evaluate(() => [window.stepwisePreview.origin.id, window.stepwisePreview.origin.version]),
      ['busy-journey', 2]);

    await page.click('#discard-draft');
    await statusMatches(page, /Discarded your draft/);
    assert.ok(!(await page.isVisible('#draft-note')));
    assert.deepEqual((await d.state()).program, await server.admin('GET', '/v1/programs/busy-journey'));
  });

  await step('versions can be listed, compared and restored', async () => {
    await server.admin('POST', '/v1/programs', journeyDoc('kept-journey', { name: 'Kept v1', target: 3 }));
    await server.admin('PUT', '/v1/programs/kept-journey', journeyDoc('kept-journey', { name: 'Kept v1', target: 5 }));
    await server.admin('PUT', '/v1/programs/kept-journey', journeyDoc('kept-journey', { name: 'Kept v3', target: 5 }));
    const v1 = await server.admin('GET', '/v1/programs/kept-journey/versions/1');
    await listAndLoad(page, 'kept-journey');

    await page.click('#versions');
    await page.waitForSelector('#versions-dialog[open]');
    const rows = await page.$$eval('#versions-rows tr', (trs) => trs.map((tr) => [...tr.cells].slice(0, 4).map((c) => c.textContent)));
    assert.deepEqual(rows.map((r) => [r[0], r[2], r[3]]),
      [['3 (current)', 'inactive', 'Kept v3'], ['2', 'inactive', 'Kept v1'], ['1', 'inactive', 'Kept v1']]);
    assert.ok(rows.every((r) => /^\d{4}-\d\d-\d\dT/.test(r[1])), JSON.stringify(rows));

    await page.selectOption('#compare-from', '1');
    await page.selectOption('#compare-to', '3');
    await page.click('#compare');
    await page.waitForSelector('#versions-diff table.diff');
    const diff = await page.textContent('#versions-diff');
    assert.match(diff, /Changes from version 1 to version 3/);
    assert.match(diff, /\/name.*"Kept v1".*"Kept v3"/s);
    assert.match(diff, /\/steps\/0\/target.*3.*5/s);

    const restore = page.waitForRequest((r) => r.url().endsWith('/v1/programs/kept-journey/versions/1/restore'));
    await page.click('#versions-rows tr[data-version="1"] button.restore');
    const asked = await answer(page, 'restore');
    assert.match(asked, /Restore version 1 of kept-journey/);
    assert.match(asked, /new version 4/);
    assert.equal((await restore).headers()['if-match'], '"3"');
    await page.waitForFunction(() => /Restored version 1/.test(document.getElementById('versions-note').textContent), null, { timeout: 10000 });
    await page.screenshot({ path: join(artifacts, 'preview-versions.png') });
    await page.click('#versions-dialog menu button[value="close"]');

    const now = await server.admin('GET', '/v1/programs/kept-journey');
    assert.deepEqual(now, v1);
    assert.equal((await server.admin('GET', '/v1/programs')).programs.find((p) => p.id === 'kept-journey').version, 4);
    assert.match(await page.textContent('#program-list'), /kept-journey, inactive, v4/);
    assert.deepEqual((await d.state()).program, now);
    assert.equal(await page.evaluate(() => window.stepwisePreview.origin.version), 4);
  });

  assert.deepEqual(problems, []);
} catch (e) {
  failed = e;
  try { await page.screenshot({ path: join(artifacts, 'preview-failure.png') }); } catch { /* page gone */ }
  console.error(`not ok - ${e.stack || e}`);
  if (problems.length) console.error(problems.join('\n'));
  writeFileSync(join(artifacts, 'preview-server.log'), server.log());
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  await server.stop();
}
console.log(failed ? 'preview browser test FAILED' : `preview browser test: ${steps.length} steps passed`);
process.exit(failed ? 1 : 0);
