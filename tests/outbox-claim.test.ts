// The order in which the delivery loop takes due rows: answers before broadcasts, and districts
// taking turns, so one district's burst of reminders cannot hold the app-wide rate for everyone.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedDb } from '../src/store/db';
import { claimDueRows, insertOutboxRows, type NewOutboxRow } from '../src/store/outbox';
import { outbox } from '../src/store/schema';
import { engineName, openTestDb } from './support/db';

const T0 = new Date('2025-06-02T01:00:00Z');

function row(tenantKey: string, n: number, over: Partial<NewOutboxRow> = {}): NewOutboxRow {
  return {
    tenantKey,
    dedupeKey: `remind:${tenantKey}:${n}:${over.channel ?? 'message'}`,
    kind: 'remind',
    noticeId: null,
    departmentId: null,
    channel: 'message',
    receiveIdType: 'chat_id',
    receiveId: `oc_${tenantKey}_${n}`,
    replyTo: null,
    userOpenId: null,
    msgType: 'text',
    render: null,
    content: JSON.stringify({ text: `${tenantKey} ${n}` }),
    // Older rows first: the big district queued all of its reminders before the others.
    nextAttemptAt: new Date(T0.getTime() - 60_000 + n),
    ...over,
  };
}

describe(`claiming due outbox rows (${engineName})`, () => {
  let opened: OpenedDb;
  beforeAll(async () => {
    opened = await openTestDb();
  });
  afterAll(async () => {
    await opened.close();
  });
  beforeEach(async () => {
    await opened.db.delete(outbox);
  });

  it('lets every district take a turn before the one with thousands queued sends its second', async () => {
    const big = Array.from({ length: 2000 }, (_, i) => row('big', i));
    const small = ['a', 'b', 'c'].flatMap((t) => [row(t, 5000), row(t, 5001)]);
    await insertOutboxRows(opened.db, [...big, ...small]);

    const claimed = await claimDueRows(opened.db, T0, 8, 30_000);
    expect(claimed.map((r) => r.tenantKey)).toEqual(['big', 'a', 'b', 'c', 'big', 'a', 'b', 'c']);
    // Within a district, oldest first.
    expect(claimed.filter((r) => r.tenantKey === 'big').map((r) => r.receiveId)).toEqual(['oc_big_0', 'oc_big_1']);
  });

  it('takes answers to people before any broadcast, whatever the district', async () => {
    const big = Array.from({ length: 50 }, (_, i) => row('big', i));
    const reply = row('a', 9000, { channel: 'reply', replyTo: 'om_question', kind: 'reply' });
    await insertOutboxRows(opened.db, [...big, reply]);

    const claimed = await claimDueRows(opened.db, T0, 3, 30_000);
    expect(claimed.map((r) => `${r.tenantKey}:${r.channel}`)).toEqual(['a:reply', 'big:message', 'big:message']);
  });

  it('never hands a claimed row to a second run until its claim expires', async () => {
    await insertOutboxRows(opened.db, [row('a', 1), row('b', 1), row('a', 2)]);
    const first = await claimDueRows(opened.db, T0, 2, 30_000);
    const second = await claimDueRows(opened.db, T0, 2, 30_000);
    expect(first.map((r) => r.receiveId)).toEqual(['oc_a_1', 'oc_b_1']);
    expect(second.map((r) => r.receiveId)).toEqual(['oc_a_2']);
    const afterExpiry = await claimDueRows(opened.db, new Date(T0.getTime() + 31_000), 5, 30_000);
    expect(afterExpiry).toHaveLength(3);
  });
});
