import type { ParsedTask } from './types';
import { comparable } from './headings';
import type { ProseItem } from './prose';
import type { RowPart } from './row-part';

/**
 * PDF converters write a merged cell's text into the rows it spans, a few characters each
 * ("着眼畅通 经济循环" / "推进政务公开"), and leave stray marks ("V V", "/,") where a line
 * crossed the cell. Stray marks are dropped; neighbouring pieces are joined when together they
 * form a heading that the notice states in full elsewhere (its prose, or the same column on
 * another page), and the later pieces become continuations of the first.
 */
export function mendPdfFragments(parts: RowPart[], proseHeadings: string[]): void {
  // (the prose headings are passed in already stripped of their numbering)
  const data = parts.filter((p): p is RowPart & { kind: 'data' } => p.kind === 'data');
  let width = 0;
  for (const p of data) width = Math.max(width, p.middle.length);
  for (const p of data) p.middle = p.middle.map((v) => (/[\u3400-\u9fff]/.test(v) ? v : ''));
  const prose = new Set(proseHeadings.map(comparable));
  for (let k = 0; k < width; k++) {
    const column = data.map((p) => comparable(p.middle[k] ?? ''));
    const counts = new Map<string, number>();
    for (const c of column) if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
    const stated = new Statements([...prose, ...counts.keys()]);
    let anchor = -1;
    column.forEach((v, i) => {
      if (!v) return;
      if (anchor >= 0) {
        const start = comparable(data[anchor].middle[k]);
        // Stated elsewhere: in the prose, or in a row other than these two.
        const elsewhere = (counts.get(start) ?? 0) - (column[anchor] === start ? 1 : 0) - (v === start ? 1 : 0);
        const startComplete = prose.has(start) || elsewhere > 0;
        if (!startComplete && stated.contain(start, v)) {
          data[anchor].middle[k] = `${data[anchor].middle[k]}${data[i].middle[k]}`;
          data[i].middle[k] = '';
          return;
        }
      }
      anchor = i;
    });
  }
}

/**
 * The headings a notice states, indexed by each pair of neighbouring characters, to ask "does
 * any of them contain a + b?" without scanning them all for every pair of fragments (which made
 * a long table quadratic). Only headings holding the pair that straddles the join can match.
 */
class Statements {
  private byPair = new Map<string, string[]>();

  constructor(texts: Iterable<string>) {
    for (const t of texts) {
      const seen = new Set<string>();
      for (let i = 0; i + 1 < t.length; i++) {
        const pair = t.slice(i, i + 2);
        if (seen.has(pair)) continue;
        seen.add(pair);
        const list = this.byPair.get(pair);
        if (list) list.push(t);
        else this.byPair.set(pair, [t]);
      }
    }
  }

  contain(a: string, b: string): boolean {
    if (!a || !b) return false;
    const joined = a + b;
    return (this.byPair.get(a.slice(-1) + b[0]) ?? []).some((t) => t.length > joined.length - 1 && t.includes(joined));
  }
}

/**
 * When the table restates a prose 工作要点, the prose says exactly where each task belongs.
 * A PDF table that lost the end of a heading ("…推进政务") gets it back from the one prose
 * heading it begins, and a row that the conversion left under the previous heading (its
 * merged cell's text started a row late) moves under the heading whose prose item quotes
 * its requirement, provided the table uses that heading too.
 */
export function mendSectionsFromProse(tasks: ParsedTask[], prose: ProseItem[]): void {
  if (!prose.length) return;
  const headings = [...new Set(prose.flatMap((i) => i.path))];
  const completed = new Map<string, string>();
  for (const t of tasks) {
    t.section = t.section.map((v) => {
      if (completed.has(v)) return completed.get(v)!;
      const c = comparable(v);
      const longer = headings.filter((h) => comparable(h).startsWith(c) && comparable(h) !== c);
      const fixed = c.length >= 4 && longer.length === 1 && !headings.some((h) => comparable(h) === c) ? longer[0] : v;
      completed.set(v, fixed);
      return fixed;
    });
  }
  // The headings each level uses, gathered once: gathering them per task made this quadratic.
  const levels: Set<string>[] = [];
  for (const t of tasks) {
    t.section.forEach((v, k) => {
      if (v) (levels[k] ??= new Set()).add(v);
    });
  }
  for (const t of tasks) {
    const key = comparable(t.requirement).slice(0, 16);
    if (key.length < 8) continue;
    const hits = prose.filter((i) => comparable(i.text).includes(key));
    if (hits.length !== 1) continue;
    const path = hits[0].path.map(comparable);
    t.section = t.section.map((v, k) => {
      if (path.includes(comparable(v))) return v;
      const better = [...(levels[k] ?? [])].find((other) => path.includes(comparable(other)));
      return better ?? v;
    });
  }
}
