// The delivery loop's claim with a burst queued: one district owes 29,000 reminders and 99 others
// 10 each. Prints min / median of 7 claims of 50 rows next to a bare `select 1` from the same run.
// PGlite by default; DATABASE_URL=postgres://… for PostgreSQL (a scratch database, dropped after).
import { openTestDb } from '../tests/support/db';
import { claimDueRows, insertOutboxRows, type NewOutboxRow } from '../src/store/outbox';
import { sql } from 'drizzle-orm';
const opened = await openTestDb();
const now = new Date('2025-06-02T01:00:00Z');
const rows: NewOutboxRow[] = [];
for (let t = 0; t < 100; t++) {
  const n = t === 0 ? 29000 : 10;
  for (let i = 0; i < n; i++)
    rows.push({
      tenantKey: `t${t}`,
      dedupeKey: `r${i}`,
      kind: 'remind',
      noticeId: null,
      departmentId: null,
      channel: 'message',
      receiveIdType: 'chat_id',
      receiveId: `oc_${t}_${i}`,
      replyTo: null,
      userOpenId: null,
      msgType: 'text',
      render: null,
      content: '{"text":"x"}',
      nextAttemptAt: new Date(now.getTime() - 60000 + i),
    });
}
await insertOutboxRows(opened.db, rows);
await opened.db.execute(sql`analyze outbox`);
const times: number[] = [];
for (let r = 0; r < 7; r++) {
  const t0 = performance.now();
  const got = await claimDueRows(opened.db, now, 50, 1);
  times.push(performance.now() - t0);
  if (r === 0)
    console.log(
      'first claim tenants:',
      got
        .slice(0, 6)
        .map((x) => x.tenantKey)
        .join(','),
    );
  now.setTime(now.getTime() + 2); // let the 1 ms claims expire so each run sees all due rows
}
await opened.db.execute(sql`select 1`);
const t1 = performance.now();
await opened.db.execute(sql`select 1`);
const ref = performance.now() - t1;
times.sort((a, b) => a - b);
console.log(
  `${process.env.DATABASE_URL ? 'postgres' : 'pglite'}: claim 50 of 29,990 due rows: min ${times[0].toFixed(1)} ms, median ${times[3].toFixed(1)} ms; select 1 ${ref.toFixed(2)} ms`,
);
await opened.close();
