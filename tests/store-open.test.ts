import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDb, engineName } from './support/db';
import type { OpenedDb } from '../src/store/db';

describe(`the store on ${engineName}`, () => {
  let store: OpenedDb;
  beforeAll(async () => {
    store = await openTestDb();
  });
  afterAll(async () => store?.close());

  it('applies every migration on open, so all tables exist', async () => {
    const rows = await store.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    const names = (rows as unknown as { rows?: { table_name: string }[] }).rows ?? (rows as unknown as { table_name: string }[]);
    expect(names.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'assignments',
        'chat_bindings',
        'departments',
        'members',
        'notices',
        'processed_events',
        'progress_reports',
        'tasks',
      ]),
    );
    expect(store.engine).toBe(engineName);
  });
});
