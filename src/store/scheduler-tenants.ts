/**
 * Which tenants a scheduler tick still has to decide today (see schema/scheduler-tenants.ts).
 * A tenant's day is marked decided in the same transaction as its messages, so a tick that stops
 * halfway resumes with the next undecided tenant and never decides one twice.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from './db';
import { notices, schedulerTenants } from './schema';

export interface TenantToDecide {
  tenantKey: string;
  /** The tenant's change count, read before anything it decides on: record it with the decision. */
  changes: number;
}

/**
 * Tenants with a published notice whose day is not decided, in key order, and how many are up to
 * date. One query over the tenants and their bookkeeping rows, however large their ledgers.
 */
export async function tenantsToDecide(
  db: Db,
  today: string,
  only?: readonly string[],
): Promise<{ due: TenantToDecide[]; upToDate: number }> {
  const published = db
    .selectDistinct({ tenantKey: notices.tenantKey })
    .from(notices)
    .where(and(eq(notices.status, 'published'), only ? inArray(notices.tenantKey, [...only]) : undefined))
    .as('published');
  const rows = await db
    .select({
      tenantKey: published.tenantKey,
      changes: sql<number>`coalesce(${schedulerTenants.changes}, 0)`.mapWith(Number),
      upToDate: sql<boolean>`coalesce(${schedulerTenants.decidedOn} = ${today}::date and ${schedulerTenants.decidedChanges} >= ${schedulerTenants.changes}, false)`,
    })
    .from(published)
    .leftJoin(schedulerTenants, eq(schedulerTenants.tenantKey, published.tenantKey))
    .orderBy(asc(published.tenantKey));
  const due = rows.filter((r) => !isTrue(r.upToDate)).map(({ tenantKey, changes }) => ({ tenantKey, changes }));
  return { due, upToDate: rows.length - due.length };
}

/** Booleans of computed columns: true from both drivers, 't' from one that leaves them as text. */
const isTrue = (v: unknown) => v === true || v === 't';

/** Marks the tenant's day decided as of `changes`, inside the transaction that wrote its messages. */
export async function markDecided(tx: Tx, tenant: TenantToDecide, today: string): Promise<void> {
  await tx
    .insert(schedulerTenants)
    .values({ tenantKey: tenant.tenantKey, decidedOn: today, decidedChanges: tenant.changes })
    .onConflictDoUpdate({ target: schedulerTenants.tenantKey, set: { decidedOn: today, decidedChanges: tenant.changes } });
}

/**
 * Something changed that can make a department due on a day already decided: a notice published,
 * work reopened, a department given a group or a coordinator, shares moved by a merge. The next
 * tick decides the tenant's day again; its dedupe keys keep what was sent from being sent twice.
 * Call it in the transaction of the change, or after it: never before.
 */
export async function redecideToday(tx: Tx, tenantKey: string): Promise<void> {
  await tx
    .insert(schedulerTenants)
    .values({ tenantKey, changes: 1 })
    .onConflictDoUpdate({ target: schedulerTenants.tenantKey, set: { changes: sql`${schedulerTenants.changes} + 1` } });
}
