// Benchmark (not a test): several builds of the module side by side in one Node
// process, against the native batch driver, for comparing build flags on a
// loaded machine. Each trial times one pass over the workload per module and
// one native run, interleaved; the minimum over trials is reported, which
// load from other processes can only raise. Byte-identical replies are checked.
//   STEPWISE_WASM_DIRS=dirA:dirB node tests/wasm/bench-variants.mjs
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { moduleDir, nativeBatch } from './paths.mjs';
import { benchCases } from './bench-cases.mjs';

const dirs = (process.env.STEPWISE_WASM_DIRS || moduleDir).split(':').filter(Boolean);
const trials = Number(process.env.STEPWISE_TRIALS || 15);
// Each Emscripten instance adds its own process listeners: many modules are expected here.
process.setMaxListeners(0);
const modules = [];
for (const dir of dirs) modules.push((await import(path.join(path.resolve(dir), 'index.mjs'))).loadStepwise());
const loaded = await Promise.all(modules);
const cases = benchCases(loaded[0]);

const reference = cases.map((c) => loaded[0].module.evaluate(c[1], c[2], c[3]));
loaded.forEach((m, i) => {
  cases.forEach((c, k) => {
    if (m.module.evaluate(c[1], c[2], c[3]) !== reference[k]) throw new Error(`${dirs[i]}: reply ${k} differs`);
  });
});

// Native: the driver over a few rounds of the cases, less an empty run's start-up.
const nativeRounds = 4;
const input = Array.from({ length: nativeRounds }, () => cases).flat().map((c) => JSON.stringify(c)).join('\n') + '\n';
const run = (text) => {
  const t0 = performance.now();
  const r = spawnSync(nativeBatch, [], { input: text, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error('native batch failed');
  return performance.now() - t0;
};
let idle = Infinity, native = Infinity;
const best = loaded.map(() => Infinity);
for (let t = 0; t < trials; t++) {
  idle = Math.min(idle, run(''));
  native = Math.min(native, run(input));
  loaded.forEach((m, i) => {
    const t0 = performance.now();
    for (const c of cases) m.module.evaluate(c[1], c[2], c[3]);
    best[i] = Math.min(best[i], performance.now() - t0);
  });
}
const nativeUs = ((native - idle) * 1000) / (nativeRounds * cases.length);
console.log(`${cases.length} evaluations per pass, best of ${trials}; native ${nativeUs.toFixed(1)} us/evaluation`);
loaded.forEach((m, i) => {
  const us = (best[i] * 1000) / cases.length;
  console.log(`${path.basename(path.resolve(dirs[i])).padEnd(16)} ${us.toFixed(1).padStart(7)} us/evaluation  ratio ${(us / nativeUs).toFixed(2)}`);
});
