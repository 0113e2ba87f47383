/**
 * A 台账 that comes back: the workbook Duban exported, edited in Excel or WPS and saved as .xlsx,
 * .xls, .et or .csv. This reads it back into rows of editable cells with their keys, or says it
 * is not one of ours (null), so the caller can read it as a notice instead. What the cells mean
 * is decided elsewhere (src/ledger-edit.ts); how they are recognised is in ledger-format.ts.
 *
 * SheetJS reads every format WPS and Excel save in, hidden columns and very hidden sheets
 * included (exceljs, which writes the export, reads .xlsx only). It is loaded on first use.
 */
import { decodeText } from '../notice/readers/decode-text';
import { containerOf, extensionOf, zipKind } from '../notice/readers/detect-format';
import { NoticeError } from '../notice/types';
import {
  EDITABLE_FIELDS,
  type EditableField,
  FIELD_HEADERS,
  KEY_HEADER,
  META_FIRST_ROW,
  META_MARK,
  META_SHEET,
  parseLedgerKey,
  type TaskCells,
} from './ledger-format';

/** A returned 台账 the office cannot send as it is: the message is one line, Chinese first. */
export class LedgerFileError extends NoticeError {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerFileError';
  }
}

/** One task row of the returned sheet. */
export interface ReturnedRow {
  /** The row's number in the sheet (1-based, as Excel shows it), for messages. */
  row: number;
  /** The task the row's key names; null for a row without one (a row the person added). */
  taskId: number | null;
  /** The editable cells' texts; a date cell reads as YYYY-MM-DD. Columns the sheet lacks read ''. */
  cells: TaskCells;
}

/** A returned 台账, as plain data (it is kept as JSON while the office decides). */
export interface ReturnedLedger {
  noticeId: number;
  sheet: string;
  /** The editable columns the sheet has: a column someone deleted changes nothing. */
  columns: EditableField[];
  /** Task rows in sheet order. */
  rows: ReturnedRow[];
  /** The editable cells as exported, per task; null when the very hidden sheet did not come back. */
  snapshot: { taskId: number; cells: TaskCells }[] | null;
}

type Sheet = import('@e965/xlsx').WorkSheet;
type CellObject = import('@e965/xlsx').CellObject;
type SheetJs = typeof import('@e965/xlsx');

/** Header rows are looked for this far down (title and subtitle come first). */
const HEADER_SEARCH_ROWS = 10;

/**
 * The returned 台账 in these bytes, or null when they are not a Duban 台账 at all (no row key and no
 * meta sheet): a notice, or someone else's workbook. Throws LedgerFileError when it is one but
 * cannot be used as it is (keys typed over, several notices in one file).
 */
export async function readReturnedLedger(bytes: Uint8Array, fileName: string): Promise<ReturnedLedger | null> {
  const kind = sheetKind(bytes, fileName);
  if (!kind) return null;
  const XLSX = await import('@e965/xlsx');
  let book: import('@e965/xlsx').WorkBook;
  try {
    book =
      kind === 'csv'
        ? XLSX.read(decodeText(bytes), { type: 'string', dense: true, raw: true })
        : XLSX.read(bytes, { type: 'array', dense: true, cellDates: false, cellNF: true, cellStyles: false, cellHTML: false });
  } catch {
    return null; // the notice reader says what is wrong with it, in its own words
  }

  const meta = readMeta(XLSX, book.Sheets[META_SHEET]);
  const sheets = book.SheetNames.filter((n) => n !== META_SHEET).flatMap((name) => {
    const s = readSheet(XLSX, book.Sheets[name], name);
    return s ? [s] : [];
  });
  const keyed = sheets.filter((s) => s.rows.some((r) => r.key));
  if (!keyed.length && !meta) return null;

  const noticeIds = [...new Set(keyed.flatMap((s) => s.rows.flatMap((r) => (r.key ? [r.key.noticeId] : []))))];
  if (noticeIds.length > 1 || (!noticeIds.length && meta && meta.notices.length > 1)) {
    throw new LedgerFileError(
      '这份台账包含多份通知：请发送“修改台账 通知编号”，单独导出要修改的那份通知，改好后再发回（This ledger holds several notices: export the one to change on its own）',
    );
  }
  const noticeId = noticeIds[0] ?? meta?.notices[0];
  if (noticeId === undefined) return null;
  if (meta && !meta.notices.includes(noticeId)) {
    throw new LedgerFileError(
      '台账中的系统编号与文件记录的通知不一致，可能被改动过：请重新导出台账后修改（The row keys do not match the notice this file was exported for）',
    );
  }
  const candidates = keyed.length ? keyed : sheets;
  if (candidates.length > 1) {
    throw new LedgerFileError(
      `台账中有 ${candidates.length} 个工作表都像是这份通知的任务表（${candidates.map((s) => s.name).join('、')}）：请只保留一个后再发回（Several sheets hold this notice's tasks: keep one）`,
    );
  }
  const sheet = candidates[0];
  if (!sheet) {
    throw new LedgerFileError('台账中找不到任务表（表头应有“具体要求”）：请重新导出台账后修改（No task sheet found in this ledger）');
  }
  return {
    noticeId,
    sheet: sheet.name,
    columns: sheet.columns,
    rows: sheet.rows.map((r) => ({ row: r.row, taskId: r.key?.taskId ?? null, cells: r.cells })),
    snapshot: meta ? (meta.snapshot.get(noticeId) ?? []) : null,
  };
}

/** Only spreadsheets can be a returned 台账: .xlsx (by its parts), .xls / .et (by the OLE streams), .csv (by name). */
function sheetKind(bytes: Uint8Array, fileName: string): 'book' | 'csv' | null {
  switch (containerOf(bytes)) {
    case 'zip':
      return zipKind(bytes) === 'xlsx' ? 'book' : null;
    case 'ole':
      return oleHasWorkbook(bytes) ? 'book' : null;
    case 'text':
      return extensionOf(fileName) === 'csv' ? 'csv' : null;
    default:
      return null;
  }
}

