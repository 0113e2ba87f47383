import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from './db';
import { departments, members } from './schema';
import { redecideToday } from './scheduler-tenants';
import type { MemberRole } from '../terms';

export type Member = typeof members.$inferSelect & { department: string | null };

/** Creates or replaces a person's role (one role per person and tenant). */
export async function setMember(
  db: Db,
  m: { tenantKey: string; openId: string; role: MemberRole; departmentId?: number | null; name?: string | null },
): Promise<void> {
  const values = { tenantKey: m.tenantKey, openId: m.openId, role: m.role, departmentId: m.departmentId ?? null, name: m.name ?? null };
  await db
    .insert(members)
    .values(values)
    .onConflictDoUpdate({
      target: [members.tenantKey, members.openId],
      set: { role: values.role, departmentId: values.departmentId, name: values.name },
    });
  // A department with a coordinator now can be told today what it could not be told this morning.
  if (m.role === 'coordinator') await redecideToday(db, m.tenantKey);
}

export async function removeMember(db: Db, tenantKey: string, openId: string): Promise<boolean> {
  const rows = await db
    .delete(members)
    .where(and(eq(members.tenantKey, tenantKey), eq(members.openId, openId)))
    .returning({ id: members.id });
  return rows.length > 0;
}

export async function listMembers(db: Db, tenantKey: string): Promise<Member[]> {
  const rows = await db
    .select({ m: members, d: departments.name })
    .from(members)
    .leftJoin(departments, eq(departments.id, members.departmentId))
    .where(eq(members.tenantKey, tenantKey))
    .orderBy(asc(members.role), asc(members.id));
  return rows.map((r) => ({ ...r.m, department: r.d }));
}

export async function findMember(db: Db, tenantKey: string, openId: string): Promise<typeof members.$inferSelect | null> {
  const [row] = await db
    .select()
    .from(members)
    .where(and(eq(members.tenantKey, tenantKey), eq(members.openId, openId)));
  return row ?? null;
}

/**
 * Names the office gave people when it set their roles (设置联络员 @张三 stores the mention's name),
 * by open_id; people without a stored name are left out.
 */
export async function memberNames(db: Db, tenantKey: string, openIds: string[]): Promise<Map<string, string>> {
  if (!openIds.length) return new Map();
  const rows = await db
    .select({ openId: members.openId, name: members.name })
    .from(members)
    .where(and(eq(members.tenantKey, tenantKey), inArray(members.openId, openIds), isNotNull(members.name)));
  return new Map(rows.filter((r) => r.name?.trim()).map((r) => [r.openId, r.name!.trim()]));
}
