/**
 * The 工作台账 workbook as a district office keeps it: a merged title, a line with the document
 * number, totals and export time, then one row per task with every department's latest progress.
 * Pure apart from exceljs: rows in, bytes out, no fs, "now" injected, so tests read real cells.
 *
 * Several notices → one sheet per notice (not a 通知 column): each notice is its own ledger with
 * its own title and its own 序号 (the notice's numbering, which reports and meetings cite), and a
 * sheet prints on its own like the paper ledgers do.
 *
 * Runtime: exceljs's Node entry (lib/) needs Node's fs, stream, events and Buffer. Wrangler's
 * bundler takes the package's "browser" field instead, dist/exceljs.min.js (~1 MB, with its own
 * polyfills), and that build writes and reads this workbook under workerd with `nodejs_compat`
 * (checked with `wrangler dev` on a probe Worker). So the chat export can run on either entry, but
 * the Worker bundle grows by about 1 MB raw, and a 56-task workbook costs about 40 ms of CPU on
 * Node once warm (130 ms cold), beyond a free-plan Worker's 10 ms: on Workers it needs the paid plan's CPU limit;
 * on Node (src/node.ts, the CLI) there is no such limit.
 */
import type ExcelJS from 'exceljs';
import { STATUS_LABELS, oneLine, safeHttpUrl } from '../../cards/format';
import { formatInShanghai, isOverdueOn, shanghaiDate } from '../dates';
import type { LedgerExportRow, LedgerNoticeExport, ProgressEntry } from '../store/ledger-export';
import type { TaskStatus } from '../terms';
import {
  EDITABLE_FIELDS,
  FIELD_HEADERS,
  KEY_HEADER,
  META_FIRST_ROW,
  META_MARK,
  META_SHEET,
  META_VERSION,
  type TaskCells,
  cleanText,
  ledgerKey,
  taskCells,
} from './ledger-format';

export { deadlineCell } from './ledger-format';
import { addEvidenceSheet, addScorecardSheet } from './extra-sheets';
import type { EvidenceExportRow } from '../views/evidence';
import type { ScorecardView } from '../views/scorecard';

export interface LedgerXlsxInput {
  /** One sheet each, in this order; at least one. */
  notices: readonly LedgerNoticeExport[];
  /** Export time: printed on the sheet and the clock for 已逾期 (Asia/Shanghai calendar days). */
  generatedAt: Date;
  /** 佐证材料 of the notice: a sheet of its own (absent: no sheet). */
  evidence?: readonly EvidenceExportRow[];
  /** 考核 of the notice: a sheet of its own (absent: no sheet). */
  scorecard?: ScorecardView;
}

/** Rows above the first task: title, subtitle, header. Frozen and repeated on printed pages. */
export const HEADER_ROW = 3;
export const SINGLE_SHEET_NAME = '工作台账';

const FONT = '宋体';
const BODY_SIZE = 11;
/** Points per wrapped line at 11 pt, with a little air; Excel's own autofit uses about this. */
const LINE_HEIGHT = 15;
const MAX_ROW_HEIGHT = 409;
const RED = 'FFC00000';
const LINK_BLUE = 'FF0563C1';
const HEADER_FILL = 'FFD9E1F2';
const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

type Align = 'center' | 'left';

/** What one cell of a task row shows; `number` is stored as a number, `link` as a hyperlink, `alert` in red. */
interface CellOut {
  text: string;
  number?: number;
  link?: string;
  alert?: boolean;
}

interface RowInput {
  row: LedgerExportRow;
  /** The row's editable cells (ledger-format.ts): written as they are, and kept in the snapshot. */
  cells: TaskCells;
  noticeId: number;
  progress: readonly ProgressEntry[];
  /** Shanghai's date of the export: the day 已逾期 is judged on. */
  today: string;
}

/**
 * The column table: header, width (Excel character units; a Chinese character takes two) and how
 * each cell is made. The visible widths add up to 180, so "fit to one page wide" on landscape A4
 * prints at about 75 %, still readable; wider columns would shrink the print further. The last
 * column is hidden: each row's key for the round-trip (see ledger-format.ts); hidden columns are
 * not printed.
 */
