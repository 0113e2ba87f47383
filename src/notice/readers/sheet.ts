import * as XLSX from '@e965/xlsx';
import { NoticeError, type Block } from '../types';
import { paragraphs, trimCell } from './text-lines';

/**
 * Spreadsheets (.xlsx, .xls, WPS .et, .csv) → blocks, through SheetJS Community Edition
 * (`@e965/xlsx`, an npm mirror of the current release: the `xlsx` package on npm is stale and
 * has known CVEs). One library reads every sheet format offices use, BIFF8 (.xls / .et) included,
 * which exceljs (used for our export) cannot. Loaded only when a sheet arrives.
 *
 * Every non-empty sheet becomes a table block captioned with its name, so the interpreter can
 * take the task sheet and report the others. Merged cells follow the Block convention: the
 * cells a merge covers to the right of its first column are dropped (one cell), and the rows
 * below its first row keep '' in its first column. A title above the grid (a row with a single
 * cell before the first row of several) is a paragraph, as in the Word notice.
 */
export async function readSheet(input: Uint8Array | string, kind?: 'csv'): Promise<Block[]> {
  let book: XLSX.WorkBook;
  try {
    book =
      typeof input === 'string'
        ? XLSX.read(input, { type: 'string', raw: true, dense: true })
        : XLSX.read(input, { type: 'array', cellDates: true, dense: true, cellStyles: false, cellHTML: false });
  } catch {
    throw new NoticeError(
      kind === 'csv'
        ? '无法读取 CSV 文件（Cannot read the CSV file）'
        : '无法读取表格文件：文件已损坏或格式不受支持（Cannot read the spreadsheet: it is damaged or in an unsupported format）',
    );
  }
  const out: Block[] = [];
  for (const name of book.SheetNames) {
    const rows = sheetRows(book.Sheets[name]);
    const first = rows.findIndex((r) => r.filter(Boolean).length > 1);
    if (first < 0) {
      out.push(...paragraphs(rows.flat()));
      continue;
    }
    out.push(...paragraphs(rows.slice(0, first).flat()));
    out.push({ kind: 'table', rows: rows.slice(first), source: 'sheet', caption: name });
  }
  return out;
}

function sheetRows(sheet: XLSX.WorkSheet): string[][] {
  const ref = sheet['!ref'];
  if (!ref) return [];
  const range = XLSX.utils.decode_range(ref);
  const dense = (sheet as { '!data'?: (XLSX.CellObject | undefined)[][] })['!data'] ?? [];
  // Cells a merge covers right of its first column: not cells of their own.
  const covered = new Set<string>();
  for (const m of sheet['!merges'] ?? []) {
    for (let r = m.s.r; r <= m.e.r; r++) for (let c = m.s.c + 1; c <= m.e.c; c++) covered.add(`${r},${c}`);
  }
  // Columns empty in every row (formatting left far to the right) are no columns of the table.
  const used: boolean[] = [];
  const grid: string[][] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const row: string[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) {
      const text = cellText(dense[r]?.[c]);
      row.push(text);
      if (text) used[c] = true;
    }
    grid.push(row);
  }
  const rows: string[][] = [];
  grid.forEach((row, i) => {
    const r = range.s.r + i;
    if (row.every((t) => !t)) return;
    const cells: string[] = [];
    row.forEach((t, j) => {
      const c = range.s.c + j;
      if (used[c] && !covered.has(`${r},${c}`)) cells.push(t);
    });
    rows.push(cells.length ? cells : ['']);
  });
  return rows;
}

/** The text a person sees; dates as a Chinese clerk writes them, not Excel's serial number. */
function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'd' && cell.v instanceof Date) {
    const d = cell.v;
    return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
  }
  return trimCell(String(cell.w ?? cell.v).replace(/\r\n?/g, '\n'));
}
