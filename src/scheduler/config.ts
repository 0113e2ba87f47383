/**
 * When the scheduler may speak and what it chases. Two ways in:
 * - `schedulerConfigSchema`: the typed object (defaults filled in), for code and tests;
 * - `schedulerEnvShape` / `parseSchedulerEnv`: the same settings as environment variables
 *   (strings), so src/env.ts can `.extend(schedulerEnvShape)` and deployments configure it
 *   without code. Every variable is optional; the defaults live in `schedulerConfigSchema` only.
 */
import { z } from 'zod';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const clock = z.string().regex(CLOCK, 'must be HH:mm (24-hour)');

/** A real calendar date: z.iso.date() rejects 2025-02-30 as well as malformed text. */
const isoDate = z.iso.date();

/** ISO weekday: 1 = Monday … 7 = Sunday. */
const weekday = z.number().int().min(1).max(7);

export const CHECK_IN_PERIODS = ['weekly', 'monthly', 'quarterly', 'off'] as const;
export type CheckInPeriod = (typeof CHECK_IN_PERIODS)[number];

export const schedulerConfigSchema = z.object({
  /**
   * Calendar days before a due date on which the department is reminded. A day that is not a
   * working day moves the reminder to the next working day (never past the due date).
   */
  remindDaysBefore: z
    .array(z.number().int().min(0).max(90))
    .transform((days) => [...new Set(days)].sort((a, b) => b - a))
    .default([7, 3, 1]),
  /**
   * Nothing is decided between start and end (Asia/Shanghai); start > end spans midnight.
   * start === end means no quiet hours.
   */
  quietHours: z.object({ start: clock, end: clock }).default({ start: '20:00', end: '08:30' }),
  workingWeekdays: z.array(weekday).min(1).default([1, 2, 3, 4, 5]),
  /** 法定节假日 falling on working weekdays ('YYYY-MM-DD'). */
  holidays: z.array(isoDate).default([]),
  /** 调休上班: weekend days that are working days ('YYYY-MM-DD'). Wins over `holidays`. */
  makeupWorkdays: z.array(isoDate).default([]),
  /** The weekly digest goes out on the first working day of the week on or after this weekday. */
  digestWeekday: weekday.default(1),
  /** Check-ins for ongoing / undated tasks on the first working day of each period. */
  checkIn: z.enum(CHECK_IN_PERIODS).default('monthly'),
});

export type SchedulerConfig = z.output<typeof schedulerConfigSchema>;
export type SchedulerConfigInput = z.input<typeof schedulerConfigSchema>;

export const DEFAULT_SCHEDULER_CONFIG: SchedulerConfig = schedulerConfigSchema.parse({});

