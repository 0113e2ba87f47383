/**
 * Year over year: which task of this year's notice continues which task of last year's. Offices
 * rewrite a continuing task a little every year (a new year, a word changed, a clause added), so
 * tasks are compared by the character bigrams of their requirement (Dice coefficient), after the
 * parser's own clean-up and with years taken out; sharing a lead unit lowers the bar. Each task is
 * linked at most once, best pairs first, and only above a threshold, so two unrelated notices
 * link (almost) nothing rather than their least unlike tasks.
 */
import { cleanText, toSimplified } from './normalize';

/** Dice at or above this links two tasks on their text alone. */
const LINK_ALONE = 0.55;
/** With a lead unit in common, this much text in common is enough. */
const LINK_WITH_LEAD = 0.4;
/** Added to the score of a pair sharing a lead unit, so it wins over an equally similar pair that does not. */
const LEAD_BONUS = 0.1;

export interface Comparable {
  requirement: string;
  /** Lead units as comparable keys (department ids, or normalised names when there is no directory). */
  leads: readonly (string | number)[];
}

export interface TaskLink {
  /** Index into the previous notice's tasks. */
  previous: number;
  /** Index into this notice's tasks. */
  next: number;
  /** Dice of the two requirements, 0..1. */
  similarity: number;
  sameLead: boolean;
}

/** Years, dates and numbering change every year; punctuation and spaces say nothing about the task. */
function comparableText(text: string): string {
  return toSimplified(cleanText(text))
    .replace(/\d{4}\s*年(度)?/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function bigrams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const g = text.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

interface Prepared {
  grams: Map<string, number>;
  size: number;
  leads: Set<string | number>;
}

function prepare(t: Comparable): Prepared {
  const grams = bigrams(comparableText(t.requirement));
  let size = 0;
  for (const n of grams.values()) size += n;
  return { grams, size, leads: new Set(t.leads) };
}

function dice(a: Prepared, b: Prepared): number {
  if (!a.size || !b.size) return 0;
  const [small, large] = a.grams.size <= b.grams.size ? [a.grams, b.grams] : [b.grams, a.grams];
  let common = 0;
  for (const [g, n] of small) common += Math.min(n, large.get(g) ?? 0);
  return (2 * common) / (a.size + b.size);
}

/** Dice similarity of two requirements as this module compares them (0..1). */
export function requirementSimilarity(a: string, b: string): number {
  return dice(prepare({ requirement: a, leads: [] }), prepare({ requirement: b, leads: [] }));
}

/**
 * One-to-one links between the previous notice's tasks and this one's: every pair above the
 * threshold, taken best first, each task used once. Returned in this notice's order.
 *
 * Bigrams shared with each of last year's tasks are counted through an index of last year's
 * bigrams, so a pair with nothing in common costs nothing: two 2,400-task notices compare in a
 * second or two rather than the quarter of a minute that comparing every pair's maps took.
 */
export function matchTasks(previous: readonly Comparable[], next: readonly Comparable[]): TaskLink[] {
  const prev = previous.map(prepare);
  const cur = next.map(prepare);
  const postings = new Map<string, { index: number[]; count: number[] }>();
  prev.forEach((p, i) => {
    for (const [g, n] of p.grams) {
      let list = postings.get(g);
      if (!list) postings.set(g, (list = { index: [], count: [] }));
      list.index.push(i);
      list.count.push(n);
    }
  });
  const common = new Int32Array(prev.length);
  const pairs: (TaskLink & { score: number })[] = [];
  for (let j = 0; j < cur.length; j++) {
    const touched: number[] = [];
    for (const [g, n] of cur[j].grams) {
      const list = postings.get(g);
      if (!list) continue;
      for (let k = 0; k < list.index.length; k++) {
        const i = list.index[k];
        if (common[i] === 0) touched.push(i);
        common[i] += Math.min(n, list.count[k]);
      }
    }
    for (const i of touched) {
      const similarity = (2 * common[i]) / (prev[i].size + cur[j].size);
      common[i] = 0;
      if (similarity < LINK_WITH_LEAD) continue;
      const sameLead = [...cur[j].leads].some((l) => prev[i].leads.has(l));
      if (!sameLead && similarity < LINK_ALONE) continue;
      pairs.push({ previous: i, next: j, similarity, sameLead, score: similarity + (sameLead ? LEAD_BONUS : 0) });
    }
  }
  pairs.sort((x, y) => y.score - x.score || x.next - y.next || x.previous - y.previous);
  const usedPrev = new Set<number>();
  const usedNext = new Set<number>();
  const links: TaskLink[] = [];
  for (const { score: _score, ...p } of pairs) {
    if (usedPrev.has(p.previous) || usedNext.has(p.next)) continue;
    usedPrev.add(p.previous);
    usedNext.add(p.next);
    links.push(p);
  }
  return links.sort((x, y) => x.next - y.next);
}

export interface YearDiff {
  /** This notice's tasks with no predecessor (indices). */
  added: number[];
  continuing: TaskLink[];
  /** The previous notice's tasks nothing continues (indices). */
  dropped: number[];
}

export function yearDiff(previous: readonly Comparable[], next: readonly Comparable[]): YearDiff {
  const continuing = matchTasks(previous, next);
  const linkedPrev = new Set(continuing.map((l) => l.previous));
  const linkedNext = new Set(continuing.map((l) => l.next));
  return {
    added: next.map((_, j) => j).filter((j) => !linkedNext.has(j)),
    continuing,
    dropped: previous.map((_, i) => i).filter((i) => !linkedPrev.has(i)),
  };
}

/**
 * What sort of notice a title announces: a task breakdown (任务分解表 / 台账 / 清单) or key points
 * (工作要点). Only notices of the same kind are compared year over year.
 */
export type NoticeKind = 'breakdown' | 'key-points' | 'other';

export function noticeKind(title: string): NoticeKind {
  if (/分解|台账|清单|分工/.test(title)) return 'breakdown';
  if (/要点/.test(title)) return 'key-points';
  return 'other';
}

/**
 * Two notices share "few" tasks when under a fifth of the smaller one continues: then they are not
 * the same work a year apart, and the comparison says so instead of listing chance resemblances.
 */
export function fewInCommon(linked: number, previousCount: number, nextCount: number): boolean {
  return linked * 5 < Math.min(previousCount, nextCount);
}
