// Benchmark (not a test): the same evaluation workload natively (the batch
// driver, timed inside one process) and in WebAssembly under Node, reported as
// a ratio from one run on one machine.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { loadStepwise, nativeBatch } from './paths.mjs';
import { benchCases } from './bench-cases.mjs';

const stepwise = await loadStepwise();
const cases = benchCases(stepwise);
const rounds = 20;
const all = Array.from({ length: rounds }, () => cases).flat();

// Native: one process over all rounds; subtract an empty run's start-up cost.
const input = all.map((c) => JSON.stringify(c)).join('\n') + '\n';
const time = (text) => {
  const t0 = performance.now();
  const r = spawnSync(nativeBatch, [], { input: text, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error('native batch failed');
  return performance.now() - t0;
};
const idle = Math.min(time(''), time(''));
const native = Math.min(time(input), time(input)) - idle;

// WebAssembly: the same calls in-process (warm up first).
for (const c of cases) stepwise.module.evaluate(c[1], c[2], c[3]);
let best = Infinity;
for (let attempt = 0; attempt < 2; attempt++) {
  const t0 = performance.now();
  for (const c of all) stepwise.module.evaluate(c[1], c[2], c[3]);
  best = Math.min(best, performance.now() - t0);
}
const perCase = (ms) => ((ms * 1000) / all.length).toFixed(1);
console.log(`cases: ${all.length} evaluations (JSON in, report JSON out; ${cases.length} distinct programs/histories)`);
console.log(`native: ${perCase(native)} us/evaluation (includes reading stdin lines)`);
console.log(`wasm:   ${perCase(best)} us/evaluation (Node ${process.versions.node}, Embind strings)`);
console.log(`ratio wasm/native: ${(best / native).toFixed(2)}`);
