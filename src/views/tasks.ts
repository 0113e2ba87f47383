/** Views of tasks as one department sees them: 我的任务, the report form, task detail. */
import type { AssignmentRole, TaskStatus } from '../terms';
import type { DepartmentRef } from './common';
import type { DepartmentEvidence } from './evidence';

export interface ProgressLine {
  status: TaskStatus;
  text: string;
  evidenceUrl: string | null;
  /**
   * Who wrote it, by name (src/people.ts resolves it), never an open_id; null when no name is
   * known, and the card says 联络员 (or 政务公开办 for the office's review steps).
   */
  reporter: string | null;
  /** ISO timestamp. */
  at: string;
}

/** A department's report, or the office's review of a 已完成 report (确认办结 / 退回). */
export type ProgressKind = 'report' | 'confirm' | 'return';

/** One task as seen by one department (its assignment). */
export interface TaskItem {
  taskId: number;
  assignmentId: number;
  /** Assignment version: a form carrying an older one is refused as stale. */
  version: number;
  noticeTitle: string;
  /** Position in the notice (序号). */
  seq: number;
  section: string[];
  requirement: string;
  role: AssignmentRole;
  /** Set when the department is covered by a group term ("区直各部门") rather than by name. */
  viaGroup: string | null;
  deadlineText: string;
  dueOn: string | null;
  ongoing: boolean;
  status: TaskStatus;
  lastProgress: ProgressLine | null;
}

export type TaskFilter = 'all' | 'overdue' | 'month' | 'open';

export interface MyTasksView {
  department: DepartmentRef;
  filter: TaskFilter;
  tasks: TaskItem[];
  page: number;
  pageCount: number;
  total: number;
  /** Across all pages of this filter, so the header does not understate what is overdue. */
  counts?: { overdue: number; dueSoon: number };
}

export interface ReportFormView {
  department: DepartmentRef;
  /** The tasks that may be chosen in the form (the department's open ones). */
  tasks: TaskItem[];
  /**
   * Pre-selected task, e.g. "汇报进展 3". Its `lastProgress` is the department's own last report
   * (never the office's review), which pre-fills the form.
   */
  selected: TaskItem | null;
  /** The office returned the selected task since that report: its reason, shown above the form. */
  returned?: { reason: string; at: string } | null;
}

export interface TaskDetailView {
  /** `leaders`: the notice's 牵头领导 / 责任领导 …, people rather than units (absent or empty: none named). */
  task: TaskItem & { lead: string[]; responsible: string[]; leaders?: string[] };
  assignments: { department: string; role: AssignmentRole; status: TaskStatus; viaGroup: string | null }[];
  /** Department reports and the office's review steps, each with the department it concerns. */
  history: (ProgressLine & { department: string; kind: ProgressKind })[];
  /**
   * 去年进展: a continuing 长期坚持 task's counterpart in the previous year's notice and its
   * history, so a standing task's record carries across years; absent otherwise.
   */
  earlier?: { noticeTitle: string; seq: number; history: (ProgressLine & { department: string; kind: ProgressKind })[] };
  /** 佐证材料 attached to the task, every department's (absent: none). */
  evidence?: DepartmentEvidence[];
}
