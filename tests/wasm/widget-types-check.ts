// Compiled with `tsc --noEmit` against the widget package's declarations
// (packages/stepwise-widget/index.d.ts, launcher.d.ts): a store's typed use of the
// elements must compile, and misuse must not.
import type { StepwiseDataSource, StepwiseJourneyElement } from '../../packages/stepwise-widget/index.js';
import type { StepwiseLauncherElement } from '../../packages/stepwise-widget/launcher.js';

// The tag names give the element types.
const journey = document.createElement('stepwise-journey');
const same: StepwiseJourneyElement = journey;
const found: StepwiseJourneyElement | null = document.querySelector('stepwise-journey');
const launcher: StepwiseLauncherElement = document.createElement('stepwise-launcher');

journey.setAttribute('program', 'summer');
journey.products = { 'gift-1': 'Tote bag' };
journey.setCart({ subtotal: '40.00', items: [] });
void journey.refresh();
if (journey.state.phase === 'ready' && journey.state.viewModel) console.log(journey.state.viewModel.items.length);

// A data source with only the parts it has.
const source: StepwiseDataSource = {
  program: (id) => ({ id, kind: 'journey', steps: [] }),
  history: async () => ({ events: [] }),
  notices: () => [],
};
journey.dataSource = source;
journey.dataSource = null;

// Events carry typed details.
journey.addEventListener('stepwise:render', (e) => {
  const phase: 'loading' | 'signed-out' | 'expired' | 'missing' | 'error' | 'ready' = e.detail.phase;
  console.log(phase);
});
journey.addEventListener('stepwise:redeem', (e) => console.log(e.detail.option, e.detail.award_key));
journey.addEventListener('click', (e) => console.log(e.clientX));

launcher.open();
const open: boolean = launcher.expanded;

// @ts-expect-error a data source must answer history()
const incomplete: StepwiseDataSource = { program: () => ({}) };
// @ts-expect-error state is read-only
journey.state = journey.state;
// @ts-expect-error no such phase
journey.addEventListener('stepwise:render', (e) => e.detail.phase === 'done');
// @ts-expect-error expanded is read-only
launcher.expanded = true;

export { same, found, open, incomplete };
