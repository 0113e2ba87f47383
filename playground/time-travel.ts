// Where the time control stops: 09:30 Beijing time, in working hours as a deployment's ticks
// would be. A day or a week stops every morning on the way, so nothing a real deployment would
// have sent in between (a Monday digest, a daily overdue card) is skipped; the jump to the next
// due date stops on that morning only.
import { and, eq, gt, inArray, min } from 'drizzle-orm';
import type { Db } from '../src/store/db';
import { assignments, notices, tasks } from '../src/store/schema';
import { shanghaiDate } from '../src/store/ledger';

export const TIME_JUMPS = ['day', 'week', 'deadline'] as const;
export type TimeJump = (typeof TIME_JUMPS)[number];

const morningOf = (ymd: string) => new Date(`${ymd}T09:30:00+08:00`);

/** The first moment to show reminders on a fresh playground: the working day after the notice was issued. */
export const PLAYGROUND_START = morningOf('2025-06-17');

const mornings = (now: Date, days: number) => Array.from({ length: days }, (_, i) => morningOf(shanghaiDate(now, i + 1)));

/** The moments to tick at, in order; empty when there is no later due date among open tasks. */
export async function jumpStops(db: Db, tenantKey: string, now: Date, jump: TimeJump): Promise<Date[]> {
  if (jump === 'day') return mornings(now, 1);
  if (jump === 'week') return mornings(now, 7);
  const [row] = await db
    .select({ due: min(tasks.dueOn) })
    .from(tasks)
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .innerJoin(assignments, eq(assignments.taskId, tasks.id))
    .where(
      and(
        eq(tasks.tenantKey, tenantKey),
        eq(notices.status, 'published'),
        gt(tasks.dueOn, shanghaiDate(now)),
        inArray(assignments.status, ['not_started', 'in_progress']),
      ),
    );
  return row?.due ? [morningOf(row.due)] : [];
}
