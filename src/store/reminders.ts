/**
 * What the scheduler reads for one tenant: the open assignments a job is about today, selected in
 * SQL by due date (tasks_tenant_due serves every filter), the departments with open work, and the
 * review backlog. Every table is filtered by the tenant, so a tenant's tick reads its own rows only.
 */
import { and, asc, count, eq, exists, gt, gte, inArray, isNull, lt, min, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from './db';
import { assignments, departments, notices, tasks } from './schema';
import type { AssignmentRole, TaskStatus } from '../terms';
import type { DepartmentRef } from '../views/common';

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

/** Which open assignments a job is about today, in terms of the task's due date. */
export type DueFilter =
  /** Overdue: due before this date. */
  | { dueBefore: string }
  /** A reminder threshold falls today for these due dates. */
  | { dueOn: string[] }
  /** Ongoing or undated, and not overdue on this date: asked for news instead of chased. */
  | { checkInOn: string };

function dueCondition(f: DueFilter): SQL | undefined {
  if ('dueBefore' in f) return lt(tasks.dueOn, f.dueBefore);
  if ('dueOn' in f) return inArray(tasks.dueOn, f.dueOn);
  return and(or(eq(tasks.ongoing, true), isNull(tasks.dueOn)), or(isNull(tasks.dueOn), gte(tasks.dueOn, f.checkInOn)));
}

// done (待审核) waits for the office, closed is finished: neither is chased.
const isOpen = inArray(assignments.status, ['not_started', 'in_progress']);

/** In directory order, then due date (undated last), notice and 序号: the order cards list them in. */
export async function openAssignments(db: Db, tenantKey: string, due: DueFilter): Promise<OpenAssignment[]> {
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
    .from(tasks)
    .innerJoin(notices, and(eq(notices.id, tasks.noticeId), eq(notices.tenantKey, tenantKey), eq(notices.status, 'published')))
    .innerJoin(assignments, and(eq(assignments.taskId, tasks.id), eq(assignments.tenantKey, tenantKey), isOpen))
    .innerJoin(departments, and(eq(departments.id, assignments.departmentId), eq(departments.tenantKey, tenantKey)))
    .where(and(eq(tasks.tenantKey, tenantKey), dueCondition(due)))
    .orderBy(asc(departments.sortOrder), asc(departments.id), asc(tasks.dueOn), asc(notices.id), asc(tasks.seq));
}

/**
 * Departments with any open assignment of a published notice, in directory order: each of the
 * tenant's departments looks for its first open share, rather than the tenant's open shares all
 * being read and grouped.
 */
export async function departmentsWithOpenWork(db: Db, tenantKey: string): Promise<DepartmentRef[]> {
  const openShare = db
    .select({ one: sql`1` })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .where(
      and(eq(assignments.tenantKey, tenantKey), eq(assignments.departmentId, departments.id), isOpen, eq(notices.status, 'published')),
    );
  return db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(and(eq(departments.tenantKey, tenantKey), exists(openShare)))
    .orderBy(asc(departments.sortOrder), asc(departments.id));
}

/** Reports of 已完成 waiting for the office (待审核) on published notices. */
export async function pendingReviewCount(db: Db, tenantKey: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(assignments)
    .innerJoin(tasks, and(eq(tasks.id, assignments.taskId), eq(tasks.tenantKey, tenantKey)))
    .innerJoin(notices, and(eq(notices.id, tasks.noticeId), eq(notices.tenantKey, tenantKey)))
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
