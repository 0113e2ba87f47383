import type { Block } from '../types';
import { headerRole, isTaskHeader } from '../header-words';
import { isPageNumber } from './text-lines';

/**
 * Positioned text and ruling lines of PDF pages → blocks. PDF has no tables, only glyphs and
 * lines at coordinates, so the table is rebuilt:
 *
 * - With ruling lines (nearly every 分解表 is printed with borders), the lines that touch one
 *   another form a grid. A border missing between two grid cells means they are one merged
 *   cell, so merges come out exactly as in the Word file: a cell spanning columns is one cell,
 *   and the rows it spans below its first hold ''.
 * - Without lines, the header words give the columns (each column starts where its data starts,
 *   left of its centred header), and a row starts where the first column starts new text.
 * - Lines of a cell are joined where the text wrapped (the line ran to the cell's right edge)
 *   and kept apart where a paragraph ended, so a wrapped requirement reads as in Word and a
 *   list of units stays one unit per line.
 * - A table that continues on the next page (same columns) is one table: a repeated header is
 *   dropped, and a row the page break cut in two is joined again when the first column is a
 *   序号 that the continued part lacks.
 *
 * Coordinates are PDF points, y growing upwards. Everything here is linear in the number of
 * glyph runs and lines on a page, apart from sorting.
 */
export interface PdfItem {
  str: string;
  /** Baseline start. */
  x: number;
  y: number;
  w: number;
  /** Font size (glyph height). */
  size: number;
}

