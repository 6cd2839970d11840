// HTML for each state and section. Every number shown comes from the engine's
// view model, report or projection; these functions only choose words and
// localize. All text passes through Fmt.t(), which escapes values.
import { escapeHtml as esc } from './format.js';
import { picked } from './mine.js';

let uid = 0;
const id = (p) => `${p}${++uid}`;

/**
 * A progress bar named by `labelHtml`, its value read out in words (`valueHtml`, "1 of 2 reviews").
 * Both are plain text from Fmt.t(). The fill width is set from data-pct after insertion (no inline styles, CSP-safe).
 */
export function bar(pct, labelHtml, valueHtml, cls = '') {
  return `<div class="bar ${cls}" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${pct}"` +
    ` aria-valuetext="${valueHtml}" aria-label="${labelHtml}"><div class="fill" data-pct="${pct}"></div></div>`;
}

/** A message; focusable from script (tabindex -1) so that focus can land on what just changed. */
export const message = (f, kind, textHtml, actionHtml = '') =>
  `<div class="msg ${kind}" role="${kind === 'error' ? 'alert' : 'status'}" tabindex="-1"><p>${textHtml}</p>${actionHtml}</div>`;

/** The status line of a reward form: saving, or what is wrong. */
export const choiceStatus = (f, choice, st) =>
  st.busy ? f.t('chooseSaving') : st.error ? f.t(st.error, { pick: choice.pick }) : '';

function rewardList(f, item) {
  if (!item.rewards.length) return '';
  const lid = id('rw');
  const head = item.pick && item.pick < item.rewards.length
    ? f.t('rewardsPick', { pick: item.pick }) : f.t('rewards');
  return `<div class="rewards"><span class="rw-head" id="${lid}">${head}</span><ul aria-labelledby="${lid}">` +
    item.rewards.map((r) => `<li>${f.reward(r)}</li>`).join('') + '</ul></div>';
}

const NOTICE = { award: 'noticeAward', redemption: 'noticeRedeemed', choice: 'noticeChoose', picked: 'noticePicked' };

/**
 * A notice in the store's words: its kind, its step's name (`where`), what it gave (the server's
 * records, else `recs` from My rewards, else the step's rewards) and its codes; the server's English
 * when one of them is unknown.
 */
function noticeText(f, n, where, recs) {
  const step = NOTICE[n.kind] && where({ program_id: n.program, milestone_id: n.step });
  const item = (step && step.item) || {};
  const rewards = n.rewards || (recs.length || n.kind === 'picked' ? recs : item.rewards || []);
  // What each kind's words count: a choice its pick, an award or a pick its rewards.
  const known = n.kind === 'choice' ? item.pick : n.kind === 'redemption' || rewards.length;
  if (!step || !known) return esc(n.text);
  return f.t(NOTICE[n.kind], { step: step.name, pick: item.pick, options: (item.rewards || []).length,
    rewardsHtml: f.rewards(rewards),
    codesHtml: rewards.filter((r) => r.code).map((r) => f.t('noticeCode', { code: r.code, rewardHtml: f.reward(r) })).join('') });
}

/** Notices and pending choices: shared by both program kinds. `where(reward)`: its step, as for My rewards. */
export function extras(f, state, where) {
  let html = '';
  for (const n of state.notices) {
    const recs = n.key && state.mine && state.mine.rewards ? state.mine.rewards.filter((r) => r.award_key === n.key) : [];
    const text = f.t('notice', { titleHtml: `<strong>${f.t('congrats')}</strong>`,
      textHtml: `<span>${noticeText(f, n, where, recs)}</span>` });
    // What the notice announces stays in My rewards: a way there.
    const show = recs.length ? `<button type="button" class="ghost" data-show="${esc(n.key)}">${f.t('showMine')}</button>` : '';
    html += `<div class="notice" role="status" tabindex="-1" data-notice="${esc(n.id)}"><div>${text}</div>` +
      `<div class="notice-actions">${show}<button type="button" class="ghost" data-dismiss="${esc(n.id)}">` +
      `${f.t('dismiss')}</button></div></div>`;
  }
  for (const c of state.choices) {
    const gid = id('ch');
    const multi = c.pick > 1;
    const st = state.choiceState[c.id] || {};
    const picks = st.picks || [];
    // While saving, the button says so with aria-disabled: a disabled control would drop keyboard focus.
    html += `<form class="choice" data-choice="${esc(c.id)}" aria-labelledby="${gid}">` +
      `<h3 id="${gid}">${f.t('chooseTitle', { name: c.name })}</h3>` +
      `<fieldset><legend>${f.t('choosePick', { pick: c.pick })}</legend>` +
      c.rewards.map((r, i) =>
        `<label><input type="${multi ? 'checkbox' : 'radio'}" name="${gid}" value="${i}"${picks.includes(i) ? ' checked' : ''}>` +
        `<span>${f.reward(r)}</span></label>`).join('') +
      `</fieldset><button type="submit" aria-disabled="${!!st.busy}">${f.t('chooseSubmit')}</button>` +
      `<p class="small choice-status" role="status">${choiceStatus(f, c, st)}</p></form>`;
  }
  for (const text of state.choiceDone) html += message(f, 'ok', text);
  return html;
}

