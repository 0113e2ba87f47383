// One database per test file: PGlite in memory by default; with DATABASE_URL a fresh
// PostgreSQL database is created for the file and dropped afterwards, so files can run in parallel.
import postgres from 'postgres';
import { openDb } from '../../src/store/open-node';
import type { OpenedDb } from '../../src/store/db';

export const engineName = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** A new, empty PostgreSQL database on the server of `url`, for one test file; `drop()` removes it. */
export async function freshDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `duban_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

export async function openTestDb(): Promise<OpenedDb> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDb({ dataDir: 'memory://' });
  const fresh = await freshDatabase(url);
  const opened = await openDb({ databaseUrl: fresh.url });
  return {
    ...opened,
    async close() {
      await opened.close();
      await fresh.drop();
    },
  };
}
