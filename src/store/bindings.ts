import { and, eq } from 'drizzle-orm';
import type { Db } from './db';
import { chatBindings } from './schema';
import { redecideToday } from './scheduler-tenants';

export type Binding = typeof chatBindings.$inferSelect;

/**
 * Records that a group chat belongs to a department. A request from the group stays pending
 * until the office confirms it; a request by the office itself is active at once. A request from
 * the group never touches an active binding (the update only applies to a pending one), so one
 * member's 绑定 can neither unbind the group nor move it to another department: that is the
 * office's decision. Returns the binding as it stands afterwards.
 */
export async function requestBinding(
  db: Db,
  input: { tenantKey: string; chatId: string; departmentId: number; requestedBy: string; active: boolean },
): Promise<Binding> {
  const status = input.active ? 'active' : 'pending';
  const [row] = await db
    .insert(chatBindings)
    .values({ tenantKey: input.tenantKey, chatId: input.chatId, departmentId: input.departmentId, requestedBy: input.requestedBy, status })
    .onConflictDoUpdate({
      target: [chatBindings.tenantKey, chatBindings.chatId],
      set: { departmentId: input.departmentId, requestedBy: input.requestedBy, status },
      setWhere: input.active ? undefined : eq(chatBindings.status, 'pending'),
    })
    .returning();
  // A department with a group now can be told today what it could not be told this morning.
  if (status === 'active') await redecideToday(db, input.tenantKey);
  return row ?? (await bindingOf(db, input.tenantKey, input.chatId))!;
}

/** Confirms a pending binding; only the binding that was asked for (same department) is confirmed. */
export async function confirmBinding(db: Db, tenantKey: string, chatId: string, departmentId: number): Promise<Binding | null> {
  const [row] = await db
    .update(chatBindings)
    .set({ status: 'active' })
    .where(and(eq(chatBindings.tenantKey, tenantKey), eq(chatBindings.chatId, chatId), eq(chatBindings.departmentId, departmentId)))
    .returning();
  if (row) await redecideToday(db, tenantKey);
  return row ?? null;
}

export async function bindingOf(db: Db, tenantKey: string, chatId: string): Promise<Binding | null> {
  const [row] = await db
    .select()
    .from(chatBindings)
    .where(and(eq(chatBindings.tenantKey, tenantKey), eq(chatBindings.chatId, chatId)));
  return row ?? null;
}