export interface PdfRule {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface PdfPage {
  items: PdfItem[];
  rules: PdfRule[];
}

/** Positions closer than this (points) are the same line or border. */
const TOL = 2;

type Piece = { top: number; block: Block; columns?: number[] };

export function layoutPdf(pages: PdfPage[]): Block[] {
  const out: Block[] = [];
  // The table the previous page ended with, while nothing else has come after it.
  let open: { rows: string[][]; columns: number[] } | null = null;
  let bands: number[] | null = null;
  for (const page of pages) {
    const { pieces, bandsUsed } = layoutPage(page, bands);
    bands = bandsUsed;
    pieces.forEach((piece, i) => {
      if (piece.block.kind === 'table' && piece.columns) {
        if (i === 0 && open && sameColumns(open.columns, piece.columns)) {
          continueTable(open.rows, piece.block.rows);
          return;
        }
        out.push(piece.block);
        open = { rows: piece.block.rows, columns: piece.columns };
        return;
      }
      out.push(piece.block);
      open = null;
    });
  }
  return out;
}

function layoutPage(page: PdfPage, carried: number[] | null): { pieces: Piece[]; bandsUsed: number[] | null } {
  const items = page.items.filter((i) => i.str.length > 0);
  const pieces: Piece[] = [];
  const grids = findGrids(page.rules);
  const free: PdfItem[] = [];
  const inGrid: PdfItem[][] = grids.map(() => []);
  for (const it of items) {
    const cx = it.x + it.w / 2;
    const cy = it.y + it.size * 0.3;
    const g = grids.findIndex(
      (gr) => cx >= gr.xs[0] - TOL && cx <= gr.xs[gr.xs.length - 1] + TOL && cy <= gr.ys[0] + TOL && cy >= gr.ys[gr.ys.length - 1] - TOL,
    );
    if (g >= 0) inGrid[g].push(it);
    else free.push(it);
  }
  grids.forEach((g, k) => {
    if (inGrid[k].length)
      pieces.push({ top: g.ys[0], block: { kind: 'table', rows: gridRows(g, inGrid[k]), source: 'pdf' }, columns: g.xs });
  });
  let bandsUsed: number[] | null = null;
  let rest = free;
  if (!grids.length) {
    const found = bandTable(free, carried);
    if (found) {
      pieces.push({ top: found.top, block: { kind: 'table', rows: found.rows, source: 'pdf' }, columns: found.bands });
      rest = found.rest;
      bandsUsed = found.bands;
    }
  }
  for (const p of paragraphsOf(rest)) pieces.push(p);
  pieces.sort((a, b) => b.top - a.top);
  return { pieces, bandsUsed };
}

// ---------------------------------------------------------------------------------------------
// Grids from ruling lines

interface Grid {
  /** Column borders, left to right. */
  xs: number[];
  /** Row borders, top to bottom. */
  ys: number[];
  vertical: PdfRule[];
  horizontal: PdfRule[];
}

function findGrids(rules: PdfRule[]): Grid[] {
  const parent = rules.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  // Rules sorted by their top: only rules whose vertical extents overlap can touch.
  const order = rules.map((_, i) => i).sort((a, b) => rules[b].y1 - rules[a].y1);
  for (let a = 0; a < order.length; a++) {
    const ra = rules[order[a]];
    for (let b = a + 1; b < order.length; b++) {
      const rb = rules[order[b]];
      if (rb.y1 < ra.y0 - TOL) break;
      if (touch(ra, rb)) parent[find(order[a])] = find(order[b]);
    }
  }
  const groups = new Map<number, PdfRule[]>();
  rules.forEach((r, i) => {
    const root = find(i);
    const list = groups.get(root);
    if (list) list.push(r);
    else groups.set(root, [r]);
  });
  const grids: Grid[] = [];
  for (const group of groups.values()) {
    const vertical = group.filter((r) => r.x1 - r.x0 <= TOL);
    const horizontal = group.filter((r) => r.x1 - r.x0 > TOL);
    const xs = cluster(vertical.map((r) => r.x0));
    const ys = cluster(horizontal.map((r) => r.y0)).reverse();
    // Two columns at least: a lone frame around text is decoration, not a table.
    if (xs.length >= 3 && ys.length >= 2) grids.push({ xs, ys, vertical, horizontal });
  }
  return grids;
}

function touch(a: PdfRule, b: PdfRule): boolean {
  return a.x0 <= b.x1 + TOL && b.x0 <= a.x1 + TOL && a.y0 <= b.y1 + TOL && b.y0 <= a.y1 + TOL;
}

/** Sorted distinct positions, nearby ones merged. */
function cluster(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  for (const v of sorted) if (!out.length || v - out[out.length - 1] > TOL) out.push(v);
  return out;
}

function gridRows(g: Grid, items: PdfItem[]): string[][] {
  const nr = g.ys.length - 1;
  const nc = g.xs.length - 1;
  const midY = (r: number) => (g.ys[r] + g.ys[r + 1]) / 2;
  const midX = (c: number) => (g.xs[c] + g.xs[c + 1]) / 2;
  const hasV = (k: number, r: number) =>
    g.vertical.some((v) => Math.abs(v.x0 - g.xs[k]) <= TOL && v.y0 - TOL <= midY(r) && midY(r) <= v.y1 + TOL);
  const hasH = (k: number, c: number) =>
    g.horizontal.some((h) => Math.abs(h.y0 - g.ys[k]) <= TOL && h.x0 - TOL <= midX(c) && midX(c) <= h.x1 + TOL);

  // Cells without a border between them are one merged cell.
  const parent = Array.from({ length: nr * nc }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      if (c > 0 && !hasV(c, r)) parent[find(r * nc + c)] = find(r * nc + c - 1);
      if (r > 0 && !hasH(r, c)) parent[find(r * nc + c)] = find((r - 1) * nc + c);
    }
  }
  const regions = new Map<number, { top: number; left: number; right: number; items: PdfItem[] }>();
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      const root = find(r * nc + c);
      const reg = regions.get(root);
      if (!reg) regions.set(root, { top: r, left: c, right: c, items: [] });
      else {
        reg.left = Math.min(reg.left, c);
        reg.right = Math.max(reg.right, c);
      }
    }
  }
  for (const it of items) {
    const c = Math.min(nc - 1, Math.max(0, upperBound(g.xs, it.x + it.w / 2) - 1));
    const cy = it.y + it.size * 0.3;
    let r = 0;
    while (r < nr - 1 && cy < g.ys[r + 1]) r++;
    regions.get(find(r * nc + c))!.items.push(it);
  }
  const rows: string[][] = [];
  for (let r = 0; r < nr; r++) {
    const row: string[] = [];
    for (let c = 0; c < nc; ) {
      const reg = regions.get(find(r * nc + c))!;
      if (reg.left === c) row.push(reg.top === r ? cellText(reg.items, g.xs[reg.left], g.xs[reg.right + 1]) : '');
      c = Math.max(c + 1, reg.right + 1);
    }
    rows.push(row);
  }
  return rows;
}

/** Index of the first value greater than x. */
function upperBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Lines and their text

