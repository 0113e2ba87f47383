/** What the scheduler reads: the tenants with published work, their open assignments, the review backlog. */
import { and, asc, count, eq, gt, inArray, min } from 'drizzle-orm';
import type { Db } from './db';
import { assignments, departments, notices, tasks } from './schema';
import type { AssignmentRole, TaskStatus } from '../terms';

/** Tenants with at least one published notice: only they have anything to be reminded of. */
export async function publishedTenants(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ t: notices.tenantKey })
    .from(notices)
    .where(eq(notices.status, 'published'))
    .orderBy(asc(notices.tenantKey));
  return rows.map((r) => r.t);
}

/** An open (not yet reported done) assignment of a published notice, with what its card shows. */
export interface OpenAssignment {
  assignmentId: number;
  departmentId: number;
  department: string;
  role: AssignmentRole;
  status: TaskStatus;
  lastReportAt: Date | null;
  taskId: number;
  noticeId: number;
  noticeTitle: string;
  seq: number;
  requirement: string;
  deadlineText: string;
  dueOn: string | null;
  ongoing: boolean;
}

/** In directory order, then due date (undated last), notice and 序号: the order cards list them in. */
export async function openAssignments(db: Db, tenantKey: string): Promise<OpenAssignment[]> {
  return db
    .select({
      assignmentId: assignments.id,
      departmentId: assignments.departmentId,
      department: departments.name,
      role: assignments.role,
      status: assignments.status,
      lastReportAt: assignments.lastReportAt,
      taskId: tasks.id,
      noticeId: notices.id,
      noticeTitle: notices.title,
      seq: tasks.seq,
      requirement: tasks.requirement,
      deadlineText: tasks.deadlineText,
      dueOn: tasks.dueOn,
      ongoing: tasks.ongoing,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(
      and(
        eq(assignments.tenantKey, tenantKey),
        eq(notices.status, 'published'),
        // done (待审核) waits for the office, closed is finished: neither is chased.
        inArray(assignments.status, ['not_started', 'in_progress']),
      ),
    )
    .orderBy(asc(departments.sortOrder), asc(departments.id), asc(tasks.dueOn), asc(notices.id), asc(tasks.seq));
}

/** Reports of 已完成 waiting for the office (待审核) on published notices. */
export async function pendingReviewCount(db: Db, tenantKey: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .where(and(eq(assignments.tenantKey, tenantKey), eq(notices.status, 'published'), eq(assignments.status, 'done')));
  return Number(row?.n ?? 0);
}

/** The earliest due date after `today` among the tenant's open assignments of published notices, or null. */
export async function nextOpenDueDate(db: Db, tenantKey: string, today: string): Promise<string | null> {
  const [row] = await db
    .select({ due: min(tasks.dueOn) })
    .from(tasks)
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .innerJoin(assignments, eq(assignments.taskId, tasks.id))
    .where(
      and(
        eq(tasks.tenantKey, tenantKey),
        eq(notices.status, 'published'),
        gt(tasks.dueOn, today),
        inArray(assignments.status, ['not_started', 'in_progress']),
      ),
    );
  return row?.due ?? null;
}
