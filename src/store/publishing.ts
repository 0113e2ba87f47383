/**
 * The queries of publishing a notice: its departments' shares, the publish and catch-up
 * transactions (a status change and the outbox rows it owes, written together), cancelling a
 * draft, and the rows the delivery report is built from. What the rows say is decided by the
 * caller's plan (src/publish.ts); this file only guarantees that decision and messages never part.
 */
import { and, asc, count, eq } from 'drizzle-orm';
import type { DepartmentRef } from '../views/common';
import type { TaskItem } from '../views/tasks';
import type { Db, Tx } from './db';
import { insertOutboxRows, type NewOutboxRow, type OutboxRow } from './outbox';
import { redecideToday } from './scheduler-tenants';
import { assignments, departments, notices, outbox, tasks } from './schema';
import { type DeliveryTarget, departmentTargets } from './targets';

export type Notice = typeof notices.$inferSelect;

/** One department's tasks in a notice, in notice order. */
export interface Share {
  department: DepartmentRef;
  items: TaskItem[];
}

export async function findNotice(tx: Tx, tenantKey: string, noticeId: number): Promise<Notice | null> {
  const [n] = await tx
    .select()
    .from(notices)
    .where(and(eq(notices.tenantKey, tenantKey), eq(notices.id, noticeId)));
  return n ?? null;
}

/**
 * Every department with tasks in the notice, in directory order, with its tasks. The tasks are
 * read once and the shares as ids: a task's text is not sent again for each department sharing it
 * (ten thousand rows of it for a notice to a thousand departments).
 */
