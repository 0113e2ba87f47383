import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './db';
import { assignments, evidence, notices, progressReports, tasks } from './schema';
import type { TaskStatus } from '../terms';
import { isFinished } from '../dates';
import { redecideToday } from './scheduler-tenants';

export interface ProgressInput {
  tenantKey: string;
  assignmentId: number;
  /** The assignment version the form was built from. */
  version: number;
  /** The reporter's department: a coordinator reports only on their own department's share. */
  departmentId: number;
  reporterOpenId: string;
  status: Exclude<TaskStatus, 'closed'>;
  text: string;
  evidenceUrl: string | null;
  /** The card the form was submitted from: files sent in reply to it are this report's evidence. */
  cardMessageId?: string | null;
  /** When the report is made; the app's clock, so tests and reminders agree on "today". */
  now?: Date;
}

export type ProgressOutcome =
  | { ok: true; assignmentId: number; taskId: number; version: number; status: TaskStatus }
  | { ok: false; reason: 'not_found' | 'forbidden' | 'stale' | 'closed' | 'evidence_required'; currentVersion?: number; seq?: number };

/**
 * Writes a progress report and the assignment's new status in one transaction. The row is
 * locked and its version compared, so a form built before someone else's report is refused
 * instead of silently overwriting it.
 */
export async function recordProgress(db: Db, input: ProgressInput): Promise<ProgressOutcome> {
  const at = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ a: assignments, seq: tasks.seq, noticeStatus: notices.status, evidenceRequired: notices.evidenceRequired })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(notices, eq(notices.id, tasks.noticeId))
      .where(and(eq(assignments.tenantKey, input.tenantKey), eq(assignments.id, input.assignmentId)))
      .for('update', { of: assignments });
    if (row?.noticeStatus !== 'published') return { ok: false, reason: 'not_found' } as const;
    if (row.a.departmentId !== input.departmentId) return { ok: false, reason: 'forbidden' } as const;
    if (row.a.status === 'closed') return { ok: false, reason: 'closed', currentVersion: row.a.version } as const;
    if (row.a.version !== input.version) return { ok: false, reason: 'stale', currentVersion: row.a.version } as const;
    // 要求佐证: a link in the form, or a picture or file attached to this share, before 已完成.
    if (input.status === 'done' && row.evidenceRequired && !input.evidenceUrl) {
      const [attached] = await tx.select({ id: evidence.id }).from(evidence).where(eq(evidence.assignmentId, row.a.id)).limit(1);
      if (!attached) return { ok: false, reason: 'evidence_required', seq: row.seq } as const;
    }

    await tx.insert(progressReports).values({
      tenantKey: input.tenantKey,
      assignmentId: row.a.id,
      reporterOpenId: input.reporterOpenId,
      status: input.status,
      text: input.text,
      evidenceUrl: input.evidenceUrl,
      cardMessageId: input.cardMessageId ?? null,
      createdAt: at,
    });
    const [updated] = await tx
      .update(assignments)
      .set({ status: input.status, version: sql`${assignments.version} + 1`, lastReportAt: at, updatedAt: at })
      .where(eq(assignments.id, row.a.id))
      .returning();
    // Taking back a 已完成 reopens the work: it may be overdue today.
    if (isFinished(row.a.status) && !isFinished(input.status)) await redecideToday(tx, input.tenantKey);
    return { ok: true, assignmentId: updated.id, taskId: updated.taskId, version: updated.version, status: updated.status } as const;
  });
}
