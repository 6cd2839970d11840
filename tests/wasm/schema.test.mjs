// schema/engine.schema.json against what the engine really writes: the generated files are
// current, every golden vector's report and the native CLI's view models, projections and due
// lists validate, and a broken report does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nativeCli, root, vectorsDir } from './paths.mjs';

const schema = JSON.parse(fs.readFileSync(path.join(root, 'schema/engine.schema.json'), 'utf8'));
const openapi = JSON.parse(fs.readFileSync(path.join(root, 'server/src/openapi.json'), 'utf8'));
const def = (name) => ({ $ref: `#/$defs/${name}` });
const api = (name) => ({ $ref: `#/components/schemas/${name}` });
const resolve = (ref) => (ref.startsWith('#/$defs/') ? schema.$defs[ref.slice('#/$defs/'.length)]
  : openapi.components.schemas[ref.slice('#/components/schemas/'.length)]);

// The first mismatch's JSON Pointer and why, or null. Exactly the subset the schema uses.
function mismatch(s, v, at = '') {
  if (s.$ref) return mismatch(resolve(s.$ref), v, at);
  if (v === null) return s.nullable ? null : `${at || '/'}: null where not nullable`;
  if (s.oneOf) {
    const fits = s.oneOf.filter((x) => mismatch(x, v, at) === null).length;
    if (fits === 1) return null;
    if (fits > 1) return `${at || '/'}: matches ${fits} oneOf branches`;
    // Report the branch that got furthest (the longest pointer) to say where it went wrong.
    return s.oneOf.map((x) => mismatch(x, v, at)).sort((a, b) => b.split(':')[0].length - a.split(':')[0].length)[0];
  }
  if (s.enum && !s.enum.includes(v)) return `${at || '/'}: ${JSON.stringify(v)} is not one of ${s.enum.join(', ')}`;
  const types = { string: (x) => typeof x === 'string', boolean: (x) => typeof x === 'boolean',
    number: (x) => typeof x === 'number', integer: Number.isInteger, array: Array.isArray,
    object: (x) => typeof x === 'object' && !Array.isArray(x) };
  if (s.type && !types[s.type](v)) return `${at || '/'}: ${JSON.stringify(v)} is not ${s.type}`;
  if (s.type === 'array') {
    for (let i = 0; i < v.length; i++) {
      const m = mismatch(s.items, v[i], `${at}/${i}`);
      if (m) return m;
    }
  }
  if (s.type === 'object') {
    for (const k of s.required || []) if (!(k in v)) return `${at || '/'}: ${k} is missing`;
    for (const [k, x] of Object.entries(v)) {
      const p = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!s.properties?.[k]) {
        if (s.additionalProperties === false) return `${p}: not allowed`;
        continue;
      }
      const m = mismatch(s.properties[k], x, p);
      if (m) return m;
    }
  }
  return null;
}
const valid = (name, value, what) => assert.equal(mismatch(def(name), value), null, `${what} is not a ${name}`);

