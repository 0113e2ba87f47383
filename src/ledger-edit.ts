/**
 * The 台账 round-trip: the office edits the exported ledger in Excel or WPS and sends it back
 * (a file to the bot, or `duban import`). This module decides what the returned rows mean for the
 * stored notice, shows the change, and applies it on 确认; the store does it in one transaction
 * (src/store/ledger-edit.ts), and a published notice's new departments are then told through the
 * publishing catch-up.
 *
 * What a returned row means (three-way, per cell; see src/export/ledger-format.ts):
 * - A cell equal to what was exported is untouched, whatever Duban holds now; a cell that differs
 *   from the export is the person's change, applied unless Duban's value changed since the export
 *   too (a conflict: Duban's value stays, and the diff says so). Without the snapshot sheet the
 *   comparison is with the ledger as it stands.
 * - A row with a key is that task. A row without one (inserted, or a copied row whose key another
 *   row holds) is a new task, unless its requirement is exactly that of a task whose row is gone
 *   (a key lost to a paste, or the same file sent twice): then it is that task.
 * - A task exported but missing from the file was deleted. A task added after the export is left alone.
 * - Order: existing tasks keep their order (sorting the sheet renumbers nothing); a new row goes after
 *   the task above it in the sheet; 序号 is renumbered from 1 when rows were added or deleted.
 */
import { LedgerFileError, type ReturnedLedger, type ReturnedRow, readReturnedLedger } from './export/ledger-read';
import { type EditableField, type TaskCells, canonicalCell, sameCell, taskCells } from './export/ledger-format';
import { parseDeadline } from './notice/deadline';
import { doubtsOf } from './notice/doubts';
import { splitUnits } from './notice/units';
import { catchUpNotice } from './publish';
import {
  type EditDiff,
  type EditState,
  type EditTarget,
  type StoredTask,
  type TargetTask,
  type TaskValues,
  closePendingEdit,
  editNotice,
  savePendingEdit,
} from './store/ledger-edit';
import type { Db } from './store/db';
import type { EditCounts, FieldChange, LedgerEditView, TaskChange } from './views/ledger-edit';

export { LedgerFileError, type ReturnedLedger };

/** The returned 台账 in a file, or null when the file is not one (then it is a notice). */
export function readLedgerEdit(bytes: Uint8Array, fileName: string): Promise<ReturnedLedger | null> {
  return readReturnedLedger(bytes, fileName);
}

// ---------------------------------------------------------------------------------------------
// What the returned rows mean

/** Rows whose requirement moved to another key: two or more mean the keys and rows were separated. */
const MISPLACED_LIMIT = 2;

