import type { Db } from './db';
import { processedEvents } from './schema';

/**
 * Marks an id as handled; false when it had been handled before. Kept in Postgres, so a
 * redelivery hours later, or to another instance, is still recognised.
 */
export async function firstDelivery(db: Db, key: string): Promise<boolean> {
  const rows = await db.insert(processedEvents).values({ key }).onConflictDoNothing().returning({ key: processedEvents.key });
  return rows.length > 0;
}
