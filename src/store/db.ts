import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

/** Both drivers (PGlite, postgres.js) give this type; store code is written against it only. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction, or the database itself where no transaction is needed: query functions take either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface OpenedDb {
  db: Db;
  /** Which engine answered: shown by the CLI and the health route. */
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export { schema };