/** Pure: the target the store turns into a diff (and, on 确认, into rows). Throws LedgerFileError. */
export function decideEdit(state: EditState, returned: ReturnedLedger): EditTarget {
  const year = state.notice.year;
  const current = new Map(state.tasks.map((t) => [t.id, t]));
  const now = new Map(state.tasks.map((t) => [t.id, taskCells(t)]));
  const snapshot = returned.snapshot ? new Map(returned.snapshot.map((s) => [s.taskId, s.cells])) : null;
  const exported = (id: number): TaskCells => snapshot?.get(id) ?? now.get(id)!;

  for (const r of returned.rows) {
    if (!canonicalCell(r.cells.requirement)) {
      throw new LedgerFileError(
        `第 ${r.row} 行没有填写具体要求：如要删除这项任务，请删除整行后再发回（Row ${r.row} has no requirement; to remove a task, delete its whole row）`,
      );
    }
  }

  // Which row is which task.
  const ignored: EditTarget['ignored'] = [];
  const rowOf = new Map<number, ReturnedRow>();
  const keyless: ReturnedRow[] = [];
  for (const r of returned.rows) {
    if (r.taskId === null) {
      keyless.push(r);
      continue;
    }
    if (!current.has(r.taskId)) {
      if (snapshot?.has(r.taskId)) {
        ignored.push({
          row: r.row,
          reason: { zh_cn: '该任务已在导出后删除，未恢复', en_us: 'This task was deleted after the export; it is not restored' },
        });
        continue;
      }
      throw new LedgerFileError(
        `第 ${r.row} 行的系统编号不属于这份台账，可能被改动过：请重新导出台账后修改（The row key in row ${r.row} is not one of this ledger's）`,
      );
    }
    const held = rowOf.get(r.taskId);
    // A copied row carries its original's key: the copy whose requirement is still the task's keeps it.
    if (!held) rowOf.set(r.taskId, r);
    else if (
      !sameCell(held.cells.requirement, exported(r.taskId).requirement) &&
      sameCell(r.cells.requirement, exported(r.taskId).requirement)
    ) {
      rowOf.set(r.taskId, r);
      keyless.push(held);
    } else keyless.push(r);
  }
  const taskOfRow = new Map<ReturnedRow, number>([...rowOf].map(([id, r]) => [r, id]));
  // Requirement → tasks, as Duban holds it and as exported (maps, so 2,000 rows stay linear).
  const byText = new Map<string, number[]>();
  const byExportedText = new Map<string, number[]>();
  for (const t of state.tasks) {
    const add = (m: Map<string, number[]>, text: string) => {
      const ids = m.get(text);
      if (ids) ids.push(t.id);
      else m.set(text, [t.id]);
    };
    add(byText, canonicalCell(now.get(t.id)!.requirement));
    add(byExportedText, canonicalCell(exported(t.id).requirement));
  }
  for (const r of keyless.sort((a, b) => a.row - b.row)) {
    const text = canonicalCell(r.cells.requirement);
    const match = [...(byText.get(text) ?? []), ...(byExportedText.get(text) ?? [])].find((id) => !rowOf.has(id));
    if (match !== undefined) {
      rowOf.set(match, r);
      taskOfRow.set(r, match);
    }
  }

  let misplaced = 0;
  for (const [id, r] of rowOf) {
    const text = canonicalCell(r.cells.requirement);
    if (text === canonicalCell(exported(id).requirement)) continue;
    if ((byExportedText.get(text) ?? []).some((other) => other !== id && rowOf.has(other))) misplaced++;
  }
  if (misplaced >= MISPLACED_LIMIT) {
    throw new LedgerFileError(
      `台账中有 ${misplaced} 行的内容与隐藏的系统编号错位（可能只选中部分列排序或剪切）：请重新导出台账后修改（${misplaced} rows no longer sit with their hidden keys: export the ledger again and redo the change）`,
    );
  }

  // Each row's target, in sheet order (a blank 工作任务 in a new row continues the row above).
  const targetOf = new Map<number, TargetTask>();
  const inserted = new Map<number | null, TargetTask[]>();
  let anchor: number | null = null;
  let section: string[] = [];
  for (const r of [...returned.rows].sort((a, b) => a.row - b.row)) {
    const id = taskOfRow.get(r);
    if (id !== undefined) {
      // A row without its key is read like an added row: a blank 工作任务 continues the row above.
      const cells = r.taskId === id || canonicalCell(r.cells.section) ? r.cells : { ...r.cells, section: section.join(' › ') };
      const t = editedTask(current.get(id)!, now.get(id)!, exported(id), cells, returned.columns, year);
      targetOf.set(id, t);
      anchor = id;
      section = t.values.section;
    } else if (r.taskId === null || !ignored.some((x) => x.row === r.row)) {
      const t = newTask(r.cells, returned.columns, section, year);
      inserted.set(anchor, [...(inserted.get(anchor) ?? []), t]);
      section = t.values.section;
    }
  }

  // Tasks exported and gone from the file were deleted; tasks added since the export stay as they are.
  const tasks: TargetTask[] = [...(inserted.get(null) ?? [])];
  for (const t of state.tasks) {
    const exportedHere = snapshot ? snapshot.has(t.id) : true;
    tasks.push(targetOf.get(t.id) ?? { ...unchanged(t), remove: exportedHere });
    tasks.push(...(inserted.get(t.id) ?? []));
  }
  return { tasks, ignored };
}

function unchanged(t: StoredTask): TargetTask {
  return { taskId: t.id, remove: false, values: valuesOf(t), fields: [], conflicts: [], unitsChanged: false };
}

