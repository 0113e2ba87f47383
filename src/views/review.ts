/** Views of the office's review (待审核) and of the outcome a department is told. */
import type { AssignmentRole } from '../terms';
import type { DepartmentRef } from './common';
import type { EvidenceItem } from './evidence';

export type ReviewDecisionKind = 'confirm' | 'return';

/** One 待审核 assignment with the report it is judged on. */
export interface ReviewItem {
  assignmentId: number;
  /** The version the decision buttons carry: a decision on an older one is refused as stale. */
  version: number;
  taskId: number;
  seq: number;
  noticeTitle: string;
  requirement: string;
  deadlineText: string;
  dueOn: string | null;
  role: AssignmentRole;
  department: DepartmentRef;
  /**
   * The department's latest report (the one that said 已完成); null only for legacy rows. The
   * reporter is a name (src/people.ts), null when none is known.
   */
  report: { text: string; evidenceUrl: string | null; reporter: string | null; at: string } | null;
  /** 佐证材料 the department attached to this share (absent: none). */
  evidence?: EvidenceItem[];
}

export interface ReviewQueuePage {
  items: ReviewItem[];
  total: number;
  /** 1-based, clamped to the pages that exist. */
  page: number;
  pageCount: number;
}

export interface ReviewResultView {
  decision: ReviewDecisionKind;
  department: DepartmentRef;
  task: { taskId: number; seq: number; requirement: string; noticeTitle: string };
  /** The return reason, or the office's optional remark on a confirmation. */
  reason: string | null;
}
