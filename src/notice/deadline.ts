/**
 * 完成时限 → Deadline.
 *
 * Notices state deadlines loosely: "3月底前", "2022年10月底前完成，长期坚持", "上半年", "全年",
 * "十二月底", "长期坚持", "——". The ledger needs a concrete due date to chase, plus a flag for
 * work that never finishes. Dates without a year take the notice's year (a task-breakdown
 * table is for one year); a year written in the text always wins ("2023年1月底" in a 2022
 * notice is January 2023). Without either we do not guess: due is null.
 *
 * The same date grammar also finds deadlines buried in a requirement sentence
 * ("2021年底前系统清理…"), where only phrases that END like a deadline (…前 / …之前 / …以前 /
 * …完成) count, so narrative dates ("2016年以后制定的", "2020年重点任务") are ignored.
 */
import type { Deadline } from './types';
import { cleanText, toSimplified } from './normalize';

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

const CN_DIGIT: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/**
 * "12" / "十二" / "三十一" / "十" / "二〇二二" → number. Month/day numerals use 十 for tens;
 * years are written digit by digit (二〇二二).
 */
function toNumber(raw: string, digitByDigit = false): number | null {
  if (/^\d+$/.test(raw)) return Number(raw);
  if (raw.includes('十')) {
    const [tens, ones] = raw.split('十');
    const t = tens === '' ? 1 : CN_DIGIT[tens];
    const o = ones === '' ? 0 : CN_DIGIT[ones];
    if (t === undefined || o === undefined || tens.length > 1 || ones.length > 1) return null;
    return t * 10 + o;
  }
  // Without 十 a month/day is one numeral ("三月"); only years are spelt digit by digit.
  if (!digitByDigit && raw.length > 1) return null;
  let n = 0;
  for (const ch of raw) {
    const d = CN_DIGIT[ch];
    if (d === undefined) return null;
    n = n * 10 + d;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Date grammar
// ---------------------------------------------------------------------------------------------

/** Month/day number: ASCII digits or Chinese numerals, not the tail of a longer number. */
const NUM = '(?<![0-9])([0-9]{1,2}|[一二三四五六七八九十两]{1,3})';
/** A written year: 2022 / 二〇二二, or a year word relative to the notice's year. */
const YEAR =
  '(?:(?<![0-9])((?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4})\\s*年\\s*(?:度\\s*)?|(次年|明年|翌年|下一?年度?|今年|本年度?|当年)\\s*)?';
const S = '\\s*';

/**
 * One alternation, tried left to right at each position, so the most specific reading of a
 * phrase wins ("2022年10月底" is a month-end, not the bare year 2022).
 * Groups: 1-2 year · 3 month · 4 day | 5-6 year · 7 month · 8 part | 9-10 year · 11 quarter |
 * 12-13 year · 14 half/year word | 15-16 year · 17 底/末/内 | 18 year · 19 month · 20 day written
 * with digits and separators (2025-06-30, 2025/6/30, 2025.6.30) | 21 bare year (cells only).
 */
function dateSource(withBareYear: boolean): string {
  const alts = [
    // 6月15日, 2022年6月15号
    `${YEAR}${NUM}${S}月${S}${NUM.replace('(?<![0-9])', '')}${S}[日号]`,
    // 3月底, 2022年10月末, 6月份, 6月上旬, 6月
    `${YEAR}${NUM}${S}月${S}(底|末|份|上旬|中旬|下旬|初)?`,
    // 第一季度, 2022年二季度, 3季度
    `${YEAR}第?${S}([一二三四1-4])${S}季度`,
    // 上半年 / 下半年 / 年底 / 年末 / 年内 / 全年 / 年中 / 年终 (with an optional written year)
    `${YEAR}(上半年|下半年|年中|年底|年末|年内|全年|年终|年度内)`,
    // 2022年底, 二〇二二年末, 今年内, 次年底 — the single-character form needs a year before it
    `(?:(?<![0-9])((?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4})${S}年|(次年|明年|翌年|今年|本年|当年))${S}(底|末|内|终)`,
    // 2025-06-30, 2025/6/30, 2025.6.30: a spreadsheet's or a web form's date typed as text
    '(?<![0-9.])((?:19|20)[0-9]{2})\\s*[-/.－／．]\\s*([0-9]{1,2})\\s*[-/.－／．]\\s*([0-9]{1,2})(?![0-9.])',
  ];
  if (withBareYear) {
    // "2023年" alone in a 完成时限 cell: by the end of that year.
    alts.push(`(?<![0-9])((?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4})${S}年`);
  }
  return alts.map((a) => `(?:${a})`).join('|');
}

const CELL_DATE = new RegExp(dateSource(true), 'g');

/**
 * In running text a date counts only when it ends like a deadline: 前 / 之前 / 以前 (but not
 * 前期/前列/前沿…), or is followed directly by 完成. The ending is not captured, so the groups
 * are numbered as in a cell.
 */
const TEXT_DEADLINE = new RegExp(`(?:${dateSource(false)})${S}(?:之前|以前|前(?![期列沿提端置景瞻移往后三两几半十])|完成)`, 'g');

function lastDayOfMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one (leap years included).
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Resolve the year groups (written, relative) against the notice year. */
function resolveYear(written: string | undefined, relative: string | undefined, year: number | null): number | null {
  if (written) return toNumber(written, true);
  if (relative) {
    if (year === null) return null;
    return /次年|明年|翌年|下/.test(relative) ? year + 1 : year;
  }
  return year;
}

type Resolved = { due: string | null } | 'invalid';

/** Turn one match of the date grammar into a due date ('invalid' for 2月30日, 13月 …). */
function resolveMatch(g: (string | undefined)[], year: number | null): Resolved {
  // g[0] is the whole match; groups are numbered as documented in dateSource.
  if (g[3] !== undefined && g[4] !== undefined) {
    const y = resolveYear(g[1], g[2], year);
    const m = toNumber(g[3]);
    const d = toNumber(g[4]);
    if (m === null || d === null || m < 1 || m > 12 || d < 1) return 'invalid';
    if (y !== null && d > lastDayOfMonth(y, m)) return 'invalid';
    if (y === null) return d > 31 ? 'invalid' : { due: null };
    return { due: iso(y, m, d) };
  }
  if (g[7] !== undefined) {
    const y = resolveYear(g[5], g[6], year);
    const m = toNumber(g[7]);
    if (m === null || m < 1 || m > 12) return 'invalid';
    if (y === null) return { due: null };
    const part = g[8];
    // 上旬/月初 → the 10th, 中旬 → the 20th; 底/末/份/下旬 and a bare month → the last day.
    // A bare "6月" / "6月前" is read as "by the end of June": clerks write 6月 for 6月底.
    const day = part === '上旬' || part === '初' ? 10 : part === '中旬' ? 20 : lastDayOfMonth(y, m);
    return { due: iso(y, m, day) };
  }
  if (g[11] !== undefined) {
    const y = resolveYear(g[9], g[10], year);
    const q = toNumber(g[11]);
    if (q === null || q < 1 || q > 4) return 'invalid';
    if (y === null) return { due: null };
    const month = q * 3;
    return { due: iso(y, month, lastDayOfMonth(y, month)) };
  }
  if (g[14] !== undefined) {
    const y = resolveYear(g[12], g[13], year);
    if (y === null) return { due: null };
    // 上半年 / 年中 → 30 June; everything else here (下半年, 年底, 年内, 全年 …) → 31 December.
    return { due: g[14] === '上半年' || g[14] === '年中' ? iso(y, 6, 30) : iso(y, 12, 31) };
  }
  if (g[17] !== undefined) {
    const y = resolveYear(g[15], g[16], year);
    return { due: y === null ? null : iso(y, 12, 31) };
  }
  if (g[18] !== undefined) {
    const y = Number(g[18]);
    const m = Number(g[19]);
    const d = Number(g[20]);
    if (m < 1 || m > 12 || d < 1 || d > lastDayOfMonth(y, m)) return 'invalid';
    return { due: iso(y, m, d) };
  }
  if (g[21] !== undefined) {
    const y = toNumber(g[21], true);
    return { due: y === null ? null : iso(y, 12, 31) };
  }
  return 'invalid';
}

/**
 * The FIRST date in the text is the due date: "2022年10月底前完成，长期坚持" is due 31 October,
 * and a range "3月至6月" is due at its first date. (A later date in a cell is usually a
 * follow-up step; chasing the earliest one is the safer reading for a 督办 ledger.)
 */
function firstDate(text: string, year: number | null, re: RegExp): { due: string | null; match: RegExpExecArray } | null {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    const r = resolveMatch(m, year);
    if (r !== 'invalid') return { due: r.due, match: m };
    re.lastIndex = m.index + 1; // e.g. "13月" — try again from the next character
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** A cell that says "no deadline". */
const NONE = /^(?:[—–\-－─━_/／\\、.。…·]*|无|暂无|不限|\/)$/;

/**
 * Work that continues after (or instead of) a due date. 全年 / 年内 are NOT here: they mean
 * "by year end" (due 12-31, ongoing false) — a 全年 task is still closed off in December.
 */
const ONGOING = /长期|持续|常态化|常年|定期|每季度?|每月|每年|每周|每半年|每日|每天|及时|动态|随时|经常|逐年|按季|按月|按年|实时|适时/;

/** Normalise for matching: cleanup, Simplified, full-width digits already folded by cleanText. */
function prepare(text: string): string {
  return toSimplified(cleanText(text));
}

/**
 * Parse a 完成时限 cell. `year` is the notice's year (null when unknown). The returned text is
 * the cell as written, trimmed; '' when the cell is empty or says none ("——", "/", "无").
 */
export function parseDeadline(text: string, year: number | null): Deadline {
  const written = (text ?? '').trim();
  const norm = prepare(written);
  if (NONE.test(norm.replace(/\s+/g, ''))) return { text: '', due: null, ongoing: false };
  const found = firstDate(norm, year, CELL_DATE);
  return { text: written, due: found?.due ?? null, ongoing: ONGOING.test(norm) };
}

/**
 * A deadline stated only inside a requirement sentence: "2021年底前系统清理…",
 * "6月底前县级各行业主管部门要出台…", "于6月15日前…". Returns the first such phrase (text is
 * the phrase, e.g. "2021年底前"), or null. A recurring phrase ("每年3月底前报送") is returned
 * with ongoing true.
 */
export function deadlineInText(requirement: string, year: number | null): Deadline | null {
  const norm = prepare(requirement ?? '');
  if (!norm) return null;
  const found = firstDate(norm, year, TEXT_DEADLINE);
  if (!found) return null;
  const phrase = found.match[0].trim();
  const before = norm.slice(Math.max(0, found.match.index - 3), found.match.index);
  return { text: phrase, due: found.due, ongoing: /每(?:年|季度?|月|半年)$/.test(before) };
}
