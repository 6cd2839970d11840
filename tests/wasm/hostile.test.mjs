// Hostile input, natively and in WebAssembly. The module is built with
// -fno-exceptions, so anything that would make nlohmann/json throw aborts it
// instead: every case here must come back as a value (a report or an error
// list), byte-identical to the native build, as well-formed UTF-8, and the
// module must keep working afterwards.
//  - structured: every node of a few golden vectors' program and history
//    replaced by wrong types, extreme numbers, odd times, zones and strings;
//  - raw bytes: ill-formed UTF-8, NUL, BOM, nesting at and past the limit;
//  - mutations: seeded byte-level edits of valid documents (STEPWISE_SEED).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { callWasm, isUtf8, runNative } from './native.mjs';
import { loadStepwise, vectorsDir } from './paths.mjs';
import { rng } from './generate.mjs';

let stepwise = await loadStepwise();
const read = (dir, file) => fs.readFileSync(path.join(vectorsDir, dir, file), 'utf8');
const vectors = fs.readdirSync(vectorsDir).filter((d) => fs.existsSync(path.join(vectorsDir, d, 'expected.json'))).sort();
// A spread of vectors of both kinds, the same ones on every run.
const bases = vectors.filter((_, i) => i % Math.max(1, Math.floor(vectors.length / 6)) === 0).slice(0, 6).map((d) => ({
  d, program: JSON.parse(read(d, 'program.json')), history: JSON.parse(read(d, 'history.json')), asOf: read(d, 'as_of.txt').trim(),
}));

// Bare integers too large for a JS number are written as {"$int": "digits"}.
const big = (digits) => ({ $int: digits });
const HOSTILE = [null, true, 0, -1, 1, 1.5, 1e300, 2147483648, 4294967296, big('9223372036854775807'), big('9223372036854775808'),
  big('-9223372036854775809'), big('18446744073709551616'), big('123456789012345678901234567890'),
  '', 'x', 'completed', 'spend', 'inactive', 'calendar_months', '1000000000000000', '10000000000000.00', '10000000000000.01',
  '92233720368547758.07', '-1.00', '1e3', ' 1', '1.', '.5', '1.000', '0.00', '0.01', '\u0000', '\ud800', 'x'.repeat(5000), 'ä€😀',
  [], {}, ['a'], [1], [null], { a: 1 }, { kind: 'rolling_days', days: big('9223372036854775807') }, { kind: 'calendar_months', months: 2147483647 },
  '2026-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z', '2026-02-29T00:00:00Z',
  '2026-01-01T24:00:00Z', '2026-01-01T23:59:60Z', '2026-01-01T00:00:00.123456789Z', '2026-01-01T00:00:00+01:00', '2026-01-01t00:00:00z',
  'EST5EDT', 'XST-24XDT,M3.2.0/-167,M11.1.0/167', '<+0530>-5:30', 'AAA3BBB,J60,J365/25', 'AAA3BBB,0,365', 'EST5EDT,M13.9.9,M0.0.0', 'A'];
const json = (v) => JSON.stringify(v, (k, x) => (x && typeof x === 'object' && '$int' in x ? `@@${x.$int}@@` : x)).replace(/"@@(-?\d+)@@"/g, '$1');
const label = (v) => json(v).slice(0, 40);

function nodes(v, at = []) {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...nodes(x, [...at, i])));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) out.push(...nodes(v[k], [...at, k]));
  return out;
}
function replaced(v, at, value) {
  if (at.length === 0) return value;
  const copy = Array.isArray(v) ? v.slice() : { ...v };
  copy[at[0]] = replaced(v[at[0]], at.slice(1), value);
  return copy;
}

