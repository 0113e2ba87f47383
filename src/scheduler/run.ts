/**
 * The scheduled jobs: due reminders, daily overdue escalation, check-ins on ongoing tasks and the
 * weekly digest. Node's in-process timer and the Workers Cron Trigger both call
 * `runScheduledJobs` every few minutes; it only ever decides what to send and writes those
 * decisions to the outbox (the delivery loop sends them).
 *
 * Idempotent per day: every message's dedupe key holds the Shanghai date ("overdue:d12:2025-10-28"),
 * so the tenth tick of a day finds its decisions already taken and sends nothing more.
 *
 * Silent outside working time: on a non-working day, or in quiet hours, a tick decides nothing
 * and returns `skipped`. The first tick in working hours of the next working day decides that
 * day's messages. We do not queue for the morning instead, because a decision taken at night
 * would be based on the night's state (a report filed first thing in the morning would not stop
 * the overdue card) and would carry the wrong date in its key. Deployments must therefore tick
 * during working hours (wrangler.toml: every 30 minutes).
 */
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../store/db';
import { assignments, departments, notices, outbox, tasks, type AssignmentRole, type TaskStatus } from '../store/schema';
import { isOverdue, shanghaiDate } from '../store/ledger';
import type { OutgoingMessage } from '../outbox/enqueue';
import { enqueue } from '../outbox/enqueue';
import type { Card } from '../../cards/format';
import type { RenderContext } from '../../cards/views';
import {
  departmentReminderCard,
  weeklyDigestCard,
  type ReminderKind,
  type ReminderTask,
  type DigestDepartment,
} from '../../cards/reminder';
import type { SchedulerConfig } from './config';
import { isDigestDay, isFirstWorkingDayOf, reminderThresholdOn, silenceReason } from './calendar';
import { departmentTargets, digestRecipients, targetSuffix, type DeliveryTarget } from './targets';

export interface SchedulerDeps {
  db: Db;
  now: Date;
  config: SchedulerConfig;
  /** DUBAN_OFFICE_OPEN_IDS: the office staff get the weekly digest even without a member record. */
  officeOpenIds?: readonly string[];
  /** Only these tenants; by default every tenant with a published notice. */
  tenantKeys?: readonly string[];
}

export interface JobCounts {
  /** Departments with something to be told today (reachable or not). */
  departments: number;
  /** Assignments on those cards. */
  tasks: number;
  /** Messages written to the outbox by this run. */
  enqueued: number;
  /** Messages already decided earlier today (another tick, another instance). */
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
  tenants: number;
  remind: JobCounts;
  overdue: JobCounts;
  checkin: JobCounts;
  digest: DigestCounts;
  /** Names of the unreachable departments (for the log and the office). */
  unreachable: string[];
}

const emptyCounts = (): JobCounts => ({ departments: 0, tasks: 0, enqueued: 0, duplicates: 0, unreachable: 0 });

function emptyReport(now: Date, skipped: JobReport['skipped']): JobReport {
  return {
    at: now.toISOString(),
    date: shanghaiDate(now),
    skipped,
    tenants: 0,
    remind: emptyCounts(),
    overdue: emptyCounts(),
    checkin: emptyCounts(),
    digest: { due: false, recipients: 0, enqueued: 0, duplicates: 0, departments: 0, tasks: 0 },
    unreachable: [],
  };
}

export async function runScheduledJobs(deps: SchedulerDeps): Promise<JobReport> {
  const skipped = silenceReason(deps.now, deps.config);
  const report = emptyReport(deps.now, skipped);
  if (skipped) return report;
  const tenants = deps.tenantKeys ?? (await publishedTenants(deps.db));
  report.tenants = tenants.length;
  const unreachable = new Set<string>();
  for (const tenantKey of tenants) await runForTenant(deps, tenantKey, report, unreachable);
  report.unreachable = [...unreachable];
  return report;
}

/** One line for the log. */
export function formatJobReport(r: JobReport): string {
  if (r.skipped) return `scheduler ${r.date}: skipped (${r.skipped === 'quiet_hours' ? 'quiet hours' : 'not a working day'})`;
  const job = (name: string, c: JobCounts) => `${name} ${c.enqueued} new/${c.duplicates} dup/${c.unreachable} unreachable`;
  const digest = r.digest.due ? `digest ${r.digest.enqueued} new/${r.digest.duplicates} dup to ${r.digest.recipients}` : 'digest not today';
  const tail = r.unreachable.length ? `; unreachable: ${r.unreachable.slice(0, 20).join('、')}${r.unreachable.length > 20 ? '…' : ''}` : '';
  return `scheduler ${r.date} (${r.tenants} tenants): ${job('remind', r.remind)} · ${job('overdue', r.overdue)} · ${job('checkin', r.checkin)} · ${digest}${tail}`;
}

