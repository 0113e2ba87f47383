// A database that can go away and come back, on either engine: the embedded PGlite in a folder
// (closed, then opened again as a restarted process would) or a PostgreSQL database whose
// connections are refused and then allowed again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { OpenedDb } from '../../src/store/db';
import { openDb } from '../../src/store/open-node';

export interface OutageDb {
  /** The database as it is now; after `restore()` a new handle, like a restarted process's. */
  current(): OpenedDb;
  cut(): Promise<void>;
  restore(): Promise<OpenedDb>;
  close(): Promise<void>;
}

export async function openOutageDb(): Promise<OutageDb> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'duban-outage-'));
    let store = await openDb({ dataDir: dir });
    return {
      current: () => store,
      cut: () => store.close(),
      restore: async () => (store = await openDb({ dataDir: dir })),
      async close() {
        await store.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `duban_outage_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const store = await openDb({ databaseUrl: u.toString() });
  return {
    current: () => store,
    async cut() {
      await admin.unsafe(`alter database ${name} allow_connections false`);
      await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
    },
    async restore() {
      await admin.unsafe(`alter database ${name} allow_connections true`);
      return store;
    },
    async close() {
      await store.close().catch(() => {});
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
