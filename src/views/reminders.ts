/** Views of what the scheduler sends: a department's reminder / overdue / check-in card and the weekly digest. */
import type { AssignmentRole, TaskStatus } from '../terms';
import type { DepartmentRef } from './common';

export type ReminderKind = 'remind' | 'overdue' | 'checkin';

/** One of the department's tasks as the scheduler found it. */
export interface ReminderTask {
  taskId: number;
  seq: number;
  noticeTitle: string;
  requirement: string;
  deadlineText: string;
  dueOn: string | null;
  ongoing: boolean;
  status: TaskStatus;
  role: AssignmentRole;
  /** ISO timestamp of the department's last report on it; null when it never reported. */
  lastReportAt: string | null;
}

export interface DepartmentReminderView {
  kind: ReminderKind;
  department: DepartmentRef;
  /** In the order to show (the scheduler sorts by due date, then 序号). */
  tasks: ReminderTask[];
}

export interface DigestDepartment {
  department: DepartmentRef;
  /** Its overdue tasks (one row per task). */
  overdue: { taskId: number; seq: number }[];
  /** false: no active group and no coordinator, so its daily overdue cards reach nobody. */
  reachable: boolean;
}

export interface WeeklyDigestView {
  /** The digest's date (yyyy-MM-dd, Shanghai). */
  date: string;
  /** The office gets the review-queue button; leaders do not (reviewing is the office's). */
  audience: 'office' | 'leader';
  /** Departments with overdue tasks, in directory order. */
  departments: DigestDepartment[];
  /** Reports of 已完成 waiting for the office (待审核). */
  pendingReview: number;
  /** Departments with open tasks that no reminder can reach. */
  unreachable: string[];
}
