import { eq, sql } from 'drizzle-orm';
import type { Db } from './db';
import { redecideToday } from './scheduler-tenants';
import { tenantLinks } from './schema';

/** Tables whose rows carry a tenant key, in foreign-key-safe order for updates. */
const TENANT_TABLES = [
  'departments',
  'notices',
  'tasks',
  'assignments',
  'progress_reports',
  'members',
  'chat_bindings',
  'outbox',
  'ledger_edits',
];

/** The key the CLI stores under when it is given none. */
export const CLI_TENANT = 'default';

/**
 * A single-tenant setup may import notices from the CLI (tenant "default") before any Lark event
 * names the real tenant. The operator names the tenant that takes those rows over
 * (DUBAN_ADOPT_TENANT); its first event moves them, once, and records the link. It happens only
 * for that tenant, only while it has no rows of its own, and never again. Returns true when rows
 * were moved.
 */
export async function adoptCliTenant(db: Db, tenantKey: string): Promise<boolean> {
  if (tenantKey === CLI_TENANT) return false;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(4242)`);
    const [linked] = await tx.select().from(tenantLinks).where(eq(tenantLinks.fromKey, CLI_TENANT));
    if (linked) return false;
    const own = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from departments where tenant_key = ${tenantKey}`));
    if (own[0]?.n) return false;
    for (const t of TENANT_TABLES) {
      await tx.execute(sql`update ${sql.identifier(t)} set tenant_key = ${tenantKey} where tenant_key = ${CLI_TENANT}`);
    }
    await tx.insert(tenantLinks).values({ fromKey: CLI_TENANT, toKey: tenantKey });
    // Its reminders are decided under its own key from now on, starting today.
    await redecideToday(tx, tenantKey);
    return true;
  });
}

/** Whether the CLI's tenant holds rows nobody took over yet (for the hint the bot logs). */
export async function cliRowsWaiting(db: Db): Promise<boolean> {
  const [linked] = await db.select().from(tenantLinks).where(eq(tenantLinks.fromKey, CLI_TENANT));
  if (linked) return false;
  const rows = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from notices where tenant_key = ${CLI_TENANT}`));
  return (rows[0]?.n ?? 0) > 0;
}

/** The tenant a CLI command works on: an adopted "default" means the tenant that took it over. */
export async function cliTenant(db: Db, requested: string): Promise<string> {
  if (requested !== CLI_TENANT) return requested;
  const [linked] = await db.select().from(tenantLinks).where(eq(tenantLinks.fromKey, CLI_TENANT));
  return linked?.toKey ?? requested;
}

/** postgres.js returns rows as the result itself, PGlite under .rows. */
export function rowsOf<T>(res: unknown): T[] {
  return Array.isArray(res) ? (res as T[]) : ((res as { rows: T[] }).rows ?? []);
}
