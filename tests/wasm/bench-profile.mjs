// Profile (not a test): where the module spends the benchmark workload under
// Node. Samples the V8 CPU profiler over the bench's evaluations and prints the
// functions with the most self time. Needs a module linked with names, e.g. a
// tree configured with -DCMAKE_EXE_LINKER_FLAGS=--profiling-funcs (docs/wasm.md);
// STEPWISE_WASM_DIR points at it. c++filt demangles the names if present.
import { Session } from 'node:inspector/promises';
import { spawnSync } from 'node:child_process';
import { loadStepwise } from './paths.mjs';
import { benchCases } from './bench-cases.mjs';

const top = Number(process.env.STEPWISE_PROFILE_TOP || 20);
const rounds = Number(process.env.STEPWISE_PROFILE_ROUNDS || 10);
const stepwise = await loadStepwise();
const cases = benchCases(stepwise);
for (const c of cases) stepwise.module.evaluate(c[1], c[2], c[3]); // warm up

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 }); // microseconds
await session.post('Profiler.start');
for (let i = 0; i < rounds; i++) for (const c of cases) stepwise.module.evaluate(c[1], c[2], c[3]);
const { profile } = await session.post('Profiler.stop');
session.disconnect();

// Self time per node = the time deltas of the samples taken in it.
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const { functionName, url } = byId.get(id).callFrame;
  const kind = url.startsWith('wasm://') ? 'wasm' : url ? 'js' : 'vm';
  const key = `${kind}\t${functionName || '(anonymous)'}`;
  const dt = profile.timeDeltas[i] || 0;
  self.set(key, (self.get(key) || 0) + dt);
  total += dt;
});

const rows = [...self.entries()].sort((a, b) => b[1] - a[1]);
const share = (kind) => rows.filter(([k]) => k.startsWith(kind + '\t')).reduce((s, [, t]) => s + t, 0);
const names = rows.slice(0, top).map(([k]) => k.split('\t')[1]);
const filt = spawnSync('c++filt', [], { input: names.join('\n') + '\n', encoding: 'utf8' });
const shown = filt.status === 0 ? filt.stdout.split('\n') : names;
// Template arguments hide the method name: keep the outermost level only.
const brief = (name) => {
  let out = '', depth = 0;
  for (const ch of name.replace(/std::__2::/g, 'std::').replace(/nlohmann::json_abi_v[0-9_]+::/g, 'nlohmann::')) {
    if (ch === '<' && depth++ === 0) out += '<…';
    if (depth === 0) out += ch;
    if (ch === '>' && --depth === 0) out += '>';
  }
  return out;
};
const pct = (t) => ((100 * t) / total).toFixed(1).padStart(5) + '%';
console.log(`${rounds * cases.length} evaluations, ${(total / 1000).toFixed(0)} ms sampled`);
console.log(`self time: wasm ${pct(share('wasm'))}, JS ${pct(share('js'))}, VM/GC/idle ${pct(share('vm'))}`);
rows.slice(0, top).forEach(([k, t], i) => {
  const name = brief(shown[i]);
  console.log(`${pct(t)}  ${k.split('\t')[0].padEnd(4)}  ${name}`);
});
