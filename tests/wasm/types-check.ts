// Compiled with `tsc --noEmit` against the declarations copied next to the
// built module (packages/stepwise-wasm/index.d.mts and stepwise.d.mts): they must describe the
// API the way a storefront developer would use it, and reject misuse.
import { loadStepwise, StepwiseError, type Report, type ViewModel, type StepwiseModule } from '../../build-wasm/wasm/index.mjs';
import createStepwise from '../../build-wasm/wasm/stepwise.mjs';

async function demo(): Promise<string> {
  const stepwise = await loadStepwise();
  const program = { id: 'spend', kind: 'tiers', steps: [{ id: 'gold', target: '500.00' }] };
  const history = { customer: { id: '42' }, events: [] };
  const report: Report = stepwise.evaluate(program, history, '2026-06-01T00:00:00Z');
  const text: string = stepwise.evaluateText(JSON.stringify(program), JSON.stringify(history), '2026-06-01T00:00:00Z');
  const view: ViewModel = stepwise.viewModel(program, history, '2026-06-01T00:00:00Z');
  const projection = stepwise.project(program, history, '2026-06-01T00:00:00Z', { subtotal: '40.00' });
  const due = stepwise.newlyDue(program, history, '2026-06-01T00:00:00Z', ['spend:gold:1']);
  let summary = `${view.overall_pct}% ${projection.unlocked.length} ${due.awards.length} ${text.length} ${stepwise.version}`;
  if (report.kind === 'tiers') summary += report.qualifying_spend + (report.next_milestone?.remaining ?? '');
  else summary += report.steps.map((s) => s.state).join(',');
  try {
    stepwise.validateProgram('{}');
  } catch (e) {
    if (e instanceof StepwiseError) summary += e.errors.map((x) => x.pointer).join(' ') + e.input;
  }

  // The raw module: strings in, strings out.
  const raw: StepwiseModule = await createStepwise({ wasmBinary: new Uint8Array(0) });
  const reply: string = raw.evaluate('{}', '{}', '2026-06-01T00:00:00Z');
  summary += raw.newlyDue('{}', '{}', 'x', '[]', '[]') + reply + stepwise.module.version();

  // Misuse the declarations must reject.
  // @ts-expect-error as_of is required
  stepwise.evaluate(program, history);
  // @ts-expect-error the raw module takes JSON text, not objects
  raw.evaluate(program, history, '2026-06-01T00:00:00Z');
  // @ts-expect-error reports are read-only results with known shapes
  const wrong: number = report.as_of;
  // @ts-expect-error no such call
  stepwise.award(program);
  return summary + wrong;
}
void demo;