// ---------------------------------------------------------------------------------------------
// Environment variables

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** "a,b c，d" → ['a','b','c','d']: Chinese commas too, because the office edits these by hand. */
function splitList(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  return v
    .split(/[,，;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const RANGE = /^(.+?)(?:\.\.|~|～|至)(.+)$/;

/** '2025-10-01..2025-10-08' (or ~ / 至) → every date in between; single dates pass through. */
function expandDateRanges(items: string[]): string[] {
  return items.flatMap((item) => {
    const m = RANGE.exec(item);
    if (!m) return [item];
    const [from, to] = [m[1].trim(), m[2].trim()];
    const start = Date.parse(`${from}T00:00:00Z`);
    const end = Date.parse(`${to}T00:00:00Z`);
    // Malformed or reversed ranges are passed on as-is so the date schema names them.
    if (Number.isNaN(start) || Number.isNaN(end) || end < start || end - start > 366 * 86_400_000) return [item];
    const out: string[] = [];
    for (let t = start; t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
    return out;
  });
}

const WEEKDAY_WORDS: Record<string, number> = {
  mon: 1,
  monday: 1,
  周一: 1,
  星期一: 1,
  tue: 2,
  tuesday: 2,
  周二: 2,
  星期二: 2,
  wed: 3,
  wednesday: 3,
  周三: 3,
  星期三: 3,
  thu: 4,
  thursday: 4,
  周四: 4,
  星期四: 4,
  fri: 5,
  friday: 5,
  周五: 5,
  星期五: 5,
  sat: 6,
  saturday: 6,
  周六: 6,
  星期六: 6,
  sun: 7,
  sunday: 7,
  周日: 7,
  星期日: 7,
  周天: 7,
  星期天: 7,
};

function weekdayNumber(s: string): unknown {
  const t = s.trim().toLowerCase();
  return WEEKDAY_WORDS[t] ?? (/^\d+$/.test(t) ? Number(t) : s);
}

/** "1-5" or "1,2,3,4,5" or "mon-fri". */
function weekdayList(v: unknown): unknown {
  const items = splitList(v);
  if (!Array.isArray(items)) return items;
  return items.flatMap((item: string) => {
    const m = /^(.+?)\s*[-~～至]\s*(.+)$/.exec(item);
    if (!m) return [weekdayNumber(item)];
    const [a, b] = [weekdayNumber(m[1]), weekdayNumber(m[2])];
    if (typeof a !== 'number' || typeof b !== 'number' || b < a) return [item];
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

/** "20:00-08:30" → {start, end}; single-digit hours are padded ("8:30"). */
function quietHoursValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const m = /^\s*(\d{1,2}:\d{2})\s*[-~～至–—]\s*(\d{1,2}:\d{2})\s*$/.exec(v);
  if (!m) return v;
  const pad = (s: string) => s.padStart(5, '0');
  return { start: pad(m[1]), end: pad(m[2]) };
}

const optional = <T extends z.ZodType>(parse: (v: unknown) => unknown, schema: T) =>
  z.preprocess((v) => {
    const e = emptyAsUndefined(v);
    return e === undefined ? undefined : parse(e);
  }, schema.optional());

/** Spread into the server env schema: `serverSchema.extend(schedulerEnvShape)`. */
export const schedulerEnvShape = {
  /** "7,3,1" */
  DUBAN_REMIND_DAYS_BEFORE: optional(
    (v) => (splitList(v) as unknown[]).map((s) => (typeof s === 'string' && /^\d+$/.test(s) ? Number(s) : s)),
    z.array(z.number().int().min(0).max(90)),
  ),
  /** "20:00-08:30" */
  DUBAN_QUIET_HOURS: optional(quietHoursValue, z.object({ start: clock, end: clock }, { error: 'must look like 20:00-08:30' })),
  /** "1-5" (ISO weekdays) or "mon-fri" */
  DUBAN_WORKING_WEEKDAYS: optional(weekdayList, z.array(weekday).min(1)),
  /** "2025-10-01..2025-10-08,2026-01-01" */
  DUBAN_HOLIDAYS: optional((v) => expandDateRanges(splitList(v) as string[]), z.array(isoDate)),
  /** "2025-09-28,2025-10-11" */
  DUBAN_MAKEUP_WORKDAYS: optional((v) => expandDateRanges(splitList(v) as string[]), z.array(isoDate)),
  /** "1" / "mon" / "周一" */
  DUBAN_DIGEST_WEEKDAY: optional((v) => (typeof v === 'string' ? weekdayNumber(v) : v), weekday),
  /** weekly | monthly | quarterly | off */
  DUBAN_CHECKIN: optional((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(CHECK_IN_PERIODS)),
};

export const schedulerEnvSchema = z.object(schedulerEnvShape);
export type SchedulerEnv = z.output<typeof schedulerEnvSchema>;

/** The typed config from already-validated env values (defaults for everything unset). */
export function schedulerConfigFromEnv(env: Partial<SchedulerEnv>): SchedulerConfig {
  return schedulerConfigSchema.parse({
    remindDaysBefore: env.DUBAN_REMIND_DAYS_BEFORE,
    quietHours: env.DUBAN_QUIET_HOURS,
    workingWeekdays: env.DUBAN_WORKING_WEEKDAYS,
    holidays: env.DUBAN_HOLIDAYS,
    makeupWorkdays: env.DUBAN_MAKEUP_WORKDAYS,
    digestWeekday: env.DUBAN_DIGEST_WEEKDAY,
    checkIn: env.DUBAN_CHECKIN,
  });
}

/**
 * Parses the scheduler variables straight from `process.env` or Worker bindings. Throws the
 * zod error on a bad value; src/env.ts turns that into its EnvError naming the variable.
 */
export function parseSchedulerEnv(source: Record<string, unknown>): SchedulerConfig {
  return schedulerConfigFromEnv(schedulerEnvSchema.parse(source));
}
