/** The view of 汇总: completion by department, overdue tasks, silent departments, recent progress. */
import type { TaskStatus } from '../terms';
import type { DepartmentRef } from './common';

export interface DepartmentSummary {
  departmentId: number;
  department: string;
  /** Directory order. */
  sortOrder: number;
  /** Assignments (the department's shares of tasks) in scope. */
  total: number;
  /** Finished: reported done (待审核) plus closed by the office (已办结). */
  done: number;
  /** Of `done`, those the office has confirmed. */
  closed: number;
  inProgress: number;
  notStarted: number;
  /** Unfinished shares whose due date has passed. */
  overdue: number;
  /** When the department last reported on a share in scope (ISO), null when it never reported. */
  lastReportAt: string | null;
}

export interface OverdueTask {
  taskId: number;
  noticeId: number;
  seq: number;
  requirement: string;
  dueOn: string;
  /** Departments whose share is still unfinished, in directory order; empty when no unit was resolved. */
  departments: string[];
  /** No department holds this task at all (its units did not resolve): nobody is working on it. */
  unassigned: boolean;
}

export interface RecentProgress {
  department: string;
  noticeId: number;
  seq: number;
  text: string;
  status: TaskStatus;
  /** ISO timestamp. */
  at: string;
}

export interface SummaryView {
  /** The Shanghai calendar date the overdue / due-soon figures are computed for. */
  asOf: string;
  scope: {
    /** The notice title, or 全部已发布通知. */
    label: string;
    noticeId: number | null;
    noticeTitle: string | null;
    /** Published notices in scope; 0 means there is nothing to summarise. */
    noticeCount: number;
    department: DepartmentRef | null;
  };
  totals: {
    tasks: number;
    assignments: number;
    byStatus: Record<TaskStatus, number>;
    /** Tasks past their due date with at least one unfinished (or no) department. */
    overdue: number;
    /** Department shares past their due date and unfinished (the sum of perDepartment.overdue). */
    overdueAssignments: number;
    /** Unfinished tasks due today or within the next DUE_SOON_DAYS days. */
    dueSoon: number;
    /** Tasks no department holds (unresolved units). */
    unassigned: number;
  };
  /** Every department with a share in scope, in directory order. */
  perDepartment: DepartmentSummary[];
  /** Most overdue first, at most `overdueLimit`; `totals.overdue` counts them all. */
  overdueTasks: OverdueTask[];
  /** Departments with shares in scope but not a single progress report, in directory order. */
  silentDepartments: DepartmentRef[];
  /** Department progress reports, newest first, at most `recentLimit`. */
  recent: RecentProgress[];
}
