import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { isOverdueOn } from '../dates';
import type { ProgressKind, ProgressLine, TaskFilter, TaskItem } from '../views/tasks';
import type { Db } from './db';
import { assignments, departments, notices, progressReports, tasks } from './schema';
import type { TaskStatus } from '../terms';

/** A task's overall status from its departments' statuses. */
export function overallStatus(statuses: TaskStatus[]): TaskStatus {
  if (!statuses.length) return 'not_started';
  if (statuses.every((s) => s === 'closed')) return 'closed';
  if (statuses.every((s) => s === 'done' || s === 'closed')) return 'done';
  if (statuses.some((s) => s !== 'not_started')) return 'in_progress';
  return 'not_started';
}

type AssignmentRow = {
  a: typeof assignments.$inferSelect;
  t: typeof tasks.$inferSelect;
  n: { title: string };
};

/**
 * A progress line as stored: who wrote it is an open_id. Commands turn it into the view's name
 * (src/people.ts), so no card ever shows an id.
 */
export type StoredProgress = Omit<ProgressLine, 'reporter'> & { reporterOpenId: string };
/** A task item whose last progress still carries the reporter's open_id. */
export type StoredTaskItem = Omit<TaskItem, 'lastProgress'> & { lastProgress: StoredProgress | null };

/**
 * Each assignment's last *department* report. The office's 确认办结 / 退回 rows are review, not
 * progress: the report form pre-fills from this, so a return reason must never land in it.
 */
export async function lastProgressFor(db: Db, assignmentIds: number[]): Promise<Map<number, StoredProgress>> {
  const out = new Map<number, StoredProgress>();
  if (!assignmentIds.length) return out;
  const rows = await db
    .select()
    .from(progressReports)
    .where(and(inArray(progressReports.assignmentId, assignmentIds), eq(progressReports.kind, 'report')))
    .orderBy(desc(progressReports.createdAt), desc(progressReports.id));
  for (const r of rows) {
    if (out.has(r.assignmentId)) continue;
    out.set(r.assignmentId, {
      status: r.status,
      text: r.text,
      evidenceUrl: r.evidenceUrl,
      reporterOpenId: r.reporterOpenId,
      at: r.createdAt.toISOString(),
    });
  }
  return out;
}

function toItem(row: AssignmentRow, last: StoredProgress | undefined): StoredTaskItem {
  return {
    taskId: row.t.id,
    assignmentId: row.a.id,
    version: row.a.version,
    noticeTitle: row.n.title,
    seq: row.t.seq,
    section: row.t.section,
    requirement: row.t.requirement,
    role: row.a.role,
    viaGroup: row.a.viaGroup,
    deadlineText: row.t.deadlineText,
    dueOn: row.t.dueOn,
    ongoing: row.t.ongoing,
    status: row.a.status,
    lastProgress: last ?? null,
  };
}

/**
 * Sort for "my tasks": overdue first, then by due date, then tasks without a date (ongoing
 * last), lead before participating, and notice order as the tie-breaker.
 */
type Sortable = Pick<TaskItem, 'dueOn' | 'ongoing' | 'status' | 'role' | 'seq'>;

export function compareTasks(today: string) {
  const rank = (t: Sortable) => (isOverdueOn(t, today) ? 0 : t.dueOn ? 1 : t.ongoing ? 3 : 2);
  return (x: Sortable, y: Sortable) =>
    rank(x) - rank(y) ||
    (x.dueOn ?? '').localeCompare(y.dueOn ?? '') ||
    (x.role === y.role ? 0 : x.role === 'lead' ? -1 : 1) ||
    x.seq - y.seq;
}

/** The published tasks of one department, filtered and sorted for its card. */
export async function departmentTasks(
  db: Db,
  tenantKey: string,
  departmentId: number,
  opts: { filter: TaskFilter; today: string; noticeId?: number },
): Promise<StoredTaskItem[]> {
  const rows = await db
    .select({ a: assignments, t: tasks, n: { title: notices.title } })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .where(
      and(
        eq(assignments.tenantKey, tenantKey),
        eq(assignments.departmentId, departmentId),
        eq(notices.status, 'published'),
        opts.noticeId ? eq(notices.id, opts.noticeId) : undefined,
      ),
    );
  const last = await lastProgressFor(
    db,
    rows.map((r) => r.a.id),
  );
  const thisMonth = opts.today.slice(0, 7);
  return rows
    .map((r) => toItem(r, last.get(r.a.id)))
    .filter((t) => {
      switch (opts.filter) {
        case 'overdue':
          return isOverdueOn(t, opts.today);
        case 'month':
          return t.status !== 'closed' && t.dueOn !== null && t.dueOn.slice(0, 7) === thisMonth;
        case 'open':
          return t.status !== 'done' && t.status !== 'closed';
        default:
          return true;
      }
    })
    .sort(compareTasks(opts.today));
}

export interface TaskDetail {
  task: typeof tasks.$inferSelect & { noticeTitle: string; noticeStatus: string };
  assignments: {
    assignmentId: number;
    departmentId: number;
    department: string;
    role: 'lead' | 'responsible';
    status: TaskStatus;
    viaGroup: string | null;
    version: number;
  }[];
  /** Department reports and the office's review steps, newest first. */
  history: (StoredProgress & { department: string; kind: ProgressKind })[];
}