async function publishedTenants(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ t: notices.tenantKey })
    .from(notices)
    .where(eq(notices.status, 'published'))
    .orderBy(asc(notices.tenantKey));
  return rows.map((r) => r.t);
}

/** An open (not yet reported done) assignment of a published notice, with what its card shows. */
interface OpenRow {
  assignmentId: number;
  departmentId: number;
  department: string;
  role: AssignmentRole;
  status: TaskStatus;
  lastReportAt: Date | null;
  taskId: number;
  noticeId: number;
  noticeTitle: string;
  seq: number;
  requirement: string;
  deadlineText: string;
  dueOn: string | null;
  ongoing: boolean;
}

async function openAssignments(db: Db, tenantKey: string): Promise<OpenRow[]> {
  return (
    db
      .select({
        assignmentId: assignments.id,
        departmentId: assignments.departmentId,
        department: departments.name,
        role: assignments.role,
        status: assignments.status,
        lastReportAt: assignments.lastReportAt,
        taskId: tasks.id,
        noticeId: notices.id,
        noticeTitle: notices.title,
        seq: tasks.seq,
        requirement: tasks.requirement,
        deadlineText: tasks.deadlineText,
        dueOn: tasks.dueOn,
        ongoing: tasks.ongoing,
      })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(notices, eq(notices.id, tasks.noticeId))
      .innerJoin(departments, eq(departments.id, assignments.departmentId))
      .where(
        and(
          eq(assignments.tenantKey, tenantKey),
          eq(notices.status, 'published'),
          // done (待审核) waits for the office, closed is finished: neither is chased.
          inArray(assignments.status, ['not_started', 'in_progress']),
        ),
      )
      // Directory order, then due date (undated last), notice and 序号: the order cards list them in.
      .orderBy(asc(departments.sortOrder), asc(departments.id), asc(tasks.dueOn), asc(notices.id), asc(tasks.seq))
  );
}

async function pendingReviewCount(db: Db, tenantKey: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .where(and(eq(assignments.tenantKey, tenantKey), eq(notices.status, 'published'), eq(assignments.status, 'done')));
  return Number(row?.n ?? 0);
}

function groupByDepartment(rows: OpenRow[]): Map<number, OpenRow[]> {
  const out = new Map<number, OpenRow[]>();
  for (const r of rows) out.set(r.departmentId, [...(out.get(r.departmentId) ?? []), r]);
  return out;
}

function toReminderTask(r: OpenRow): ReminderTask {
  return {
    taskId: r.taskId,
    seq: r.seq,
    noticeTitle: r.noticeTitle,
    requirement: r.requirement,
    deadlineText: r.deadlineText,
    dueOn: r.dueOn,
    ongoing: r.ongoing,
    status: r.status,
    role: r.role,
    lastReportAt: r.lastReportAt?.toISOString() ?? null,
  };
}

/** A decision to tell some recipients one thing; the card is rendered only if a message is new. */
interface Plan {
  counts: { enqueued: number; duplicates: number };
  departmentId: number | null;
  kind: OutgoingMessage['kind'];
  messages: { key: string; target: DeliveryTarget }[];
  render: () => Card;
}

