const CN_NUM = '[一二三四五六七八九十百零〇]+';

/** Outline numbering used in notices, outermost first: 一、 / （一） / 1. or （1）. */
const LEVELS: RegExp[] = [
  new RegExp(`^(第${CN_NUM}[部分章节条]|${CN_NUM}、)`),
  new RegExp(`^[（(]${CN_NUM}[）)]`),
  /^([（(]\d{1,2}[）)]|\d{1,2}[．.、](?!\d))/,
];

/** The outline level of a heading or numbered item, or null when it carries no numbering. */
export function headingLevel(text: string): number | null {
  const t = text.trim();
  const i = LEVELS.findIndex((re) => re.test(t));
  return i < 0 ? null : i;
}

export function stripNumbering(text: string): string {
  let t = text.trim();
  for (const re of LEVELS) t = t.replace(re, '').trim();
  return t;
}

const comparableCache = new Map<string, string>();

/**
 * A form of a heading for comparing two spellings of it: no numbering, spaces or punctuation.
 * Mending a PDF table compares every heading with every other, so results are remembered
 * (bounded: the cache is dropped when it grows past a few thousand entries).
 */
export function comparable(text: string): string {
  let c = comparableCache.get(text);
  if (c === undefined) {
    if (comparableCache.size > 4000) comparableCache.clear();
    c = stripNumbering(text).replace(/[\s\p{P}\p{S}]/gu, '');
    comparableCache.set(text, c);
  }
  return c;
}
