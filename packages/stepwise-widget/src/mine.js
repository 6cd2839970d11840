// "My rewards": everything the shopper earned, from the server's reward records
// (GET .../rewards) and wallet (GET .../wallet), so that nothing earned lives
// only in a one-time notice. Codes with a copy button and their state, the
// reward picked on a "pick N of" step, points with their history and expiry,
// store credit that expires. Only words and dates are chosen here.
import { escapeHtml as esc } from './format.js';

const dayOf = (iso) => String(iso || '').slice(0, 10);

/** "Journey reward: Welcome aboard" for the step a reward came from (names from `where(reward)`). */
function origin(f, where, r) {
  const w = where(r);
  if (!w) return f.t('fromAny', { name: r.milestone_id });
  return f.t(`from.${w.kind}`, { name: w.name });
}

/** One date per reward: when it was earned; when it was added later, that too, with why. */
export function earnedWhen(f, r) {
  const earned = r.earned_at || r.issued_at;
  if (dayOf(earned) === dayOf(r.issued_at)) return f.t('earnedOn', { date: f.date(earned) });
  return f.t('earnedAdded', { date: f.date(earned), credited: f.date(r.issued_at) });
}

function lifeOf(f, r) {
  if (r.state === 'redeemed' && r.redeemed_at) return f.t('usedOn', { date: f.date(r.redeemed_at) });
  if (r.state === 'expired' && r.expires_at) return f.t('expiredOn', { date: f.date(r.expires_at) });
  if (r.state === 'issued' && r.expires_at) return f.t('useBy', { date: f.date(r.expires_at) });
  return '';
}

const codeRow = (f, code) => `<p class="code-row"><code>${esc(code)}</code>` +
  `<button type="button" class="ghost" data-copy="${esc(code)}" aria-label="${f.t('copyCode', { code })}">${f.t('copy')}</button></p>`;

function item(f, where, r, states) {
  const parts = [origin(f, where, r), earnedWhen(f, r), lifeOf(f, r)].filter(Boolean);
  const code = r.code ? codeRow(f, r.code) : '';
  return `<li class="mine-item ${esc(r.state)}" data-reward="${esc(r.id)}" data-award="${esc(r.award_key)}" tabindex="-1">` +
    `<div class="row"><span class="what">${f.reward(r)}</span><span class="badge">${f.t(`${states}.${r.state}`)}</span></div>` +
    `<p class="small">${parts.join(f.t('separator'))}</p>${code}</li>`;
}

/** One redemption option: Redeem (then confirm), or how many points it still needs. */
function option(f, o, st) {
  const id = esc(o.id);
  const mine = st && st.option === o.id ? st : null;
  let act = `<button type="button" data-redeem="${id}">${f.t('redeem')}</button>`;
  if (!o.affordable) act = `<p class="small">${f.t('pointsMissing', { missing: o.missing })}</p>`;
  else if (mine) {
    act = `<p>${f.t('redeemConfirm', { points: o.points, name: o.name })}</p><p>` +
      `<button type="button" data-redeem-yes="${id}" aria-disabled="${!!mine.busy}">${f.t(mine.busy ? 'redeemBusy' : 'redeemYes')}</button> ` +
      `<button type="button" class="ghost" data-redeem-no="${id}">${f.t('redeemNo')}</button></p>`;
  }
  const err = mine && mine.error ? `<p class="small error" role="alert">${f.t(mine.error)}</p>` : '';
  return `<li class="points-option${o.affordable ? '' : ' short'}" data-option="${id}">` +
    `<div class="row"><span class="what">${esc(o.name)}</span><span class="badge">${f.t('pointsCost', { points: o.points })}</span></div>` +
    `${act}${err}</li>`;
}

/**
 * Points: the balance, when the soonest expire, each grant with its step and expiry (`grants`), the
 * latest spending, expiry and reversals, and what the points buy.
 */
function pointsBody(f, p, grants, redeem) {
  let html = `<p>${f.t('pointsBalance', { points: p.balance })}</p>`;
  if (p.next_expiry) html += `<p class="small">${f.t('pointsNext', { points: p.next_expiry.points, date: f.date(p.next_expiry.expires_at) })}</p>`;
  const moves = p.history.filter((h) => h.type !== 'earned');
  if (moves.length) {
    html += '<ul class="small">' + moves.map((h) =>
      `<li>${f.t(`pointsRow.${h.type}`, { points: Math.abs(h.points) })}${f.t('separator')}${f.date(h.at)}</li>`).join('') + '</ul>';
  }
  html += grants;
  if (p.options.length) {
    html += `<h5>${f.t('pointsSpend')}</h5><ul class="mine-list">${p.options.map((o) => option(f, o, redeem)).join('')}</ul>`;
  }
  return html;
}

// The shopper's referral link with Copy and Share (docs/widget.md, "Referral links").
function referralBody(f, ref) {
  const url = esc(ref.url);
  return `<p class="small">${f.t('referralIntro')}</p><p class="referral"><code>${url}</code> ` +
    `<button type="button" class="ghost" data-copy="${url}" data-what="link" aria-label="${f.t('copyLink')}">${f.t('copy')}</button> ` +
    `<button type="button" class="ghost" data-share="${url}" data-what="link">${f.t('share')}</button></p>`;
}

