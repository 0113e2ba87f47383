import { and, asc, eq, inArray, max } from 'drizzle-orm';
import type { Db, Tx } from './db';
import { assignments, chatBindings, departments, members, tasks, type UnitResolution } from './schema';
import { redecideToday } from './scheduler-tenants';
import { normalizeName } from '../notice/normalize';
import { groupKinds, inferKind, isGroupTerm } from '../notice/units';
import type { DepartmentKind } from '../terms';

export type Department = typeof departments.$inferSelect;

export async function listDepartments(db: Tx, tenantKey: string): Promise<Department[]> {
  return db.select().from(departments).where(eq(departments.tenantKey, tenantKey)).orderBy(asc(departments.sortOrder), asc(departments.id));
}

/** "区财政局" and "财政局" are the same office in a district's own notice; 区/县/市 is dropped to compare. */
function bare(name: string): string {
  return normalizeName(name).replace(/^(区|县|市)(?!直)/, '');
}

/**
 * Finds a department by its name or an alias, then by the name without its 区/县/市 prefix
 * (when that is unambiguous). Names are compared in normalised form.
 */
export function matchDepartment(all: Department[], name: string): { dept: Department; exact: boolean } | null {
  const n = normalizeName(name);
  const exact = all.find((d) => d.name === n || d.aliases.includes(n));
  if (exact) return { dept: exact, exact: true };
  const b = bare(n);
  const loose = all.filter((d) => bare(d.name) === b || d.aliases.some((a) => bare(a) === b));
  return loose.length === 1 ? { dept: loose[0], exact: false } : null;
}

export function groupMembers(all: Department[], term: string): Department[] {
  const kinds = new Set<DepartmentKind>(groupKinds(term));
  return all.filter((d) => kinds.has(d.kind));
}

export interface ResolvedUnits {
  /** Normalised unit name → the departments it stands for (one, or a group's members). */
  byName: Map<string, { departments: Department[]; group: string | null }>;
  resolutions: UnitResolution[];
}

/**
 * Resolves every unit name of a notice against the tenant's directory, adding the named units
 * that are new (the first notice builds the directory). Group terms expand to the members of
 * their kinds; a group with no member, or a name that is no unit at all, is reported as
 * unresolved and stays on the task as written, so nothing is dropped.
 */
export async function resolveUnits(tx: Tx, tenantKey: string, names: string[]): Promise<ResolvedUnits> {
  const all = await listDepartments(tx, tenantKey);
  const byName: ResolvedUnits['byName'] = new Map();
  const resolutions: UnitResolution[] = [];
  const unique = [...new Set(names.map(normalizeName).filter(Boolean))];
  const [{ top }] = await tx
    .select({ top: max(departments.sortOrder) })
    .from(departments)
    .where(eq(departments.tenantKey, tenantKey));
  let order = (top ?? 0) + 1;

  for (const name of unique.filter((n) => !isGroupTerm(n))) {
    const hit = matchDepartment(all, name);
    if (hit) {
      if (!hit.exact) {
        const aliases = [...hit.dept.aliases, name];
        await tx.update(departments).set({ aliases }).where(eq(departments.id, hit.dept.id));
        hit.dept.aliases = aliases;
      }
      byName.set(name, { departments: [hit.dept], group: null });
      resolutions.push({ name, outcome: hit.exact ? 'matched' : 'alias', department: hit.dept.name });
      continue;
    }
    if (!looksLikeUnit(name)) {
      byName.set(name, { departments: [], group: null });
      resolutions.push({ name, outcome: 'unresolved' });
      continue;
    }
    const [created] = await tx
      .insert(departments)
      .values({ tenantKey, name, kind: inferKind(name), sortOrder: order++ })
      .returning();
    all.push(created);
    byName.set(name, { departments: [created], group: null });
    resolutions.push({ name, outcome: 'created', department: created.name });
  }

  for (const term of unique.filter(isGroupTerm)) {
    const members = groupMembers(all, term);
    byName.set(term, { departments: members, group: term });
    resolutions.push(members.length ? { name: term, outcome: 'group', members: members.length } : { name: term, outcome: 'unresolved' });
  }
  return { byName, resolutions };
}

