/**
 * Driving `deliverDue`: a long-running loop for the Node server, and a time-boxed drain for a
 * Workers cron trigger (or `ctx.waitUntil` right after a publish). Both only decide *when* to
 * run; all the exactly-once logic stays in deliver.ts, so several loops (or a loop and a cron)
 * may run against one database at once.
 */
import { deliverDue, pacerFor, type DeliverDeps, type DeliverOptions, type DeliverResult } from './deliver';

export interface DeliveryLoopOptions extends DeliverOptions {
  /** Longest pause between runs when nothing is due (default 5 s). */
  idleMs?: number;
  /**
   * Shortest pause after a run that did nothing (default 1 s): rows that are due but claimed by
   * another process would otherwise make this loop query in a tight circle.
   */
  minIdleMs?: number;
}

export interface DeliveryLoop {
  /** Run now instead of waiting out the pause (call it after enqueueing, e.g. on publish). */
  kick(): void;
  /** Finishes the run in progress, then stops. */
  stop(): Promise<void>;
}

function didWork(r: DeliverResult): boolean {
  return r.sent + r.failed + r.retried > 0;
}

/** How long to pause after a run: none while there is work, else until the next row is due. */
function pauseAfter(r: DeliverResult | null, now: Date, idleMs: number, minIdleMs: number): number {
  if (r && didWork(r)) return 0;
  const untilDue = r?.nextAttemptAt ? r.nextAttemptAt.getTime() - now.getTime() : idleMs;
  return Math.min(idleMs, Math.max(minIdleMs, untilDue));
}

/** Starts delivering in the background (Node). Errors are logged and the loop carries on. */
export function startDeliveryLoop(deps: DeliverDeps, opts: DeliveryLoopOptions = {}): DeliveryLoop {
  const { idleMs = 5_000, minIdleMs = 1_000, ...deliverOpts } = opts;
  const log = deps.log ?? (() => {});
  const paced = { ...deps, pacer: deps.pacer ?? pacerFor(deps, deliverOpts) };
  let stopped = false;
  let wake: (() => void) | null = null;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  const running = (async () => {
    while (!stopped) {
      let result: DeliverResult | null = null;
      try {
        result = await deliverDue(paced, deliverOpts);
      } catch (e) {
        // A database outage, say: nothing was claimed, or the claims expire and are retried.
        log(`outbox delivery run failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
      if (!stopped) await pause(pauseAfter(result, deps.now(), idleMs, result ? minIdleMs : idleMs));
    }
  })();

  return {
    kick: () => wake?.(),
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}

/**
 * Runs `deliverDue` until nothing more is ready or `budgetMs` (by the injected clock) is spent,
 * and returns the totals: for a Worker's scheduled handler, whose invocation must end.
 */
export async function deliverFor(deps: DeliverDeps, opts: DeliverOptions & { budgetMs: number }): Promise<DeliverResult> {
  const { budgetMs, ...deliverOpts } = opts;
  const deadline = deps.now().getTime() + budgetMs;
  const paced = { ...deps, pacer: deps.pacer ?? pacerFor(deps, deliverOpts) };
  const total: DeliverResult = { sent: 0, failed: 0, retried: 0, remaining: 0, nextAttemptAt: null };
  do {
    const r = await deliverDue(paced, deliverOpts);
    total.sent += r.sent;
    total.failed += r.failed;
    total.retried += r.retried;
    total.remaining = r.remaining;
    total.nextAttemptAt = r.nextAttemptAt;
    if (!didWork(r)) break;
  } while (deps.now().getTime() < deadline);
  return total;
}
