// The loading state: a skeleton in the program's shape (a journey's steps or
// the tiers of spend tiers), of a fixed height per part, so that the store's
// page does not move when the real content replaces it (docs/widget.md,
// "Reserving its space"). The shape comes from the `shape` attribute
// ("journey 4", "tiers 3"), else from the program once it has arrived; on a
// repeat view the height the widget last had at this width is reserved as
// well (localStorage), which covers what the shape cannot know (notices, the
// length of My rewards).

// Without a shape, the skeleton of a four-step journey (the common program).
const DEFAULT = { kind: 'journey', steps: 4 };
const MAX_STEPS = 12;

/** {kind, steps} from the program when it is known, else from the attribute ("tiers 3", "4"). */
export function shapeOf(attr, program) {
  let kind = program ? program.kind : (/tiers/i.test(attr || '') ? 'tiers' : 'journey');
  let n = program && Array.isArray(program.steps) ? program.steps.length : parseInt(String(attr || '').replace(/^\D+/, ''), 10);
  if (kind !== 'tiers') kind = 'journey';
  if (!Number.isFinite(n) || n < 1) return DEFAULT;
  return { kind, steps: Math.min(n, MAX_STEPS) };
}

const lines = (...widths) => widths.map((w) => `<div class="skeleton w${w}"></div>`).join('');

/** The skeleton's markup; `messageHtml` (the loading message) stands where the program's name will. */
export function skeleton(messageHtml, { kind, steps }) {
  const head = kind === 'tiers'
    ? `<div class="skeleton-next">${lines(40)}<div class="skeleton bar big"></div>${lines(55)}</div>`
    : '<div class="skeleton-overall"><div class="skeleton bar big"></div></div>';
  const step = kind === 'tiers'
    ? `<li class="skeleton-tier">${lines(40, 55)}</li>`
    : `<li class="skeleton-step"><span class="skeleton-dot"></span><div>${lines(40, 70, 55)}</div></li>`;
  return `${messageHtml}<div class="skeleton-body skeleton-${kind}" aria-hidden="true">` +
    `${head}<ol>${step.repeat(steps)}</ol><div class="skeleton-mine">${lines(40, 70)}</div></div>`;
}

// The last height per program and width (a 40 px band), for repeat views.
const key = (program, width) => `stepwise:height:${program}:${Math.round(width / 40)}`;

export function rememberedHeight(program, width) {
  try {
    return Number(localStorage.getItem(key(program, width))) || 0;
  } catch {
    return 0; // storage refused (privacy settings): the shape alone
  }
}

export function rememberHeight(program, width, height) {
  try {
    localStorage.setItem(key(program, width), String(Math.round(height)));
  } catch {
    // storage refused: nothing to remember
  }
}
