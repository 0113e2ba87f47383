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
 * Claims up to `limit` due rows. SKIP LOCKED makes concurrent runs take disjoint rows instead of
 * queueing behind each other; a row whose claim has expired counts as unclaimed. Works the same
 * on PGlite (single connection) and PostgreSQL.
 *
 * Order: answers to people (replies, personal cards, card updates) before broadcasts, so a reply
 * never waits behind a thousand departments' notices; then tenants take turns (each tenant's
 * oldest due row, then each one's second, …), so one district's 29,000 reminders cannot hold the
 * app-wide rate while a hundred other districts wait.
 */
export async function claimDueRows(db: Db, now: Date, limit: number, lockMs: number): Promise<OutboxRow[]> {
  const answersFirst = sql`(${outbox.channel} = 'message')`;
  const turns = db
    .select({
      id: outbox.id,
      broadcast: sql<boolean>`${answersFirst}`.as('broadcast'),
      turn: sql<number>`row_number() over (partition by ${outbox.tenantKey} order by ${answersFirst}, ${outbox.nextAttemptAt}, ${outbox.id})`.as(
        'turn',
      ),
      nextAttemptAt: outbox.nextAttemptAt,
    })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now), or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, now))))
    .as('turns');
  const candidates = db
    .select({ id: turns.id })
    .from(turns)
    .orderBy(asc(turns.broadcast), asc(turns.turn), asc(turns.nextAttemptAt), asc(turns.id))
    .limit(limit);
  // A window function cannot sit under FOR UPDATE, so the rows are locked by id in a second step.
  const due = db.select({ id: outbox.id }).from(outbox).where(inArray(outbox.id, candidates)).for('update', { skipLocked: true });
  const rows = await db
    .update(outbox)
    .set({ lockedUntil: new Date(now.getTime() + lockMs) })
    .where(inArray(outbox.id, due))
    .returning();
  // RETURNING has no order: put the rows back in the order they were chosen.
  const byTenant = new Map<string, number>();
  const ranked = rows
    .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id)
    .map((r) => {
      const turn = (byTenant.get(r.tenantKey) ?? 0) + 1;
      byTenant.set(r.tenantKey, turn);
      return { r, key: [r.channel === 'message' ? 1 : 0, turn] as const };
    });
  ranked.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1]);
  return ranked.map((x) => x.r);
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
