/**
 * The queries of year over year: the notices a new one may follow, the tasks to compare, and the
 * links between this year's tasks and last year's (tasks.previous_task_id). Which task continues
 * which is decided by the caller (src/year-over-year.ts); this file reads and writes.
 */
import { and, asc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from './db';
import { assignments, notices, tasks } from './schema';

export interface NoticeHead {
  id: number;
  title: string;
  year: number | null;
  status: 'draft' | 'published' | 'cancelled';
  previousNoticeId: number | null;
}

/** The notice and the tenant's other notices that are not cancelled, newest first. */
export async function noticeAndOthers(
  db: Tx,
  tenantKey: string,
  noticeId: number,
): Promise<{ notice: NoticeHead; others: NoticeHead[] } | null> {
  const rows = await db
    .select({
      id: notices.id,
      title: notices.title,
      year: notices.year,
      status: notices.status,
      previousNoticeId: notices.previousNoticeId,
    })
    .from(notices)
    .where(and(eq(notices.tenantKey, tenantKey), ne(notices.status, 'cancelled')))
    .orderBy(sql`${notices.id} desc`);
  const notice = rows.find((r) => r.id === noticeId);
  return notice ? { notice, others: rows.filter((r) => r.id !== noticeId) } : null;
}

export interface ComparableTask {
  id: number;
  seq: number;
  requirement: string;
  ongoing: boolean;
  /** Departments holding the task as lead: the same office under another spelling still matches. */
  leadDepartments: number[];
  /** The notice's own lead names, for tasks whose units did not resolve. */
  lead: string[];
}

/** A notice's tasks in notice order, with their lead departments. */
export async function comparableTasks(db: Tx, noticeId: number): Promise<ComparableTask[]> {
  const rows = await db
    .select({ id: tasks.id, seq: tasks.seq, requirement: tasks.requirement, ongoing: tasks.ongoing, lead: tasks.lead })
    .from(tasks)
    .where(eq(tasks.noticeId, noticeId))
    .orderBy(asc(tasks.seq));
  if (!rows.length) return [];
  const leads = await db
    .select({ taskId: assignments.taskId, departmentId: assignments.departmentId })
    .from(assignments)
    .where(
      and(
        inArray(
          assignments.taskId,
          rows.map((r) => r.id),
        ),
        eq(assignments.role, 'lead'),
      ),
    );
  const byTask = new Map<number, number[]>();
  for (const l of leads) byTask.set(l.taskId, [...(byTask.get(l.taskId) ?? []), l.departmentId]);
  return rows.map((r) => ({ ...r, leadDepartments: byTask.get(r.id) ?? [] }));
}

/**
 * Records which notice a notice was compared with and which of its tasks continue which, replacing
 * an earlier comparison of the same notice, in one transaction.
 */
export async function saveYearLinks(
  db: Db,
  noticeId: number,
  previousNoticeId: number | null,
  links: readonly { taskId: number; previousTaskId: number }[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(notices).set({ previousNoticeId }).where(eq(notices.id, noticeId));
    await tx
      .update(tasks)
      .set({ previousTaskId: null })
      .where(and(eq(tasks.noticeId, noticeId), isNotNull(tasks.previousTaskId)));
    if (!links.length) return;
    const values = sql.join(
      links.map((l) => sql`(${l.taskId}::int, ${l.previousTaskId}::int)`),
      sql`, `,
    );
    await tx.execute(
      sql`update ${tasks} set previous_task_id = v.previous from (values ${values}) as v(id, previous) where ${tasks.id} = v.id and ${tasks.noticeId} = ${noticeId}`,
    );
  });
}

export interface StoredComparison {
  previous: { id: number; title: string; year: number | null; taskCount: number };
  tasks: { seq: number; requirement: string; ongoing: boolean; previousSeq: number | null }[];
  dropped: { seq: number; requirement: string; ongoing: boolean }[];
}

/** The stored comparison of a notice with its previous one; null when it follows none. */
export async function storedComparison(db: Tx, tenantKey: string, noticeId: number): Promise<StoredComparison | null> {
  const [n] = await db
    .select({ previousNoticeId: notices.previousNoticeId })
    .from(notices)
    .where(and(eq(notices.tenantKey, tenantKey), eq(notices.id, noticeId)));
  if (!n?.previousNoticeId) return null;
  const [previous] = await db
    .select({ id: notices.id, title: notices.title, year: notices.year })
    .from(notices)
    .where(eq(notices.id, n.previousNoticeId));
  if (!previous) return null;
  const prevTasks = await db
    .select({ id: tasks.id, seq: tasks.seq, requirement: tasks.requirement, ongoing: tasks.ongoing })
    .from(tasks)
    .where(eq(tasks.noticeId, previous.id))
    .orderBy(asc(tasks.seq));
  const seqOf = new Map(prevTasks.map((t) => [t.id, t.seq]));
  const own = await db
    .select({ seq: tasks.seq, requirement: tasks.requirement, ongoing: tasks.ongoing, previousTaskId: tasks.previousTaskId })
    .from(tasks)
    .where(eq(tasks.noticeId, noticeId))
    .orderBy(asc(tasks.seq));
  const continued = new Set(own.map((t) => t.previousTaskId).filter((id): id is number => id !== null));
  return {
    previous: { ...previous, taskCount: prevTasks.length },
    tasks: own.map(({ previousTaskId, ...t }) => ({
      ...t,
      previousSeq: previousTaskId === null ? null : (seqOf.get(previousTaskId) ?? null),
    })),
    dropped: prevTasks.filter((t) => !continued.has(t.id)).map(({ id: _id, ...t }) => t),
  };
}
