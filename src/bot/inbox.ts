/**
 * Handles stored events (src/store/inbox.ts) with bounded concurrency. The webhook stores and
 * acknowledges; this worker claims what is waiting, a few at a time, so a burst of a thousand
 * events costs a thousand rows in the database, not a thousand handlers in memory. A process that
 * dies mid-event leaves its claim to expire, and the next worker (or this one after a restart)
 * handles the event again: handlers are idempotent (message ids and outbox dedupe keys).
 */
import type { EventEnvelope } from '../lark/envelope';
import { claimEvents, failEvent, finishEvent, type InboxRow } from '../store/inbox';
import type { BotDeps } from './deps';

export interface InboxOptions {
  /** Events handled at once (default 4): PGlite serialises queries anyway; PostgreSQL has a pool. */
  concurrency?: number;
  /** How long a claim holds an event before another worker may take it over (default 60 s). */
  leaseMs?: number;
  /** Attempts before an event that keeps failing is set aside as failed (default 5). */
  maxAttempts?: number;
}

export interface InboxWorker {
  /** Look for waiting events now (after storing one, on a timer, at start-up). */
  kick(): void;
  /** Resolves when nothing is being handled and nothing due is waiting. */
  idle(): Promise<void>;
}

type Handle = (row: InboxRow, envelope: EventEnvelope) => Promise<void>;

export function createInboxWorker(deps: BotDeps, handle: Handle, opts: InboxOptions = {}): InboxWorker {
  const concurrency = opts.concurrency ?? 4;
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxAttempts = opts.maxAttempts ?? 5;
  const running = new Set<Promise<void>>();
  let claiming: Promise<void> | null = null;
  let again = false;

  async function run(row: InboxRow): Promise<void> {
    try {
      await handle(row, JSON.parse(row.envelope) as EventEnvelope);
      await finishEvent(deps.db, row.id, deps.now());
    } catch (e) {
      const final = row.attempts >= maxAttempts;
      const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      deps.log(`event ${row.eventId} (${row.eventType}) failed, attempt ${row.attempts}${final ? ', giving up' : ''}: ${error}`);
      // Back off 5 s, 20 s, 80 s…: a database hiccup passes, a bug does not spin.
      const retryAt = new Date(deps.now().getTime() + 5_000 * 4 ** (row.attempts - 1));
      await failEvent(deps.db, { id: row.id, error: error.slice(0, 2000), final, retryAt }).catch((err) =>
        deps.log(`event ${row.eventId}: could not record the failure (${String(err)}); its claim will expire`),
      );
    }
  }

  async function claimMore(): Promise<void> {
    do {
      again = false;
      const free = concurrency - running.size;
      if (free <= 0) return;
      let rows: InboxRow[];
      try {
        rows = await claimEvents(deps.db, { now: deps.now(), limit: free, leaseMs });
      } catch (e) {
        deps.log(`inbox: could not claim events (${e instanceof Error ? e.message : String(e)}); will retry`);
        return;
      }
      for (const row of rows) {
        const p = run(row).finally(() => {
          running.delete(p);
          kick();
        });
        running.add(p);
      }
      if (rows.length === free) again = true;
    } while (again);
  }

  function kick(): void {
    if (claiming) {
      again = true;
      return;
    }
    claiming = claimMore().finally(() => {
      claiming = null;
      if (again) kick();
    });
  }

  return {
    kick,
    async idle() {
      for (;;) {
        kick();
        await claiming;
        if (!running.size) return;
        await Promise.race(running);
      }
    },
  };
}
