// Where the time control stops: 09:30 Beijing time, in working hours as a deployment's ticks
// would be. A day or a week stops every morning on the way, so nothing a real deployment would
// have sent in between (a Monday digest, a daily overdue card) is skipped; the jump to the next
// due date stops on that morning only.
import { addDays, shanghaiDate } from '../src/dates';
import type { Db } from '../src/store/db';
import { nextOpenDueDate } from '../src/store/reminders';

export const TIME_JUMPS = ['day', 'week', 'deadline'] as const;
export type TimeJump = (typeof TIME_JUMPS)[number];

const morningOf = (ymd: string) => new Date(`${ymd}T09:30:00+08:00`);

/** The first moment to show reminders on a fresh playground: the working day after the notice was issued. */
export const PLAYGROUND_START = morningOf('2025-06-17');

const mornings = (now: Date, days: number) => Array.from({ length: days }, (_, i) => morningOf(addDays(shanghaiDate(now), i + 1)));

/** The moments to tick at, in order; empty when there is no later due date among open tasks. */
export async function jumpStops(db: Db, tenantKey: string, now: Date, jump: TimeJump): Promise<Date[]> {
  if (jump === 'day') return mornings(now, 1);
  if (jump === 'week') return mornings(now, 7);
  const due = await nextOpenDueDate(db, tenantKey, shanghaiDate(now));
  return due ? [morningOf(due)] : [];
}
