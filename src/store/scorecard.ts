/** What 考核 counts for one notice: every department's shares and its dated reports and returns. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { formatInShanghai } from '../dates';
import type { Db } from './db';
import { assignments, departments, notices, progressReports, scoreWeights, tasks } from './schema';
import type { TaskStatus } from '../terms';
import type { DepartmentRef } from '../views/common';
import type { ScoreWeights } from '../views/scorecard';

export interface ScorecardFacts {
  publishedOn: string;
  shares: { department: DepartmentRef; dueOn: string | null; status: TaskStatus; finishedOn: string | null }[];
  steps: { departmentId: number; kind: 'report' | 'return'; on: string }[];
  /** Department ids in directory order. */
  order: number[];
}

/** null when the notice is not the tenant's or not published. */
export async function scorecardFacts(db: Db, tenantKey: string, noticeId: number): Promise<ScorecardFacts | null> {
  const [notice] = await db
    .select({ publishedAt: notices.publishedAt, createdAt: notices.createdAt, status: notices.status })
    .from(notices)
    .where(and(eq(notices.tenantKey, tenantKey), eq(notices.id, noticeId)));
  if (notice?.status !== 'published') return null;
  const shares = await db
    .select({
      departmentId: departments.id,
      name: departments.name,
      dueOn: tasks.dueOn,
      status: assignments.status,
      lastReportAt: assignments.lastReportAt,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(and(eq(assignments.tenantKey, tenantKey), eq(tasks.noticeId, noticeId)))
    .orderBy(asc(departments.sortOrder), asc(departments.id), asc(tasks.seq));
  const steps = await db
    .select({ departmentId: assignments.departmentId, kind: progressReports.kind, at: progressReports.createdAt })
    .from(progressReports)
    .innerJoin(assignments, eq(assignments.id, progressReports.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(
      and(eq(progressReports.tenantKey, tenantKey), eq(tasks.noticeId, noticeId), inArray(progressReports.kind, ['report', 'return'])),
    );
  return {
    publishedOn: formatInShanghai(notice.publishedAt ?? notice.createdAt),
    shares: shares.map((s) => ({
      department: { id: s.departmentId, name: s.name },
      dueOn: s.dueOn,
      status: s.status,
      // 已完成 is only ever set by a report, so for a done or closed share its last report is the one that finished it.
      finishedOn: (s.status === 'done' || s.status === 'closed') && s.lastReportAt ? formatInShanghai(s.lastReportAt) : null,
    })),
    steps: steps.map((s) => ({ departmentId: s.departmentId, kind: s.kind as 'report' | 'return', on: formatInShanghai(s.at) })),
    order: [...new Set(shares.map((s) => s.departmentId))],
  };
}

/** The tenant's own 考核权重, or null when its office never set them. */
export async function tenantScoreWeights(db: Db, tenantKey: string): Promise<ScoreWeights | null> {
  const [row] = await db.select({ weights: scoreWeights.weights }).from(scoreWeights).where(eq(scoreWeights.tenantKey, tenantKey));
  return row?.weights ?? null;
}

export async function setTenantScoreWeights(db: Db, tenantKey: string, weights: ScoreWeights, now: Date): Promise<void> {
  await db
    .insert(scoreWeights)
    .values({ tenantKey, weights, updatedAt: now })
    .onConflictDoUpdate({ target: scoreWeights.tenantKey, set: { weights, updatedAt: now } });
}

/** Back to the deployment's weights (DUBAN_SCORE_WEIGHTS, or the defaults). */
export async function clearTenantScoreWeights(db: Db, tenantKey: string): Promise<void> {
  await db.delete(scoreWeights).where(eq(scoreWeights.tenantKey, tenantKey));
}
