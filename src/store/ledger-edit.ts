/**
 * Changing a stored notice from an edited 台账: the queries and the one transaction that applies
 * the change. What the returned rows mean is decided by the caller (src/ledger-edit.ts) from the
 * state this file loads under a lock on the notice; this file turns that decision into the diff the
 * office sees and, on 确认, into rows.
 *
 * What is never lost: a department's assignment keeps its id, status, version and every progress
 * report and review for as long as the department stays on the task, whatever else changes (its
 * text, deadline, 序号, role). A department the file takes off a task, or a task the file deletes,
 * goes only when nobody reported on it; otherwise it stays, and the diff says so. (Assignments have
 * no "withdrawn" state that every ledger, summary and reminder query would honour, and deleting
 * one deletes its reports; so history wins over the file.)
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from './db';
import { type Department, resolveUnits } from './directory';
import { claimDepartments } from './notice-import';
import { assignments, departments, ledgerEdits, notices, progressReports, tasks, type UnitResolution } from './schema';
import { normalizeName } from '../notice/normalize';
import type { Doubt } from '../notice/types';
import type { AssignmentRole } from '../terms';
import type { FieldChange, LedgerEditView, TaskChange } from '../views/ledger-edit';
import { redecideToday } from './scheduler-tenants';

export type Notice = typeof notices.$inferSelect;
export type StoredTask = Omit<typeof tasks.$inferSelect, 'tenantKey' | 'noticeId' | 'previousTaskId'>;

/** What the caller decides from: the notice and its tasks as they stand, under the lock. */
export interface EditState {
  notice: Notice;
  /** In 序号 order. */
  tasks: StoredTask[];
}

/** A task's stored fields, as the change leaves them. */
export type TaskValues = Pick<
  StoredTask,
  'section' | 'requirement' | 'lead' | 'responsible' | 'leaders' | 'deadlineText' | 'dueOn' | 'ongoing' | 'doubts'
>;

/** One task as the returned ledger wants it, in ledger order. */
export interface TargetTask {
  /** null: a new task. */
  taskId: number | null;
  /** The row was deleted: remove the task (if nobody reported on it). */
  remove: boolean;
  values: TaskValues;
  /** The cells the person changed, as the ledger shows them before and after. */
  fields: FieldChange[];
  conflicts: FieldChange['field'][];
  /** The unit cells changed (or the task is new): its departments are worked out again. */
  unitsChanged: boolean;
}

export interface EditTarget {
  tasks: TargetTask[];
  ignored: LedgerEditView['ignored'];
}

/** The change as the office is shown it. */
export type EditDiff = Pick<
  LedgerEditView,
  'changes' | 'renumbered' | 'newDepartments' | 'droppedDepartments' | 'createdUnits' | 'ignored'
>;

export type EditOutcome =
  | { status: 'not_found' }
  | { status: 'cancelled'; notice: Notice }
  /** The pending edit was decided before (a second 确认, or 取消 first). */
  | { status: 'decided' }
  /** preview: nothing written. changed: not applied, the changes are no longer those shown. */
  | { status: 'preview' | 'changed' | 'applied'; notice: Notice; diff: EditDiff; digest: string; newDepartmentIds: number[] };

export interface EditInput {
  tenantKey: string;
  noticeId: number;
  mode: 'preview' | 'apply';
  /** Apply only if the changes are still the ones with this digest (the ones the office saw). */
  expect?: string;
  /** The pending edit this apply decides: claimed in the same transaction, so it applies once. */
  edit?: { id: number; by: string; at: Date };
}

/** Thrown to roll a preview (or a refused apply) back, carrying what it worked out. */
class Rollback extends Error {
  constructor(readonly outcome: EditOutcome) {
    super('rollback');
  }
}

/**
 * Works out (and with mode 'apply', makes) the change a returned ledger asks for, in one
 * transaction holding the notice's row lock. A preview runs the same steps and rolls back, so the
 * diff shown is exactly what 确认 will do, directory additions included.
 */
