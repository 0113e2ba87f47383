// The bot's moving parts on Node: the webhook app, the outbox delivery loop and the scheduler tick,
// all reading one clock. The server (src/node.ts) and the playground both start it, so the
// playground runs what production runs; only the clock and the Lark host differ.
import { createApp, type AppDeps, type DubanApp } from './app';
import type { Db } from './store/db';
import type { LarkApi } from './lark/api';
import type { SchedulerConfig } from './scheduler/config';
import { formatJobReport, runScheduledJobs, type JobReport } from './scheduler';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { startDeliveryLoop } from './outbox/loop';
import { releaseLease } from './store/leases';

export interface RuntimeOptions {
  db: Db;
  lark: LarkApi;
  config: AppDeps['config'] & { schedule: SchedulerConfig };
  now?: () => Date;
  log?: (line: string) => void;
  /** Scheduler period (default 5 minutes): each decision is idempotent per day, so extra ticks cost a few queries. */
  tickEveryMs?: number;
  /** The first tick after start (default 10 s), so a restart during working hours catches up soon. */
  firstTickAfterMs?: number;
  /** How notice files are parsed (src/node.ts: on a worker thread); absent, inline. */
  parseNotice?: AppDeps['parseNotice'];
  /** How often stored events that wait (retries, a restart's leftovers) are looked for (default 5 s). */
  inboxEveryMs?: number;
}

export interface Runtime {
  app: DubanApp;
  /** Decides due reminders now and wakes the delivery loop. Ticks never overlap: a call waits for the one running. */
  tick(): Promise<JobReport>;
  /** Wakes the delivery loop, e.g. after something was enqueued outside the app. */
  kickDelivery(): void;
  /** Stops the timers, waits for handed-off events, the running tick and the delivery run in progress. */
  stop(): Promise<void>;
}

export function startRuntime(opts: RuntimeOptions): Runtime {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((line: string) => console.log(line));
  // The outbox is drained in-process: publishes, reminders and review notices go out from here.
  // This process's name as a sender: with several servers on one database, one sends at a time.
  const holder = `node:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const delivery = startDeliveryLoop({ db: opts.db, lark: opts.lark, now, log, holder });
  const app = createApp({
    db: opts.db,
    lark: opts.lark,
    config: opts.config,
    now,
    log,
    onEnqueued: () => delivery.kick(),
    parseNotice: opts.parseNotice,
  });

  let last: Promise<unknown> = Promise.resolve();
  const tick = (): Promise<JobReport> => {
    const run = last.then(async () => {
      const report = await runScheduledJobs({
        db: opts.db,
        now: now(),
        config: opts.config.schedule,
        officeOpenIds: opts.config.officeOpenIds,
      });
      log(formatJobReport(report));
      delivery.kick();
      return report;
    });
    last = run.catch(() => {});
    return run;
  };
  const timedTick = () => tick().catch((e) => log(`scheduled jobs failed: ${e instanceof Error ? e.stack : String(e)}`));
  // Events stored but not handled (a restart, a failure to retry) are picked up at once and then
  // every few seconds; new ones wake the inbox worker themselves.
  app.inbox.kick();
  const inboxTimer = setInterval(() => app.inbox.kick(), opts.inboxEveryMs ?? 5_000);
  inboxTimer.unref();
  const timer = setInterval(timedTick, opts.tickEveryMs ?? 5 * 60_000);
  const first = setTimeout(timedTick, opts.firstTickAfterMs ?? 10_000);
  timer.unref();
  first.unref();

  return {
    app,
    tick,
    kickDelivery: () => delivery.kick(),
    async stop() {
      clearInterval(timer);
      clearInterval(inboxTimer);
      clearTimeout(first);
      await app.idle();
      await last;
      await delivery.stop();
      // Handing the lease back lets another server send at once instead of after it expires.
      await releaseLease(opts.db, { name: 'delivery', holder }).catch(() => {});
    },
  };
}
