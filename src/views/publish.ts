/** Views of a notice's life after import: the office's preview, each department's card, the delivery report. */
import type { NoticeStatus } from '../terms';
import type { DepartmentRef, I18nText, NoticeSummary } from './common';
import type { TaskItem } from './tasks';
import type { YearOverYearView } from './year-over-year';

/** One department's share of a newly published notice. */
export interface PublishedNoticeView {
  notice: NoticeSummary;
  department: DepartmentRef;
  leadCount: number;
  participatingCount: number;
  /** The earliest due date on or after the day of publishing; null when there is none. */
  nearest: { dueOn: string; deadlineText: string } | null;
  /** Tasks whose due date had already passed when the notice was published. */
  pastDueCount: number;
  /** The first few tasks, most urgent first. */
  tasks: TaskItem[];
  /** All of the department's tasks in this notice. */
  total: number;
}

/** How a department is reached: its bound group chat, its coordinators one by one, or not at all. */
export type Reach = 'chat' | 'coordinators' | null;

export interface PreviewDepartment extends DepartmentRef {
  lead: number;
  participating: number;
  reach: Reach;
}

export interface NoticePreviewView {
  notice: NoticeSummary & {
    status: NoticeStatus;
    issuer: string | null;
    issuedOn: string | null;
    sourceName: string;
  };
  taskCount: number;
  /** Directory order; every department with at least one task. */
  departments: PreviewDepartment[];
  /** Unit names the import could not tie to the directory: nobody gets those tasks. */
  unresolved: string[];
  /**
   * Departments this import added to an existing directory: a new spelling of a known unit
   * shows up here, and 设置别名 merges it. Empty for a tenant's first notice.
   */
  created: string[];
  warnings: string[];
  /** Tasks Duban is unsure of (see DoubtfulTask), in notice order; at most DOUBTFUL_LISTED of them. */
  doubtful: DoubtfulTask[];
  /** All tasks with at least one reason to check, listed or not. */
  doubtfulCount: number;
  /** The year deadlines were resolved in when the document names none and the import date decided; else null. */
  assumedYear: number | null;
  /** Compared with the previous notice of the same kind: 新增 / 延续 / 删减; absent or null for a first notice. */
  yearOverYear?: YearOverYearView | null;
}

/** How many doubtful tasks a preview view carries; the card shows fewer and counts the rest. */
export const DOUBTFUL_LISTED = 50;

/**
 * A task to check by hand, with why: the parser's doubts (no units, an unreadable deadline, text
 * that reads as two tasks) and the unit names the import could not tie to the directory.
 */
export interface DoubtfulTask {
  seq: number;
  requirement: string;
  reasons: I18nText[];
}

export interface DeliveryProblem {
  department: string;
  /** 'chat': the bound group; 'coordinator': one coordinator's private chat. */
  recipient: 'chat' | 'coordinator';
  attempts: number;
  /** Lark's code, when the failure came from Lark. */
  code: number | null;
  error: string | null;
  /** Pending rows: when the next attempt is due (ISO). */
  nextAttemptAt?: string;
}

export interface DeliveryReportView {
  /** `evidenceRequired`: 要求佐证 is on (absent: off). */
  notice: NoticeSummary & { status: NoticeStatus; publishedAt: string | null; evidenceRequired?: boolean };
  /** Messages (one per bound chat or coordinator), not departments. */
  counts: { sent: number; failed: number; pending: number };
  failed: DeliveryProblem[];
  pending: DeliveryProblem[];
  /** Departments with tasks in the notice but neither a bound chat nor a coordinator. */
  undeliverable: DepartmentRef[];
}