interface Line {
  y: number;
  x: number;
  right: number;
  size: number;
  items: PdfItem[];
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;
const ALNUM = /[A-Za-z0-9]/;

function linesOf(items: PdfItem[]): Line[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const it of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - it.y) <= Math.max(TOL, Math.min(last.size, it.size) * 0.5)) last.items.push(it);
    else lines.push({ y: it.y, x: 0, right: 0, size: it.size, items: [it] });
  }
  for (const l of lines) {
    l.items.sort((a, b) => a.x - b.x);
    const visible = l.items.filter((i) => i.str.trim());
    l.x = visible.length ? visible[0].x : l.items[0].x;
    l.right = Math.max(...(visible.length ? visible : l.items).map((i) => i.x + i.w));
    l.size = Math.max(...l.items.map((i) => i.size));
  }
  return lines;
}

/**
 * A line's glyph runs as text. Converters put a space run between Latin and Chinese runs that
 * the document never had ("3 月底前"): spaces touching Chinese text are dropped, and a visible
 * gap between two Latin runs becomes one space.
 */
function lineText(items: PdfItem[]): string {
  let out = '';
  let end = Number.NEGATIVE_INFINITY;
  items.forEach((it, k) => {
    if (!it.str.trim()) {
      const before = out.slice(-1);
      const after = items[k + 1]?.str.trimStart()[0] ?? '';
      if (!CJK.test(before) && !CJK.test(after) && before && after) out += ' ';
      return;
    }
    if (out && it.x - end > it.size * 0.5 && !out.endsWith(' ') && !(CJK.test(out.slice(-1)) && CJK.test(it.str[0]))) out += ' ';
    out += it.str;
    end = it.x + it.w;
  });
  return out.trim();
}

/**
 * Lines of one cell → its text. A line that ran to within two characters of the cell's right
 * edge wrapped (Chinese line breaking may push a character plus its punctuation down), so the
 * next line continues it; a shorter line ended a paragraph.
 */
function cellText(items: PdfItem[], left: number, right: number): string {
  const lines = linesOf(items).filter((l) => lineText(l.items));
  if (!lines.length) return '';
  const pad = Math.max(0, Math.min(...lines.map((l) => l.x)) - left);
  return joinLines(lines, right - pad);
}

function joinLines(lines: Line[], innerRight: number, indentAt?: number): string {
  let text = lineText(lines[0].items);
  for (let k = 1; k < lines.length; k++) {
    const prev = lines[k - 1];
    const next = lines[k];
    const wrapped = prev.right + 2 * next.size > innerRight && (indentAt === undefined || next.x < indentAt);
    const t = lineText(next.items);
    text += wrapped ? (ALNUM.test(text.slice(-1)) && ALNUM.test(t[0]) ? ' ' : '') + t : `\n${t}`;
  }
  return text;
}

/**
 * Running text outside tables → paragraphs: lines join while they wrap at the right margin and
 * the next line is not indented (a first-line indent starts a paragraph, as in every 公文).
 */
