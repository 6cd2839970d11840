// Localization: templates with plural forms, and Intl formatting of the
// engine's values. Nothing here computes progress: amounts and percentages are
// printed exactly as the engine gave them, only localized.
import defaults from './strings.js';

const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);

// Deep merge of overrides into the defaults (a string may replace a plural object and back).
export function mergeStrings(base, extra) {
  if (!isObj(extra)) return base;
  const out = { ...base };
  for (const k of Object.keys(extra)) {
    out[k] = isObj(base[k]) && isObj(extra[k]) && !('other' in extra[k]) ? mergeStrings(base[k], extra[k]) : extra[k];
  }
  return out;
}

export const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export class Fmt {
  /** @param {string} locale @param {string} currency @param {number} digits @param {object} strings */
  constructor(locale, currency, digits, strings) {
    this.locale = locale;
    this.s = mergeStrings(defaults, strings);
    try {
      this.moneyFmt = new Intl.NumberFormat(locale, {
        style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
      });
    } catch {
      // An unknown currency code: show the amount with the code.
      const n = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
      this.moneyFmt = { format: (v) => `${n.format(v)} ${currency}` };
    }
    this.numFmt = new Intl.NumberFormat(locale);
    this.pctFmt = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    this.dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    this.plural = new Intl.PluralRules(locale);
    this.and = new Intl.ListFormat(locale, { type: 'conjunction' });
    this.or = new Intl.ListFormat(locale, { type: 'disjunction' });
  }

  // Money strings ("312.50") go to Intl as strings: exact decimal formatting, no float rounding.
  money(v) {
    return this.moneyFmt.format(v);
  }
  num(v) {
    return this.numFmt.format(v);
  }
  /** A percentage the engine printed (62.5 means 62.5 %). */
  pct(v) {
    return this.pctFmt.format(`${v}e-2`);
  }
  date(iso) {
    return this.dateFmt.format(new Date(iso));
  }
  /** A metric quantity as the engine printed it: money for spend, an integer otherwise. */
  qty(metric, v) {
    return metric === 'spend' ? this.money(v) : this.num(v);
  }

  /**
   * Template `key` (a dotted path) filled with `vars`; `count` picks the plural form.
   * Values are HTML-escaped; pass `{nameHtml: ...}` for {name} to insert markup that is already safe.
   */
  t(key, vars = {}, count) {
    let tpl = key.split('.').reduce((o, k) => (o == null ? o : o[k]), this.s);
    if (isObj(tpl)) tpl = tpl[this.plural.select(Number(count ?? 0))] ?? tpl.other;
    if (typeof tpl !== 'string') tpl = key;
    return tpl.replace(/\{(\w+)\}/g, (m, name) =>
      name + 'Html' in vars ? String(vars[name + 'Html']) : name in vars ? escapeHtml(vars[name]) : m,
    );
  }
  /** Plain text (for attributes and aria labels): the same template, then unescaped by the browser. */
  reward(r) {
    switch (r.type) {
      case 'points': return this.t('reward.points', { points: this.num(r.points) }, r.points);
      case 'store_credit':
      case 'discount_amount': return this.t(`reward.${r.type}`, { amount: this.money(r.amount) });
      case 'discount_percent': return this.t('reward.discount_percent', { percent: this.pct(r.percent) });
      default: return this.t(`reward.${r.type}`, { product: r.product_id || '' });
    }
  }
  /** "200 points and free shipping", or "your choice of 200 points or free shipping" with pick. */
  rewards(list, pick) {
    const parts = (list || []).map((r) => this.reward(r));
    if (!pick || pick >= parts.length) return this.and.format(parts);
    return this.t('choiceOf', { rewardsHtml: this.or.format(parts) });
  }
}