/** Orders that wait out the refund hold: "Your $30.00 order counts on Dec 8, ..." (from the report's `pending`). */
export function pending(f, list) {
  if (!list || !list.length) return '';
  if (list.length === 1) {
    return `<p class="small pending">${f.t('pending', { count: 1, amount: f.money(list[0].spend), date: f.date(list[0].counts_at) })}</p>`;
  }
  const first = list.reduce((a, o) => (o.counts_at < a ? o.counts_at : a), list[0].counts_at);
  return `<p class="small pending">${f.t('pending', { count: list.length, date: f.date(first) })}</p>`;
}

// ---- journeys ----

function stepHtml(f, vm, item, i, ctx) {
  const n = i + 1;
  const hid = id('st');
  const cur = item.state === 'current';
  const marker = item.state === 'done'
    ? '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3 8.5l3.2 3L13 4.5" fill="none" stroke="currentColor" stroke-width="2"/></svg>'
    : item.state === 'locked'
      ? '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M4.5 7V5.5a3.5 3.5 0 017 0V7M3.5 7h9v7h-9z" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>'
      : `<span aria-hidden="true">${f.num(n)}</span>`;
  const stateText = f.t(item.state === 'done' ? 'done' : cur ? 'current' : 'locked');
  const progress = f.t(`progress.${item.metric}`, {
    value: f.qty(item.metric, item.value), target: f.qty(item.metric, item.target),
  });
  let detail = '';
  if (item.state === 'done') {
    detail = item.completed_at ? `<p class="small">${f.t('completedOn', { date: f.date(item.completed_at) })}</p>` : '';
    if (item.pick && item.pick < item.rewards.length) detail += picked(f, ctx.rewards, vm.program_id, item.id);
  } else if (cur) {
    const togo = f.t(`toGo.${item.metric}`, { remaining: f.qty(item.metric, item.remaining) });
    detail = bar(item.pct, f.t('stepProgress', { n }), progress) +
      `<p class="small"><span class="value">${progress}</span>${f.t('separator')}<span class="togo">${togo}</span></p>` +
      pending(f, ctx.pending);
  } else {
    detail = `<p class="small">${f.t('unlocksAfter', { n: n - 1 })}</p>`;
  }
  return `<li class="step ${item.state}" data-step="${esc(item.id)}" aria-labelledby="${hid}"${cur ? ' aria-current="step"' : ''}>` +
    `<span class="marker">${marker}</span><div class="body">` +
    `<div class="row"><h3 id="${hid}">${f.t('labelled', { labelHtml: `<span class="num">${f.t('step', { n })}</span>`, value: item.label })}</h3>` +
    `<span class="badge">${stateText}</span></div>` +
    (item.description ? `<p class="desc">${esc(item.description)}</p>` : '') +
    detail + rewardList(f, item) + '</div></li>';
}

/** @param ctx {rewards, pending}: the shopper's reward records and the orders waiting out the hold */
export function journey(f, vm, ctx = {}) {
  const total = vm.items.length;
  const done = vm.items.filter((x) => x.state === 'done').length;
  const lid = id('ov');
  const summary = vm.completed ? f.t('journeyDone') : f.t('stepsDone', { done, total });
  return `<div class="overall"><div class="row"><span id="${lid}">${f.t('overall')}</span>` +
    `<span class="small">${summary}</span></div>` +
    bar(vm.overall_pct, f.t('overall'), f.t('stepsDone', { done, total }), 'big') + '</div>' +
    `<ol class="steps" aria-label="${f.t('steps')}">${vm.items.map((it, i) => stepHtml(f, vm, it, i, ctx)).join('')}</ol>`;
}

/** Why a cart adds nothing: the minimum order it misses (amounts from the program and the engine), else plainly. */
function noCount(f, program, proj, stepHtml) {
  const min = program && program.rules && program.rules.min_order;
  if (min && !/^[0.,]*$/.test(proj.min_order_short || '0')) {
    return f.t('projBelowMin', { short: f.money(proj.min_order_short), minimum: f.money(min.amount), stepHtml });
  }
  if (proj.min_quantity_short > 0) return f.t('projBelowMinItems', { short: proj.min_quantity_short, stepHtml });
  return f.t('projNoCount', { stepHtml });
}

/** The line under a projection that completes a step: what of the order the engine says no later step gets. */
export function carryNote(f, vm, proj) {
  if (vm.kind !== 'journey' || !proj.completes_steps.length || /^[0.,]*$/.test(proj.not_carried || '0')) return '';
  const next = proj.completes_steps[proj.completes_steps.length - 1] + 1;
  if (next >= vm.items.length) return '';
  return f.t('projNotCarried', { amount: f.money(proj.not_carried), stepHtml: f.t('step', { n: next + 1 }) });
}

