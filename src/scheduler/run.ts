/**
 * The scheduled jobs (jobs/): due reminders, daily overdue escalation, check-ins on ongoing tasks
 * and the weekly digest. Node's in-process timer and the Workers Cron Trigger both call
 * `runScheduledJobs` every few minutes; it only ever decides what to send and writes those
 * decisions to the outbox (the delivery loop renders and sends them).
 *
 * Once per tenant and day: the first working tick decides each tenant's day, tenant by tenant,
 * and marks it decided in the transaction that writes its messages (src/store/scheduler-tenants.ts).
 * Later ticks that day find nothing to decide in one query. Changes that can make something due
 * on a decided day (a notice published, work reopened, a department newly reachable) have the
 * tenant decided again, and every message's dedupe key holds the Shanghai date
 * ("overdue:d12:2025-10-28"), so deciding again never sends twice. Each job selects in SQL only
 * the assignments due for it today, so a tenant's decision reads its own due work, not its ledger.
 *
 * Silent outside working time: on a non-working day, or in quiet hours, a tick decides nothing
 * and returns `skipped`. The first tick in working hours of the next working day decides that
 * day's messages. We do not queue for the morning instead, because a decision taken at night
 * would be based on the night's state (a report filed first thing in the morning would not stop
 * the overdue card) and would carry the wrong date in its key. Deployments must therefore tick
 * during working hours (wrangler.toml: every 30 minutes).
 */
import { shanghaiDate } from '../dates';
import { enqueueAll, type OutgoingMessage } from '../outbox/enqueue';
import type { Db } from '../store/db';
import { markDecided, type TenantToDecide, tenantsToDecide } from '../store/scheduler-tenants';
import { departmentTargets } from '../store/targets';
import { silenceReason } from './calendar';
import type { SchedulerConfig } from './config';
import { checkinJob, overdueJob, remindJob } from './jobs/department-reminders';
import type { Job, Plan, TenantDay } from './jobs/job';
import { weeklyDigestJob } from './jobs/weekly-digest';
import { emptyReport, type JobReport } from './report';

/** Every job, in the order its messages are decided. A new job is one more module here. */
const JOBS: readonly Job[] = [remindJob, overdueJob, checkinJob, weeklyDigestJob];

/**
 * A tenant's department cards leave this far apart, in directory order, at Lark's app-wide pace
 * (900 a minute). The outbox sends in due order, and every tenant's cards count from the same tick
 * time, so a big tenant's two hundred cards interleave with the others' instead of going first.
 */
export const DEPARTMENT_SPACING_MS = Math.ceil(60_000 / 900);

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
  const { due, upToDate } = await tenantsToDecide(deps.db, report.date, deps.tenantKeys);
  report.upToDate = upToDate;
  const unreachable = new Set<string>();
  for (const tenant of due) {
    const day: TenantDay = {
      db: deps.db,
      tenantKey: tenant.tenantKey,
      now: deps.now,
      today: report.date,
      config: deps.config,
      officeOpenIds: deps.officeOpenIds ?? [],
      targets: await departmentTargets(deps.db, tenant.tenantKey),
      report,
      unreachable,
    };
    const plans: Plan[] = [];
    for (const job of JOBS) plans.push(...(await job.plan(day)));
    await decide(day, tenant, plans);
    report.tenants++;
  }
  report.unreachable = [...unreachable];
  return report;
}

/**
 * Writes the tenant's messages and marks its day decided, in one transaction: a tick that stops
 * before commits nothing for the tenant, and the next one decides it whole. A message decided
 * earlier (another instance, or before a change) keeps its row and counts as a duplicate.
 */
async function decide(day: TenantDay, tenant: TenantToDecide, plans: Plan[]): Promise<void> {
  const rank = new Map<number | null, number>();
  const messages: OutgoingMessage[] = plans.flatMap((plan) => {
    if (!rank.has(plan.departmentId)) rank.set(plan.departmentId, rank.size);
    const notBefore = new Date(day.now.getTime() + rank.get(plan.departmentId)! * DEPARTMENT_SPACING_MS);
    return plan.messages.map((m) => ({
      tenantKey: day.tenantKey,
      dedupeKey: m.key,
      kind: plan.kind,
      departmentId: plan.departmentId,
      receiveIdType: m.target.receiveIdType,
      receiveId: m.target.receiveId,
      content: plan.content,
      notBefore,
    }));
  });
  const written = await day.db.transaction(async (tx) => {
    const keys = await enqueueAll(tx, messages, day.now);
    await markDecided(tx, tenant, day.today);
    return keys;
  });
  for (const plan of plans) {
    const fresh = plan.messages.filter((m) => written.has(m.key)).length;
    plan.counts.enqueued += fresh;
    plan.counts.duplicates += plan.messages.length - fresh;
  }
}
