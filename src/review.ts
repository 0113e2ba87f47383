/**
 * The office's review of what departments report as done. A department's 已完成 report puts its
 * assignment in status 'done' (待审核); the office either confirms it (→ closed, 办结) or returns
 * it with a reason (→ in_progress). Each decision is a progress_reports row of kind
 * 'confirm' / 'return', so the ledger keeps every step, and the department is told either way
 * through the outbox (src/store/review.ts writes both in one transaction).
 */
import { toOutboxRows } from './outbox/enqueue';
import { DEFAULT_SCHEDULER_CONFIG, type SchedulerConfig } from './scheduler/config';
import { nextWorkingMoment } from './scheduler/calendar';
import type { Db } from './store/db';
import { recordReviewDecision } from './store/review';
import { targetSuffix } from './store/targets';

import type { DepartmentRef } from './views/common';
import type { ReviewDecisionKind } from './views/review';
import type { TaskStatus } from './terms';

export interface ReviewDecisionInput {
  tenantKey: string;
  assignmentId: number;
  /** The version the clicked card was built from. */
  version: number;
  decision: ReviewDecisionKind;
  /** Required to return; an optional remark when confirming. Already trimmed and within the form's limit. */
  reason?: string | null;
  officeOpenId: string;
  now: Date;
  /** Working days and quiet hours: a decision at night reaches the department next morning. */
  schedule?: SchedulerConfig;
}

export type ReviewOutcome =
  | {
      ok: true;
      decision: ReviewDecisionKind;
      assignmentId: number;
      taskId: number;
      department: DepartmentRef;
      version: number;
      status: TaskStatus;
      /** Notification messages enqueued; 0 when the department has no group and no coordinator. */
      notified: number;
    }
  | { ok: false; reason: 'reason_required' | 'not_found' | 'stale' | 'not_pending'; currentVersion?: number };

const RESULT: Record<ReviewDecisionKind, { status: Extract<TaskStatus, 'closed' | 'in_progress'>; defaultText: string }> = {
  confirm: { status: 'closed', defaultText: '确认办结' },
  return: { status: 'in_progress', defaultText: '' },
};

/** Confirms or returns one 待审核 assignment; a return needs a reason the department can act on. */
export async function reviewDecision(db: Db, input: ReviewDecisionInput): Promise<ReviewOutcome> {
  const reason = (input.reason ?? '').trim() || null;
  if (input.decision === 'return' && !reason) return { ok: false, reason: 'reason_required' };
  const result = RESULT[input.decision];
  const notBefore = nextWorkingMoment(input.now, input.schedule ?? DEFAULT_SCHEDULER_CONFIG);

  const recorded = await recordReviewDecision(
    db,
    { ...input, status: result.status, text: reason ?? result.defaultText },
    (decided, targets) =>
      toOutboxRows(
        targets.map((target) => ({
          tenantKey: input.tenantKey,
          dedupeKey: `review:${decided.assignmentId}:${decided.version}${targetSuffix(target)}`,
          kind: 'review',
          departmentId: decided.department.id,
          receiveIdType: target.receiveIdType,
          receiveId: target.receiveId,
          content: {
            card: 'review_result',
            view: { decision: input.decision, department: decided.department, task: decided.task, reason },
          },
          notBefore: notBefore > input.now ? notBefore : undefined,
        })),
        input.now,
      ),
  );
  if (!recorded.ok) return recorded;
  const { decided } = recorded;
  return {
    ok: true,
    decision: input.decision,
    assignmentId: decided.assignmentId,
    taskId: decided.taskId,
    department: decided.department,
    version: decided.version,
    status: decided.status,
    notified: recorded.written.size,
  };
}