export async function departmentShares(tx: Tx, tenantKey: string, notice: Notice): Promise<Share[]> {
  const taskRows = await tx
    .select({
      id: tasks.id,
      seq: tasks.seq,
      section: tasks.section,
      requirement: tasks.requirement,
      deadlineText: tasks.deadlineText,
      dueOn: tasks.dueOn,
      ongoing: tasks.ongoing,
    })
    .from(tasks)
    .where(and(eq(tasks.tenantKey, tenantKey), eq(tasks.noticeId, notice.id)));
  const taskById = new Map(taskRows.map((t) => [t.id, t]));
  const rows = await tx
    .select({
      taskId: assignments.taskId,
      assignmentId: assignments.id,
      version: assignments.version,
      role: assignments.role,
      viaGroup: assignments.viaGroup,
      status: assignments.status,
      department: { id: departments.id, name: departments.name },
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(and(eq(tasks.tenantKey, tenantKey), eq(tasks.noticeId, notice.id)))
    .orderBy(asc(departments.sortOrder), asc(departments.id), asc(tasks.seq));
  const byDepartment = new Map<number, Share>();
  for (const { taskId, department, ...a } of rows) {
    const t = taskById.get(taskId)!;
    let share = byDepartment.get(department.id);
    if (!share) byDepartment.set(department.id, (share = { department, items: [] }));
    share.items.push({
      taskId,
      ...a,
      noticeTitle: notice.title,
      seq: t.seq,
      section: t.section,
      requirement: t.requirement,
      deadlineText: t.deadlineText,
      dueOn: t.dueOn,
      ongoing: t.ongoing,
      lastProgress: null,
    });
  }
  return [...byDepartment.values()];
}

/** What a plan decides: the rows to write, plus anything the caller wants back. */
export interface MessagePlan {
  rows: NewOutboxRow[];
}

export type PlanMessages<P extends MessagePlan> = (notice: Notice, shares: Share[], targets: Map<number, DeliveryTarget[]>) => P;

export type PublishOutcome<P> =
  | { status: 'published'; notice: Notice; plan: P; written: Set<string> }
  | { status: 'already'; notice: Notice }
  | { status: 'cancelled'; notice: Notice }
  | { status: 'not_found' };

/**
 * Publishes a draft and writes the messages its plan decides, in one transaction. The status
 * change is a conditional UPDATE, so two office members pressing 发布 at once publish (and
 * enqueue) once: the second sees 'already'.
 */
export async function publishDraft<P extends MessagePlan>(
  db: Db,
  input: { tenantKey: string; noticeId: number; now: Date },
  plan: PlanMessages<P>,
): Promise<PublishOutcome<P>> {
  const { tenantKey, noticeId, now } = input;
  return db.transaction(async (tx) => {
    const [notice] = await tx
      .update(notices)
      .set({ status: 'published', publishedAt: now })
      .where(and(eq(notices.tenantKey, tenantKey), eq(notices.id, noticeId), eq(notices.status, 'draft')))
      .returning();
    if (!notice) {
      const current = await findNotice(tx, tenantKey, noticeId);
      if (!current) return { status: 'not_found' } as const;
      return { status: current.status === 'published' ? 'already' : 'cancelled', notice: current } as const;
    }
    // Its tasks may be due or overdue today already: today's reminders are decided again.
    await redecideToday(tx, tenantKey);
    const shares = await departmentShares(tx, tenantKey, notice);
    const decided = plan(
      notice,
      shares,
      await departmentTargets(
        tx,
        tenantKey,
        shares.map((s) => s.department.id),
      ),
    );
    return { status: 'published', notice, plan: decided, written: await insertOutboxRows(tx, decided.rows) } as const;
  });
}

/**
 * For a published notice, writes the messages its plan decides for the departments that have no
 * broadcast row yet (they had nobody to send to when it was published). A department sent to
 * already is left alone, so it never gets the card twice through two routes. Null unless published.
 */
export async function catchUpPublished<P extends MessagePlan>(
  db: Db,
  input: { tenantKey: string; noticeId: number },
  plan: PlanMessages<P>,
): Promise<{ plan: P; written: Set<string> } | null> {
  const { tenantKey, noticeId } = input;
  return db.transaction(async (tx) => {
    const notice = await findNotice(tx, tenantKey, noticeId);
    if (notice?.status !== 'published') return null;
    const done = new Set(
      (
        await tx
          .selectDistinct({ d: outbox.departmentId })
          .from(outbox)
          .where(and(eq(outbox.tenantKey, tenantKey), eq(outbox.noticeId, noticeId), eq(outbox.kind, 'publish')))
      ).map((r) => r.d),
    );
    const shares = (await departmentShares(tx, tenantKey, notice)).filter((s) => !done.has(s.department.id));
    const decided = plan(
      notice,
      shares,
      await departmentTargets(
        tx,
        tenantKey,
        shares.map((s) => s.department.id),
      ),
    );
    return { plan: decided, written: await insertOutboxRows(tx, decided.rows) };
  });
}

/** Draft → cancelled. Returns the notice as it stands afterwards, or null when it does not exist. */
export async function cancelDraft(
  db: Db,
  input: { tenantKey: string; noticeId: number },
): Promise<{ cancelledNow: boolean; notice: Notice } | null> {
  const { tenantKey, noticeId } = input;
  const [row] = await db
    .update(notices)
    .set({ status: 'cancelled' })
    .where(and(eq(notices.tenantKey, tenantKey), eq(notices.id, noticeId), eq(notices.status, 'draft')))
    .returning();
  if (row) return { cancelledNow: true, notice: row };
  const current = await findNotice(db, tenantKey, noticeId);
  return current ? { cancelledNow: false, notice: current } : null;
}

export async function publishedNoticeIds(db: Db, tenantKey: string): Promise<number[]> {
  const rows = await db
    .select({ id: notices.id })
    .from(notices)
    .where(and(eq(notices.tenantKey, tenantKey), eq(notices.status, 'published')))
    .orderBy(asc(notices.id));
  return rows.map((r) => r.id);
}

export async function noticeTaskCount(db: Db, noticeId: number): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(tasks).where(eq(tasks.noticeId, noticeId));
  return Number(n);
}

/** A notice's broadcast rows with their department names, in directory order. */
export async function publishRows(db: Db, tenantKey: string, noticeId: number): Promise<{ row: OutboxRow; department: string | null }[]> {
  const rows = await db
    .select({ row: outbox, department: departments.name })
    .from(outbox)
    .leftJoin(departments, eq(departments.id, outbox.departmentId))
    .where(and(eq(outbox.tenantKey, tenantKey), eq(outbox.noticeId, noticeId), eq(outbox.kind, 'publish')))
    .orderBy(asc(departments.sortOrder), asc(outbox.id));
  return rows;
}
