/**
 * 汇总: the state of the published work at a glance, for leaders and the office. Everything is
 * aggregated in SQL (GROUP BY with FILTER, EXISTS, json_agg), so the cost is five queries whatever
 * the size of the ledger, never one per department or per task. The query shapes are chosen to
 * stay fast without planner statistics too: PGlite never runs autovacuum/ANALYZE, so its planner
 * believes every table is tiny and picks nested loops (bench/summary.ts measures both cases).
 * All figures are read in one read-only, repeatable-read transaction, so the totals,
 * the per-department rows and the lists agree with each other even while reports come in.
 */
import { and, asc, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from './db';
import { assignments, departments, notices, progressReports, tasks } from './schema';
import { getDepartment } from './directory';
import { DUE_SOON_DAYS, addDays } from '../dates';

import type { DepartmentSummary, SummaryView } from '../views/summary';
import { TASK_STATUSES, type TaskStatus } from '../terms';

/** What leaders read first; longer lists are counted in the totals, not listed. */
export const OVERDUE_TASK_LIMIT = 20;
export const RECENT_PROGRESS_LIMIT = 8;

/** Shown as the scope when no notice is chosen (the card translates it). */
export const ALL_NOTICES_LABEL = '全部已发布通知';

export interface SummaryOptions {
  noticeId?: number;
  departmentId?: number;
  /** Shanghai's date the overdue / due-soon figures are for. */
  today: string;
  overdueLimit?: number;
  recentLimit?: number;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** `count(*) filter (where …)`, as a JS number on both drivers (count is bigint). */
const countWhere = (cond: SQL) => sql<number>`count(*) filter (where ${cond})`.mapWith(Number);
/** A share is open until the department reports it done; 待审核 counts as finished for the department. */
const isOpen = sql`${assignments.status} not in ('done', 'closed')`;

/** json_agg comes back parsed from PGlite and as text from postgres.js. */
const jsonArray = (v: unknown): string[] => {
  const parsed = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
};

const toIso = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

export async function summarize(db: Db, tenantKey: string, opts: SummaryOptions): Promise<SummaryView> {
  return db.transaction((tx) => summarizeIn(tx, tenantKey, opts), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

async function summarizeIn(tx: Tx, tenantKey: string, opts: SummaryOptions): Promise<SummaryView> {
  const today = opts.today;
  const soon = addDays(today, DUE_SOON_DAYS);
  const { noticeId, departmentId } = opts;

  const scopeNotices = await tx
    .select({ id: notices.id, title: notices.title })
    .from(notices)
    .where(and(eq(notices.tenantKey, tenantKey), eq(notices.status, 'published'), noticeId ? eq(notices.id, noticeId) : undefined));
  const dept = departmentId ? await getDepartment(tx, tenantKey, departmentId) : null;
  const noticeTitle = noticeId ? (scopeNotices[0]?.title ?? null) : null;
  const view = emptyView(today, {
    label: noticeTitle ?? ALL_NOTICES_LABEL,
    noticeId: noticeId ?? null,
    noticeTitle,
    noticeCount: scopeNotices.length,
    department: dept ? { id: dept.id, name: dept.name } : null,
  });
  if (!scopeNotices.length || (departmentId && !dept)) return view;

  // The scope is the tenant's published notices, read above; every other row is reached from
  // their ids by key (tasks by notice, shares by task, the directory by id), so no plan can read
  // another tenant's rows. A tenant filter repeated on every joined table would add nothing but a
  // wrong estimate: the planner takes the filters as independent (1/100 × 1/100 of the rows on a
  // hundred tenants) and picks nested loops and sorts for ten thousand shares it expects to be one.
  const inScope = inArray(
    tasks.noticeId,
    scopeNotices.map((n) => n.id),
  );
  // Narrowed to one department: where a query starts from its shares, through the tenant's
  // (tenant_key, department_id) index; where a share is reached from its task, the task fixes the tenant.
  const departmentShares = departmentId ? and(eq(assignments.tenantKey, tenantKey), eq(assignments.departmentId, departmentId)) : undefined;
  const ownShare = departmentId ? eq(assignments.departmentId, departmentId) : undefined;

  // --- per department: status counts, overdue shares and the latest own report -------------
  // last_report_at is written with every department report (src/store/progress.ts), so "never
  // reported" needs no look at progress_reports. (A join or per-share sub-select on the reports
  // was the slow part: PGlite never runs ANALYZE, and a planner that believes the tables empty
  // re-ran a grouped sub-select for every share.) The shares are counted per department first
  // and the directory joined after, so its names are looked up per department, not per share.
  const sharesByDepartment = tx
    .select({
      departmentId: assignments.departmentId,
      total: sql<number>`count(*)`.as('total'),
      notStarted: countWhere(sql`${assignments.status} = 'not_started'`).as('not_started'),
      inProgress: countWhere(sql`${assignments.status} = 'in_progress'`).as('in_progress'),
      awaiting: countWhere(sql`${assignments.status} = 'done'`).as('awaiting'),
      closed: countWhere(sql`${assignments.status} = 'closed'`).as('closed'),
      overdue: countWhere(sql`${tasks.dueOn} < ${today}::date and ${isOpen}`).as('overdue'),
      lastReportAt: sql<unknown>`max(${assignments.lastReportAt})`.as('last_report_at'),
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(and(inScope, departmentShares))
    .groupBy(assignments.departmentId)
    .as('per_department');
  const asNumber = (v: SQL.Aliased<number>) => sql<number>`${v}`.mapWith(Number);
  const deptRows = await tx
    .select({
      departmentId: departments.id,
      department: departments.name,
      sortOrder: departments.sortOrder,
      total: asNumber(sharesByDepartment.total),
      notStarted: asNumber(sharesByDepartment.notStarted),
      inProgress: asNumber(sharesByDepartment.inProgress),
      awaiting: asNumber(sharesByDepartment.awaiting),
      closed: asNumber(sharesByDepartment.closed),
      overdue: asNumber(sharesByDepartment.overdue),
      lastReportAt: sharesByDepartment.lastReportAt,
    })
    .from(sharesByDepartment)
    // Narrowed to the tenant's directory: the planner cannot tell how few departments the shares
    // group into, and would otherwise hash every tenant's directory to join two hundred rows.
    .innerJoin(departments, and(eq(departments.id, sharesByDepartment.departmentId), eq(departments.tenantKey, tenantKey)))
    .orderBy(asc(departments.sortOrder), asc(departments.id));

  // --- per task: is anything still open, and when is it due ----------------------------------
  // A task nobody holds (unresolved units) counts as open: leaders must see it, not lose it.
  // Shares are counted by a column of assignments_task_shares, so the index alone answers.
  const perTask = tx
    .select({
      dueOn: tasks.dueOn,
      held: sql<number>`count(${assignments.departmentId})`.as('held'),
      open: sql<number>`count(${assignments.departmentId}) filter (where ${isOpen})`.as('open'),
    })
    .from(tasks)
    .leftJoin(assignments, and(eq(assignments.taskId, tasks.id), ownShare))
    .where(inScope)
    .groupBy(tasks.id)
    // Narrowed to one department, only its tasks count.
    .having(departmentId ? sql`count(${assignments.departmentId}) > 0` : undefined)
    .as('per_task');
  const pending = sql`(${perTask.open} > 0 or ${perTask.held} = 0)`;
  const [taskTotals] = await tx
    .select({
      tasks: sql<number>`count(*)`.mapWith(Number),
      overdue: countWhere(sql`${perTask.dueOn} < ${today}::date and ${pending}`),
      dueSoon: countWhere(sql`${perTask.dueOn} >= ${today}::date and ${perTask.dueOn} <= ${soon}::date and ${pending}`),
      unassigned: countWhere(sql`${perTask.held} = 0`),
    })
    .from(perTask);

  // --- the most overdue tasks with the departments still owing them ---------------------------
  // First the few tasks to list (EXISTS stops at the first open share; the due-date order can
  // follow the tasks_tenant_due index), then the owing departments of those tasks only, rather
  // than aggregating department names for every overdue task of the year.
  const shareOf = (cond: SQL) =>
    sql`exists (select 1 from ${assignments} where ${assignments.taskId} = ${tasks.id} and ${cond}${departmentId ? sql` and ${assignments.departmentId} = ${departmentId}` : sql``})`;
  const owing = departmentId ? shareOf(isOpen) : sql`(${shareOf(isOpen)} or not ${shareOf(sql`true`)})`;
  const worst = tx
    .select({
      taskId: tasks.id,
      noticeId: tasks.noticeId,
      seq: tasks.seq,
      requirement: tasks.requirement,
      dueOn: tasks.dueOn,
      unassigned: sql<boolean>`not ${shareOf(sql`true`)}`.as('unassigned'),
    })
    .from(tasks)
    // The tenant filter lets the tenant's due-date index give the order, so the scan stops at N.
    .where(and(eq(tasks.tenantKey, tenantKey), inScope, sql`${tasks.dueOn} < ${today}::date`, owing))
    .orderBy(asc(tasks.dueOn), asc(tasks.noticeId), asc(tasks.seq))
    .limit(opts.overdueLimit ?? OVERDUE_TASK_LIMIT)
    .as('worst');
  const overdueRows = await tx
    .select({
      taskId: worst.taskId,
      noticeId: worst.noticeId,
      seq: worst.seq,
      requirement: worst.requirement,
      dueOn: worst.dueOn,
      unassigned: worst.unassigned,
      departments: sql<unknown>`json_agg(${departments.name} order by ${departments.sortOrder}, ${departments.id}) filter (where ${departments.id} is not null)`,
    })
    .from(worst)
    .leftJoin(assignments, and(eq(assignments.taskId, worst.taskId), isOpen, ownShare))
    .leftJoin(departments, eq(departments.id, assignments.departmentId))
    .groupBy(worst.taskId, worst.noticeId, worst.seq, worst.requirement, worst.dueOn, worst.unassigned)
    .orderBy(asc(worst.dueOn), asc(worst.noticeId), asc(worst.seq));

  // --- the newest department reports ----------------------------------------------------------
  // Every department report sets its share's last_report_at, so the newest N reports all belong
  // to the N shares reported most recently, and only their reports are read. Over all notices the
  // tenant's shares are read newest report first (assignments_last_report) until N in scope are
  // found; one notice's or one department's few shares are found from the notice or department.
  const recentLimit = opts.recentLimit ?? RECENT_PROGRESS_LIMIT;
  const newestFirst = departmentId ? departmentShares : noticeId ? undefined : eq(assignments.tenantKey, tenantKey);
  const latestShares = tx
    .select({ id: assignments.id })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(and(newestFirst, inScope, isNotNull(assignments.lastReportAt)))
    .orderBy(desc(assignments.lastReportAt))
    .limit(recentLimit);
  const recentRows = await tx
    .select({
      department: departments.name,
      noticeId: tasks.noticeId,
      seq: tasks.seq,
      text: progressReports.text,
      status: progressReports.status,
      at: progressReports.createdAt,
    })
    .from(progressReports)
    .innerJoin(assignments, eq(assignments.id, progressReports.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(and(inArray(progressReports.assignmentId, latestShares), eq(progressReports.kind, 'report')))
    .orderBy(desc(progressReports.createdAt), desc(progressReports.id))
    .limit(recentLimit);

  const perDepartment: DepartmentSummary[] = deptRows.map((r) => ({
    departmentId: r.departmentId,
    department: r.department,
    sortOrder: r.sortOrder,
    total: r.total,
    done: r.awaiting + r.closed,
    closed: r.closed,
    inProgress: r.inProgress,
    notStarted: r.notStarted,
    overdue: r.overdue,
    lastReportAt: toIso(r.lastReportAt),
  }));
  const byStatus = { ...view.totals.byStatus };
  for (const r of deptRows) {
    byStatus.not_started += r.notStarted;
    byStatus.in_progress += r.inProgress;
    byStatus.done += r.awaiting;
    byStatus.closed += r.closed;
  }

  return {
    ...view,
    totals: {
      tasks: taskTotals?.tasks ?? 0,
      assignments: perDepartment.reduce((n, d) => n + d.total, 0),
      byStatus,
      overdue: taskTotals?.overdue ?? 0,
      overdueAssignments: perDepartment.reduce((n, d) => n + d.overdue, 0),
      dueSoon: taskTotals?.dueSoon ?? 0,
      unassigned: taskTotals?.unassigned ?? 0,
    },
    perDepartment,
    overdueTasks: overdueRows.map((r) => ({
      taskId: r.taskId,
      noticeId: r.noticeId,
      seq: r.seq,
      requirement: r.requirement,
      // The WHERE clause guarantees a due date.
      dueOn: r.dueOn ?? '',
      departments: jsonArray(r.departments),
      // A boolean from both drivers; 't' guards a driver that leaves booleans as text.
      unassigned: r.unassigned === true || String(r.unassigned) === 't',
    })),
    silentDepartments: perDepartment.filter((d) => d.lastReportAt === null).map((d) => ({ id: d.departmentId, name: d.department })),
    recent: recentRows.map((r) => ({ ...r, at: r.at.toISOString() })),
  };
}

function emptyView(asOf: string, scope: SummaryView['scope']): SummaryView {
  return {
    asOf,
    scope,
    totals: {
      tasks: 0,
      assignments: 0,
      byStatus: Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>,
      overdue: 0,
      overdueAssignments: 0,
      dueSoon: 0,
      unassigned: 0,
    },
    perDepartment: [],
    overdueTasks: [],
    silentDepartments: [],
    recent: [],
  };
}
