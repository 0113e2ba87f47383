/**
 * Calendar rules, in one place: due dates are calendar dates in Asia/Shanghai ('YYYY-MM-DD'),
 * "today" is Shanghai's date, and a task is overdue when its due date is before today and its
 * department has not reported it done. Everything that compares dates (the ledger, the
 * scheduler, the summary, the cards) goes through here.
 *
 * Date arithmetic is done on UTC midnights of those strings, so no host time zone or DST can shift
 * a day; only turning an instant into a Shanghai date or time needs the time-zone library, and a
 * `Clock` does that once per request rather than once per task.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { TaskStatus } from './terms';

export const TIME_ZONE = 'Asia/Shanghai';

/** Tasks due within this many days (today included) are "due soon" (黄). */
export const DUE_SOON_DAYS = 7;

const DAY_MS = 86_400_000;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Shanghai's calendar date of an instant, as 'YYYY-MM-DD'. */
export function shanghaiDate(now: Date): string {
  return format(new TZDate(now.getTime(), TIME_ZONE), 'yyyy-MM-dd');
}

/** Formats an ISO timestamp or Date in Asia/Shanghai; an unparseable input is shown as given. */
export function formatInShanghai(at: string | Date, pattern = 'yyyy-MM-dd'): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return String(at);
  return format(new TZDate(date.getTime(), TIME_ZONE), pattern);
}

function utcMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The calendar date `days` after `date` (both 'YYYY-MM-DD'). */
export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(utcMidnight(date)).getUTCDay() || 7;
}

/** Whole calendar days from `from` to `to` (both 'YYYY-MM-DD'); null if either is malformed. */
export function daysBetween(from: string, to: string): number | null {
  const a = YMD.exec(from);
  const b = YMD.exec(to);
  if (!a || !b) return null;
  const ta = Date.UTC(Number(a[1]), Number(a[2]) - 1, Number(a[3]));
  const tb = Date.UTC(Number(b[1]), Number(b[2]) - 1, Number(b[3]));
  return Math.round((tb - ta) / DAY_MS);
}

/** Done (待审核) and closed (办结) are not chased: the department has reported it finished. */
export function isFinished(status: TaskStatus): boolean {
  return status === 'done' || status === 'closed';
}

export interface Dated {
  dueOn: string | null;
  status: TaskStatus;
}

/** Overdue on `today`: due before it and not reported finished. A plain string comparison. */
export function isOverdueOn(t: Dated, today: string): boolean {
  return t.dueOn !== null && t.dueOn < today && !isFinished(t.status);
}

/**
 * overdue: past due and not finished; soon: due within DUE_SOON_DAYS; ok: later, or finished;
 * ongoing / undated: no due date (长期坚持 or none written).
 */
export type DueBucket = 'overdue' | 'soon' | 'ok' | 'ongoing' | 'undated';

export interface DueState {
  bucket: DueBucket;
  /** Days from today to the due date (negative when past); null without a due date. */
  days: number | null;
  finished: boolean;
}

export function dueStateOn(t: Dated & { ongoing: boolean }, today: string): DueState {
  const finished = isFinished(t.status);
  const days = t.dueOn ? daysBetween(today, t.dueOn) : null;
  if (days === null) return { bucket: t.ongoing ? 'ongoing' : 'undated', days: null, finished };
  if (finished) return { bucket: 'ok', days, finished };
  if (days < 0) return { bucket: 'overdue', days, finished };
  return { bucket: days <= DUE_SOON_DAYS ? 'soon' : 'ok', days, finished };
}

/**
 * "Now" for one request, one tick or one render: the instant and Shanghai's date, computed once.
 * Cards receive it in their render context, so they show dates without knowing the time zone.
 */
export interface Clock {
  readonly now: Date;
  /** Shanghai's calendar date of `now`, 'YYYY-MM-DD'. */
  readonly today: string;
  /** DUE_SOON_DAYS, for cards that name the window ("7 天内到期"). */
  readonly dueSoonDays: number;
  due(t: Dated & { ongoing: boolean }): DueState;
  isOverdue(t: Dated): boolean;
  /** Days from today to `date` (negative when past); null if malformed. */
  daysUntil(date: string): number | null;
  daysBetween(from: string, to: string): number | null;
  /** An instant in Shanghai time, e.g. format(at, 'MM-dd HH:mm'). */
  format(at: string | Date, pattern?: string): string;
}

export function clockAt(now: Date): Clock {
  const today = shanghaiDate(now);
  return {
    now,
    today,
    dueSoonDays: DUE_SOON_DAYS,
    due: (t) => dueStateOn(t, today),
    isOverdue: (t) => isOverdueOn(t, today),
    daysUntil: (date) => daysBetween(today, date),
    daysBetween,
    format: formatInShanghai,
  };
}

/** The first and last calendar day of the month `date` falls in (both 'YYYY-MM-DD'). */
export function monthOf(date: string): { first: string; last: string } {
  const first = `${date.slice(0, 7)}-01`;
  const next = new Date(utcMidnight(first));
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { first, last: addDays(next.toISOString().slice(0, 10), -1) };
}