function valuesOf(t: StoredTask): TaskValues {
  const { section, requirement, lead, responsible, leaders, deadlineText, dueOn, ongoing, doubts } = t;
  return { section, requirement, lead, responsible, leaders, deadlineText, dueOn, ongoing, doubts };
}

/** An existing task's row: each editable cell compared three ways (the file, the export, Duban now). */
function editedTask(
  t: StoredTask,
  now: TaskCells,
  exported: TaskCells,
  mine: TaskCells,
  columns: readonly EditableField[],
  year: number | null,
): TargetTask {
  const changed: EditableField[] = [];
  const conflicts: EditableField[] = [];
  const values = valuesOf(t);
  for (const f of columns) {
    if (sameCell(mine[f], exported[f]) || sameCell(mine[f], now[f])) continue;
    // Written differently, meaning the same ("9月30日前" for "9月30日前（2024-09-30）"): no change.
    const read = decode(f, mine[f], exported[f], year);
    if (Object.entries(read).every(([k, v]) => JSON.stringify(v) === JSON.stringify(values[k as keyof TaskValues]))) continue;
    if (!sameCell(now[f], exported[f])) {
      conflicts.push(f);
      continue;
    }
    changed.push(f);
    Object.assign(values, read);
  }
  if (!changed.length) return { ...unchanged(t), conflicts };
  values.doubts = doubtsOfValues(values, year);
  const after = taskCells(values);
  return {
    taskId: t.id,
    remove: false,
    values,
    fields: changed.map((f) => ({ field: f, from: now[f], to: after[f] })),
    conflicts,
    unitsChanged: changed.includes('lead') || changed.includes('responsible'),
  };
}

/** The parser's doubts about a row, asked again after the person's edit. */
function doubtsOfValues(values: TaskValues, year: number | null): TaskValues['doubts'] {
  const { section, requirement, lead, responsible, leaders } = values;
  return doubtsOf(
    {
      section,
      requirement,
      lead,
      responsible,
      leaders,
      deadline: { text: values.deadlineText, due: values.dueOn, ongoing: values.ongoing },
    },
    year,
  );
}

/** A row the person added: every cell read as a notice's cell would be. */
function newTask(mine: TaskCells, columns: readonly EditableField[], above: string[], year: number | null): TargetTask {
  const values: TaskValues = {
    section: above,
    requirement: '',
    lead: [],
    responsible: [],
    leaders: [],
    deadlineText: '',
    dueOn: null,
    ongoing: false,
    doubts: [],
  };
  for (const f of columns) if (f !== 'section' || canonicalCell(mine.section)) Object.assign(values, decode(f, mine[f], undefined, year));
  values.doubts = doubtsOfValues(values, year);
  const after = taskCells(values);
  const shown: EditableField[] = ['section', 'leaders', 'deadline'];
  return {
    taskId: null,
    remove: false,
    values,
    fields: shown.filter((f) => canonicalCell(after[f])).map((f) => ({ field: f, from: '', to: after[f] })),
    conflicts: [],
    unitsChanged: true,
  };
}

/** A changed cell → the task's fields it holds. */
function decode(field: EditableField, cell: string, exported: string | undefined, year: number | null): Partial<TaskValues> {
  const text = canonicalCell(cell);
  switch (field) {
    case 'section':
      return { section: text ? text.split(/\s*›\s*/).filter(Boolean) : [] };
    case 'requirement':
      return { requirement: text };
    case 'lead':
      return { lead: splitUnits(text) };
    case 'responsible':
      return { responsible: splitUnits(text) };
    case 'leaders':
      // As the parser splits a leader cell (src/notice/table.ts): never at spaces, which pad names ("王　强").
      return {
        leaders: [
          ...new Set(
            text
              .split(/[\n、，,；;/／]+/)
              .map((n) => n.trim())
              .filter((n) => n && !/^[—–\-－_/／\\]+$|^无$/.test(n)),
          ),
        ],
      };
    case 'deadline':
      return decodeDeadline(text, exported, year);
  }
}

const WITH_DATE = /^(.*?)\s*[（(](\d{4}-\d{2}-\d{2})[）)]$/;
const PLAIN_DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:前|之前)?$/;