// Runs the cases on both sides; returns the failures (at most a few listed).
function compare(cases) {
  const native = runNative(cases.map((c) => c.call));
  const failures = [];
  for (let i = 0; i < cases.length; i++) {
    let wasm;
    try {
      wasm = callWasm(stepwise.module, cases[i].call);
    } catch (e) {
      failures.push(`${cases[i].name}: the module aborted (${String(e).slice(0, 120)})`);
      return failures;  // an aborted module is not reused
    }
    if (!isUtf8(native[i])) failures.push(`${cases[i].name}: native reply is not well-formed UTF-8: ${native[i].toString('latin1').slice(0, 240)}`);
    else if (!wasm.equals(native[i]))
      failures.push(`${cases[i].name}:\n  native: ${native[i].toString().slice(0, 300)}\n  wasm:   ${wasm.toString().slice(0, 300)}`);
  }
  return failures;
}
const report = (failures, count) => assert.equal(failures.length, 0,
  `${failures.length} of ${count} cases differ or fail:\n${failures.slice(0, 8).join('\n')}`);

test(`structured hostile values in ${bases.length} vectors: values, never an abort, identical bytes`, () => {
  const cases = [];
  for (const b of bases) {
    const program = json(b.program), history = json(b.history);
    for (const at of nodes(b.program)) for (const v of HOSTILE)
      cases.push({ name: `${b.d} program/${at.join('/')}=${label(v)}`, call: ['evaluate', json(replaced(b.program, at, v)), history, b.asOf] });
    for (const at of nodes(b.history)) for (const v of HOSTILE)
      cases.push({ name: `${b.d} history/${at.join('/')}=${label(v)}`, call: ['evaluate', program, json(replaced(b.history, at, v)), b.asOf] });
    for (const v of HOSTILE) {
      if (typeof v === 'string') cases.push({ name: `${b.d} as_of=${label(v)}`, call: ['viewModel', program, history, new Uint8Array(Buffer.from(v, 'utf8'))] });
      cases.push({ name: `${b.d} cart=${label(v)}`, call: ['project', program, history, b.asOf, json(v)] });
      cases.push({ name: `${b.d} cart/subtotal=${label(v)}`, call: ['project', program, history, b.asOf, json({ subtotal: v })] });
      cases.push({ name: `${b.d} issued=${label(v)}`, call: ['newlyDue', program, history, b.asOf, json(v), '[]'] });
      cases.push({ name: `${b.d} clawed=[${label(v)}]`, call: ['newlyDue', program, history, b.asOf, '[]', json([v])] });
    }
  }
  report(compare(cases), cases.length);
  console.log(`# ${cases.length} structured cases identical`);
});

const bytes = (s) => new Uint8Array(Buffer.from(s, 'latin1'));
test('raw bytes: ill-formed UTF-8, NUL, BOM, nesting limits', () => {
  const b = bases[0];
  const p = json(b.program), h = json(b.history);
  const name = b.program.name ?? b.program.id;
  const variants = [
    ['0xff in a string', p.replace(`"${name}"`, '"a\xffb"')], ['overlong NUL', p.replace(`"${name}"`, '"\xc0\x80"')],
    ['UTF-8 surrogate', p.replace(`"${name}"`, '"\xed\xa0\x80"')], ['truncated sequence at the end', p.replace(`"${name}"`, '"\xe2\x82"')],
    ['BOM', '\xef\xbb\xbf' + p], ['NUL inside', p.replace(`"${name}"`, '"a\x00b"')], ['NUL after', p + '\x00'], ['garbage after', p + ' x'],
    ['depth 32', '['.repeat(32) + ']'.repeat(32)], ['depth 33', '['.repeat(33) + ']'.repeat(33)], ['depth 100000', '['.repeat(100000)],
    ['brackets in a string', '{"id":"' + '['.repeat(100000) + '"}'], ['escaped lone surrogate', p.replace(`"${name}"`, '"\\ud800"')],
    ['escaped pair', p.replace(`"${name}"`, '"\\ud83d\\ude00"')], ['escaped NUL', p.replace(`"${name}"`, '"\\u0000"')],
    ['1e400', '{"id":1e400}'], ['-1e400', '{"id":-1e400}'], ['30 digits', '{"id":123456789012345678901234567890}'], ['-0', '{"id":-0}'],
    ['empty', ''], ['whitespace', ' \n\t'], ['null', 'null'], ['string', '"program"'], ['array', '[]'],
  ];
  const cases = [];
  for (const [n, text] of variants) {
    cases.push({ name: `program: ${n}`, call: ['evaluate', bytes(text), h, b.asOf] });
    cases.push({ name: `history: ${n}`, call: ['evaluate', p, bytes(text), b.asOf] });
    cases.push({ name: `cart: ${n}`, call: ['project', p, h, b.asOf, bytes(text)] });
    cases.push({ name: `keys: ${n}`, call: ['newlyDue', p, h, b.asOf, bytes(text), '[]'] });
    cases.push({ name: `as_of: ${n}`, call: ['evaluate', p, h, bytes(text.slice(0, 1000))] });
  }
  report(compare(cases), cases.length);
});

