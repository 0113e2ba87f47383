/**
 * The 台账 as a format both ways: what the export writes into the cells a person may edit, and how
 * an edited workbook that comes back is tied to the stored notice. Shared by the writer
 * (ledger-xlsx.ts), the reader (ledger-read.ts) and the round-trip's comparison (src/ledger-edit.ts),
 * so a cell nobody touched always compares equal to what was written.
 *
 * How a returned workbook is recognised, and why it survives Excel and WPS:
 * - Every task row carries its **key** ("12-345-k7": notice, task, check) in a hidden last column
 *   inside the autofilter range. A key lives in its row, so inserting, deleting, cutting or sorting
 *   rows (the filter's sort moves every column of the range) keeps each key with its task; a pasted
 *   copy of a row carries a duplicate key, which the reader notices. Hidden columns are kept by
 *   Excel, WPS and LibreOffice in .xlsx, .xls and .et, and even written out to .csv.
 * - A very hidden sheet (`_duban`) holds the notice id and a **snapshot** of the editable cells as
 *   exported, per key. Comparing the returned cells with the snapshot tells what the person
 *   changed, apart from what changed in Duban since the export (a three-way comparison), so an
 *   old copy never reverts a newer edit, and sending the same file twice changes nothing twice.
 *   Without the sheet (a copy pasted into a new workbook, a .csv) the cells are compared with the
 *   ledger as it stands.
 */
import { oneLine } from '../../cards/format';

/** The editable columns and the texts they hold, in sheet order. */
export interface TaskCells {
  section: string;
  requirement: string;
  lead: string;
  responsible: string;
  leaders: string;
  deadline: string;
}

export const EDITABLE_FIELDS = [
  'section',
  'requirement',
  'lead',
  'responsible',
  'leaders',
  'deadline',
] as const satisfies readonly (keyof TaskCells)[];
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** Each editable column's header as written, and the other headers a person (or an older export) may use for it. */
export const FIELD_HEADERS: Record<EditableField, { header: string; also: string[] }> = {
  section: { header: '工作任务', also: ['重点任务', '任务'] },
  requirement: { header: '具体要求', also: ['工作要求', '任务内容', '具体措施', '工作措施'] },
  lead: { header: '牵头部门', also: ['牵头单位'] },
  responsible: { header: '责任单位', also: ['配合单位', '参与单位'] },
  leaders: { header: '责任领导', also: ['牵头领导', '分管领导', '联系领导'] },
  deadline: { header: '完成时限', also: ['时间节点', '完成时间'] },
};

/** The hidden column's header: says what it is to whoever unhides it. */
export const KEY_HEADER = '系统编号（请勿修改）';
/** The very hidden sheet with the notice id and the snapshot. */
export const META_SHEET = '_duban';
export const META_MARK = 'duban-ledger';
export const META_VERSION = 1;
/** The snapshot's table starts on this row of the meta sheet: key, then the editable fields in order. */
export const META_FIRST_ROW = 5;

/** Shown for an empty list or deadline, so an empty cell reads as deliberate. */
export const NONE = '—';

/** Excel refuses longer cell texts. */
const MAX_CELL_CHARS = 32_767;

/** XML 1.0 cannot carry most C0 controls: a pasted one would make Excel call the file corrupt. */
export function cleanText(text: string): string {
  const clean = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  return clean.length > MAX_CELL_CHARS ? `${clean.slice(0, MAX_CELL_CHARS - 1)}…` : clean;
}

/** "3月底前（2025-03-31）": the notice's words, plus the date they were read as when that adds anything. */
export function deadlineCell(row: { deadlineText: string; dueOn: string | null; ongoing: boolean }): string {
  const text = row.deadlineText.trim();
  if (!row.dueOn) return text || (row.ongoing ? '长期坚持' : NONE);
  if (!text) return row.dueOn;
  const [y, m, d] = row.dueOn.split('-').map(Number);
  const numbers = (text.match(/\d+/g) ?? []).map(Number);
  const spelledOut = text === row.dueOn || [y, m, d].every((n) => numbers.includes(n));
  return spelledOut ? text : `${text}（${row.dueOn}）`;
}

/** A task's editable cells exactly as the export writes them. */
export function taskCells(t: {
  section: readonly string[];
  requirement: string;
  lead: readonly string[];
  responsible: readonly string[];
  leaders: readonly string[];
  deadlineText: string;
  dueOn: string | null;
  ongoing: boolean;
}): TaskCells {
  const list = (names: readonly string[]) => cleanText(names.map(oneLine).join('、') || NONE);
  return {
    section: cleanText(t.section.join(' › ') || NONE),
    requirement: cleanText(t.requirement),
    lead: list(t.lead),
    responsible: list(t.responsible),
    leaders: list(t.leaders),
    deadline: cleanText(deadlineCell(t)),
  };
}

/**
 * Two cell texts mean the same when they differ only in line endings, spaces at line ends and
 * around the text, and the empty mark (Excel and WPS rewrite line endings; people clear "—").
 */
export function sameCell(a: string, b: string): boolean {
  return canonicalCell(a) === canonicalCell(b);
}

/** The form cells are compared in (see sameCell): '' for an empty cell or the empty mark. */
export function canonicalCell(text: string): string {
  const t = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .trim();
  return t === NONE ? '' : t;
}

// ---------------------------------------------------------------------------------------------
// Row keys

/** A short check on the ids, so a digit typed into a key is caught rather than read as another task. */
function check(noticeId: number, taskId: number): string {
  let h = 0x811c9dc5;
  for (const ch of `${noticeId}:${taskId}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return (h % 1296).toString(36).padStart(2, '0');
}

/** "12-345-k7": notice 12, task 345. */
export function ledgerKey(noticeId: number, taskId: number): string {
  return `${noticeId}-${taskId}-${check(noticeId, taskId)}`;
}

/** The ids a key names; 'bad' for text that is no key of ours (typed over, cut short); null for an empty cell. */
export function parseLedgerKey(text: string): { noticeId: number; taskId: number } | 'bad' | null {
  const t = text.trim();
  if (!t) return null;
  const m = /^(\d{1,10})-(\d{1,10})-([0-9a-z]{2})$/.exec(t);
  if (!m) return 'bad';
  const noticeId = Number(m[1]);
  const taskId = Number(m[2]);
  if (noticeId > 2_147_483_647 || taskId > 2_147_483_647 || check(noticeId, taskId) !== m[3]) return 'bad';
  return { noticeId, taskId };
}
