/**
 * Who receives a department's messages: its ACTIVE bound group chat (the whole department sees
 * the chase there), else each of its coordinators privately. A pending binding is not used: the
 * office has not confirmed that the group belongs to the department.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from './db';
import { chatBindings, members } from './schema';

export interface DeliveryTarget {
  receiveIdType: 'chat_id' | 'open_id';
  receiveId: string;
}

/**
 * The dedupe-key suffix for a target. The chat is one slot per department ('' — rebinding the
 * group the same day does not resend), while coordinators each get their own copy.
 */
export function targetSuffix(target: DeliveryTarget): string {
  return target.receiveIdType === 'chat_id' ? '' : `:${target.receiveId}`;
}

/** Delivery targets of every department of a tenant that has one (absent: unreachable). */
export async function departmentTargets(db: Tx, tenantKey: string, departmentIds?: number[]): Promise<Map<number, DeliveryTarget[]>> {
  const out = new Map<number, DeliveryTarget[]>();
  if (departmentIds && departmentIds.length === 0) return out;
  const chats = await db
    .select({ departmentId: chatBindings.departmentId, chatId: chatBindings.chatId })
    .from(chatBindings)
    .where(
      and(
        eq(chatBindings.tenantKey, tenantKey),
        eq(chatBindings.status, 'active'),
        departmentIds ? inArray(chatBindings.departmentId, departmentIds) : undefined,
      ),
    )
    // Several groups may be bound to one department: the most recently bound one is used.
    .orderBy(desc(chatBindings.createdAt), desc(chatBindings.id));
  for (const c of chats) {
    if (!out.has(c.departmentId)) out.set(c.departmentId, [{ receiveIdType: 'chat_id', receiveId: c.chatId }]);
  }
  const coordinators = await db
    .select({ departmentId: members.departmentId, openId: members.openId })
    .from(members)
    .where(
      and(
        eq(members.tenantKey, tenantKey),
        eq(members.role, 'coordinator'),
        departmentIds ? inArray(members.departmentId, departmentIds) : undefined,
      ),
    )
    .orderBy(members.id);
  for (const m of coordinators) {
    if (m.departmentId === null) continue;
    const list = out.get(m.departmentId) ?? [];
    if (list.some((t) => t.receiveIdType === 'chat_id')) continue;
    list.push({ receiveIdType: 'open_id', receiveId: m.openId });
    out.set(m.departmentId, list);
  }
  return out;
}

export type DigestAudience = 'office' | 'leader';

/**
 * Weekly digest recipients: members with role office or leader, plus the office open ids from
 * the environment (DUBAN_OFFICE_OPEN_IDS), each once; office wins when both apply.
 */
export async function digestRecipients(
  db: Tx,
  tenantKey: string,
  officeOpenIds: readonly string[],
): Promise<{ openId: string; audience: DigestAudience }[]> {
  const rows = await db
    .select({ openId: members.openId, role: members.role })
    .from(members)
    .where(and(eq(members.tenantKey, tenantKey), inArray(members.role, ['office', 'leader'])))
    .orderBy(members.id);
  const out = new Map<string, DigestAudience>();
  for (const id of officeOpenIds) if (id.trim()) out.set(id.trim(), 'office');
  for (const r of rows) if (!out.has(r.openId)) out.set(r.openId, r.role === 'office' ? 'office' : 'leader');
  return [...out].map(([openId, audience]) => ({ openId, audience }));
}
