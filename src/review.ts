/**
 * The office's review of what departments report as done. A department's 已完成 report puts its
 * assignment in status 'done' (待审核); the office either confirms it (→ closed, 办结) or returns
 * it with a reason (→ in_progress). Each decision is a progress_reports row of kind
 * 'confirm' / 'return', so the ledger keeps every step, and the department is told either way
 * through the outbox.
 */
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './store/db';
import { assignments, departments, notices, progressReports, tasks, type AssignmentRole, type TaskStatus } from './store/schema';
import { enqueue } from './outbox/enqueue';
import type { DepartmentRef } from '../cards/views';
import { REVIEW_REASON_MAX_CHARS, reviewResultCard } from '../cards/review';
import { DEFAULT_SCHEDULER_CONFIG, type SchedulerConfig } from './scheduler/config';
import { nextWorkingMoment } from './scheduler/calendar';
import { departmentTargets, targetSuffix } from './scheduler/targets';

export { REVIEW_REASON_MAX_CHARS };

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
  /** The department's latest report (the one that said 已完成); null only for legacy rows. */
  report: { text: string; evidenceUrl: string | null; reporterOpenId: string; at: string } | null;
}

export interface ReviewQueuePage {
  items: ReviewItem[];
  total: number;
  /** 1-based, clamped to the pages that exist. */
  page: number;
  pageCount: number;
}

const awaitingReview = (tenantKey: string) =>
  and(eq(assignments.tenantKey, tenantKey), eq(assignments.status, 'done'), eq(notices.status, 'published'));

/**
 * The review queue: assignments reported done on published notices, oldest report first, so
 * nothing waits longest by accident.
 */
export async function reviewQueue(db: Db, tenantKey: string, opts: { page: number; pageSize: number }): Promise<ReviewQueuePage> {
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

  const reports = await latestReports(
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
      report: reports.get(r.a.id) ?? null,
    })),
  };
}

async function latestReports(db: Db, assignmentIds: number[]): Promise<Map<number, NonNullable<ReviewItem['report']>>> {
  const out = new Map<number, NonNullable<ReviewItem['report']>>();
  if (!assignmentIds.length) return out;
  const rows = await db
    .select()
    .from(progressReports)
    .where(and(inArray(progressReports.assignmentId, assignmentIds), eq(progressReports.kind, 'report')))
    .orderBy(desc(progressReports.createdAt), desc(progressReports.id));
  for (const r of rows) {
    if (out.has(r.assignmentId)) continue;
    out.set(r.assignmentId, { text: r.text, evidenceUrl: r.evidenceUrl, reporterOpenId: r.reporterOpenId, at: r.createdAt.toISOString() });
  }
  return out;
}

export interface ReviewDecisionInput {
  tenantKey: string;
  assignmentId: number;
  /** The version the clicked card was built from. */
  version: number;
  decision: ReviewDecisionKind;
  /** Required to return (1..500 characters); an optional remark when confirming. */
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
  | { ok: false; reason: 'reason_required' | 'reason_too_long' | 'not_found' | 'stale' | 'not_pending'; currentVersion?: number };

const RESULT: Record<ReviewDecisionKind, { status: Extract<TaskStatus, 'closed' | 'in_progress'>; defaultText: string }> = {
  confirm: { status: 'closed', defaultText: '确认办结' },
  return: { status: 'in_progress', defaultText: '' },
};

/** Trimmed reason, or why it is not acceptable for this decision. */
export function checkReviewReason(
  decision: ReviewDecisionKind,
  raw: string | null | undefined,
): { ok: true; reason: string | null } | { ok: false; reason: 'reason_required' | 'reason_too_long' } {
  const reason = (raw ?? '').trim();
  if (Array.from(reason).length > REVIEW_REASON_MAX_CHARS) return { ok: false, reason: 'reason_too_long' };
  if (!reason) return decision === 'return' ? { ok: false, reason: 'reason_required' } : { ok: true, reason: null };
  return { ok: true, reason };
}

/**
 * Confirms or returns one 待审核 assignment in one transaction: the row is locked and its version
 * compared (a card built before someone else's decision or a new report is refused as stale),
 * then the status, the version, the ledger row and the department's notification are written
 * together, so a decision is never half-recorded or announced without being taken.
 */
export async function reviewDecision(db: Db, input: ReviewDecisionInput): Promise<ReviewOutcome> {
  const checked = checkReviewReason(input.decision, input.reason);
  if (!checked.ok) return { ok: false, reason: checked.reason };
  const result = RESULT[input.decision];

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
      status: result.status,
      text: checked.reason ?? result.defaultText,
      evidenceUrl: null,
    });
    const [updated] = await tx
      .update(assignments)
      .set({ status: result.status, version: sql`${assignments.version} + 1`, updatedAt: new Date() })
      .where(eq(assignments.id, row.a.id))
      .returning({ version: assignments.version, status: assignments.status });

    const content = reviewResultCard(
      {
        decision: input.decision,
        department: row.d,
        task: { taskId: row.t.id, seq: row.t.seq, requirement: row.t.requirement, noticeTitle: row.n.title },
        reason: checked.reason,
      },
      { now: input.now, locale: 'zh_cn' },
    );
    const notBefore = nextWorkingMoment(input.now, input.schedule ?? DEFAULT_SCHEDULER_CONFIG);
    const targets = (await departmentTargets(tx, input.tenantKey, [row.d.id])).get(row.d.id) ?? [];
    let notified = 0;
    for (const target of targets) {
      const fresh = await enqueue(tx, {
        tenantKey: input.tenantKey,
        dedupeKey: `review:${row.a.id}:${updated.version}${targetSuffix(target)}`,
        kind: 'review',
        departmentId: row.d.id,
        receiveIdType: target.receiveIdType,
        receiveId: target.receiveId,
        msgType: 'interactive',
        content,
        notBefore,
      });
      if (fresh) notified++;
    }

    return {
      ok: true,
      decision: input.decision,
      assignmentId: row.a.id,
      taskId: row.t.id,
      department: row.d,
      version: updated.version,
      status: updated.status,
      notified,
    } as const;
  });
}
