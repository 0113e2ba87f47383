// Node-only: opening PGlite / postgres.js and running migrations need node:fs.
// Workers never import this file; they open postgres.js themselves (src/worker.ts).
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { schema, type Db, type OpenedDb } from './db';

/**
 * The package's migrations/: this module runs from src/store/ (tsx, tests) or bundled into dist/
 * (npm start, the bin), so look upwards from wherever it is.
 */
function migrationsDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'migrations/meta/_journal.json'))) return join(dir, 'migrations');
    if (dirname(dir) === dir) throw new Error('migrations/ not found above the running code');
  }
}

const MIGRATIONS_DIR = migrationsDir();

export interface OpenOptions {
  /** postgres:// URL; when absent, the embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; 'memory://' keeps it in memory. */
  dataDir?: string;
}

/** Opens the store and applies pending migrations, so a fresh machine needs no setup step. */
export async function openDb(opts: OpenOptions): Promise<OpenedDb> {
  if (opts.databaseUrl) {
    const client = postgres(opts.databaseUrl, { max: 5, onnotice: () => {} });
    const db = drizzlePostgres(client, { schema });
    await migratePostgres(db, { migrationsFolder: MIGRATIONS_DIR });
    return { db: db as unknown as Db, engine: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = opts.dataDir ?? './data/pglite';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR });
  return { db: db as unknown as Db, engine: 'pglite', close: () => client.close() };
}
