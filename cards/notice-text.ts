/** Pieces the notice cards (preview, published notice, delivery report) share. */
import type { Locale, RenderContext } from '../src/views/common';
import { type CardElement, bilingual, escapeMd, markdown, oneLine, truncate } from './format';

/** Caps keep a 150-department notice inside the card budget; the card says what it left out. */
export const UNDELIVERABLE_SHOWN = 60;

/**
 * 《title》 in Chinese, “title” in English, capped. Escaped for markdown unless `plain` (the
 * summary and headers are plain text, where an entity would show literally).
 */
export function quotedTitle(title: string, locale: Locale, max = 60, plain = false): string {
  const capped = truncate(oneLine(title), max);
  const t = plain ? capped : escapeMd(capped);
  return locale === 'zh_cn' ? `《${t}》` : `“${t}”`;
}

/** Names as one language-neutral line ("区财政局、区教育局…另有 N 个"), the cheap way to list many. */
export function nameList(names: string[], shown: number): string {
  const head = names.slice(0, shown).map((n) => escapeMd(truncate(oneLine(n), 30)));
  return head.join('、');
}

export function moreLine(hidden: number, zh: (n: number) => string, en: (n: number) => string, ctx: RenderContext): CardElement[] {
  return hidden > 0 ? [markdown(bilingual(zh(hidden), en(hidden)), ctx, { size: 'notation' })] : [];
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
