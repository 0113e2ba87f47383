import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { openTestDb, engineName } from './support/db';
import { bigNotice } from './support/big-notice';
import type { OpenedDb } from '../src/store/db';
import { parseNoticeText } from '../src/notice/parse';
import { importNotice } from '../src/store/notice-import';
import { assignments, tasks } from '../src/store/schema';

// postgres.js sends at most 65,535 bind parameters per statement: a task row carries a dozen,
// so one insert of every task failed above ~5,000 tasks on PostgreSQL (PGlite has no such limit).
describe(`a notice of 10,000 tasks on ${engineName}`, { timeout: 120_000 }, () => {
  let store: OpenedDb;
  beforeAll(async () => {
    store = await openTestDb();
  });
  afterAll(async () => store?.close());

  it('imports every task and every assignment in one go', async () => {
    const parsed = parseNoticeText(bigNotice(10_000), 'big.txt');
    expect(parsed.tasks).toHaveLength(10_000);
    const r = await importNotice(store.db, 't-big', parsed, { hash: 'big-10000', name: 'big.txt' }, { publish: true });
    expect(r).toMatchObject({ created: true, status: 'published', taskCount: 10_000, departmentCount: 40 });
    const [stored] = await store.db.select({ n: count() }).from(tasks).where(eq(tasks.noticeId, r.noticeId));
    expect(stored.n).toBe(10_000);
    const [shares] = await store.db.select({ n: count() }).from(assignments).where(eq(assignments.tenantKey, 't-big'));
    expect(shares.n).toBe(30_000);
    const [last] = await store.db.select().from(tasks).where(eq(tasks.seq, 10_000));
    expect(last).toMatchObject({ requirement: '第10000项任务的具体要求，按期公开。', lead: ['区第1局'], dueOn: '2025-05-31' });
  });
});
