import { sql } from 'drizzle-orm';
import type { Db } from './db';

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

/**
 * A single-tenant setup imports notices from the CLI (tenant "default") before any Lark event
 * names the real tenant. The first tenant that talks to the bot, while it is the only one and
 * has no rows yet, adopts the "default" rows, so such a setup needs no configuration.
 * Returns true when rows were moved.
 */
export async function adoptDefaultTenant(db: Db, tenantKey: string, defaultKey = 'default'): Promise<boolean> {
  if (tenantKey === defaultKey) return false;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(4242)`);
    const res = await tx.execute<{ tenant_key: string }>(sql`select distinct tenant_key from departments`);
    const keys = rowsOf<{ tenant_key: string }>(res).map((r) => r.tenant_key);
    if (keys.length !== 1 || keys[0] !== defaultKey) return false;
    for (const t of TENANT_TABLES) {
      await tx.execute(sql`update ${sql.identifier(t)} set tenant_key = ${tenantKey} where tenant_key = ${defaultKey}`);
    }
    return true;
  });
}

/** postgres.js returns rows as the result itself, PGlite under .rows. */
export function rowsOf<T>(res: unknown): T[] {
  return Array.isArray(res) ? (res as T[]) : ((res as { rows: T[] }).rows ?? []);
}