/** Digits of the store currency, as the wallet's amounts are written ("12.50": 2). */
export const digitsOf = (amount) => (String(amount).split('.')[1] || '').length;

/** "Use [amount] of my credit" (a one-time code for the store's checkout), then the open coupons. */
function couponBody(f, w, st) {
  const d = digitsOf(w.available);
  let html = Number(w.held) ? `<p class="small">${f.t('couponAvailable', { amount: f.money(w.available) })}</p>` : '';
  html += `<form class="coupon"><label>${f.t('couponAsk')} <input name="amount" type="number" inputmode="decimal" required ` +
    `min="${d ? (1 / 10 ** d).toFixed(d) : 1}" step="any" max="${esc(w.available)}" value="${esc(st.value || '')}"></label> ` +
    `<button type="submit" aria-disabled="${!!st.busy}">${f.t(st.busy ? 'couponBusy' : 'couponGet')}</button>` +
    (st.error ? `<p class="small error" role="alert">${f.t(st.error)}</p>` : '') + '</form>';
  const open = (w.coupons || []).filter((c) => c.state === 'pending' || c.state === 'active');
  if (open.length) {
    html += '<ul class="mine-list">' + open.map((c) => `<li class="mine-item" data-coupon="${esc(c.code)}" tabindex="-1">` +
      `<div class="row"><span class="what">${f.t('couponItem', { amount: f.money(c.amount_text) })}</span>` +
      `<span class="badge">${f.t(`couponState.${c.state}`)}</span></div>` +
      `<p class="small">${f.t('useBy', { date: f.date(c.expires_at) })}</p>${codeRow(f, c.code)}</li>`).join('') + '</ul>';
  }
  return html;
}

function group(f, title, body) {
  return `<div class="mine-group"><h4>${title}</h4>${body}</div>`;
}

/**
 * @param f Fmt
 * @param data {rewards, wallet, error} (rewards already limited to what this widget shows)
 * @param where (reward) => {name, kind} | null: the step it came from
 * @param level heading level of the section title (3 inside a journey card, 2 alone)
 */
export function myRewards(f, data, where, level = 3) {
  const hid = `mine-title`;
  let html = `<section class="mine" aria-labelledby="${hid}"><h${level} id="${hid}" tabindex="-1">${f.t('mine')}</h${level}>`;
  if (data.error) return `${html}<p class="small">${f.t('mineError')}</p></section>`;
  const rewards = data.rewards || [];
  const list = (rs, states) => `<ul class="mine-list">${rs.map((r) => item(f, where, r, states)).join('')}</ul>`;
  const codes = rewards.filter((r) => r.code);
  const points = rewards.filter((r) => r.type === 'points');
  const credit = rewards.filter((r) => r.type === 'store_credit');
  const wallet = data.wallet;
  const expiring = (wallet && wallet.expiring) || [];
  const p = data.points;
  const hasPoints = p && (p.balance || p.history.length || p.options.length);
  const referral = data.referral && data.referral.url ? group(f, f.t('referral'), referralBody(f, data.referral)) : '';
  const coupons = wallet && wallet.credit_coupons && (Number(wallet.available) > 0 || wallet.coupons.length);
  if (!rewards.length && !expiring.length && !hasPoints && !referral && !coupons)
    return `${html}<p class="small">${f.t('mineNone')}</p></section>`;
  if (codes.length) html += group(f, f.t('codes'), list(codes, 'state'));
  if (hasPoints) html += group(f, f.t('points'), pointsBody(f, p, points.length ? list(points, 'creditState') : '', data.redeem));
  else if (points.length) {
    const balance = wallet ? `<p>${f.t('pointsBalance', { points: wallet.points })}</p>` : '';
    html += group(f, f.t('points'), balance + list(points, 'creditState'));
  }
  if (credit.length || expiring.length || coupons) {
    let body = wallet ? `<p>${f.t('creditBalance', { amount: f.money(wallet.balance) })}</p>` : '';
    if (expiring.length) {
      body += '<ul class="expiring">' + expiring.map((x) =>
        `<li>${f.t('expiresSoon', { amount: f.money(x.amount), date: f.date(x.expires_at) })}</li>`).join('') + '</ul>';
    }
    if (coupons) body += couponBody(f, wallet, data.coupon || {});
    html += group(f, f.t('credit'), body + list(credit, 'creditState'));
  }
  return html + referral + '<p class="small copy-status" role="status"></p></section>';
}

/** "You picked free shipping." under a finished "pick N of" step, from the rewards issued for it. */
export function picked(f, rewards, programId, stepId) {
  const mine = (rewards || []).filter((r) => r.program_id === programId && r.milestone_id === stepId);
  return mine.length ? `<p class="small picked">${f.t('picked', { rewardsHtml: f.and.format(mine.map((r) => f.reward(r))) })}</p>` : '';
}
