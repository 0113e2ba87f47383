/**
 * The lists leaders ask for in plain words (src/ask.ts): open tasks of the published notices due in
 * a window (overdue: before today; this month: the month's days), with the departments still owing
 * them. Counted in SQL, listed up to a limit, in one read-only transaction so count and list agree.
 */
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from './db';
import { assignments, departments, notices, tasks } from './schema';
import type { OverdueTask } from '../views/summary';

export interface DueWindow {
  /** First due date in the window ('YYYY-MM-DD'); null: no lower bound. */
  from: string | null;
  /** Last due date in the window. */
  to: string;
  departmentId?: number;
  limit: number;
}

/** A share is open until the department reports it done (待审核 counts as finished for it). */
const isOpen = sql`${assignments.status} not in ('done', 'closed')`;

export async function openTasksDue(db: Db, tenantKey: string, w: DueWindow): Promise<{ total: number; tasks: OverdueTask[] }> {
  return db.transaction(
    async (tx) => {
      const shareOf = (cond: SQL) =>
        sql`exists (select 1 from ${assignments} where ${assignments.taskId} = ${tasks.id} and ${cond}${w.departmentId ? sql` and ${assignments.departmentId} = ${w.departmentId}` : sql``})`;
      // A task nobody holds (its units did not resolve) is open too: leaders must see it.
      const owing = w.departmentId ? shareOf(isOpen) : sql`(${shareOf(isOpen)} or not ${shareOf(sql`true`)})`;
      const where = and(
        eq(tasks.tenantKey, tenantKey),
        eq(notices.status, 'published'),
        w.from ? gte(tasks.dueOn, w.from) : undefined,
        lte(tasks.dueOn, w.to),
        owing,
      );
      const [{ total }] = await tx
        .select({ total: sql<number>`count(*)`.mapWith(Number) })
        .from(tasks)
        .innerJoin(notices, eq(notices.id, tasks.noticeId))
        .where(where);
      const rows = await tx
        .select({
          taskId: tasks.id,
          noticeId: tasks.noticeId,
          seq: tasks.seq,
          requirement: tasks.requirement,
          dueOn: tasks.dueOn,
          unassigned: sql<boolean>`not ${shareOf(sql`true`)}`,
        })
        .from(tasks)
        .innerJoin(notices, eq(notices.id, tasks.noticeId))
        .where(where)
        .orderBy(asc(tasks.dueOn), asc(tasks.noticeId), asc(tasks.seq))
        .limit(w.limit);
      const owed = rows.length
        ? await tx
            .select({ taskId: assignments.taskId, name: departments.name })
            .from(assignments)
            .innerJoin(departments, eq(departments.id, assignments.departmentId))
            .where(
              and(
                inArray(
                  assignments.taskId,
                  rows.map((r) => r.taskId),
                ),
                isOpen,
                w.departmentId ? eq(assignments.departmentId, w.departmentId) : undefined,
              ),
            )
            .orderBy(asc(departments.sortOrder), asc(departments.id))
        : [];
      return {
        total,
        tasks: rows.map((r) => ({
          ...r,
          // The WHERE clause guarantees a due date.
          dueOn: r.dueOn ?? '',
          departments: owed.filter((o) => o.taskId === r.taskId).map((o) => o.name),
          unassigned: r.unassigned === true || String(r.unassigned) === 't',
        })),
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