export function journeyProjection(f, vm, proj, program) {
  if (proj.completes_steps.length) {
    const steps = f.and.format(proj.completes_steps.map((i) => f.t('step', { n: i + 1 })));
    if (!proj.unlocked.length) return f.t('projFinishOnly', { stepsHtml: steps });
    const rewards = f.and.format(proj.unlocked.map((a) => f.rewards(a.rewards, a.choice && a.choice.pick)));
    return f.t('projFinish', { stepsHtml: steps, rewardsHtml: rewards });
  }
  const i = vm.current;
  if (i == null) return '';
  const before = vm.items[i];
  const after = proj.after.steps[i];
  const step = f.t('step', { n: i + 1 });
  if (String(after.value) === before.value) return noCount(f, program, proj, step);
  const progress = f.t(`progress.${after.metric}`, {
    value: f.qty(after.metric, after.value), target: f.qty(after.metric, after.target),
  });
  return f.t('projProgress', { progressHtml: progress, stepHtml: step });
}

// ---- spend tiers ----

function tierHtml(f, item) {
  const badge = { earned: 'earned', next: 'next', upcoming: 'upcoming', inactive: 'paused' }[item.state] || 'upcoming';
  const hid = id('ti');
  const amount = f.money(item.target);
  const parts = [f.t(item.repeating ? 'everyThreshold' : 'threshold', { amount })];
  if (item.rewards.length) parts.push(f.rewards(item.rewards, item.pick));
  if (item.repeating && item.times_earned) parts.push(f.t('timesEarned', { count: item.times_earned }));
  return `<li class="tier ${item.state}" data-tier="${esc(item.id)}" aria-labelledby="${hid}">` +
    `<div class="row"><h4 id="${hid}">${esc(item.label)}</h4><span class="badge">${f.t(badge)}</span></div>` +
    `<p class="small">${parts.join(f.t('separator'))}</p></li>`;
}

// One date per award, the day it was earned (My rewards and the wallet explain a later crediting day).
function earnedItem(f, m) {
  const item = f.t('earnedItem', { name: m.name, amount: f.money(m.reward_amount), date: f.date(m.awarded_at) });
  if (!m.clawed_back_at) return item;
  return f.t('annotated', { textHtml: item, noteHtml: f.t('reversed', { date: f.date(m.clawed_back_at) }) });
}

/** The tier the shopper holds: the highest one-time tier earned ("You are a Silver Spender"). */
function tierStatus(f, vm) {
  const held = vm.items.filter((it) => it.state === 'earned' && !it.repeating).pop();
  return held ? `<p class="tier-status">${f.t('tierStatus', { name: held.label })}</p>` : '';
}

export function tiers(f, vm, report) {
  let html = tierStatus(f, vm) + `<p class="spent">${f.t('spent', { amount: f.money(report.qualifying_spend) })}</p>` +
    pending(f, report.pending);
  const next = vm.current == null ? null : vm.items[vm.current];
  if (next) {
    const label = f.t('labelled', { label: f.t('nextMilestone'), valueHtml: `<strong>${esc(next.label)}</strong>` });
    const spent = f.t('progress.spend', { value: f.money(next.value), target: f.money(next.target) });
    html += `<div class="next-card" data-next="${esc(next.id)}"><div class="row"><span class="label">${label}</span>` +
      `<span class="small">${f.pct(next.pct)}</span></div>` +
      bar(next.pct, f.t('tierProgress', { name: next.label }), spent, 'big') +
      `<p class="togo">${f.t('tierToGo', { remaining: f.money(next.remaining), name: next.label })}</p>` +
      (next.rewards.length ? `<p class="small">${f.t('tierReward', { rewardsHtml: f.rewards(next.rewards, next.pick) })}</p>` : '') +
      '</div>';
  } else if (vm.completed) {
    html += `<p class="msg ok">${f.t('allEarned')}</p>`;
  }
  html += `<h3>${f.t('milestones')}</h3><ol class="tiers">${vm.items.map((it) => tierHtml(f, it)).join('')}</ol>`;
  const earned = report.milestones_earned;
  html += `<h3>${f.t('earnedList')}</h3>`;
  html += earned.length
    ? '<ul class="earned">' + earned.map((m) =>
      `<li data-key="${esc(m.key)}"${m.clawed_back_at ? ' class="reversed"' : ''}>` +
      earnedItem(f, m) + '</li>').join('') + '</ul>'
    : `<p class="small">${f.t('noneEarned')}</p>`;
  return html;
}

export function tiersProjection(f, vm, proj, program) {
  if (proj.unlocked.length) {
    const names = f.and.format(proj.unlocked.map((a) => esc(a.name)));
    const rewards = f.and.format(proj.unlocked.filter((a) => a.rewards.length).map((a) => f.rewards(a.rewards)));
    return rewards
      ? f.t('projReach', { namesHtml: names, rewardsHtml: rewards })
      : f.t('projReachOnly', { namesHtml: names });
  }
  const next = proj.after.next_milestone;
  if (!next) return '';
  // The engine says what the cart adds; zero means it does not qualify (minimum order, categories...).
  if (/^[0.,]*$/.test(proj.adds_spend)) return noCount(f, program, proj, esc(next.name));
  return f.t('projCloser', { remaining: f.money(next.remaining), name: next.name });
}
