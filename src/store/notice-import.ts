import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from './db';
import { assignments, notices, tasks, type UnitResolution } from './schema';
import { type ResolvedUnits, resolveUnits } from './directory';
import { redecideToday } from './scheduler-tenants';
import { normalizeName } from '../notice/normalize';
import type { ParsedNotice } from '../notice/types';
import type { AssignmentRole } from '../terms';

export interface ImportResult {
  noticeId: number;
  /** false when the same source had been imported before: nothing was written twice. */
  created: boolean;
  status: 'draft' | 'published' | 'cancelled';
  title: string;
  docNumber: string | null;
  taskCount: number;
  departmentCount: number;
  resolutions: UnitResolution[];
  warnings: string[];
}

/** One department's claim on a task, before it is an assignment row. */
export interface Claim {
  departmentId: number;
  role: AssignmentRole;
  viaGroup: string | null;
}

/**
 * The departments a task's unit names stand for: named leads first, then named responsible units,
 * then group members ("区直各部门"); the first claim on a department wins.
 */
export function claimDepartments(lead: readonly string[], responsible: readonly string[], byName: ResolvedUnits['byName']): Claim[] {
  const seen = new Set<number>();
  const out: Claim[] = [];
  const claims: [string, AssignmentRole][] = [
    ...lead.map((n) => [n, 'lead'] as [string, AssignmentRole]),
    ...responsible.map((n) => [n, 'responsible'] as [string, AssignmentRole]),
  ];
  for (const pass of ['named', 'group'] as const) {
    for (const [name, role] of claims) {
      const hit = byName.get(normalizeName(name));
      if (!hit || (pass === 'named') !== (hit.group === null)) continue;
      for (const d of hit.departments) {
        if (seen.has(d.id)) continue;
        seen.add(d.id);
        out.push({ departmentId: d.id, role, viaGroup: hit.group });
      }
    }
  }
  return out;
}

/** SHA-256 of the source, hex: the idempotency key of an import. */
export async function sourceHash(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Stores a parsed notice as one transaction: the notice, its tasks, the directory entries its
 * units add, and one assignment per (task, department). Importing the same source again
 * returns the existing notice (publishing it if asked), so a retried upload is harmless.
 */
export async function importNotice(
  db: Db,
  tenantKey: string,
  parsed: ParsedNotice,
  source: { hash: string; name: string },
  opts: { publish?: boolean } = {},
): Promise<ImportResult> {
  const result = await importInTransaction(db, tenantKey, parsed, source, opts);
  // An import adds the bulk of a year's rows at once. PGlite never refreshes planner statistics
  // by itself (PostgreSQL's autovacuum does, eventually), so refresh them now: without them the
  // summary's joins once took minutes on a large ledger.
  if (result.created) await db.execute(sql`analyze`);
  return result;
}

async function importInTransaction(
  db: Db,
  tenantKey: string,
  parsed: ParsedNotice,
  source: { hash: string; name: string },
  opts: { publish?: boolean } = {},
): Promise<ImportResult> {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(notices)
      .where(and(eq(notices.tenantKey, tenantKey), eq(notices.sourceHash, source.hash)));
    if (existing) {
      let status = existing.status;
      if (opts.publish && status === 'draft') {
        await tx.update(notices).set({ status: 'published', publishedAt: new Date() }).where(eq(notices.id, existing.id));
        await redecideToday(tx, tenantKey);
        status = 'published';
      }
      const taskRows = await tx.select({ id: tasks.id }).from(tasks).where(eq(tasks.noticeId, existing.id));
      const depts = await tx
        .selectDistinct({ d: assignments.departmentId })
        .from(assignments)
        .innerJoin(tasks, eq(tasks.id, assignments.taskId))
        .where(eq(tasks.noticeId, existing.id));
      return {
        noticeId: existing.id,
        created: false,
        status,
        title: existing.title,
        docNumber: existing.docNumber,
        taskCount: taskRows.length,
        departmentCount: depts.length,
        resolutions: existing.resolutions,
        warnings: existing.warnings,
      };
    }

    const names = parsed.tasks.flatMap((t) => [...t.lead, ...t.responsible]);
    const { byName, resolutions } = await resolveUnits(tx, tenantKey, names);
    const status = opts.publish ? 'published' : 'draft';
    const [notice] = await tx
      .insert(notices)
      .values({
        tenantKey,
        sourceHash: source.hash,
        sourceName: source.name,
        docNumber: parsed.notice.docNumber,
        title: parsed.notice.title || source.name,
        issuer: parsed.notice.issuer,
        issuedOn: parsed.notice.issuedOn,
        year: parsed.notice.year,
        yearSource: parsed.yearSource ?? null,
        status,
        warnings: parsed.warnings,
        resolutions,
        publishedAt: opts.publish ? new Date() : null,
      })
      .returning();

    const taskValues = parsed.tasks.map((t, i) => ({
      tenantKey,
      noticeId: notice.id,
      seq: i + 1,
      section: t.section,
      requirement: t.requirement,
      lead: t.lead,
      responsible: t.responsible,
      deadlineText: t.deadline.text,
      dueOn: t.deadline.due,
      ongoing: t.deadline.ongoing,
      leaders: t.leaders ?? [],
      doubts: t.doubts ?? [],
    }));
    const taskRows: { id: number; seq: number }[] = [];
    for (const chunk of chunked(taskValues))
      for (const row of await tx.insert(tasks).values(chunk).returning({ id: tasks.id, seq: tasks.seq })) taskRows.push(row);

    const rows: (typeof assignments.$inferInsert)[] = [];
    const departmentIds = new Set<number>();
    taskRows.forEach((row, i) => {
      const t = parsed.tasks[i];
      for (const claim of claimDepartments(t.lead, t.responsible, byName)) {
        departmentIds.add(claim.departmentId);
        rows.push({ tenantKey, taskId: row.id, ...claim });
      }
    });
    for (const chunk of chunked(rows)) await tx.insert(assignments).values(chunk);
    // Published on import: its tasks may be due or overdue today already.
    if (opts.publish) await redecideToday(tx, tenantKey);

    return {
      noticeId: notice.id,
      created: true,
      status,
      title: notice.title,
      docNumber: notice.docNumber,
      taskCount: taskRows.length,
      departmentCount: departmentIds.size,
      resolutions,
      warnings: parsed.warnings,
    };
  });
}

/**
 * Rows of one insert, in statements of at most 1,000 rows: postgres.js binds at most 65,535
 * parameters per statement, and a task row binds a dozen (10,000 tasks failed in one insert).
 */
function* chunked<T>(rows: T[], size = 1000): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** What the preview checks on every task of a notice: its doubts and the unit names it carries, in notice order. */
export async function taskChecks(
  db: Tx,
  noticeId: number,
): Promise<Pick<typeof tasks.$inferSelect, 'seq' | 'requirement' | 'lead' | 'responsible' | 'doubts'>[]> {
  return db
    .select({ seq: tasks.seq, requirement: tasks.requirement, lead: tasks.lead, responsible: tasks.responsible, doubts: tasks.doubts })
    .from(tasks)
    .where(eq(tasks.noticeId, noticeId))
    .orderBy(asc(tasks.seq));
}
