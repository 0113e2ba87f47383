/**
 * The inbox's queries: writing a verified event before it is acknowledged, claiming stored events
 * for handling (by any process, at most `limit` at a time), and recording how handling ended.
 */
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from './db';
import { inbox } from './schema';

export type InboxRow = typeof inbox.$inferSelect;

/** Stores the event; false when its event id was stored before (Lark redelivered it). */
export async function storeEvent(
  db: Db,
  input: { eventId: string; tenantKey: string; eventType: string; envelope: string; now: Date },
): Promise<boolean> {
  const rows = await db
    .insert(inbox)
    .values({ ...input, receivedAt: input.now })
    .onConflictDoNothing({ target: inbox.eventId })
    .returning({ id: inbox.id });
  return rows.length > 0;
}

/**
 * Claims up to `limit` events that are waiting (or whose holder's lease ran out: a process that
 * died while handling them), oldest first, for `leaseMs`. SKIP LOCKED keeps concurrent claimers apart.
 */
export async function claimEvents(
  db: Db,
  input: { now: Date; limit: number; leaseMs: number; eventTypes?: string[] },
): Promise<InboxRow[]> {
  const { now, limit, leaseMs } = input;
  const due = db
    .select({ id: inbox.id })
    .from(inbox)
    .where(
      and(
        eq(inbox.status, 'pending'),
        or(isNull(inbox.lockedUntil), lte(inbox.lockedUntil, now)),
        input.eventTypes ? inArray(inbox.eventType, input.eventTypes) : undefined,
      ),
    )
    .orderBy(asc(inbox.receivedAt), asc(inbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(inbox)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${inbox.attempts} + 1` })
    .where(inArray(inbox.id, due))
    .returning();
  return rows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id - b.id);
}

/** Claims one event by id (a callback handled in its own request), unless another holder has it. */
export async function claimEvent(db: Db, input: { eventId: string; now: Date; leaseMs: number }): Promise<InboxRow | null> {
  const [row] = await db
    .update(inbox)
    .set({ lockedUntil: new Date(input.now.getTime() + input.leaseMs), attempts: sql`${inbox.attempts} + 1` })
    .where(
      and(eq(inbox.eventId, input.eventId), eq(inbox.status, 'pending'), or(isNull(inbox.lockedUntil), lte(inbox.lockedUntil, input.now))),
    )
    .returning();
  return row ?? null;
}

export async function finishEvent(db: Db, id: number, now: Date): Promise<void> {
  await db.update(inbox).set({ status: 'done', handledAt: now, lockedUntil: null, lastError: null }).where(eq(inbox.id, id));
}

/** Handling threw: try again after `retryAt`, or give up (status failed) when `final`. */
export async function failEvent(db: Db, input: { id: number; error: string; final: boolean; retryAt: Date }): Promise<void> {
  await db
    .update(inbox)
    .set(
      input.final
        ? { status: 'failed', lockedUntil: null, lastError: input.error }
        : { lockedUntil: input.retryAt, lastError: input.error },
    )
    .where(eq(inbox.id, input.id));
}
