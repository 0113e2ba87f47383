/** What one scheduler tick decided, counted per job, and its one-line log form. */

export interface JobCounts {
  /** Departments with something to be told today (reachable or not). */
  departments: number;
  /** Assignments on those cards. */
  tasks: number;
  /** Messages written to the outbox by this run. */
  enqueued: number;
  /** Messages already decided earlier today (by another instance, or before a change had the day decided again). */
  duplicates: number;
  /** Departments with no active group and no coordinator: nobody to tell. */
  unreachable: number;
}

export interface DigestCounts {
  /** Whether today is the digest day. */
  due: boolean;
  recipients: number;
  enqueued: number;
  duplicates: number;
  /** Departments with overdue tasks in the digest, and their overdue assignments. */
  departments: number;
  tasks: number;
}

export interface JobReport {
  at: string;
  /** The Shanghai date the decisions are for. */
  date: string;
  skipped: 'non_working_day' | 'quiet_hours' | null;
  /** Tenants whose day this tick decided. */
  tenants: number;
  /** Tenants whose day was decided already, with no change since: not looked at. */
  upToDate: number;
  remind: JobCounts;
  overdue: JobCounts;
  checkin: JobCounts;
  digest: DigestCounts;
  /** Names of the unreachable departments (for the log and the office). */
  unreachable: string[];
}

const emptyCounts = (): JobCounts => ({ departments: 0, tasks: 0, enqueued: 0, duplicates: 0, unreachable: 0 });

export function emptyReport(now: Date, date: string, skipped: JobReport['skipped']): JobReport {
  return {
    at: now.toISOString(),
    date,
    skipped,
    tenants: 0,
    upToDate: 0,
    remind: emptyCounts(),
    overdue: emptyCounts(),
    checkin: emptyCounts(),
    digest: { due: false, recipients: 0, enqueued: 0, duplicates: 0, departments: 0, tasks: 0 },
    unreachable: [],
  };
}

/** One line for the log. */
export function formatJobReport(r: JobReport): string {
  if (r.skipped) return `scheduler ${r.date}: skipped (${r.skipped === 'quiet_hours' ? 'quiet hours' : 'not a working day'})`;
  const job = (name: string, c: JobCounts) => `${name} ${c.enqueued} new/${c.duplicates} dup/${c.unreachable} unreachable`;
  const digest = r.digest.due ? `digest ${r.digest.enqueued} new/${r.digest.duplicates} dup to ${r.digest.recipients}` : 'digest not today';
  const tail = r.unreachable.length ? `; unreachable: ${r.unreachable.slice(0, 20).join('、')}${r.unreachable.length > 20 ? '…' : ''}` : '';
  if (!r.tenants) return `scheduler ${r.date}: nothing to decide; tenants up to date: ${r.upToDate}`;
  return `scheduler ${r.date} (${r.tenants} tenants decided, ${r.upToDate} up to date): ${job('remind', r.remind)} · ${job('overdue', r.overdue)} · ${job('checkin', r.checkin)} · ${digest}${tail}`;
}
