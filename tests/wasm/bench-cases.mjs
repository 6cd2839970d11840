// The benchmark workload, shared by bench.mjs (wasm vs native) and
// bench-profile.mjs (where the module spends it): 400 storefront-sized random
// evaluations, each an `evaluate` call as [name, program, history, as_of].
import { rng, program, history } from './generate.mjs';

export function benchCases(stepwise, count = 400) {
  const cases = [];
  for (let seed = 1; cases.length < count; seed++) {
    const r = rng(seed);
    const { value: p, digits } = program(r);
    p.status = 'active';
    const h = history(r, digits);
    const call = ['evaluate', JSON.stringify(p), JSON.stringify(h), '2026-12-31T00:00:00Z'];
    // A storefront-sized evaluation: skip the generator's pathological cases
    // (thousands of awards, megabytes of report), which the differential test covers.
    if (stepwise.module.evaluate(call[1], call[2], call[3]).length < 20000) cases.push(call);
  }
  return cases;
}