/** A unit name ends like an organ or a place; anything else is most likely a parsing leftover. */
function looksLikeUnit(name: string): boolean {
  return name.length >= 2 && name.length <= 40 && /[\u4e00-\u9fff]/.test(name) && !/[。；]/.test(name);
}

export async function findDepartmentByName(db: Tx, tenantKey: string, name: string): Promise<Department | null> {
  return matchDepartment(await listDepartments(db, tenantKey), name)?.dept ?? null;
}

/** Group terms expand by kind, so the office corrects a guessed kind ("区供电中心" is an enterprise). */
export async function setDepartmentKind(db: Tx, id: number, kind: DepartmentKind): Promise<void> {
  await db.update(departments).set({ kind }).where(eq(departments.id, id));
}

export async function getDepartment(db: Tx, tenantKey: string, id: number): Promise<Department | null> {
  const [d] = await db
    .select()
    .from(departments)
    .where(and(eq(departments.tenantKey, tenantKey), eq(departments.id, id)));
  return d ?? null;
}

/**
 * Teaches the directory that `alias` (a spelling some notice used) is `department`. When an
 * import had already created a department under that spelling, it is merged into `department`
 * (its assignments, members and chat bindings move over). Every task naming the alias then gets
 * its missing assignment, so a preview's unknown unit can be mapped before or after publishing.
 */
export async function addAlias(
  db: Db,
  tenantKey: string,
  alias: string,
  department: Department,
): Promise<{ assigned: number; merged: boolean }> {
  const name = normalizeName(alias);
  return db.transaction(async (tx) => {
    let merged = false;
    const [twin] = await tx
      .select()
      .from(departments)
      .where(and(eq(departments.tenantKey, tenantKey), eq(departments.name, name)));
    if (twin && twin.id !== department.id) {
      // Shares the twin held on tasks the target already has are dropped, the rest move over.
      const mine = await tx.select({ taskId: assignments.taskId }).from(assignments).where(eq(assignments.departmentId, department.id));
      const taken = mine.map((r) => r.taskId);
      if (taken.length) await tx.delete(assignments).where(and(eq(assignments.departmentId, twin.id), inArray(assignments.taskId, taken)));
      await tx.update(assignments).set({ departmentId: department.id }).where(eq(assignments.departmentId, twin.id));
      await tx.update(members).set({ departmentId: department.id }).where(eq(members.departmentId, twin.id));
      await tx.update(chatBindings).set({ departmentId: department.id }).where(eq(chatBindings.departmentId, twin.id));
      await tx.delete(departments).where(eq(departments.id, twin.id));
      merged = true;
    }
    const aliases = [...new Set([...department.aliases, ...(twin?.aliases ?? []), name])].filter((a) => a !== department.name);
    await tx.update(departments).set({ aliases }).where(eq(departments.id, department.id));
    department.aliases = aliases;

    const rows = await tx.select().from(tasks).where(eq(tasks.tenantKey, tenantKey));
    const values: (typeof assignments.$inferInsert)[] = [];
    for (const t of rows) {
      const role = t.lead.map(normalizeName).includes(name)
        ? 'lead'
        : t.responsible.map(normalizeName).includes(name)
          ? 'responsible'
          : null;
      if (role) values.push({ tenantKey, taskId: t.id, departmentId: department.id, role });
    }
    const inserted = values.length
      ? await tx.insert(assignments).values(values).onConflictDoNothing().returning({ id: assignments.id })
      : [];
    // The department holds shares it did not hold this morning: they may be due today.
    if (merged || inserted.length) await redecideToday(tx, tenantKey);
    return { assigned: inserted.length, merged };
  });
}