async function runForTenant(deps: SchedulerDeps, tenantKey: string, report: JobReport, unreachable: Set<string>): Promise<void> {
  const { db, now, config } = deps;
  const today = shanghaiDate(now);
  const ctx: RenderContext = { now, locale: 'zh_cn' };
  const rows = await openAssignments(db, tenantKey);
  const targets = await departmentTargets(db, tenantKey);
  const checkInToday = isFirstWorkingDayOf(config.checkIn, today, config);

  // Which of a department's open assignments each job is about today.
  const selects: Record<ReminderKind, (r: OpenRow) => boolean> = {
    remind: (r) => r.dueOn !== null && reminderThresholdOn(r.dueOn, today, config) !== null,
    overdue: (r) => isOverdue(r, now),
    // Ongoing or undated work has no due reminders; an overdue one is already chased daily.
    checkin: (r) => checkInToday && (r.ongoing || r.dueOn === null) && !isOverdue(r, now),
  };

  const plans: Plan[] = [];
  for (const kind of Object.keys(selects) as ReminderKind[]) {
    const counts = report[kind];
    for (const [departmentId, list] of groupByDepartment(rows.filter(selects[kind]))) {
      counts.departments++;
      counts.tasks += list.length;
      const to = targets.get(departmentId);
      if (!to?.length) {
        counts.unreachable++;
        unreachable.add(list[0].department);
        continue;
      }
      plans.push({
        counts,
        departmentId,
        kind,
        messages: to.map((target) => ({ key: `${kind}:d${departmentId}:${today}${targetSuffix(target)}`, target })),
        render: () =>
          departmentReminderCard(
            { kind, department: { id: departmentId, name: list[0].department }, tasks: list.map(toReminderTask) },
            ctx,
          ),
      });
    }
  }

  if (isDigestDay(today, config)) plans.push(...(await digestPlans(deps, tenantKey, rows, targets, report)));

  const taken = await existingKeys(
    db,
    tenantKey,
    plans.flatMap((p) => p.messages.map((m) => m.key)),
  );
  for (const plan of plans) {
    const fresh = plan.messages.filter((m) => !taken.has(m.key));
    plan.counts.duplicates += plan.messages.length - fresh.length;
    if (!fresh.length) continue;
    const content = plan.render();
    // A department's copies (one per coordinator) are decided together or not at all.
    const written = await db.transaction(async (tx) => {
      let n = 0;
      for (const m of fresh) {
        const ok = await enqueue(tx, {
          tenantKey,
          dedupeKey: m.key,
          kind: plan.kind,
          departmentId: plan.departmentId,
          receiveIdType: m.target.receiveIdType,
          receiveId: m.target.receiveId,
          msgType: 'interactive',
          content,
          notBefore: deps.now,
        });
        if (ok) n++;
      }
      return n;
    });
    plan.counts.enqueued += written;
    plan.counts.duplicates += fresh.length - written;
  }
}

async function digestPlans(
  deps: SchedulerDeps,
  tenantKey: string,
  rows: OpenRow[],
  targets: Map<number, DeliveryTarget[]>,
  report: JobReport,
): Promise<Plan[]> {
  const { db, now } = deps;
  const today = shanghaiDate(now);
  const ctx: RenderContext = { now, locale: 'zh_cn' };
  report.digest.due = true;

  const overdue: DigestDepartment[] = [...groupByDepartment(rows.filter((r) => isOverdue(r, now)))].map(([departmentId, list]) => ({
    department: { id: departmentId, name: list[0].department },
    overdue: list.map((r) => ({ taskId: r.taskId, seq: r.seq })),
    reachable: Boolean(targets.get(departmentId)?.length),
  }));
  report.digest.departments += overdue.length;
  report.digest.tasks += overdue.reduce((n, d) => n + d.overdue.length, 0);

  const unreachable = [...groupByDepartment(rows)].filter(([id]) => !targets.get(id)?.length).map(([, list]) => list[0].department);
  const pendingReview = await pendingReviewCount(db, tenantKey);
  const recipients = await digestRecipients(db, tenantKey, deps.officeOpenIds ?? []);
  report.digest.recipients += recipients.length;

  const cards = new Map<'office' | 'leader', Card>();
  const cardFor = (audience: 'office' | 'leader') => {
    if (!cards.has(audience))
      cards.set(audience, weeklyDigestCard({ date: today, audience, departments: overdue, pendingReview, unreachable }, ctx));
    return cards.get(audience)!;
  };
  return recipients.map((r) => ({
    counts: report.digest,
    departmentId: null,
    kind: 'digest',
    messages: [{ key: `digest:${r.openId}:${today}`, target: { receiveIdType: 'open_id', receiveId: r.openId } }],
    render: () => cardFor(r.audience),
  }));
}

/** The dedupe keys already in the outbox: one query instead of a failed insert per message. */
async function existingKeys(db: Db, tenantKey: string, keys: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const CHUNK = 500;
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await db
      .select({ key: outbox.dedupeKey })
      .from(outbox)
      .where(and(eq(outbox.tenantKey, tenantKey), inArray(outbox.dedupeKey, keys.slice(i, i + CHUNK))));
    for (const r of rows) out.add(r.key);
  }
  return out;
}
