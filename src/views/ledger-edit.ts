/**
 * What an edited 台账 changes in a stored notice, as the office sees it before 确认 and after:
 * tasks added, removed and edited, departments added and removed per task, deadlines moved,
 * leaders changed, and the changes Duban will not make (with why).
 */
import type { NoticeStatus } from '../terms';
import type { I18nText, NoticeSummary } from './common';

/** A cell the person changed, as the ledger shows it before and after. */
export interface FieldChange {
  field: 'section' | 'requirement' | 'lead' | 'responsible' | 'leaders' | 'deadline';
  from: string;
  to: string;
}

export interface TaskChange {
  /**
   * added: a new row; removed: a row deleted, and the task with it; edited: cells or departments
   * changed; kept: a row deleted whose task stays, because departments reported on it.
   */
  kind: 'added' | 'removed' | 'edited' | 'kept';
  /** 序号 after the change (before it, for removed and kept tasks). */
  seq: number;
  /** 序号 before the change; null for an added task. */
  oldSeq: number | null;
  /** The requirement after the change (before it, for removed and kept tasks). */
  requirement: string;
  fields: FieldChange[];
  /** Departments given the task, and taken off it (directory names). */
  unitsAdded: string[];
  unitsRemoved: string[];
  /** Departments the file takes off the task that stay on it, because they reported progress. */
  unitsKept: string[];
  /** Unit names in the changed cells that match no directory unit: nobody gets the task for them. */
  unresolved: string[];
  /** Cells changed both in the file and in Duban since the export: Duban's value stays. */
  conflicts: FieldChange['field'][];
  /** Why the changed row may be misread (the parser's doubts on the new cells). */
  doubts: I18nText[];
}

export interface LedgerEditView {
  /** The pending change behind 确认 / 取消; null when there is nothing to confirm (or from the CLI). */
  editId: number | null;
  /** preview: waiting for 确认; applied: done; cancelled: dropped. */
  state: 'preview' | 'applied' | 'cancelled';
  notice: NoticeSummary & { status: NoticeStatus };
  sourceName: string;
  counts: EditCounts;
  /** Every task the file changes, in ledger order (removed ones at their old place). */
  changes: TaskChange[];
  /** Existing tasks whose 序号 moves (rows inserted or deleted before them). */
  renumbered: number;
  /** Departments with no task in this notice before: a published notice's card goes to them on 确认. */
  newDepartments: string[];
  /** Departments left with no task in this notice. */
  droppedDepartments: string[];
  /** Units the change adds to the directory (a new spelling of a known unit can be merged with 设置别名). */
  createdUnits: string[];
  /** Rows of the file that change nothing, and why (a task deleted in Duban after the export). */
  ignored: { row: number; reason: I18nText }[];
  /** After 确认 on a published notice: how the new departments were reached. */
  delivery?: { notified: number; unreachable: string[] };
}

export interface EditCounts {
  added: number;
  removed: number;
  /** Tasks whose cells or departments change. */
  edited: number;
  /** Departments given, or taken off, an existing task. */
  unitsAdded: number;
  unitsRemoved: number;
  deadlinesMoved: number;
  leadersChanged: number;
  /** Changes the file asks for that will not be made: tasks and departments with reports, conflicts. */
  refused: number;
}
