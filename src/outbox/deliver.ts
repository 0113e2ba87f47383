/**
 * Drains the outbox: claims the due rows, sends each through Lark within the rate limits, and
 * records the outcome. A delivery loop (Node) or a cron trigger (Workers) calls `deliverDue`
 * repeatedly; any number of them may run at once, and any of them may die halfway.
 *
 * Exactly once, in three layers:
 * - a row is claimed by setting `locked_until` in one UPDATE over `FOR UPDATE SKIP LOCKED`, so
 *   two runs never hold the same row at once, and a crashed run's rows come back when the lock
 *   expires;
 * - every send carries a `uuid` derived from the row (Lark treats a resend with the same uuid
 *   within 1 h as a no-op), so a row sent just before a crash, and sent again by the next run,
 *   still reaches the chat once;
 * - retry delays are capped well below that hour, so every retry of a row lands within the
 *   uuid window of the attempt before it (a timed-out attempt may have been delivered).
 */
import { messageCard } from '../../cards/message';
import { clockAt } from '../dates';
import { LarkApiError } from '../lark/errors';
import type { LarkPort } from '../lark/port';
import type { Db } from '../store/db';
import { holdLease } from '../store/leases';
import { claimDueRows, type OutboxRow, pendingOutbox, releaseClaims, sentInLastMinute, settleClaimedRow } from '../store/outbox';
import { enqueueAll } from './enqueue';
import { describeFailure } from './failure';
import { Pacer } from './pacer';
import { outboxContent } from './render';

export interface DeliverDeps {
  db: Db;
  lark: Pick<LarkPort, 'sendMessage' | 'replyMessage' | 'sendEphemeral' | 'patchMessage'>;
  now: () => Date;
  log?: (line: string) => void;
  /** Default: a real timer. Tests pass one that advances their fake clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), for retry jitter. Default Math.random; tests pin it. */
  random?: () => number;
  /**
   * Pacing shared by consecutive runs of one process (see loop.ts), so the first send of a run
   * keeps its distance from the last send of the one before. Without it each run paces itself
   * with `perSecond` / `perReceiverPerSecond`; with it those two options are the pacer's.
   */
  pacer?: Pacer;
  /**
   * Who is sending, when several processes (servers, a Worker's cron) share one database: only the
   * holder of the 'delivery' lease sends, so the app-wide and per-chat limits, which belong to the
   * app, hold across processes. Unset: no lease is taken (one process, tests).
   */
  holder?: string;
}

export interface DeliverOptions {
  /** Most rows claimed by one run (default 50). */
  limit?: number;
  /** App-wide sends per second (default 20; Lark allows about 50). */
  perSecond?: number;
  /** Sends per second to one chat or user (default 5, Lark's limit for both). */
  perReceiverPerSecond?: number;
  /**
   * App-wide sends per rolling minute (default 900; Lark allows 1000). Counted from the outbox's
   * own `sent_at`, so the budget holds across runs, processes and restarts.
   */
  perMinute?: number;
  /** Attempts before a retryable failure becomes final (default 8). */
  maxAttempts?: number;
  /** How long a claim holds a row (default: enough for the batch at the paced rate, ≥ 2 min). */
  lockMs?: number;
}

export interface DeliverResult {
  sent: number;
  /** Rows marked failed for good in this run. */
  failed: number;
  /** Rows that failed retryably in this run and were rescheduled. */
  retried: number;
  /** Pending rows left in the outbox (due now or later, any tenant). */
  remaining: number;
  /** When the earliest remaining row is due; null when none remain. Lets a loop sleep until then. */
  nextAttemptAt: Date | null;
}

export const DELIVERY_DEFAULTS = {
  limit: 50,
  perSecond: 20,
  perReceiverPerSecond: 5,
  perMinute: 900,
  maxAttempts: 8,
} as const;