export async function taskDetail(db: Db, tenantKey: string, taskId: number): Promise<TaskDetail | null> {
  const [t] = await db
    .select({ t: tasks, n: { title: notices.title, status: notices.status } })
    .from(tasks)
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .where(and(eq(tasks.tenantKey, tenantKey), eq(tasks.id, taskId)));
  if (!t) return null;
  const as = await db
    .select({ a: assignments, d: { name: departments.name, sortOrder: departments.sortOrder } })
    .from(assignments)
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(eq(assignments.taskId, taskId))
    .orderBy(asc(departments.sortOrder), asc(departments.id));
  const history = await db
    .select({ p: progressReports, d: departments.name })
    .from(progressReports)
    .innerJoin(assignments, eq(assignments.id, progressReports.assignmentId))
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(eq(assignments.taskId, taskId))
    .orderBy(desc(progressReports.createdAt), desc(progressReports.id));
  return {
    task: { ...t.t, noticeTitle: t.n.title, noticeStatus: t.n.status },
    assignments: as.map((r) => ({
      assignmentId: r.a.id,
      departmentId: r.a.departmentId,
      department: r.d.name,
      role: r.a.role,
      status: r.a.status,
      viaGroup: r.a.viaGroup,
      version: r.a.version,
    })),
    history: history.map((h) => ({
      status: h.p.status,
      text: h.p.text,
      evidenceUrl: h.p.evidenceUrl,
      reporterOpenId: h.p.reporterOpenId,
      at: h.p.createdAt.toISOString(),
      department: h.d,
      kind: h.p.kind,
    })),
  };
}

export interface LedgerRow {
  noticeId: number;
  noticeTitle: string;
  taskId: number;
  seq: number;
  section: string[];
  requirement: string;
  lead: string[];
  responsible: string[];
  deadlineText: string;
  dueOn: string | null;
  ongoing: boolean;
  status: TaskStatus;
  departments: { name: string; role: 'lead' | 'responsible'; status: TaskStatus }[];
  lastProgress: (StoredProgress & { department: string }) | null;
}

/** The ledger as the office keeps it: every task with its departments' statuses and latest progress. */
export async function ledger(db: Db, tenantKey: string, opts: { noticeId?: number; departmentId?: number } = {}): Promise<LedgerRow[]> {
  const taskRows = await db
    .select({ t: tasks, n: { title: notices.title } })
    .from(tasks)
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .where(and(eq(tasks.tenantKey, tenantKey), opts.noticeId ? eq(tasks.noticeId, opts.noticeId) : undefined))
    .orderBy(asc(tasks.noticeId), asc(tasks.seq));
  const ids = taskRows.map((r) => r.t.id);
  const asRows = ids.length
    ? await db
        .select({ a: assignments, d: departments.name })
        .from(assignments)
        .innerJoin(departments, eq(departments.id, assignments.departmentId))
        .where(inArray(assignments.taskId, ids))
        .orderBy(asc(departments.sortOrder))
    : [];
  const last = await lastProgressFor(
    db,
    asRows.map((r) => r.a.id),
  );
  const byTask = new Map<number, typeof asRows>();
  for (const r of asRows) byTask.set(r.a.taskId, [...(byTask.get(r.a.taskId) ?? []), r]);
  return taskRows
    .filter((r) => !opts.departmentId || (byTask.get(r.t.id) ?? []).some((a) => a.a.departmentId === opts.departmentId))
    .map((r) => {
      const as = byTask.get(r.t.id) ?? [];
      const mine = opts.departmentId ? as.filter((a) => a.a.departmentId === opts.departmentId) : as;
      const latest = mine
        .map((a) => (last.has(a.a.id) ? { ...last.get(a.a.id)!, department: a.d } : null))
        .filter((x): x is StoredProgress & { department: string } => x !== null)
        .sort((x, y) => y.at.localeCompare(x.at))[0];
      return {
        noticeId: r.t.noticeId,
        noticeTitle: r.n.title,
        taskId: r.t.id,
        seq: r.t.seq,
        section: r.t.section,
        requirement: r.t.requirement,
        lead: r.t.lead,
        responsible: r.t.responsible,
        deadlineText: r.t.deadlineText,
        dueOn: r.t.dueOn,
        ongoing: r.t.ongoing,
        status: overallStatus(mine.map((a) => a.a.status)),
        departments: as.map((a) => ({ name: a.d, role: a.a.role, status: a.a.status })),
        lastProgress: latest ?? null,
      };
    });
}

/** "任务 N": the task with 序号 N in the newest published notice of the tenant. */
export async function taskIdBySeq(db: Db, tenantKey: string, seq: number): Promise<number | null> {
  const [row] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .where(and(eq(tasks.tenantKey, tenantKey), eq(tasks.seq, seq), eq(notices.status, 'published')))
    .orderBy(desc(tasks.noticeId))
    .limit(1);
  return row?.id ?? null;
}
