import type { Block, TableSource } from './types';
import { cleanText } from './normalize';
import { headerRole, isTaskHeader, type ColumnRole } from './header-words';

type TableBlock = Extract<Block, { kind: 'table' }>;

export interface TaskTable {
  roles: ColumnRole[];
  headerKey: string;
  /** Header rows as they read (squashed), to drop where a page break repeats them. */
  repeatedHeaders: Set<string>;
  rows: string[][];
  source: TableSource;
  caption?: string;
}

/**
 * A task table is one whose header (within its first rows: a title row may come first) names
 * a task or requirement column and a unit, leader or deadline column.
 */
export function detectTaskTable(block: TableBlock): TaskTable | null {
  for (let i = 0; i < Math.min(block.rows.length, 4); i++) {
    const first = block.rows[i].map((c) => cleanText(c));
    const below = block.rows[i + 1]?.map((c) => cleanText(c));
    const sub = below && isSubHeader(below) ? below : null;
    const header = sub ? combineHeaders(first, sub) : first;
    const roles = header.map(headerRole);
    if (!isTaskHeader(roles)) continue;
    // An empty header cell is the header to its left spanning several columns (PDF tables and
    // spreadsheets lose the merge and leave the neighbour blank): a task header over several
    // levels of task columns, or a unit header over several unit columns.
    const filled: ColumnRole[] = [];
    roles.forEach((r, k) => {
      const left = filled[k - 1];
      const spans = k > 0 && !header[k] && (left === 'task' || left === 'lead' || left === 'responsible' || left === 'support');
      filled.push(r ?? (spans ? left : 'other'));
    });
    const headerRows = sub ? [first, sub] : [first];
    return {
      roles: filled,
      headerKey: header.map(squash).join('|'),
      repeatedHeaders: new Set(headerRows.map((r) => r.map(squash).join('|'))),
      rows: block.rows.slice(i + headerRows.length),
      source: block.source,
      caption: block.caption,
    };
  }
  return null;
}

export function squash(s: string): string {
  return s.replace(/\s+/g, '');
}

/**
 * A second header row under a spanning one ("责任分工" over "牵头单位 | 配合单位"): every filled
 * cell names a column, and the rest are the merged continuations of the row above.
 */
function isSubHeader(row: string[]): boolean {
  const filled = row.filter(Boolean);
  return filled.length > 0 && filled.length < row.length && filled.every((c) => headerRole(c) !== null && headerRole(c) !== 'other');
}

/**
 * The column names of a two-row header. Where the rows are equally wide (PDF tables keep the
 * spanned cells as blanks) the lower name wins; where the upper row is narrower (Word keeps a
 * spanning cell as one), each blank below continues one upper cell and a run of names below
 * splits the spanning cell above them.
 */
function combineHeaders(upper: string[], lower: string[]): string[] {
  if (upper.length === lower.length) return upper.map((u, k) => lower[k] || u);
  const out: string[] = [];
  let p = 0;
  for (let k = 0; k < lower.length; k++) {
    if (lower[k]) {
      out.push(lower[k]);
      if (!lower[k + 1]) p++;
    } else {
      out.push(upper[p] ?? '');
      p++;
    }
  }
  return out;
}