const COLUMNS: { header: string; width: number; align: Align; hidden?: true; cell: (r: RowInput) => CellOut }[] = [
  { header: '序号', width: 5, align: 'center', cell: ({ row }) => ({ text: String(row.seq), number: row.seq }) },
  { header: FIELD_HEADERS.section.header, width: 18, align: 'left', cell: ({ cells }) => ({ text: cells.section }) },
  { header: FIELD_HEADERS.requirement.header, width: 40, align: 'left', cell: ({ cells }) => ({ text: cells.requirement }) },
  { header: FIELD_HEADERS.lead.header, width: 12, align: 'center', cell: ({ cells }) => ({ text: cells.lead }) },
  { header: FIELD_HEADERS.responsible.header, width: 16, align: 'center', cell: ({ cells }) => ({ text: cells.responsible }) },
  { header: FIELD_HEADERS.leaders.header, width: 10, align: 'center', cell: ({ cells }) => ({ text: cells.leaders }) },
  { header: FIELD_HEADERS.deadline.header, width: 13, align: 'center', cell: ({ cells }) => ({ text: cells.deadline }) },
  { header: '进展情况', width: 30, align: 'left', cell: ({ progress }) => ({ text: progressCell(progress) }) },
  { header: '状态', width: 10, align: 'center', cell: ({ row, today }) => statusCell(row, today) },
  { header: '佐证链接', width: 14, align: 'left', cell: ({ progress }) => evidenceCell(progress) },
  { header: '更新时间', width: 12, align: 'center', cell: ({ progress }) => ({ text: updatedCell(progress) }) },
  { header: KEY_HEADER, width: 14, align: 'left', hidden: true, cell: ({ noticeId, row }) => ({ text: ledgerKey(noticeId, row.taskId) }) },
];
/** Columns a person sees and prints: the title and subtitle span these. */
const VISIBLE = COLUMNS.filter((c) => !c.hidden).length;

/** 序号 | 工作任务 | 具体要求 | 牵头部门 | 责任单位 | 责任领导 | 完成时限 | 进展情况 | 状态 | 佐证链接 | 更新时间 | (hidden) 系统编号 */
export const LEDGER_HEADERS: readonly string[] = COLUMNS.map((c) => c.header);

/**
 * "关于印发《X》的通知" → "X": the ledger is the ledger of the document the notice issues. Other
 * titles stay as they are.
 */
export function ledgerName(noticeTitle: string): string {
  const t = oneLine(noticeTitle);
  const m = /^关于印发[《“"]?(.+?)[》”"]?的通知$/.exec(t);
  return (m ? m[1] : t) || '政务公开';
}

/** The sheet's title line, e.g. "2025年政务公开任务分解表工作台账" (no doubled 台账). */
export function ledgerTitle(noticeTitle: string): string {
  const name = ledgerName(noticeTitle);
  return /台账$/.test(name) ? name : `${name}工作台账`;
}

function progressCell(progress: readonly ProgressEntry[]): string {
  if (!progress.length) return '暂无进展';
  return progress.map((p) => `${p.department}：${oneLine(p.text)}`).join('\n');
}

/** 未开始 / 进行中 / 待审核 / 已办结, with "（已逾期）" in red when the date passed unfinished. */
export function statusCell(row: { dueOn: string | null; status: TaskStatus }, today: string): CellOut {
  const label = STATUS_LABELS[row.status].zh_cn;
  return isOverdueOn(row, today) ? { text: `${label}（已逾期）`, alert: true } : { text: label };
}

/** One http(s) link is a clickable cell; several are listed by department (a cell holds one link). */
function evidenceCell(progress: readonly ProgressEntry[]): CellOut {
  const withUrl = progress.filter((p) => p.evidenceUrl?.trim());
  if (!withUrl.length) return { text: '' };
  if (withUrl.length === 1) {
    const raw = withUrl[0].evidenceUrl!.trim();
    const href = safeHttpUrl(raw);
    return href ? { text: raw, link: href } : { text: raw };
  }
  return { text: withUrl.map((p) => `${p.department}：${p.evidenceUrl!.trim()}`).join('\n') };
}

function updatedCell(progress: readonly ProgressEntry[]): string {
  const latest = progress
    .map((p) => p.at)
    .sort()
    .at(-1);
  return latest ? formatInShanghai(latest, 'yyyy-MM-dd HH:mm') : '';
}