/**
 * A 完成时限 cell: the notice's words with the date they were read as in brackets, as exported
 * ("3月底前（2025-03-31）"), or whatever the person typed (words, or a date: "2025-06-30", a date
 * cell). When only the bracketed date was changed, that date is the deadline and the words stay.
 */
function decodeDeadline(
  text: string,
  exported: string | undefined,
  year: number | null,
): Pick<TaskValues, 'deadlineText' | 'dueOn' | 'ongoing'> {
  if (!text) return { deadlineText: '', dueOn: null, ongoing: false };
  const m = WITH_DATE.exec(text);
  const words = m ? m[1].trim() : text;
  const bracket = m && validDate(m[2]) ? m[2] : null;
  const before = exported ? WITH_DATE.exec(canonicalCell(exported)) : null;
  const parsed = parseDeadline(words, year);
  if (bracket && before && sameCell(before[1], words)) return { deadlineText: words, dueOn: bracket, ongoing: parsed.ongoing };
  const plain = PLAIN_DATE.exec(words);
  const typed = plain ? validDate(`${plain[1]}-${plain[2].padStart(2, '0')}-${plain[3].padStart(2, '0')}`) : null;
  return { deadlineText: parsed.text, dueOn: parsed.due ?? typed ?? bracket, ongoing: parsed.ongoing };
}

function validDate(iso: string): string | null {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

// ---------------------------------------------------------------------------------------------
// Preview and apply

async function digest(diff: EditDiff): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(diff));
  const hash = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function refusal(outcome: { status: 'not_found' | 'cancelled' }, noticeId: number): LedgerFileError {
  return new LedgerFileError(
    outcome.status === 'not_found'
      ? `找不到这份台账对应的通知（编号 ${noticeId}）：它可能已被删除，或属于其他组织（The notice this ledger was exported from is not here: deleted, or another organisation's）`
      : `这份台账对应的通知（编号 ${noticeId}）已取消，不能再修改（The notice of this ledger was cancelled and cannot be changed）`,
  );
}

function viewOf(
  outcome: { notice: EditState['notice']; diff: EditDiff },
  sourceName: string,
  state: LedgerEditView['state'],
  editId: number | null,
): LedgerEditView {
  const { notice, diff } = outcome;
  return {
    editId,
    state,
    notice: { id: notice.id, title: notice.title, docNumber: notice.docNumber, status: notice.status },
    sourceName,
    counts: editCounts(diff.changes),
    ...diff,
  };
}

function editCounts(changes: readonly TaskChange[]): EditCounts {
  const edits = (t: TaskChange, f: FieldChange['field']) => t.kind === 'edited' && t.fields.some((x) => x.field === f);
  return {
    added: changes.filter((t) => t.kind === 'added').length,
    removed: changes.filter((t) => t.kind === 'removed').length,
    edited: changes.filter((t) => t.kind === 'edited' && (t.fields.length || t.unitsAdded.length || t.unitsRemoved.length)).length,
    unitsAdded: changes.filter((t) => t.kind === 'edited').reduce((n, t) => n + t.unitsAdded.length, 0),
    unitsRemoved: changes.filter((t) => t.kind === 'edited').reduce((n, t) => n + t.unitsRemoved.length, 0),
    deadlinesMoved: changes.filter((t) => edits(t, 'deadline')).length,
    leadersChanged: changes.filter((t) => edits(t, 'leaders')).length,
    refused: changes.reduce((n, t) => n + (t.kind === 'kept' ? 1 : t.unitsKept.length) + t.conflicts.length, 0),
  };
}

/** Whether the diff changes anything: one that only refuses or repeats has nothing to confirm. */
export function changesSomething(diff: Pick<LedgerEditView, 'changes'>): boolean {
  const n = editCounts(diff.changes);
  return n.added + n.removed + n.edited > 0;
}

/**
 * The change a returned 台账 asks for, computed and rolled back. With `by` (the chat) it is kept
 * as a pending edit for 确认 (unless it changes nothing); without (the CLI) only shown.
 * Throws LedgerFileError for a file that cannot be used (one line for the office).
 */
