// axe-core inside the page (it walks open shadow roots too).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe on the page (WCAG 2.x A/AA and best practices); returns the violations, summarized. */
export async function axe(page, context = 'document') {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: source });
  // Judge what the shopper ends up seeing: let entrance animations (the notice's fade-in) finish.
  await page.evaluate(() => {
    const roots = [document, ...[...document.querySelectorAll('*')].filter((e) => e.shadowRoot).map((e) => e.shadowRoot)];
    const finite = roots.flatMap((r) => r.getAnimations()).filter((a) => a.effect?.getTiming().iterations !== Infinity);
    return Promise.race([Promise.all(finite.map((a) => a.finished)), new Promise((r) => setTimeout(r, 3000))]);
  });
  const violations = await page.evaluate(async (ctx) => {
    const result = await window.axe.run(ctx === 'document' ? document : ctx, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  }, context);
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n'));
}