/** Width in Excel character units: CJK and full-width characters take two. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! >= 0x2e80 ? 2 : 1;
  return w;
}

/** Wrapped line count of a text in a column of this width. */
function lineCount(text: string, width: number): number {
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / Math.max(1, width - 1))), 0);
}

/**
 * Explicit row heights: Excel autofits wrapped rows on open, but WPS and Lark's in-chat preview
 * often do not, and a one-line-high row would hide most of a requirement.
 */
function rowHeight(texts: string[]): number {
  const lines = Math.max(1, ...texts.map((t, i) => (COLUMNS[i].hidden ? 1 : lineCount(t, COLUMNS[i].width))));
  return Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 6);
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], not quoted, unique ignoring case. */
export function sheetName(wanted: string, taken: ReadonlySet<string>): string {
  const base = Array.from(
    wanted
      .replace(/[:\\/?*[\]\u0000-\u001F]/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/^'+|'+$/g, '')
      .trim() || SINGLE_SHEET_NAME,
  );
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  for (let i = 1; ; i++) {
    const suffix = i === 1 ? '' : `(${i})`;
    const name =
      base
        .slice(0, 31 - suffix.length)
        .join('')
        .trim() + suffix;
    if (!lower.has(name.toLowerCase())) return name;
  }
}

function summaryLine(n: LedgerNoticeExport, now: Date): string {
  const count = (s: TaskStatus) => n.rows.filter((r) => r.status === s).length;
  const today = shanghaiDate(now);
  const overdue = n.rows.filter((r) => isOverdueOn(r, today)).length;
  const parts = [
    n.docNumber ? `文号：${n.docNumber}` : '',
    n.status === 'published' ? '' : '（草稿，未发布）',
    `共 ${n.rows.length} 项任务：已办结 ${count('closed')} 项，待审核 ${count('done')} 项，进行中 ${count('in_progress')} 项，未开始 ${count('not_started')} 项，已逾期 ${overdue} 项`,
    `导出时间 ${formatInShanghai(now, 'yyyy-MM-dd HH:mm')}`,
  ];
  return parts.filter(Boolean).join('　');
}

