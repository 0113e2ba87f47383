import type { ColumnRole } from './header-words';
import { cleanText } from './normalize';
import { parseDeadline } from './deadline';
import { splitUnits, endsAsUnit, isGroupTerm } from './units';
import { extractRoles } from './roles';

/**
 * Rows pasted from a browser or a spreadsheet, or copied one cell per line, do not line up with
 * the header by position:
 * - a vertically merged cell is left out of the rows below it, so those rows are short: they get
 *   '' (a merged continuation) where they most plausibly lack cells;
 * - a cell holding several lines comes out as several cells, so the row is long: neighbouring
 *   cells are joined back (with line breaks) where that fits best.
 * "Fits" scores each cell's look against its column's role (a number in 序号, a date in 完成时限,
 * unit names in unit columns, a short name in a leader column); among equals, gaps go furthest
 * left, since merged cells are mostly the section columns on the left.
 *
 * Dynamic programmes over (cells, columns): small, per row, and linear in the number of rows.
 */
export function alignRows(rows: string[][], roles: ColumnRole[]): string[][] {
  return rows.map((row) => {
    if (row.length <= 1) return row;
    const best = place(row, roles);
    if (row.length !== roles.length) return best.cells;
    // A row as wide as the header keeps its cells where they are unless another placement is
    // clearly better (a short row that also holds a cell split over two lines).
    const asIs = row.reduce((sum, c, k) => sum + suitability(c, roles[k]), 0);
    return best.score > asIs + 1 ? best.cells : row;
  });
}

/** Extra cells joined into one column cost this much each: joining is the less likely reading. */
const JOIN_COST = 1;

/**
 * The best placement of a row's cells onto the columns, in order: each column takes no cell
 * (a gap, '') or a run of neighbouring cells (joined with line breaks).
 */
function place(row: string[], roles: ColumnRole[]): { cells: string[]; score: number } {
  const n = row.length;
  const w = roles.length;
  // best[i][j]: best score with the first i cells making the first j columns; from[i][j]: where
  // column j's run of cells starts (i when it took none).
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(w + 1).fill(Number.NEGATIVE_INFINITY));
  const from: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(w + 1).fill(0));
  best[0][0] = 0;
  for (let j = 1; j <= w; j++) {
    for (let i = 0; i <= n; i++) {
      // A gap costs a little more the further right it is, so ties put gaps on the left.
      let top = best[i][j - 1] - j * 1e-3;
      let at = i;
      for (let k = i - 1; k >= 0 && i - k <= n - w + 1 + (w - 1); k--) {
        if (best[k][j - 1] === Number.NEGATIVE_INFINITY) continue;
        const score = best[k][j - 1] + suitability(row.slice(k, i).join('\n'), roles[j - 1]) - (i - k - 1) * JOIN_COST;
        if (score > top) {
          top = score;
          at = k;
        }
      }
      best[i][j] = top;
      from[i][j] = at;
    }
  }
  const cells: string[] = [];
  for (let i = n, j = w; j > 0; j--) {
    const k = from[i][j];
    cells.unshift(row.slice(k, i).join('\n'));
    i = k;
  }
  return { cells, score: best[n][w] };
}

/** A cell that says "nobody" or "not applicable". */
const NONE = /^[—–\-－_/／\\]+$|^无$/;

/** How well a cell's text suits a column role: positive for a good fit, negative for a clash. */
function suitability(cell: string, role: ColumnRole): number {
  const t = cleanText(cell);
  if (!t) return 0;
  const none = NONE.test(t);
  const isNumber = /^\d{1,4}[.、．]?$/.test(t);
  const deadline = t.length <= 30 ? parseDeadline(t, 2000) : null;
  const isDate = !!deadline && (deadline.due !== null || deadline.ongoing);
  const roles = t.length <= 120 ? extractRoles(t, 'lead') : null;
  const units = roles && !roles.rest ? [...roles.lead, ...roles.responsible] : t.length <= 120 ? splitUnits(t) : [];
  const isUnits = units.length > 0 && units.every((u) => endsAsUnit(u) || isGroupTerm(u) || u === '办公室');
  switch (role) {
    case 'seq':
      return isNumber ? 3 : -3;
    case 'deadline':
      return isDate ? 3 : none ? 1 : isNumber || isUnits ? -2 : t.length <= 12 ? 0 : -1;
    case 'lead':
    case 'responsible':
    case 'support':
      return isUnits ? 2 : none ? 1 : isDate || isNumber ? -2 : -1;
    case 'leader':
      return none ? 1 : isDate || isNumber || isUnits ? -2 : t.length <= 12 ? 1 : -1;
    case 'task':
    case 'requirement':
      return none || isNumber ? -2 : isUnits || isDate ? -1 : 1;
    default:
      return 0;
  }
}