/** First retry after ~10 s, doubling; never later than 15 min, inside Lark's 1 h uuid window. */
export const RETRY_BASE_MS = 10_000;
export const RETRY_CAP_MS = 15 * 60_000;
/**
 * A claim outlives the batch it was made for (sends are paced, a slow answer may take the HTTP
 * timeout), but not by much: a sender that died holding rows delays them by this at most.
 */
const MIN_LOCK_MS = 30_000;
/** The delivery lease is renewed by every run; a holder silent this long is taken over. */
const DELIVERY_LEASE_MS = 20_000;

/** Codes meaning the whole app is over its sending budget (not one chat). */
const APP_RATE_LIMIT_CODES = new Set([99991400, 11232]);
/** The group's own limit (5/s shared by all bots in it): only that chat must wait. */
const GROUP_RATE_LIMIT_CODE = 230020;

/**
 * Delay before retry number `attempt` (1 = the first retry): exponential from RETRY_BASE_MS with
 * "equal jitter" (between half and all of the step), never before Lark's retry-after, capped.
 */
export function retryDelayMs(attempt: number, retryAfterSeconds: number | undefined, random: () => number): number {
  const step = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = step / 2 + (step / 2) * Math.min(Math.max(random(), 0), 1);
  const floor = retryAfterSeconds && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
  return Math.round(Math.min(RETRY_CAP_MS, Math.max(jittered, floor)));
}

/**
 * The idempotency key of a row's send: stable across retries and runs, unique per row, ≤ 50
 * characters. The id alone would be unique, but a restored or re-created database reuses ids;
 * the hash of tenant and dedupe key keeps two different messages from sharing a uuid then.
 */