export async function editNotice(
  db: Db,
  input: EditInput,
  decide: (state: EditState) => EditTarget,
  digestOf: (diff: EditDiff) => Promise<string>,
): Promise<EditOutcome> {
  try {
    return await db.transaction(async (tx) => {
      const [notice] = await tx
        .select()
        .from(notices)
        .where(and(eq(notices.tenantKey, input.tenantKey), eq(notices.id, input.noticeId)))
        .for('update');
      if (!notice) return { status: 'not_found' } as const;
      if (notice.status === 'cancelled') return { status: 'cancelled', notice } as const;
      if (input.edit) {
        const [claimed] = await tx
          .update(ledgerEdits)
          .set({ status: 'applied', decidedBy: input.edit.by, decidedAt: input.edit.at })
          .where(and(eq(ledgerEdits.id, input.edit.id), eq(ledgerEdits.status, 'pending')))
          .returning({ id: ledgerEdits.id });
        if (!claimed) return { status: 'decided' } as const;
      }
      const state: EditState = { notice, tasks: await noticeTasks(tx, notice.id) };
      const plan = await planEdit(tx, input.tenantKey, state, decide(state));
      const digest = await digestOf(plan.diff);
      const outcome = { notice, diff: plan.diff, digest, newDepartmentIds: plan.newDepartmentIds };
      if (input.mode === 'preview') throw new Rollback({ status: 'preview', ...outcome });
      if (input.expect !== undefined && input.expect !== digest) throw new Rollback({ status: 'changed', ...outcome });
      await plan.write();
      // New tasks, moved deadlines and new departments may owe reminders today.
      if (notice.status === 'published') await redecideToday(tx, input.tenantKey);
      return { status: 'applied', ...outcome } as const;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.outcome;
    throw e;
  }
}

async function noticeTasks(tx: Tx, noticeId: number): Promise<StoredTask[]> {
  return tx
    .select({
      id: tasks.id,
      seq: tasks.seq,
      section: tasks.section,
      requirement: tasks.requirement,
      lead: tasks.lead,
      responsible: tasks.responsible,
      deadlineText: tasks.deadlineText,
      dueOn: tasks.dueOn,
      ongoing: tasks.ongoing,
      leaders: tasks.leaders,
      doubts: tasks.doubts,
    })
    .from(tasks)
    .where(eq(tasks.noticeId, noticeId))
    .orderBy(asc(tasks.seq));
}

interface Share {
  id: number;
  taskId: number;
  departmentId: number;
  department: string;
  sortOrder: number;
  role: AssignmentRole;
  viaGroup: string | null;
  /** A department reported on it (or its status moved): its history must stay. */
  reported: boolean;
}

async function noticeShares(tx: Tx, noticeId: number): Promise<Share[]> {
  const rows = await tx
    .select({
      id: assignments.id,
      taskId: assignments.taskId,
      departmentId: assignments.departmentId,
      department: departments.name,
      sortOrder: departments.sortOrder,
      role: assignments.role,
      viaGroup: assignments.viaGroup,
      status: assignments.status,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(eq(tasks.noticeId, noticeId))
    .orderBy(asc(departments.sortOrder), asc(departments.id));
  const reported = new Set(
    rows.length
      ? (
          await tx
            .selectDistinct({ id: progressReports.assignmentId })
            .from(progressReports)
            .innerJoin(assignments, eq(assignments.id, progressReports.assignmentId))
            .innerJoin(tasks, eq(tasks.id, assignments.taskId))
            .where(eq(tasks.noticeId, noticeId))
        ).map((r) => r.id)
      : [],
  );
  return rows.map(({ status, ...r }) => ({ ...r, reported: status !== 'not_started' || reported.has(r.id) }));
}

interface Plan {
  diff: EditDiff;
  newDepartmentIds: number[];
  write(): Promise<void>;
}

/** Chunks keep every statement well under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 500;

async function planEdit(tx: Tx, tenantKey: string, state: EditState, target: EditTarget): Promise<Plan> {
  const { notice } = state;
  const current = new Map(state.tasks.map((t) => [t.id, t]));
  const shares = await noticeShares(tx, notice.id);
  const sharesOf = new Map<number, Share[]>();
  for (const s of shares) sharesOf.set(s.taskId, [...(sharesOf.get(s.taskId) ?? []), s]);

  const needUnits = target.tasks.filter((t) => !t.remove && t.unitsChanged);
  const { byName, resolutions } = needUnits.length
    ? await resolveUnits(
        tx,
        tenantKey,
        needUnits.flatMap((t) => [...t.values.lead, ...t.values.responsible]),
      )
    : { byName: new Map<string, { departments: Department[]; group: string | null }>(), resolutions: [] as UnitResolution[] };
  const nameOf = new Map<number, string>(shares.map((s) => [s.departmentId, s.department]));
  for (const hit of byName.values()) for (const d of hit.departments) nameOf.set(d.id, d.name);

  /** What happens to each target task. */
  type Step = {
    t: TargetTask;
    deleted: boolean;
    add: { departmentId: number; role: AssignmentRole; viaGroup: string | null }[];
    drop: Share[];
    kept: Share[];
    recast: { share: Share; role: AssignmentRole; viaGroup: string | null }[];
  };
  const steps: Step[] = target.tasks.map((t) => {
    const own = t.taskId === null ? [] : (sharesOf.get(t.taskId) ?? []);
    const step: Step = { t, deleted: false, add: [], drop: [], kept: [], recast: [] };
    if (t.remove) {
      step.deleted = !own.some((s) => s.reported);
      return step;
    }
    if (!t.unitsChanged) return step;
    const claims = claimDepartments(t.values.lead, t.values.responsible, byName);
    const claimed = new Map(claims.map((c) => [c.departmentId, c]));
    for (const s of own) {
      const c = claimed.get(s.departmentId);
      if (!c) (s.reported ? step.kept : step.drop).push(s);
      else if (c.role !== s.role || c.viaGroup !== s.viaGroup) step.recast.push({ share: s, role: c.role, viaGroup: c.viaGroup });
    }
    const held = new Set(own.map((s) => s.departmentId));
    step.add = claims.filter((c) => !held.has(c.departmentId));
    return step;
  });

  // 序号: the remaining tasks in ledger order, numbered from 1.
  const remaining = steps.filter((s) => !s.deleted);
  const seqOf = new Map<Step, number>(remaining.map((s, i) => [s, i + 1]));
  const moved = remaining.filter((s) => s.t.taskId !== null && current.get(s.t.taskId)!.seq !== seqOf.get(s));

  const unresolvedNames = new Set(resolutions.filter((r) => r.outcome === 'unresolved').map((r) => normalizeName(r.name)));
  const doubtTexts = (ds: Doubt[]) => ds.map((d) => ({ zh_cn: d.zh_cn, en_us: d.en_us }));
  const byDirectory = (ids: number[]) => ids.map((id) => nameOf.get(id) ?? `#${id}`);

  const changes: TaskChange[] = [];
  for (const s of steps) {
    const old = s.t.taskId === null ? null : current.get(s.t.taskId)!;
    const base = {
      oldSeq: old?.seq ?? null,
      fields: s.t.fields,
      unitsAdded: byDirectory(s.add.map((a) => a.departmentId)),
      unitsRemoved: s.drop.map((d) => d.department),
      unitsKept: s.kept.map((d) => d.department),
      unresolved: s.t.unitsChanged
        ? [...new Set([...s.t.values.lead, ...s.t.values.responsible])].filter((n) => unresolvedNames.has(normalizeName(n)))
        : [],
      conflicts: s.t.conflicts,
      doubts: s.t.fields.length || !old ? doubtTexts(s.t.values.doubts) : [],
    };
    if (!old) changes.push({ kind: 'added', seq: seqOf.get(s)!, requirement: s.t.values.requirement, ...base });
    else if (s.t.remove) {
      const reportedBy = (sharesOf.get(old.id) ?? []).filter((x) => x.reported).map((x) => x.department);
      changes.push({
        kind: s.deleted ? 'removed' : 'kept',
        seq: s.deleted ? old.seq : seqOf.get(s)!,
        requirement: old.requirement,
        ...base,
        unitsRemoved: s.deleted ? (sharesOf.get(old.id) ?? []).map((x) => x.department) : [],
        unitsKept: reportedBy,
        doubts: [],
      });
    } else if (s.t.fields.length || s.add.length || s.drop.length || s.kept.length || s.recast.length || s.t.conflicts.length) {
      changes.push({ kind: 'edited', seq: seqOf.get(s)!, requirement: s.t.values.requirement, ...base });
    }
  }

  // Departments before and after, for who is told and who is left without a task.
  const before = new Set(shares.map((s) => s.departmentId));
  const gone = new Set<number>([
    ...steps.filter((s) => s.deleted).flatMap((s) => (sharesOf.get(s.t.taskId!) ?? []).map((x) => x.id)),
    ...steps.flatMap((s) => s.drop.map((d) => d.id)),
  ]);
  const after = new Set([
    ...shares.filter((s) => !gone.has(s.id)).map((s) => s.departmentId),
    ...steps.flatMap((s) => s.add.map((a) => a.departmentId)),
  ]);
  const newDepartmentIds = [...after].filter((d) => !before.has(d));
  const known = new Map(resolutions.map((r) => [r.name, r]));

  const diff: EditDiff = {
    changes,
    renumbered: moved.length,
    newDepartments: byDirectory(newDepartmentIds),
    droppedDepartments: byDirectory([...before].filter((d) => !after.has(d))),
    createdUnits: resolutions.filter((r) => r.outcome === 'created').map((r) => r.department ?? r.name),
    ignored: target.ignored,
  };

  const write = async () => {
    const deleted = steps.filter((s) => s.deleted).map((s) => s.t.taskId!);
    for (let i = 0; i < deleted.length; i += CHUNK) await tx.delete(tasks).where(inArray(tasks.id, deleted.slice(i, i + CHUNK)));
    // Tasks whose 序号 moves step aside first (a negative 序号 is free), so no two ever share one.
    const movedIds = moved.map((s) => s.t.taskId!);
    for (let i = 0; i < movedIds.length; i += CHUNK)
      await tx
        .update(tasks)
        .set({ seq: sql`-${tasks.id}` })
        .where(inArray(tasks.id, movedIds.slice(i, i + CHUNK)));

    const added = remaining.filter((s) => s.t.taskId === null);
    const newIds = new Map<Step, number>();
    for (let i = 0; i < added.length; i += CHUNK) {
      const chunk = added.slice(i, i + CHUNK);
      const rows = await tx
        .insert(tasks)
        .values(chunk.map((s) => ({ tenantKey, noticeId: notice.id, seq: seqOf.get(s)!, ...s.t.values })))
        .returning({ id: tasks.id });
      chunk.forEach((s, j) => {
        newIds.set(s, rows[j].id);
      });
    }

    const renumber: [number, number][] = [];
    for (const s of remaining) {
      if (s.t.taskId === null) continue;
      const seq = seqOf.get(s)!;
      const old = current.get(s.t.taskId)!;
      if (s.t.fields.length)
        await tx
          .update(tasks)
          .set({ ...s.t.values, seq })
          .where(eq(tasks.id, old.id));
      else if (seq !== old.seq) renumber.push([old.id, seq]);
    }
    // A row inserted near the top moves every 序号 below it: one statement per chunk, not per task.
    for (let i = 0; i < renumber.length; i += CHUNK) {
      const values = sql.join(
        renumber.slice(i, i + CHUNK).map(([id, seq]) => sql`(${id}::integer, ${seq}::integer)`),
        sql`, `,
      );
      await tx.execute(sql`update ${tasks} set seq = v.seq from (values ${values}) as v(id, seq) where ${tasks.id} = v.id`);
    }

    const drops = steps.flatMap((s) => s.drop.map((d) => d.id));
    for (let i = 0; i < drops.length; i += CHUNK) await tx.delete(assignments).where(inArray(assignments.id, drops.slice(i, i + CHUNK)));
    for (const s of steps)
      for (const r of s.recast)
        await tx.update(assignments).set({ role: r.role, viaGroup: r.viaGroup }).where(eq(assignments.id, r.share.id));
    const inserts = remaining.flatMap((s) =>
      s.add.map((a) => ({
        tenantKey,
        taskId: s.t.taskId ?? newIds.get(s)!,
        departmentId: a.departmentId,
        role: a.role,
        viaGroup: a.viaGroup,
      })),
    );
    for (let i = 0; i < inserts.length; i += CHUNK) await tx.insert(assignments).values(inserts.slice(i, i + CHUNK));

    // The preview's unresolved and new units come from the notice's resolutions: add the new names.
    const fresh = [...known.values()].filter((r) => !notice.resolutions.some((x) => x.name === r.name));
    if (fresh.length)
      await tx
        .update(notices)
        .set({ resolutions: [...notice.resolutions, ...fresh] })
        .where(eq(notices.id, notice.id));
  };

  return { diff, newDepartmentIds, write };
}

// ---------------------------------------------------------------------------------------------
// Pending edits: the returned ledger waits here for 确认 / 取消.

export type PendingEdit = typeof ledgerEdits.$inferSelect;

export async function savePendingEdit(
  db: Db,
  input: { tenantKey: string; noticeId: number; sourceName: string; returned: unknown; digest: string; by: string },
): Promise<number> {
  const [row] = await db
    .insert(ledgerEdits)
    .values({
      tenantKey: input.tenantKey,
      noticeId: input.noticeId,
      sourceName: input.sourceName,
      returned: input.returned,
      digest: input.digest,
      createdBy: input.by,
    })
    .returning({ id: ledgerEdits.id });
  return row.id;
}

export async function findPendingEdit(db: Db, tenantKey: string, id: number): Promise<PendingEdit | null> {
  const [row] = await db
    .select()
    .from(ledgerEdits)
    .where(and(eq(ledgerEdits.tenantKey, tenantKey), eq(ledgerEdits.id, id)));
  return row ?? null;
}

/** pending → cancelled or superseded; false when it was decided already. */
export async function closePendingEdit(
  db: Db,
  input: { tenantKey: string; id: number; status: 'cancelled' | 'superseded'; by: string; at: Date },
): Promise<boolean> {
  const rows = await db
    .update(ledgerEdits)
    .set({ status: input.status, decidedBy: input.by, decidedAt: input.at })
    .where(and(eq(ledgerEdits.tenantKey, input.tenantKey), eq(ledgerEdits.id, input.id), eq(ledgerEdits.status, 'pending')))
    .returning({ id: ledgerEdits.id });
  return rows.length > 0;
}
