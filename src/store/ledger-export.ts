/**
 * What the 台账 export needs from the store: the notices to export, their ledger rows, and every
 * department's latest progress report per task. `ledger()` keeps only the single newest line per
 * task (enough for the CLI listing), but the office's ledger shows one line per department.
 */
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from './db';
import { ledger, type LedgerRow } from './ledger';
import { assignments, departments, notices, progressReports, tasks } from './schema';
import type { AssignmentRole, NoticeStatus, TaskStatus } from '../terms';

/** One department's latest progress report on one task. */
export interface ProgressEntry {
  department: string;
  role: AssignmentRole;
  status: TaskStatus;
  text: string;
  evidenceUrl: string | null;
  /** ISO timestamp of the report. */
  at: string;
}

/** A ledger row with the task's leaders, which the export shows in its own column (责任领导). */
export type LedgerExportRow = LedgerRow & { leaders: string[] };

/** One notice as the export sees it: becomes one sheet of the workbook. */
export interface LedgerNoticeExport {
  noticeId: number;
  title: string;
  docNumber: string | null;
  status: NoticeStatus;
  rows: LedgerExportRow[];
  /** taskId → each department's latest report: lead departments first, then directory order. */
  progress: ReadonlyMap<number, readonly ProgressEntry[]>;
}

export type NoticeRef = Pick<typeof notices.$inferSelect, 'id' | 'title' | 'docNumber' | 'status'>;

const noticeColumns = { id: notices.id, title: notices.title, docNumber: notices.docNumber, status: notices.status };

/**
 * The newest published notice, or null. "Newest" is the highest id, the same rule "任务 N" uses
 * to pick its notice, so "导出台账" and "任务 3" always talk about the same notice.
 */
export async function latestPublishedNotice(db: Db, tenantKey: string): Promise<NoticeRef | null> {
  const [n] = await db
    .select(noticeColumns)
    .from(notices)
    .where(and(eq(notices.tenantKey, tenantKey), eq(notices.status, 'published')))
    .orderBy(desc(notices.id))
    .limit(1);
  return n ?? null;
}

/** A notice of this tenant by id (any status: callers decide what a draft means to them). */
export async function findNotice(db: Db, tenantKey: string, noticeId: number): Promise<NoticeRef | null> {
  const [n] = await db
    .select(noticeColumns)
    .from(notices)
    .where(and(eq(notices.tenantKey, tenantKey), eq(notices.id, noticeId)));
  return n ?? null;
}

/**
 * Everything the workbook shows, one entry per notice in notice order. With `noticeId` that notice
 * only (whatever its status: the office may preview a draft from the CLI); without it every
 * published notice, or with `includeDrafts` every notice that is not cancelled.
 */
export async function loadLedgerExport(
  db: Db,
  tenantKey: string,
  opts: { noticeId?: number; includeDrafts?: boolean } = {},
): Promise<LedgerNoticeExport[]> {
  const chosen = await db
    .select(noticeColumns)
    .from(notices)
    .where(
      and(
        eq(notices.tenantKey, tenantKey),
        opts.noticeId !== undefined
          ? eq(notices.id, opts.noticeId)
          : opts.includeDrafts
            ? ne(notices.status, 'cancelled')
            : eq(notices.status, 'published'),
      ),
    )
    .orderBy(asc(notices.id));
  if (!chosen.length) return [];

  const ids = chosen.map((n) => n.id);
  const rows = await ledger(db, tenantKey, { noticeId: opts.noticeId });
  const progress = await latestProgressByTask(db, tenantKey, ids);
  const leaders = new Map(
    (
      await db
        .select({ id: tasks.id, leaders: tasks.leaders })
        .from(tasks)
        .where(and(eq(tasks.tenantKey, tenantKey), inArray(tasks.noticeId, ids)))
    ).map((t) => [t.id, t.leaders]),
  );
  return chosen.map((n) => {
    const own = rows.filter((r) => r.noticeId === n.id).map((r) => ({ ...r, leaders: leaders.get(r.taskId) ?? [] }));
    return {
      noticeId: n.id,
      title: n.title,
      docNumber: n.docNumber,
      status: n.status,
      rows: own,
      progress: new Map(own.flatMap((r) => (progress.has(r.taskId) ? [[r.taskId, progress.get(r.taskId)!] as const] : []))),
    };
  });
}

/**
 * Each assignment's latest department report (DISTINCT ON keeps one row per assignment in the
 * database instead of loading whole histories). Only kind 'report' counts: the 进展情况 column is
 * what departments said; the office's confirm/return notes are review, not progress.
 */
async function latestProgressByTask(db: Db, tenantKey: string, noticeIds: number[]): Promise<Map<number, ProgressEntry[]>> {
  const latest = await db
    .selectDistinctOn([progressReports.assignmentId], {
      taskId: assignments.taskId,
      role: assignments.role,
      department: departments.name,
      sortOrder: departments.sortOrder,
      departmentId: departments.id,
      status: progressReports.status,
      text: progressReports.text,
      evidenceUrl: progressReports.evidenceUrl,
      at: progressReports.createdAt,
    })
    .from(progressReports)
    .innerJoin(assignments, eq(assignments.id, progressReports.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(and(eq(progressReports.tenantKey, tenantKey), eq(progressReports.kind, 'report'), inArray(tasks.noticeId, noticeIds)))
    .orderBy(progressReports.assignmentId, desc(progressReports.createdAt), desc(progressReports.id));

  latest.sort(
    (x, y) => (x.role === y.role ? 0 : x.role === 'lead' ? -1 : 1) || x.sortOrder - y.sortOrder || x.departmentId - y.departmentId,
  );
  const out = new Map<number, ProgressEntry[]>();
  for (const r of latest) {
    const entry: ProgressEntry = {
      department: r.department,
      role: r.role,
      status: r.status,
      text: r.text,
      evidenceUrl: r.evidenceUrl,
      at: r.at.toISOString(),
    };
    out.set(r.taskId, [...(out.get(r.taskId) ?? []), entry]);
  }
  return out;
}

/** The newest notice that is not cancelled (a draft included): what "修改台账" edits by default. */
export async function latestOpenNotice(db: Db, tenantKey: string): Promise<NoticeRef | null> {
  const [n] = await db
    .select(noticeColumns)
    .from(notices)
    .where(and(eq(notices.tenantKey, tenantKey), ne(notices.status, 'cancelled')))
    .orderBy(desc(notices.id))
    .limit(1);
  return n ?? null;
}