export async function outboxUuid(row: Pick<OutboxRow, 'id' | 'tenantKey' | 'dedupeKey'>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${row.tenantKey}\u0000${row.dedupeKey}`));
  const hex = [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `duban-${row.id}-${hex}`;
}

function isAppRateLimit(e: LarkApiError): boolean {
  return e.httpStatus === 429 || APP_RATE_LIMIT_CODES.has(e.code);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The pacer `deliverDue` would use for these deps and options; loops build one and keep it. */
export function pacerFor(
  deps: Pick<DeliverDeps, 'now' | 'sleep'>,
  opts: Pick<DeliverOptions, 'perSecond' | 'perReceiverPerSecond'> = {},
): Pacer {
  return new Pacer(
    {
      perSecond: opts.perSecond ?? DELIVERY_DEFAULTS.perSecond,
      perReceiverPerSecond: opts.perReceiverPerSecond ?? DELIVERY_DEFAULTS.perReceiverPerSecond,
    },
    { now: deps.now, sleep: deps.sleep ?? realSleep },
  );
}

/**
 * Sends what is due, paced, and records each outcome. Never throws for a single row's trouble:
 * an unexpected error leaves the row pending (rescheduled); only Lark's own verdict (a final
 * code, or too many retryable failures) marks a row failed.
 */
export async function deliverDue(deps: DeliverDeps, opts: DeliverOptions = {}): Promise<DeliverResult> {
  const o = { ...DELIVERY_DEFAULTS, ...definedOnly(opts) };
  const log = deps.log ?? (() => {});
  const random = deps.random ?? Math.random;
  const pacer = deps.pacer ?? pacerFor(deps, o);
  const lockMs = opts.lockMs ?? Math.max(MIN_LOCK_MS, 2 * Math.ceil((o.limit / o.perSecond) * 1000) + 15_000);

  if (deps.holder) {
    const lease = await holdLease(deps.db, { name: 'delivery', holder: deps.holder, now: deps.now(), ms: DELIVERY_LEASE_MS });
    if (!lease.held) {
      const left = await pendingOutbox(deps.db);
      return { sent: 0, failed: 0, retried: 0, remaining: left.count, nextAttemptAt: left.next };
    }
    if (lease.takenOver) {
      const freed = await releaseClaims(deps.db, deps.now());
      if (freed) log(`outbox: took delivery over from a stopped sender; ${freed} claimed row(s) released`);
    }
  }
  const budget = Math.min(o.limit, o.perMinute - (await sentInLastMinute(deps.db, deps.now())));
  const claimed = budget > 0 ? await claimDueRows(deps.db, deps.now(), budget, lockMs) : [];
  const result = { sent: 0, failed: 0, retried: 0 };
  /** Set once the app is rate-limited: the rest of the batch waits until then. */
  let appWaitUntil: Date | null = null;
  const receiverWaitUntil = new Map<string, Date>();

  for (const row of claimed) {
    const waitUntil = appWaitUntil ?? receiverWaitUntil.get(row.receiveId) ?? null;
    if (waitUntil) {
      await settle(deps.db, row, log, { lockedUntil: null, nextAttemptAt: later(row.nextAttemptAt, waitUntil) });
      continue;
    }
    await pacer.acquire(row.receiveId);
    // Our claim may have run out while we waited (a long batch, a slow Lark): the row may belong
    // to another run now, so leave it to that run.
    if (deps.now() >= row.lockedUntil!) {
      log(`outbox ${row.id}: claim expired before sending; left for the next run`);
      continue;
    }

    let content: string;
    try {
      content = outboxContent(row, deps.now());
    } catch (e) {
      // A view no card can render will not render on retry either.
      const lastError = `[render] ${e instanceof Error ? e.message : String(e)}`;
      log(`outbox ${row.id} (${row.dedupeKey}) cannot be rendered: ${lastError}`);
      if (await settle(deps.db, row, log, { status: 'failed', attempts: row.attempts + 1, lastError, lockedUntil: null })) result.failed++;
      continue;
    }

    let outcome: { messageId: string } | { error: unknown };
    try {
      outcome = await send(deps.lark, row, content);
    } catch (error) {
      outcome = { error };
    }

    const now = deps.now();
    if ('messageId' in outcome) {
      const ok = await settle(deps.db, row, log, {
        status: 'sent',
        sentMessageId: outcome.messageId,
        sentAt: now,
        attempts: row.attempts + 1,
        lockedUntil: null,
        lastError: null,
      });
      if (ok) result.sent++;
      continue;
    }

    const error = outcome.error;
    const attempts = row.attempts + 1;
    const lastError = describeFailure(error);
    // A refused app (configuration) is retried however long it takes an administrator to fix it.
    if (error instanceof LarkApiError && (!error.retryable || (attempts >= o.maxAttempts && !error.configuration))) {
      log(
        `outbox ${row.id} (${row.dedupeKey}${row.render ? `, card ${row.render}` : ''}) failed for good after ${attempts} attempt(s): ${lastError}`,
      );
      if (await settle(deps.db, row, log, { status: 'failed', attempts, lastError, lockedUntil: null })) {
        result.failed++;
        await sayInstead(deps.db, row, error, deps.now(), log);
      }
      continue;
    }
    // Retryable, or something we did not expect (a bug, a DB hiccup in the client): the row
    // stays pending and comes back later; it is never lost.
    const retryAfter = error instanceof LarkApiError ? error.retryAfterSeconds : undefined;
    const next = new Date(now.getTime() + retryDelayMs(attempts, retryAfter, random));
    log(`outbox ${row.id} (${row.dedupeKey}) attempt ${attempts} failed, retry at ${next.toISOString()}: ${lastError}`);
    if (await settle(deps.db, row, log, { attempts, lastError, nextAttemptAt: next, lockedUntil: null })) result.retried++;
    if (error instanceof LarkApiError && isAppRateLimit(error)) {
      appWaitUntil = new Date(now.getTime() + Math.max(1, error.retryAfterSeconds ?? 1) * 1000);
    } else if (error instanceof LarkApiError && error.code === GROUP_RATE_LIMIT_CODE) {
      receiverWaitUntil.set(row.receiveId, new Date(now.getTime() + Math.max(1, error.retryAfterSeconds ?? 1) * 1000));
    }
  }

  const left = await pendingOutbox(deps.db);
  return { ...result, remaining: left.count, nextAttemptAt: left.next };
}

/** Lark's codes for a card it will not show: too big (230025), invalid (230099, with 200621 and others inside). */
const CARD_REFUSED = new Set([230025, 230099, 200621, 11310, 100290]);

/**
 * A person who asked for something and whose card Lark refused gets a short text instead of
 * nothing. Broadcasts are left to the delivery report; answers to a person (replies, personal
 * cards, a card updated after a click) are not.
 */
async function sayInstead(db: Db, row: OutboxRow, error: LarkApiError, now: Date, log: (line: string) => void): Promise<void> {
  if (row.msgType !== 'interactive' || row.channel === 'message' || !CARD_REFUSED.has(error.code)) return;
  // A small plain card: a personal card can only be a card, and this one cannot be too big or malformed.
  const card = messageCard(
    {
      tone: 'warning',
      title: { zh_cn: '内容未能显示', en_us: 'Could not show this' },
      body: {
        zh_cn: `这条内容未能以卡片显示（飞书错误码 ${error.code}）。请稍后重试，或缩小范围后再发送指令；如仍不行，请联系政务公开办。`,
        en_us: `Lark refused the card (code ${error.code}). Try again later, or narrow the command; if it persists, tell the office.`,
      },
    },
    { locale: 'zh_cn', clock: clockAt(now) },
  );
  const channelOf = row.channel === 'update' ? 'message' : row.channel;
  const delivery =
    channelOf === 'reply'
      ? { channel: 'reply' as const, replyTo: row.replyTo!, chatId: row.receiveId }
      : channelOf === 'ephemeral'
        ? { channel: 'ephemeral' as const, chatId: row.receiveId, openId: row.userOpenId! }
        : undefined;
  try {
    await enqueueAll(
      db,
      [
        {
          tenantKey: row.tenantKey,
          dedupeKey: `${row.dedupeKey}:text`,
          kind: 'reply',
          receiveIdType: row.receiveIdType,
          receiveId: row.receiveId,
          delivery,
          content: { raw: card, msgType: 'interactive' },
        },
      ],
      now,
    );
  } catch (e) {
    log(`outbox ${row.id}: could not queue the text instead of the refused card (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** One row through the channel it was written for. */
async function send(lark: DeliverDeps['lark'], row: OutboxRow, content: string): Promise<{ messageId: string }> {
  const uuid = await outboxUuid(row);
  switch (row.channel) {
    case 'reply':
      return lark.replyMessage({ messageId: row.replyTo!, msgType: row.msgType, content, uuid });
    case 'ephemeral':
      return lark.sendEphemeral({ chatId: row.receiveId, openId: row.userOpenId!, card: JSON.parse(content) });
    case 'update':
      // PATCH has no idempotency key, and needs none: the same card twice is the same card.
      await lark.patchMessage({ messageId: row.replyTo!, content });
      return { messageId: row.replyTo! };
    default:
      return lark.sendMessage({ receiveIdType: row.receiveIdType, receiveId: row.receiveId, msgType: row.msgType, content, uuid });
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function later(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

/**
 * Records a row's outcome, but only while our claim on it stands: if it expired and another run
 * took the row over, that run's record wins. A database error here is logged, not thrown: the
 * row then stays claimed until the lock expires and is sent again with the same uuid, which
 * Lark ignores.
 */
async function settle(db: Db, row: OutboxRow, log: (line: string) => void, set: Parameters<typeof settleClaimedRow>[2]): Promise<boolean> {
  try {
    const ok = await settleClaimedRow(db, row, set);
    if (!ok) log(`outbox ${row.id}: claim lost before its outcome was recorded; another run owns it`);
    return ok;
  } catch (e) {
    log(
      `outbox ${row.id}: could not record the outcome (${e instanceof Error ? e.message : String(e)}); it will be retried after its claim expires`,
    );
    return false;
  }
}
