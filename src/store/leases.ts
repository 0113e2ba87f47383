import { and, eq, lte, or, sql } from 'drizzle-orm';
import type { Db } from './db';
import { leases } from './schema';

/**
 * Takes or renews the lease `name` for `holder` until `now + ms`. `held` is false when another
 * holder's lease is still running (one statement, so two processes asking at once cannot both get
 * it); `takenOver` when this holder just took it from another one whose lease had run out.
 */
export async function holdLease(
  db: Db,
  input: { name: string; holder: string; now: Date; ms: number },
): Promise<{ held: boolean; takenOver: boolean }> {
  const [before] = await db.select({ holder: leases.holder }).from(leases).where(eq(leases.name, input.name));
  const until = new Date(input.now.getTime() + input.ms);
  const rows = await db
    .insert(leases)
    .values({ name: input.name, holder: input.holder, until })
    .onConflictDoUpdate({
      target: leases.name,
      set: { holder: input.holder, until },
      setWhere: or(eq(leases.holder, input.holder), lte(leases.until, input.now)),
    })
    .returning({ holder: leases.holder });
  const held = rows.length > 0;
  return { held, takenOver: held && before !== undefined && before.holder !== input.holder };
}

/** Gives the lease up at once (a clean stop), so another process need not wait for it to expire. */
export async function releaseLease(db: Db, input: { name: string; holder: string }): Promise<void> {
  await db
    .update(leases)
    .set({ until: sql`'epoch'::timestamptz` })
    .where(and(eq(leases.name, input.name), eq(leases.holder, input.holder)));
}
