import type { Block } from '../types';
import { headingLevel } from '../headings';
import { headerRole, isTaskHeader, type ColumnRole } from '../header-words';
import { isFooterLine, paragraphs } from './text-lines';

/**
 * A table copied from a document-sharing site comes out one cell per line: the header words,
 * each on its own line, then the cells row after row. The header says how many cells a row
 * has; a 序号 column says where each row starts, which also copes with merged cells (left out
 * of the rows below them) and cells that wrapped onto several lines.
 */
export interface CellPerLineHeader {
  /** Index in `lines` of the first header line. */
  at: number;
  roles: ColumnRole[];
  cells: string[];
}

export function findCellPerLineHeader(lines: string[]): CellPerLineHeader | null {
  for (let i = 0; i < lines.length; i++) {
    const cells: string[] = [];
    const roles: ColumnRole[] = [];
    for (let j = i; j < lines.length; j++) {
      const t = lines[j].trim();
      if (!t) {
        if (cells.length) break;
        continue;
      }
      const role = headerRole(t);
      if (!role) break;
      cells.push(t);
      roles.push(role);
    }
    if (cells.length >= 3 && isTaskHeader(roles)) return { at: i, roles, cells };
  }
  return null;
}

export function readCellPerLine(lines: string[], header: CellPerLineHeader): Block[] {
  let k = header.at;
  for (let seen = 0; seen < header.cells.length; k++) if (lines[k].trim()) seen++;
  let end = k;
  while (end < lines.length && !isFooterLine(lines[end])) end++;
  const body = lines
    .slice(k, end)
    .map((l) => l.trim())
    .filter(Boolean);
  const width = header.cells.length;
  const rows = header.roles[0] === 'seq' ? rowsBySequence(body, width) : rowsByWidth(body, width);
  return [
    ...paragraphs(lines.slice(0, header.at)),
    { kind: 'table', rows: [header.cells, ...rows], source: 'paste' },
    ...paragraphs(lines.slice(end)),
  ];
}

/** Rows start at the next number of the 序号 column; top-level headings between rows are rows of their own. */
function rowsBySequence(body: string[], width: number): string[][] {
  const rows: string[][] = [];
  let row: string[] | null = null;
  let next: number | null = null;
  const close = () => {
    if (row) rows.push(...fitRow(row, width));
    row = null;
  };
  for (const line of body) {
    const n = /^(\d{1,4})[.、．]?$/.exec(line);
    if (n && (next === null || Number(n[1]) === next)) {
      close();
      row = [n[1]];
      next = Number(n[1]) + 1;
    } else if (row) row.push(line);
    else rows.push([line]);
  }
  close();
  return rows;
}

/**
 * A row with more lines than columns ends with top-level headings ("二、…") that start the next
 * section, or holds a cell of several lines: those are joined back where the header is read
 * (align-rows.ts), which knows what each column holds.
 */
function fitRow(row: string[], width: number): string[][] {
  const headings: string[][] = [];
  while (row.length > width && headingLevel(row[row.length - 1]) === 0) headings.unshift([row.pop()!]);
  return [row, ...headings];
}

function rowsByWidth(body: string[], width: number): string[][] {
  const rows: string[][] = [];
  let i = 0;
  while (i < body.length) {
    if (headingLevel(body[i]) === 0) {
      rows.push([body[i]]);
      i++;
      continue;
    }
    rows.push(body.slice(i, i + width));
    i += width;
  }
  return rows;
}
