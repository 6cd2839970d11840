// Localization: templates with plural forms, and Intl formatting of the
// engine's values. Nothing here computes progress: amounts and percentages are
// printed exactly as the engine gave them, only localized.
import defaults from './strings.js';

const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);

const isPlural = (v) => isObj(v) && 'other' in v;

// Deep merge of overrides into the defaults (a string may replace a plural object and back;
// a plural object without `count` keeps the default's).
export function mergeStrings(base, extra) {
  if (!isObj(extra)) return base;
  const out = { ...base };
  for (const k of Object.keys(extra)) {
    const b = base[k];
    const e = extra[k];
    if (isObj(b) && isObj(e) && !isPlural(e)) out[k] = mergeStrings(b, e);
    else if (isPlural(b) && isPlural(e) && !('count' in e)) out[k] = { count: b.count, ...e };
    else out[k] = e;
  }
  return out;
}

export const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export class Fmt {
  /** @param {string} locale @param {string} currency @param {number} digits @param {object} strings @param {object} products {id: name} */
  constructor(locale, currency, digits, strings, products) {
    this.locale = locale;
    this.products = products || {};
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
  /** A metric quantity as the engine printed it, for t(): money text for spend, a number otherwise. */
  qty(metric, v) {
    return metric === 'spend' ? this.money(v) : Number(v);
  }

  /**
   * Template `key` (a dotted path) filled with `vars`. A plural template picks its form with
   * Intl.PluralRules by the number in the var its `count` names. Numbers are localized here,
   * strings HTML-escaped; pass `{nameHtml: ...}` for {name} to insert markup that is already safe.
   */
  t(key, vars = {}) {
    let tpl = key.split('.').reduce((o, k) => (o == null ? o : o[k]), this.s);
    if (isObj(tpl)) {
      const n = vars[tpl.count];
      tpl = (typeof n === 'number' && tpl[this.plural.select(n)]) || tpl.other;
    }
    if (typeof tpl !== 'string') tpl = key;
    return tpl.replace(/\{(\w+)\}/g, (m, name) => {
      if (name + 'Html' in vars) return String(vars[name + 'Html']);
      if (!(name in vars)) return m;
      return typeof vars[name] === 'number' ? this.num(vars[name]) : escapeHtml(vars[name]);
    });
  }
  /** Plain text (for attributes and aria labels): the same template, then unescaped by the browser. */
  reward(r) {
    switch (r.type) {
      case 'points': return this.t('reward.points', { points: r.points });
      case 'store_credit':
      case 'discount_amount': return this.t(`reward.${r.type}`, { amount: this.money(r.amount) });
      case 'discount_percent': return this.t('reward.discount_percent', { percent: this.pct(r.percent) });
      default: return this.t(`reward.${r.type}`, { product: this.products[r.product_id] || r.name || r.product_id || '' });
    }
  }
  /** "200 points and free shipping", or "your choice of 200 points or free shipping" with pick. */
  rewards(list, pick) {
    const parts = (list || []).map((r) => this.reward(r));
    if (!pick || pick >= parts.length) return this.and.format(parts);
    return this.t('choiceOf', { rewardsHtml: this.or.format(parts) });
  }
}
