// Differential test: thousands of random cases evaluated natively (the same
// wasm/api.cpp compiled for the host) and in WebAssembly, compared byte for
// byte. STEPWISE_SEED varies the run (CI uses the fixed default);
// STEPWISE_CASES sets the count. A mismatch prints the seed and writes the
// smallest failing case it can find to test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeCase } from './generate.mjs';
import { callWasm as call, isUtf8, runNative } from './native.mjs';
import { loadStepwise, root } from './paths.mjs';

const baseSeed = Number(process.env.STEPWISE_SEED || 20261123);
const count = Number(process.env.STEPWISE_CASES || 12000);
const stepwise = await loadStepwise();
const callWasm = (c) => call(stepwise.module, c);

// Drops events while the mismatch persists, to leave a small case to debug.
function shrink(call) {
  let current = call;
  const differs = (c) => !runNative([c])[0].equals(callWasm(c));
  let history;
  try { history = JSON.parse(current[2]); } catch { return current; }
  if (!Array.isArray(history.events)) return current;
  for (let i = history.events.length - 1; i >= 0; i--) {
    const events = history.events.filter((_, j) => j !== i);
    const candidate = [...current];
    candidate[2] = JSON.stringify({ ...history, events });
    if (differs(candidate)) { history = { ...history, events }; current = candidate; }
  }
  return current;
}

test(`native and WebAssembly agree on ${count} random cases (seed ${baseSeed})`, () => {
  const calls = Array.from({ length: count }, (_, i) => makeCase(baseSeed + i));
  const native = runNative(calls);
  assert.equal(native.length, calls.length);
  let errors = 0, awards = 0;
  for (let i = 0; i < calls.length; i++) {
    const bytes = callWasm(calls[i]);
    if (!bytes.equals(native[i]) || !isUtf8(native[i])) {
      const dir = path.join(root, 'test-artifacts');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `differential-seed-${baseSeed + i}.json`);
      fs.writeFileSync(file, JSON.stringify(shrink(calls[i]), null, 1));
      assert.fail(`mismatch at seed ${baseSeed + i} (case written to ${file})\n` +
        `native: ${native[i].toString('latin1').slice(0, 300)}\nwasm:   ${bytes.toString('latin1').slice(0, 300)}`);
    }
    const wasm = bytes.toString('utf8');
    if (wasm.startsWith('{"input"')) errors++;
    awards += (wasm.match(/"awarded_at"/g) || []).length;
  }
  // The generator must reach both the error paths and the award paths.
  assert.ok(errors > count / 50, `only ${errors} error replies`);
  assert.ok(awards > count, `only ${awards} awards`);
  console.log(`# ${count} cases identical: ${errors} error replies, ${awards} awards`);
});