export async function previewLedgerEdit(
  db: Db,
  input: { tenantKey: string; returned: ReturnedLedger; sourceName: string; by?: string },
): Promise<{ view: LedgerEditView; digest: string }> {
  const { returned } = input;
  const outcome = await editNotice(
    db,
    { tenantKey: input.tenantKey, noticeId: returned.noticeId, mode: 'preview' },
    (state) => decideEdit(state, returned),
    digest,
  );
  if (outcome.status === 'not_found' || outcome.status === 'cancelled') throw refusal(outcome, returned.noticeId);
  if (outcome.status === 'decided') throw new Error('a preview decides no pending edit');
  let editId: number | null = null;
  if (input.by && changesSomething(outcome.diff)) {
    editId = await savePendingEdit(db, {
      tenantKey: input.tenantKey,
      noticeId: returned.noticeId,
      sourceName: input.sourceName,
      returned,
      digest: outcome.digest,
      by: input.by,
    });
  }
  return { view: viewOf(outcome, input.sourceName, 'preview', editId), digest: outcome.digest };
}

export type ApplyResult =
  /** Applied; a published notice's new departments have been enqueued their card. */
  | { status: 'applied'; view: LedgerEditView }
  /** Not applied: the changes are no longer those shown; `view` shows the current ones (a new pending edit in the chat). */
  | { status: 'changed'; view: LedgerEditView }
  /** This pending edit was confirmed or cancelled before. */
  | { status: 'decided' };

/**
 * Applies a returned 台账: only if its changes are still `expect` (the digest shown), in one
 * transaction, then tells a published notice's new departments (the publishing catch-up).
 */
export async function applyLedgerEdit(
  db: Db,
  input: {
    tenantKey: string;
    returned: ReturnedLedger;
    sourceName: string;
    now: Date;
    expect?: string;
    /** The chat's pending edit being confirmed, and by whom. */
    edit?: { id: number; by: string };
  },
): Promise<ApplyResult> {
  const { returned, tenantKey, now } = input;
  const outcome = await editNotice(
    db,
    {
      tenantKey,
      noticeId: returned.noticeId,
      mode: 'apply',
      expect: input.expect,
      edit: input.edit && { id: input.edit.id, by: input.edit.by, at: now },
    },
    (state) => decideEdit(state, returned),
    digest,
  );
  switch (outcome.status) {
    case 'not_found':
    case 'cancelled':
      throw refusal(outcome, returned.noticeId);
    case 'decided':
      return outcome;
    case 'preview':
      throw new Error('an apply never previews');
    case 'changed': {
      let editId: number | null = null;
      if (input.edit) {
        await closePendingEdit(db, { tenantKey, id: input.edit.id, status: 'superseded', by: input.edit.by, at: now });
        if (changesSomething(outcome.diff)) {
          editId = await savePendingEdit(db, {
            tenantKey,
            noticeId: returned.noticeId,
            sourceName: input.sourceName,
            returned,
            digest: outcome.digest,
            by: input.edit.by,
          });
        }
      }
      return { status: 'changed', view: viewOf(outcome, input.sourceName, 'preview', editId) };
    }
    case 'applied': {
      const view = viewOf(outcome, input.sourceName, 'applied', null);
      if (outcome.notice.status === 'published' && outcome.newDepartmentIds.length) {
        const caught = await catchUpNotice(db, { tenantKey, noticeId: returned.noticeId, now });
        const fresh = new Set(outcome.newDepartmentIds);
        view.delivery = {
          notified: caught?.reached.filter((d) => fresh.has(d.id)).length ?? 0,
          unreachable: caught?.undeliverable.filter((d) => fresh.has(d.id)).map((d) => d.name) ?? [],
        };
      }
      return { status: 'applied', view };
    }
  }
}

/** The field names as the ledger's headers say them, for messages outside cards (the CLI). */
export const FIELD_NAMES: Record<FieldChange['field'], string> = {
  section: '工作任务',
  requirement: '具体要求',
  lead: '牵头部门',
  responsible: '责任单位',
  leaders: '责任领导',
  deadline: '完成时限',
};
