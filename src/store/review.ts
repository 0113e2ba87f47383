/**
 * The queries of the office's review (待审核): the queue, and a decision written in one
 * transaction with the version check, the ledger row and the department's notification.
 */
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { DepartmentRef } from '../views/common';
import type { ReviewDecisionKind, ReviewItem, ReviewQueuePage } from '../views/review';
import type { Db } from './db';
import { lastProgressFor, type StoredProgress } from './ledger';
import { insertOutboxRows, type NewOutboxRow } from './outbox';
import { redecideToday } from './scheduler-tenants';
import { assignments, departments, notices, progressReports, tasks } from './schema';
import { type DeliveryTarget, departmentTargets } from './targets';
import type { TaskStatus } from '../terms';

/** A queue item as stored: the report names its reporter by open_id (the command resolves the name). */
export type StoredReport = Omit<NonNullable<ReviewItem['report']>, 'reporter'> & { reporterOpenId: string };
export type StoredReviewItem = Omit<ReviewItem, 'report'> & { report: StoredReport | null };
export type StoredReviewPage = Omit<ReviewQueuePage, 'items'> & { items: StoredReviewItem[] };

/** The queue shows what was reported, not the status it claimed (every queued report says 已完成). */
function reportOf(p: StoredProgress | undefined): StoredReport | null {
  return p ? { text: p.text, evidenceUrl: p.evidenceUrl, reporterOpenId: p.reporterOpenId, at: p.at } : null;
}

const awaitingReview = (tenantKey: string) =>
  and(eq(assignments.tenantKey, tenantKey), eq(assignments.status, 'done'), eq(notices.status, 'published'));

/**
 * The review queue: assignments reported done on published notices, oldest report first, so
 * nothing waits longest by accident.
 */
export async function reviewQueue(db: Db, tenantKey: string, opts: { page: number; pageSize: number }): Promise<StoredReviewPage> {
  const pageSize = Math.max(1, Math.floor(opts.pageSize));
  const [{ n }] = await db
    .select({ n: count() })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .where(awaitingReview(tenantKey));
  const total = Number(n);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(opts.page) || 1), pageCount);
  if (total === 0) return { items: [], total, page, pageCount };

  const rows = await db
    .select({ a: assignments, t: tasks, n: { title: notices.title }, d: { id: departments.id, name: departments.name } })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(awaitingReview(tenantKey))
    // last_report_at is when the department reported (done is only ever set by a report).
    .orderBy(asc(sql`coalesce(${assignments.lastReportAt}, ${assignments.updatedAt})`), asc(assignments.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);

  const reports = await lastProgressFor(
    db,
    rows.map((r) => r.a.id),
  );
  return {
    total,
    page,
    pageCount,
    items: rows.map((r) => ({
      assignmentId: r.a.id,
      version: r.a.version,
      taskId: r.t.id,
      seq: r.t.seq,
      noticeTitle: r.n.title,
      requirement: r.t.requirement,
      deadlineText: r.t.deadlineText,
      dueOn: r.t.dueOn,
      role: r.a.role,
      department: r.d,
      report: reportOf(reports.get(r.a.id)),
    })),
  };
}

/**
 * The office's return reason when the latest step on the assignment is a 退回 (the department has
 * not reported since); null otherwise. The report form shows it above the pre-filled report.
 */
export async function pendingReturn(db: Db, tenantKey: string, assignmentId: number): Promise<{ reason: string; at: string } | null> {
  const [last] = await db
    .select({ kind: progressReports.kind, text: progressReports.text, at: progressReports.createdAt })
    .from(progressReports)
    .where(and(eq(progressReports.tenantKey, tenantKey), eq(progressReports.assignmentId, assignmentId)))
    .orderBy(desc(progressReports.createdAt), desc(progressReports.id))
    .limit(1);
  return last?.kind === 'return' ? { reason: last.text, at: last.at.toISOString() } : null;
}

/** The decided assignment, as the notification plan needs it. */
export interface DecidedAssignment {
  assignmentId: number;
  /** The version after the decision. */
  version: number;
  status: TaskStatus;
  taskId: number;
  department: DepartmentRef;
  task: { taskId: number; seq: number; requirement: string; noticeTitle: string };
}

export type RecordedDecision =
  | { ok: true; decided: DecidedAssignment; written: Set<string> }
  | { ok: false; reason: 'not_found' | 'stale' | 'not_pending'; currentVersion?: number };

/**
 * Records one decision on a 待审核 assignment in one transaction: the row is locked and its
 * version compared (a card built before someone else's decision or a new report is refused as
 * stale), then the ledger row, the new status and version, and the notification rows its plan
 * decides are written together, so a decision is never half-recorded or announced without being taken.
 */
export async function recordReviewDecision(
  db: Db,
  input: {
    tenantKey: string;
    assignmentId: number;
    version: number;
    decision: ReviewDecisionKind;
    status: Extract<TaskStatus, 'closed' | 'in_progress'>;
    text: string;
    officeOpenId: string;
    now: Date;
  },
  notify: (decided: DecidedAssignment, targets: DeliveryTarget[]) => NewOutboxRow[],
): Promise<RecordedDecision> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        a: assignments,
        t: tasks,
        n: { title: notices.title, status: notices.status },
        d: { id: departments.id, name: departments.name },
      })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(notices, eq(notices.id, tasks.noticeId))
      .innerJoin(departments, eq(departments.id, assignments.departmentId))
      .where(and(eq(assignments.tenantKey, input.tenantKey), eq(assignments.id, input.assignmentId)))
      .for('update', { of: assignments });
    if (row?.n.status !== 'published') return { ok: false, reason: 'not_found' } as const;
    if (row.a.version !== input.version) return { ok: false, reason: 'stale', currentVersion: row.a.version } as const;
    if (row.a.status !== 'done') return { ok: false, reason: 'not_pending', currentVersion: row.a.version } as const;

    await tx.insert(progressReports).values({
      tenantKey: input.tenantKey,
      assignmentId: row.a.id,
      reporterOpenId: input.officeOpenId,
      kind: input.decision,
      status: input.status,
      text: input.text,
      evidenceUrl: null,
      createdAt: input.now,
    });
    const [updated] = await tx
      .update(assignments)
      .set({ status: input.status, version: sql`${assignments.version} + 1`, updatedAt: input.now })
      .where(eq(assignments.id, row.a.id))
      .returning({ version: assignments.version, status: assignments.status });
    // 退回 reopens the work: it may be overdue today.
    if (updated.status !== 'closed') await redecideToday(tx, input.tenantKey);

    const decided: DecidedAssignment = {
      assignmentId: row.a.id,
      version: updated.version,
      status: updated.status,
      taskId: row.t.id,
      department: row.d,
      task: { taskId: row.t.id, seq: row.t.seq, requirement: row.t.requirement, noticeTitle: row.n.title },
    };
    const targets = (await departmentTargets(tx, input.tenantKey, [row.d.id])).get(row.d.id) ?? [];
    return { ok: true, decided, written: await insertOutboxRows(tx, notify(decided, targets)) } as const;
  });
}