/** An Excel/ET binary names its stream "Workbook" in the OLE directory (UTF-16LE). */
function oleHasWorkbook(bytes: Uint8Array): boolean {
  const name = [...'Workbook'].flatMap((c) => [c.charCodeAt(0), 0]);
  outer: for (let i = 0; i + name.length <= bytes.length; i++) {
    for (let j = 0; j < name.length; j++) if (bytes[i + j] !== name[j]) continue outer;
    return true;
  }
  return false;
}

interface Meta {
  notices: number[];
  /** noticeId → the snapshot rows of its tasks. */
  snapshot: Map<number, { taskId: number; cells: TaskCells }[]>;
}

function readMeta(XLSX: SheetJs, sheet: Sheet | undefined): Meta | null {
  if (!sheet) return null;
  const grid = cellGrid(XLSX, sheet);
  if (grid[0]?.[0] !== META_MARK) return null;
  const notices = (grid.find((r) => r[0] === 'notices')?.[1] ?? '')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  const snapshot = new Map<number, { taskId: number; cells: TaskCells }[]>();
  for (const r of grid.slice(META_FIRST_ROW)) {
    const key = parseLedgerKey(r[0] ?? '');
    if (!key || key === 'bad') continue;
    const cells = Object.fromEntries(EDITABLE_FIELDS.map((f, i) => [f, r[i + 1] ?? ''])) as unknown as TaskCells;
    snapshot.set(key.noticeId, [...(snapshot.get(key.noticeId) ?? []), { taskId: key.taskId, cells }]);
  }
  return { notices, snapshot };
}

interface SheetRows {
  name: string;
  columns: EditableField[];
  rows: { row: number; key: { noticeId: number; taskId: number } | null; cells: TaskCells }[];
}

/** A sheet's task rows under its header (the row naming 具体要求 or one of its synonyms); null without one. */
function readSheet(XLSX: SheetJs, sheet: Sheet, name: string): SheetRows | null {
  const grid = cellGrid(XLSX, sheet);
  const headerAt = grid.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => r.some((c) => isHeader(c, 'requirement')));
  if (headerAt < 0) return null;
  const header = grid[headerAt];
  const at = new Map<EditableField, number>();
  for (const f of EDITABLE_FIELDS) {
    const i = header.findIndex((c) => isHeader(c, f));
    if (i >= 0) at.set(f, i);
  }
  const keyAt = header.findIndex((c) => c.replace(/\s/g, '').startsWith(KEY_HEADER.slice(0, 4)));
  const rows: SheetRows['rows'] = [];
  grid.slice(headerAt + 1).forEach((r, i) => {
    const row = headerAt + 2 + i;
    const keyText = keyAt >= 0 ? (r[keyAt] ?? '') : '';
    const cells = Object.fromEntries(
      EDITABLE_FIELDS.map((f) => [f, at.has(f) ? (r[at.get(f)!] ?? '').trim() : '']),
    ) as unknown as TaskCells;
    // A row with nothing in the task's own columns (a note under the table, "暂无任务") is no task.
    if (!keyText.trim() && EDITABLE_FIELDS.every((f) => !cells[f])) return;
    const key = parseLedgerKey(keyText);
    if (key === 'bad') {
      throw new LedgerFileError(
        `第 ${row} 行的系统编号“${keyText.trim().slice(0, 30)}”已被改动，无法确定是哪项任务：请重新导出台账后修改（The row key in row ${row} was changed）`,
      );
    }
    rows.push({ row, key, cells });
  });
  return { name, columns: EDITABLE_FIELDS.filter((f) => at.has(f)), rows };
}

function isHeader(cell: string, field: EditableField): boolean {
  const c = cell.replace(/\s/g, '');
  return c === FIELD_HEADERS[field].header || FIELD_HEADERS[field].also.includes(c);
}

/** The sheet as rows of cell texts, row 1 first; dates as YYYY-MM-DD. */
function cellGrid(XLSX: SheetJs, sheet: Sheet): string[][] {
  const ref = sheet['!ref'];
  if (!ref) return [];
  const range = XLSX.utils.decode_range(ref);
  const dense = (sheet as { '!data'?: (CellObject | undefined)[][] })['!data'] ?? [];
  const grid: string[][] = [];
  for (let r = 0; r <= range.e.r; r++) {
    const row: string[] = [];
    for (let c = 0; c <= range.e.c; c++) row.push(cellText(XLSX, dense[r]?.[c]));
    grid.push(row);
  }
  // Offices merge a column's equal cells (the same 工作任务 or 牵头部门 down several rows); Excel
  // keeps the text in the first row only. Each merged row reads the text it shows.
  for (const m of sheet['!merges'] ?? []) {
    for (let r = m.s.r + 1; r <= m.e.r && r < grid.length; r++) grid[r][m.s.c] = grid[m.s.r]?.[m.s.c] ?? '';
  }
  return grid;
}

function cellText(XLSX: SheetJs, cell: CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'd' && cell.v instanceof Date) return isoDate(cell.v.getFullYear(), cell.v.getMonth() + 1, cell.v.getDate());
  if (cell.t === 'n' && typeof cell.v === 'number' && cell.z && XLSX.SSF.is_date(cell.z)) {
    const d = XLSX.SSF.parse_date_code(cell.v);
    if (d) return isoDate(d.y, d.m, d.d);
  }
  if (cell.t === 'e') return '';
  return String(cell.v).replace(/\r\n?/g, '\n');
}

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
