/**
 * The outbox's queries: writing decided messages, claiming due rows for a delivery run, and
 * recording each outcome. The rules around them (pacing, retries, exactly-once) live in
 * src/outbox/; this file only knows rows.
 */
import { and, asc, count, eq, gt, inArray, isNull, lte, min, or, sql } from 'drizzle-orm';
import type { Db, Tx } from './db';
import { outbox } from './schema';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = Pick<
  typeof outbox.$inferInsert,
  | 'tenantKey'
  | 'dedupeKey'
  | 'kind'
  | 'noticeId'
  | 'departmentId'
  | 'channel'
  | 'receiveIdType'
  | 'receiveId'
  | 'replyTo'
  | 'userOpenId'
  | 'msgType'
  | 'render'
  | 'content'
> & { nextAttemptAt: Date };

/** Rows per INSERT: far below PostgreSQL's 65,535 bind parameters at 11 columns a row. */
const INSERT_CHUNK = 500;

/**
 * Writes messages inside the caller's transaction, a few hundred rows per statement. Returns the
 * dedupe keys actually written: a key that already exists is a decision taken before, so deciding
 * twice never sends twice.
 */
export async function insertOutboxRows(tx: Tx, rows: NewOutboxRow[]): Promise<Set<string>> {
  const written = new Set<string>();
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const inserted = await tx
      .insert(outbox)
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflictDoNothing({ target: [outbox.tenantKey, outbox.dedupeKey] })
      .returning({ key: outbox.dedupeKey });
    for (const r of inserted) written.add(r.key);
  }
  return written;
}

/** Sends recorded in the rolling minute before `now`, across every process sharing the database. */
export async function sentInLastMinute(db: Db, now: Date): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.status, 'sent'), gt(outbox.sentAt, new Date(now.getTime() - 60_000))));
  return Number(r?.n ?? 0);
}

/**
 * Claims up to `limit` due rows in one statement. SKIP LOCKED makes concurrent runs take
 * disjoint rows instead of queueing behind each other; a row whose claim has expired counts as
 * unclaimed. Works the same on PGlite (single connection) and PostgreSQL.
 */
export async function claimDueRows(db: Db, now: Date, limit: number, lockMs: number): Promise<OutboxRow[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now), or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, now))))
    // Answers to people (replies, personal cards, card updates) go before broadcasts: a reply must
    // not wait behind a thousand departments' notices.
    .orderBy(sql`${outbox.channel} = 'message'`, asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(outbox)
    .set({ lockedUntil: new Date(now.getTime() + lockMs) })
    .where(inArray(outbox.id, due))
    .returning();
  // RETURNING has no order: answers first, then oldest due first, as selected.
  const rank = (r: OutboxRow) => (r.channel === 'message' ? 1 : 0);
  return rows.sort((a, b) => rank(a) - rank(b) || a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
}

/**
 * Records a row's outcome, but only while our claim on it stands: if it expired and another run
 * took the row over, that run's record wins. Returns whether the record was written.
 */
export async function settleClaimedRow(db: Db, row: OutboxRow, set: Partial<typeof outbox.$inferInsert>): Promise<boolean> {
  const updated = await db
    .update(outbox)
    .set(set)
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending'), eq(outbox.lockedUntil, row.lockedUntil!)))
    .returning({ id: outbox.id });
  return updated.length > 0;
}

/** Pending rows of every tenant, and when the earliest is due: lets a loop sleep until then. */
export async function pendingOutbox(db: Db): Promise<{ count: number; next: Date | null }> {
  const [left] = await db
    .select({ n: count(), next: min(outbox.nextAttemptAt) })
    .from(outbox)
    .where(eq(outbox.status, 'pending'));
  return { count: Number(left?.n ?? 0), next: left?.next ? new Date(left.next) : null };
}

/**
 * Puts a notice's failed broadcast rows back in the queue (after the office fixed the cause, e.g.
 * re-added the bot to a group). They keep their dedupe keys and uuids. Returns how many.
 */
export async function requeueFailedPublishRows(db: Db, input: { tenantKey: string; noticeId: number; now: Date }): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: input.now, lockedUntil: null })
    .where(
      and(
        eq(outbox.tenantKey, input.tenantKey),
        eq(outbox.noticeId, input.noticeId),
        eq(outbox.kind, 'publish'),
        eq(outbox.status, 'failed'),
      ),
    )
    .returning({ id: outbox.id });
  return rows.length;
}

/**
 * Frees every claim on pending rows: for a sender that just took the delivery lease over from one
 * that stopped renewing it (a crashed process), whose claims would otherwise hold its rows until
 * they expire. Only the lease holder sends, so no live run owns them.
 */
export async function releaseClaims(db: Db, now: Date): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({ lockedUntil: null })
    .where(and(eq(outbox.status, 'pending'), gt(outbox.lockedUntil, now)))
    .returning({ id: outbox.id });
  return rows.length;
}