function paragraphsOf(items: PdfItem[]): Piece[] {
  const lines = linesOf(items).filter((l) => lineText(l.items));
  if (!lines.length) return [];
  const left = Math.min(...lines.map((l) => l.x));
  const right = Math.max(...lines.map((l) => l.right));
  const out: Piece[] = [];
  let group: Line[] = [];
  const flush = () => {
    if (!group.length) return;
    const text = joinLines(group, right, left + group[0].size);
    for (const t of text.split('\n'))
      if (t.trim() && !isPageNumber(t)) out.push({ top: group[0].y, block: { kind: 'para', text: t.trim() } });
    group = [];
  };
  for (const l of lines) {
    const prev = group[group.length - 1];
    if (prev && (prev.y - l.y > prev.size * 2.2 || !(prev.right + 2 * l.size > right && l.x < left + l.size))) flush();
    group.push(l);
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tables without ruling lines

/**
 * A header line (header words in at least three places, naming what and who/when) gives the
 * columns; or the columns of the table the previous page ended with, when this page continues
 * it without repeating the header. Each column starts at the left edge its data text shares,
 * found between the end of the header to its left and the start of its own header.
 */
function bandTable(items: PdfItem[], carried: number[] | null): { rows: string[][]; bands: number[]; top: number; rest: PdfItem[] } | null {
  const lines = linesOf(items).filter((l) => lineText(l.items));
  let headerAt = -1;
  let headerCells: { x: number; right: number; text: string }[] = [];
  for (let i = 0; i < lines.length && headerAt < 0; i++) {
    const cells = runsOf(lines[i]);
    if (cells.length >= 3 && isTaskHeader(cells.map((c) => headerRole(c.text)))) {
      headerAt = i;
      headerCells = cells;
    }
  }
  let bands: number[];
  let start: number;
  if (headerAt >= 0) {
    start = headerAt;
    const body = lines.slice(headerAt + 1).flatMap(runsOf);
    bands = [headerCells[0].x - TOL];
    for (let k = 1; k < headerCells.length; k++) {
      const lo = headerCells[k - 1].right;
      const hi = headerCells[k].x + TOL;
      const starts = cluster(body.filter((r) => r.x > lo && r.x <= hi).map((r) => r.x));
      bands.push((starts.length ? mostCommon(body, starts) : headerCells[k].x) - TOL);
    }
    bands.push(Number.POSITIVE_INFINITY);
    for (const r of body) bands[0] = Math.min(bands[0], r.x - TOL);
  } else if (carried) {
    bands = carried;
    start = lines.findIndex((l) => l.x >= bands[0] - TOL);
    if (start < 0) return null;
  } else return null;

  const rows: string[][] = [];
  const used = new Set<PdfItem>();
  let cells: Line[][] = [];
  const n = bands.length - 1;
  const close = () => {
    if (!cells.length) return;
    rows.push(cells.map((ls, c) => (ls.length ? joinLines(ls, Math.min(bands[c + 1], 1e6) - TOL * 2) : '')));
    cells = [];
  };
  let prevFirst = false;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    if (i > start && line.y < lines[i - 1].y - lines[i - 1].size * 3) break;
    const parts: PdfItem[][] = Array.from({ length: n }, () => []);
    for (const it of line.items) parts[Math.min(n - 1, Math.max(0, upperBound(bands, it.x + TOL) - 1))].push(it);
    const firstText = lineText(parts[0]);
    const startsRow = i === start || (firstText !== '' && (/^\d{1,4}[.、．]?$/.test(firstText) || !prevFirst));
    if (startsRow) {
      close();
      cells = Array.from({ length: n }, () => []);
    }
    parts.forEach((p, c) => {
      if (!p.length) return;
      const visible = p.filter((it) => it.str.trim());
      cells[c].push({ y: line.y, x: visible[0]?.x ?? p[0].x, right: Math.max(...p.map((it) => it.x + it.w)), size: line.size, items: p });
    });
    for (const it of line.items) used.add(it);
    prevFirst = firstText !== '';
  }
  close();
  return { rows, bands, top: lines[start].y, rest: items.filter((it) => !used.has(it)) };
}

/** Runs of a line separated by a gap wider than two characters: the cells of a header line. */
function runsOf(line: Line): { x: number; right: number; text: string }[] {
  const runs: { x: number; right: number; items: PdfItem[] }[] = [];
  for (const it of line.items) {
    if (!it.str.trim()) continue;
    const last = runs[runs.length - 1];
    if (last && it.x - last.right <= it.size * 2) {
      last.items.push(it);
      last.right = it.x + it.w;
    } else runs.push({ x: it.x, right: it.x + it.w, items: [it] });
  }
  return runs.map((r) => ({ x: r.x, right: r.right, text: lineText(r.items) }));
}

function mostCommon(runs: { x: number }[], starts: number[]): number {
  let best = starts[0];
  let bestCount = -1;
  for (const s of starts) {
    const count = runs.filter((r) => Math.abs(r.x - s) <= TOL).length;
    if (count > bestCount) [best, bestCount] = [s, count];
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Tables across pages

function sameColumns(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= TOL * 2 || (!Number.isFinite(x) && !Number.isFinite(b[i])));
}

function continueTable(rows: string[][], more: string[][]): void {
  const squash = (r: string[]) => r.join('|').replace(/\s+/g, '');
  let k = 0;
  while (k < more.length && k < rows.length && squash(more[k]) === squash(rows[k])) k++;
  const first = more[k];
  const last = rows[rows.length - 1];
  if (first && last && first.length === last.length && first[0] === '' && isSequenceColumn(rows)) {
    // The page break cut this row: its second half has no 序号 of its own.
    first.forEach((t, c) => {
      if (t) last[c] = last[c] ? `${last[c]}${t}` : t;
    });
    k++;
  }
  for (; k < more.length; k++) rows.push(more[k]);
}

function isSequenceColumn(rows: string[][]): boolean {
  const wide = rows.filter((r) => r.length > 1);
  const numbered = wide.filter((r) => /^\d{1,4}[.、．]?$/.test(r[0].trim())).length;
  return wide.length > 0 && numbered >= wide.length * 0.6;
}
