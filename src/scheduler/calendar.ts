/**
 * Working days and hours in Asia/Shanghai. Dates are 'YYYY-MM-DD' strings (as due dates are
 * stored), with the arithmetic of src/dates.ts. China moves weekends around public holidays (调休), hence holidays and make-up working
 * days on top of the weekday rule.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, isoWeekday, shanghaiDate, TIME_ZONE } from '../dates';
import type { CheckInPeriod, SchedulerConfig } from './config';

type CalendarConfig = Pick<SchedulerConfig, 'workingWeekdays' | 'holidays' | 'makeupWorkdays'>;
type HoursConfig = Pick<SchedulerConfig, 'quietHours'>;

export interface ShanghaiClock {
  date: string;
  /** Minutes since Shanghai midnight. */
  minutes: number;
  weekday: number;
}

export function shanghaiClock(now: Date): ShanghaiClock {
  const local = new TZDate(now.getTime(), TIME_ZONE);
  const date = shanghaiDate(now);
  return { date, minutes: local.getHours() * 60 + local.getMinutes(), weekday: isoWeekday(date) };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function isWorkingDay(date: string, cfg: CalendarConfig): boolean {
  if (cfg.makeupWorkdays.includes(date)) return true;
  if (cfg.holidays.includes(date)) return false;
  return cfg.workingWeekdays.includes(isoWeekday(date));
}

export function inQuietHours(minutes: number, cfg: HoursConfig): boolean {
  const start = minutesOf(cfg.quietHours.start);
  const end = minutesOf(cfg.quietHours.end);
  if (start === end) return false;
  return start > end ? minutes >= start || minutes < end : minutes >= start && minutes < end;
}

/** Why the scheduler stays silent right now, or null when it may decide. */
export function silenceReason(now: Date, cfg: CalendarConfig & HoursConfig): 'non_working_day' | 'quiet_hours' | null {
  const c = shanghaiClock(now);
  if (!isWorkingDay(c.date, cfg)) return 'non_working_day';
  if (inQuietHours(c.minutes, cfg)) return 'quiet_hours';
  return null;
}

/** Holiday runs are at most a couple of weeks (春节, 国庆); the cap only stops a bad config looping. */
const MAX_SCAN_DAYS = 62;

/** The first working day on or after `date`, or null when none is found within two months. */
export function firstWorkingDayFrom(date: string, cfg: CalendarConfig): string | null {
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    const d = addDays(date, i);
    if (isWorkingDay(d, cfg)) return d;
  }
  return null;
}

function periodStart(date: string, period: Exclude<CheckInPeriod, 'off'>): string {
  switch (period) {
    case 'weekly':
      return addDays(date, 1 - isoWeekday(date));
    case 'monthly':
      return `${date.slice(0, 8)}01`;
    case 'quarterly': {
      const month = Number(date.slice(5, 7));
      const first = month - ((month - 1) % 3);
      return `${date.slice(0, 5)}${String(first).padStart(2, '0')}-01`;
    }
  }
}

/** True when `date` is the first working day of its week / month / quarter. */
export function isFirstWorkingDayOf(period: CheckInPeriod, date: string, cfg: CalendarConfig): boolean {
  if (period === 'off') return false;
  return firstWorkingDayFrom(periodStart(date, period), cfg) === date;
}

/**
 * The weekly digest day: the first working day of the ISO week on or after the configured
 * weekday, so a Monday holiday moves the digest to Tuesday instead of skipping the week.
 */
export function isDigestDay(date: string, cfg: CalendarConfig & Pick<SchedulerConfig, 'digestWeekday'>): boolean {
  const weekStart = addDays(date, 1 - isoWeekday(date));
  const from = addDays(weekStart, cfg.digestWeekday - 1);
  const day = firstWorkingDayFrom(from, cfg);
  // Not carried into the next week: that week has its own digest.
  return day === date && day < addDays(weekStart, 7);
}

/**
 * The due dates a reminder falls on today, so the tick can select their tasks in SQL. A threshold
 * N reminds on the first working day on or after `dueOn - N`, never after the due date (then the
 * task is overdue and escalated instead). That day is today for `dueOn - N` = today or one of the
 * non-working days just before it, so after a weekend or a holiday several thresholds and dates
 * can fall on the same working day; the card shows each task's own days left.
 */
export function reminderDueDates(today: string, cfg: CalendarConfig & Pick<SchedulerConfig, 'remindDaysBefore'>): string[] {
  if (!isWorkingDay(today, cfg)) return [];
  const movedHere = [today];
  for (let d = addDays(today, -1); movedHere.length < MAX_SCAN_DAYS && !isWorkingDay(d, cfg); d = addDays(d, -1)) movedHere.push(d);
  const dates = new Set<string>();
  for (const n of cfg.remindDaysBefore) {
    for (const day of movedHere) {
      const dueOn = addDays(day, n);
      if (dueOn >= today) dates.add(dueOn);
    }
  }
  return [...dates].sort();
}

/**
 * The earliest moment at or after `now` outside quiet hours on a working day: used as an
 * outbox `notBefore`, so a decision taken at night reaches people the next working morning.
 */
export function nextWorkingMoment(now: Date, cfg: CalendarConfig & HoursConfig): Date {
  if (silenceReason(now, cfg) === null) return now;
  const today = shanghaiDate(now);
  // Working time resumes at midnight or at the end of quiet hours; try those on each day.
  const starts = [0, minutesOf(cfg.quietHours.end)].sort((a, b) => a - b);
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    const date = addDays(today, i);
    if (!isWorkingDay(date, cfg)) continue;
    for (const minutes of starts) {
      if (inQuietHours(minutes, cfg)) continue;
      const [y, m, d] = date.split('-').map(Number);
      const at = new Date(new TZDate(y, m - 1, d, Math.floor(minutes / 60), minutes % 60, TIME_ZONE).getTime());
      if (at >= now) return at;
    }
  }
  return now;
}