function addNoticeSheet(wb: ExcelJS.Workbook, n: LedgerNoticeExport, name: string, now: Date): void {
  const today = shanghaiDate(now);
  const last = VISIBLE;
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}`, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: {
      paperSize: 9 as ExcelJS.PaperSize, // A4 (the enum is a const enum, unusable under isolatedModules)
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.columns = COLUMNS.map((c) => ({ width: c.width, ...(c.hidden ? { hidden: true } : {}) }));
  const body = { name: FONT, size: BODY_SIZE };

  ws.mergeCells(1, 1, 1, last);
  const title = ws.getCell(1, 1);
  title.value = cleanText(ledgerTitle(n.title));
  title.font = { name: FONT, size: 18, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(1).height = 36;

  ws.mergeCells(2, 1, 2, last);
  const sub = ws.getCell(2, 1);
  sub.value = cleanText(summaryLine(n, now));
  sub.font = { ...body, size: 10 };
  sub.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
  ws.getRow(2).height = 22;

  const header = ws.getRow(HEADER_ROW);
  header.values = [...LEDGER_HEADERS];
  header.height = 24;
  header.eachCell((cell) => {
    cell.font = { ...body, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.border = BORDER;
  });

  n.rows.forEach((row, i) => {
    const input: RowInput = { row, cells: taskCells(row), noticeId: n.noticeId, progress: n.progress.get(row.taskId) ?? [], today };
    const cells = COLUMNS.map((c) => c.cell(input));
    const r = ws.getRow(HEADER_ROW + 1 + i);
    cells.forEach((out, j) => {
      const cell = r.getCell(j + 1);
      const text = cleanText(out.text);
      cell.value = out.link ? { text, hyperlink: out.link } : (out.number ?? text);
      cell.font = out.link
        ? { ...body, color: { argb: LINK_BLUE }, underline: true }
        : out.alert
          ? { ...body, bold: true, color: { argb: RED } }
          : body;
      cell.alignment = { horizontal: COLUMNS[j].align, vertical: 'middle', wrapText: true };
      cell.border = BORDER;
    });
    r.height = rowHeight(cells.map((c) => c.text));
  });

  // The filter spans the hidden key column too: sorting through it moves each key with its row.
  if (n.rows.length)
    ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW + n.rows.length, column: COLUMNS.length } };
  else {
    ws.mergeCells(HEADER_ROW + 1, 1, HEADER_ROW + 1, last);
    const empty = ws.getCell(HEADER_ROW + 1, 1);
    empty.value = '暂无任务';
    empty.font = body;
    empty.alignment = { horizontal: 'center', vertical: 'middle' };
  }
}

/**
 * The very hidden sheet that makes the workbook a round-trip format (ledger-format.ts): what it
 * is, which notices it holds, and the editable cells of every task as exported, by key.
 */
function addMetaSheet(wb: ExcelJS.Workbook, input: LedgerXlsxInput): void {
  const ws = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  ws.getRow(1).values = [META_MARK, META_VERSION];
  ws.getRow(2).values = [
    '说明',
    '督办用此表识别修改后发回的台账，请勿修改（Duban uses this sheet to recognise a returned ledger; do not edit）',
  ];
  ws.getRow(3).values = ['notices', input.notices.map((n) => n.noticeId).join(',')];
  ws.getRow(4).values = ['exported', input.generatedAt.toISOString()];
  ws.getRow(META_FIRST_ROW).values = ['key', ...EDITABLE_FIELDS];
  let r = META_FIRST_ROW + 1;
  for (const n of input.notices) {
    for (const row of n.rows) {
      const cells = taskCells(row);
      ws.getRow(r++).values = [ledgerKey(n.noticeId, row.taskId), ...EDITABLE_FIELDS.map((f) => cells[f])];
    }
  }
}

/**
 * The 工作台账 workbook. One notice → one sheet named "工作台账"; several → one sheet per notice
 * named "<id> <ledger name>" (id first, so the sheet tells which "导出台账 <id>" it came from).
 */
export async function buildLedgerXlsx(input: LedgerXlsxInput): Promise<Uint8Array> {
  if (!input.notices.length) throw new Error('没有可导出的通知（no notice to export）');
  // Loaded when a ledger is exported: importing exceljs costs over a second, which every start
  // of the server and the CLI paid before.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = '督办 Duban';
  wb.created = input.generatedAt;
  wb.modified = input.generatedAt;
  wb.title = input.notices.length === 1 ? ledgerTitle(input.notices[0].title) : '政务公开工作台账';
  const taken = new Set<string>();
  for (const n of input.notices) {
    const name = sheetName(input.notices.length === 1 ? SINGLE_SHEET_NAME : `${n.noticeId} ${ledgerName(n.title)}`, taken);
    taken.add(name);
    addNoticeSheet(wb, n, name, input.generatedAt);
  }
  if (input.evidence) addEvidenceSheet(wb, input.evidence);
  if (input.scorecard) addScorecardSheet(wb, input.scorecard);
  addMetaSheet(wb, input);
  // writeBuffer gives a Node Buffer under Node and an ArrayBuffer in the browser build: copy into
  // a plain Uint8Array either way, so callers never depend on which one ran.
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const FILE_NAME_MAX_CHARS = 100;
/** ext4, APFS and NTFS allow 255 bytes (or UTF-16 units) per name; Chinese is 3 bytes in UTF-8. */
const FILE_NAME_MAX_BYTES = 255;

/** "<ledger name>-工作台账-20250701.xlsx": no characters Windows forbids, ≤ 100 characters and ≤ 255 bytes. */
export function ledgerFileName(noticeTitle: string, generatedAt: Date): string {
  const suffix = `-工作台账-${formatInShanghai(generatedAt, 'yyyyMMdd')}.xlsx`;
  const stem = ledgerName(noticeTitle)
    .replace(/工作台账$|台账$/, '')
    .replace(/[\\/:*?"<>|\u0000-\u001F\u007F]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const chars = Array.from(stem || '政务公开');
  const fits = (n: number) => {
    const name = chars.slice(0, n).join('').trimEnd() + suffix;
    return Array.from(name).length <= FILE_NAME_MAX_CHARS && new TextEncoder().encode(name).length <= FILE_NAME_MAX_BYTES;
  };
  let n = chars.length;
  while (n > 1 && !fits(n)) n--;
  return chars.slice(0, n).join('').trimEnd() + suffix;
}
