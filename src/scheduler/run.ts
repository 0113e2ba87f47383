/**
 * The scheduled jobs (jobs/): due reminders, daily overdue escalation, check-ins on ongoing tasks
 * and the weekly digest. Node's in-process timer and the Workers Cron Trigger both call
 * `runScheduledJobs` every few minutes; it only ever decides what to send and writes those
 * decisions to the outbox (the delivery loop renders and sends them).
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
import { shanghaiDate } from '../dates';
import { enqueueAll } from '../outbox/enqueue';
import type { Db } from '../store/db';
import { existingDedupeKeys } from '../store/outbox';
import { openAssignments, publishedTenants } from '../store/reminders';
import { departmentTargets } from '../store/targets';
import { silenceReason } from './calendar';
import type { SchedulerConfig } from './config';
import { checkinJob, overdueJob, remindJob } from './jobs/department-reminders';
import type { Job, Plan, TenantDay } from './jobs/job';
import { weeklyDigestJob } from './jobs/weekly-digest';
import { emptyReport, type JobReport } from './report';

/** Every job, in the order its messages are decided. A new job is one more module here. */
const JOBS: readonly Job[] = [remindJob, overdueJob, checkinJob, weeklyDigestJob];

export interface SchedulerDeps {
  db: Db;
  now: Date;
  config: SchedulerConfig;
  /** DUBAN_OFFICE_OPEN_IDS: the office staff get the weekly digest even without a member record. */
  officeOpenIds?: readonly string[];
  /** Only these tenants; by default every tenant with a published notice. */
  tenantKeys?: readonly string[];
}

export async function runScheduledJobs(deps: SchedulerDeps): Promise<JobReport> {
  const skipped = silenceReason(deps.now, deps.config);
  const report = emptyReport(deps.now, shanghaiDate(deps.now), skipped);
  if (skipped) return report;
  const tenants = deps.tenantKeys ?? (await publishedTenants(deps.db));
  report.tenants = tenants.length;
  const unreachable = new Set<string>();
  for (const tenantKey of tenants) {
    const day: TenantDay = {
      db: deps.db,
      tenantKey,
      now: deps.now,
      today: report.date,
      config: deps.config,
      officeOpenIds: deps.officeOpenIds ?? [],
      open: await openAssignments(deps.db, tenantKey),
      targets: await departmentTargets(deps.db, tenantKey),
      report,
      unreachable,
    };
    const plans: Plan[] = [];
    for (const job of JOBS) plans.push(...(await job.plan(day)));
    await enqueuePlans(day, plans);
  }
  report.unreachable = [...unreachable];
  return report;
}

/** Writes each plan's messages that were not decided earlier; a department's copies together or not at all. */
async function enqueuePlans(day: TenantDay, plans: Plan[]): Promise<void> {
  const taken = await existingDedupeKeys(
    day.db,
    day.tenantKey,
    plans.flatMap((p) => p.messages.map((m) => m.key)),
  );
  for (const plan of plans) {
    const fresh = plan.messages.filter((m) => !taken.has(m.key));
    plan.counts.duplicates += plan.messages.length - fresh.length;
    if (!fresh.length) continue;
    const written = await day.db.transaction((tx) =>
      enqueueAll(
        tx,
        fresh.map((m) => ({
          tenantKey: day.tenantKey,
          dedupeKey: m.key,
          kind: plan.kind,
          departmentId: plan.departmentId,
          receiveIdType: m.target.receiveIdType,
          receiveId: m.target.receiveId,
          content: plan.content,
        })),
        day.now,
      ),
    );
    plan.counts.enqueued += written.size;
    plan.counts.duplicates += fresh.length - written.size;
  }
}
