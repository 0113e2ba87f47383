import type { ColumnRole } from './header-words';
import { cleanText } from './normalize';
import { parseDeadline } from './deadline';
import { splitUnits, endsAsUnit, isGroupTerm } from './units';

/**
 * Rows pasted from a browser or a spreadsheet leave a vertically merged cell out of the rows
 * below it, so those rows are short and their cells sit left of their columns. Each short row
 * gets '' (a merged continuation) where it most plausibly lacks cells: the placement that best
 * matches each cell's look to its column's role (a number in 序号, a date in 完成时限, unit
 * names in unit columns), and among equals the one with the gaps furthest left, since merged
 * cells are mostly the section columns on the left.
 *
 * A dynamic programme over (cells, columns): linear in the row's width times its shortage.
 */
export function alignShortRows(rows: string[][], roles: ColumnRole[]): string[][] {
  const width = roles.length;
  return rows.map((row) => (row.length > 1 && row.length < width ? align(row, roles) : row));
}

function align(row: string[], roles: ColumnRole[]): string[] {
  const n = row.length;
  const w = roles.length;
  // best[i][j]: best score with the first i cells placed in the first j columns.
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(w + 1).fill(Number.NEGATIVE_INFINITY));
  const fromCell: boolean[][] = Array.from({ length: n + 1 }, () => new Array<boolean>(w + 1).fill(false));
  best[0][0] = 0;
  for (let j = 1; j <= w; j++) {
    // A gap costs a little more the further right it is, so ties put gaps on the left.
    best[0][j] = best[0][j - 1] - j * 1e-3;
    for (let i = 1; i <= Math.min(j, n); i++) {
      const gap = best[i][j - 1] - j * 1e-3;
      const take = best[i - 1][j - 1] + suitability(row[i - 1], roles[j - 1]);
      if (take >= gap) {
        best[i][j] = take;
        fromCell[i][j] = true;
      } else best[i][j] = gap;
    }
  }
  const out = new Array<string>(w).fill('');
  for (let i = n, j = w; j > 0; j--) {
    if (i > 0 && fromCell[i][j]) {
      out[j - 1] = row[i - 1];
      i--;
    }
  }
  return out;
}

/** How well a cell's text suits a column role: positive for a good fit, negative for a clash. */
function suitability(cell: string, role: ColumnRole): number {
  const t = cleanText(cell);
  if (!t) return 0;
  const isNumber = /^\d{1,4}[.、．]?$/.test(t);
  const isDate =
    t.length <= 30 &&
    (() => {
      const d = parseDeadline(t, 2000);
      return d.due !== null || d.ongoing;
    })();
  const units = t.length <= 120 ? splitUnits(t) : [];
  const isUnits = units.length > 0 && units.every((u) => endsAsUnit(u) || isGroupTerm(u));
  switch (role) {
    case 'seq':
      return isNumber ? 3 : -3;
    case 'deadline':
      return isDate ? 3 : isNumber ? -2 : -1;
    case 'lead':
    case 'responsible':
    case 'support':
      return isUnits ? 2 : isDate || isNumber ? -2 : -1;
    case 'leader':
      return isDate || isNumber ? -2 : t.length <= 20 ? 1 : -1;
    case 'task':
    case 'requirement':
      return isNumber ? -2 : isUnits || isDate ? -1 : 1;
    default:
      return 0;
  }
}