test('the generated files are current (gen-types.mjs --check)', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/gen-types.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

const vectors = fs.readdirSync(vectorsDir).filter((d) => fs.existsSync(path.join(vectorsDir, d, 'expected.json')));
test('there are golden vectors of both kinds', () => {
  const kinds = new Set(vectors.map((d) => JSON.parse(fs.readFileSync(path.join(vectorsDir, d, 'expected.json'), 'utf8')).kind));
  assert.deepEqual([...kinds].sort(), ['journey', 'tiers']);
});
for (const name of vectors) {
  test(`vector ${name}: expected.json is a Report`, () =>
    valid('Report', JSON.parse(fs.readFileSync(path.join(vectorsDir, name, 'expected.json'), 'utf8')), name));
}

// The native CLI's other documents, for vectors with awards, choices, refunds and claw-backs.
const cliVectors = ['journey-pick-choice-expiry', 'journey-withdrawal-and-full-refund-while-active',
  'tiers-clawback-cancel-two-tiers-expiry', 'tiers-clawback-refund-then-reearn', 'lead-seed-tiers-312', 'journey-inactive-step'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-schema-'));
const cart = path.join(tmp, 'cart.json');
fs.writeFileSync(cart, JSON.stringify({ subtotal: '150.00' }));
const none = path.join(tmp, 'none.json');
fs.writeFileSync(none, '[]');
const cli = (command, dir, ...more) => JSON.parse(execFileSync(nativeCli, [command, '--program', path.join(dir, 'program.json'),
  '--history', path.join(dir, 'history.json'), '--as-of', fs.readFileSync(path.join(dir, 'as_of.txt'), 'utf8').trim(), ...more],
{ encoding: 'utf8' }));

for (const name of cliVectors) {
  const dir = path.join(vectorsDir, name);
  test(`vector ${name}: stepwise view, project and due`, { skip: !fs.existsSync(nativeCli) && `no ${nativeCli}` }, () => {
    valid('ViewModel', cli('view', dir), 'stepwise view');
    valid('Projection', cli('project', dir, '--cart', cart), 'stepwise project');
    const due = cli('due', dir, '--issued', none, '--clawed', none);
    valid('Due', due, 'stepwise due');
    assert.ok(due.awards.length > 0 || name === 'journey-inactive-step', `${name}: due has awards to check`);
  });
}

test('a broken report is rejected, with the pointer of the first mismatch', () => {
  const good = JSON.parse(fs.readFileSync(path.join(vectorsDir, 'lead-seed-tiers-312', 'expected.json'), 'utf8'));
  assert.equal(mismatch(def('Report'), good), null);
  const extra = structuredClone(good);
  extra.tiers[0].colour = 'gold';
  assert.match(mismatch(def('Report'), extra), /^\/tiers\/0\/colour: not allowed/);
  const badEnum = structuredClone(good);
  badEnum.tiers[0].status = 'paused';
  assert.match(mismatch(def('Report'), badEnum), /^\/tiers\/0\/status: "paused" is not one of/);
  const badKind = structuredClone(good);
  badKind.kind = 'ladder';
  assert.notEqual(mismatch(def('Report'), badKind), null);
  const missing = structuredClone(good);
  delete missing.pending;
  assert.match(mismatch(def('Report'), missing), /pending is missing/);
  assert.match(mismatch(def('ViewModel'), { ...cli('view', path.join(vectorsDir, 'lead-seed-tiers-312')), current: 'x' }),
    /^\/current: "x" is not integer/);
});

test('the OpenAPI Report is the engine report plus the keys the server adds to each award', () => {
  const report = JSON.parse(fs.readFileSync(path.join(vectorsDir, 'lead-seed-tiers-312', 'expected.json'), 'utf8'));
  assert.equal(mismatch(api('Report'), report), null);
  assert.ok(report.milestones_earned.length > 0);
  const served = structuredClone(report);
  Object.assign(served.milestones_earned[0], { status: 'issued', source: 'engine', transaction_id: 7 });
  assert.equal(mismatch(api('Report'), served), null);
  assert.match(mismatch(def('Report'), served), /^\/milestones_earned\/0\/status: not allowed/);
  served.milestones_earned[0].status = 'lost';
  assert.match(mismatch(api('Report'), served), /^\/milestones_earned\/0\/status: "lost" is not one of/);
  assert.deepEqual(openapi.components.schemas.WidgetView.properties.view_model, api('ViewModel'));
  assert.equal(mismatch(api('ViewModel'), cli('view', path.join(vectorsDir, 'lead-seed-tiers-312'))), null);
});

test('--check names the stale file', () => {
  const copy = fs.mkdtempSync(path.join(tmp, 'repo-'));
  for (const f of ['scripts/gen-types.mjs', 'schema/engine.schema.json', 'server/src/openapi.json', 'packages/stepwise-wasm/engine-types.d.mts']) {
    fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
    fs.copyFileSync(path.join(root, f), path.join(copy, f));
  }
  fs.appendFileSync(path.join(copy, 'packages/stepwise-wasm/engine-types.d.mts'), '// edited by hand\n');
  const r = spawnSync(process.execPath, [path.join(copy, 'scripts/gen-types.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /engine-types\.d\.mts is stale/);
  assert.doesNotMatch(r.stderr, /openapi\.json is stale/);
});