// Syntax errors quote up to 20 bytes of the input near the error; a cut in the
// middle of a multi-byte character must not leave ill-formed UTF-8 in the reply.
test('syntax errors that quote multi-byte text', () => {
  const cases = [];
  for (let pad = 0; pad < 4; pad++) {
    const a = 'a'.repeat(pad);
    cases.push({ name: `unterminated, pad ${pad}`, call: ['validateProgram', `{"id":"${a}ääääääääääääääää`] });
    cases.push({ name: `bad escape, pad ${pad}`, call: ['validateProgram', `{"id":"${a}€€€€€€€€€€€€\\q"}`] });
    cases.push({ name: `control character, pad ${pad}`, call: ['validateProgram', `{"id":"${a}😀😀😀😀😀😀😀😀\u0001"}`] });
  }
  report(compare(cases), cases.length);
});

test('seeded byte-level mutations of valid documents', () => {
  const seed = Number(process.env.STEPWISE_SEED || 20261123);
  const r = rng(seed);
  const alphabet = '{}[]":,0123456789.-+eE \\tnfu\u00e4\u20ac\ud83d\ude00ab';
  const cases = [];
  for (let i = 0; i < 3000; i++) {
    const b = r.pick(bases);
    const which = r.int(0, 2);
    let text = which === 0 ? json(b.program) : which === 1 ? json(b.history) : JSON.stringify({ subtotal: '12.50', items: [{ sku: 'A', quantity: 1, amount: '12.50', categories: ['shoes'] }] });
    for (let k = r.int(1, 3); k > 0; k--) {
      const at = r.int(0, text.length), ch = r.pick([...alphabet]), op = r.int(0, 2);
      text = op === 0 ? text.slice(0, at) + ch + text.slice(at) : op === 1 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + ch + text.slice(at + 1);
    }
    // As UTF-8 bytes on both sides (a cut surrogate pair becomes U+FFFD here,
    // not a lone surrogate that each side would encode differently).
    text = new Uint8Array(Buffer.from(text, 'utf8'));
    const p = json(b.program), h = json(b.history);
    const call = which === 0 ? ['evaluate', text, h, b.asOf] : which === 1 ? ['evaluate', p, text, b.asOf] : ['project', p, h, b.asOf, text];
    cases.push({ name: `seed ${seed} mutation ${i} of ${b.d} (${['program', 'history', 'cart'][which]})`, call });
  }
  report(compare(cases), cases.length);
});

test('the module still answers correctly after all of that', async () => {
  for (const d of vectors.slice(0, 5)) {
    const reply = stepwise.module.evaluate(read(d, 'program.json'), read(d, 'history.json'), read(d, 'as_of.txt').trim());
    const native = runNative([['evaluate', read(d, 'program.json'), read(d, 'history.json'), read(d, 'as_of.txt').trim()]])[0];
    assert.equal(reply, native.toString('utf8'), d);
  }
});
