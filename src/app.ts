import { Hono } from 'hono';
import { answerCardAction, replayCardAction } from './bot/card-actions';
import type { BotDeps } from './bot/deps';
import { dispatchEvent } from './bot/events';
import { createInboxWorker, type InboxWorker } from './bot/inbox';
import { TtlCache } from './identity';
import { verifyLarkRequest } from './lark/verify';
import type { ParseNotice } from './notice/parse';
import { type LarkPort, toast } from './lark/port';
import type { SchedulerConfig } from './scheduler/config';
import type { ScoreWeights } from './views/scorecard';
import type { Db } from './store/db';
import { storeEvent } from './store/inbox';

export interface AppDeps {
  db: Db;
  lark: LarkPort;
  config: {
    verificationToken: string;
    encryptKey?: string;
    officeOpenIds: string[];
    schedule?: SchedulerConfig;
    adoptTenant?: string;
    /** 考核 weights (DUBAN_SCORE_WEIGHTS); absent: the defaults. */
    scoreWeights?: ScoreWeights;
    /** DUBAN_EVIDENCE_COPY: keep the bytes of 佐证材料. */
    keepEvidenceCopy?: boolean;
  };
  now?: () => Date;
  log?: (line: string) => void;
  /** Wakes the outbox delivery loop after something was enqueued (Node); Workers drain it on their cron. */
  onEnqueued?: () => void;
  /** How notice files are parsed: the Node server passes its parse thread, so a big file blocks no other chat. */
  parseNotice?: ParseNotice;
}

export type DubanApp = Hono<{ Variables: { callback: boolean } }> & {
  /** Resolves when every stored event has been handled and every answer's follow-up is done (tests, shutdown). */
  idle(): Promise<void>;
  /** The stored events' worker: the Node runtime kicks it on a timer and at start-up to pick up leftovers. */
  inbox: InboxWorker;
};

/** Lark's events and callbacks are a few KB; anything far larger is not from Lark. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The body as text, or null when it is larger than `limit`: the declared length is checked before
 * anything is read, and the stream is cut off at the limit whatever it declared.
 */
async function readLimited(req: Request, limit: number): Promise<string | null> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/**
 * One endpoint takes event subscriptions and card callbacks, plain or encrypted. Nothing runs
 * before the request is verified, and nothing is acknowledged before it is stored: an event the
 * database did not take is answered 503, so Lark delivers it again. Events are handled after the
 * answer by the inbox worker; card callbacks within the answer (src/bot/card-actions.ts).
 */
export function createApp(deps: AppDeps): DubanApp {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? ((line: string) => console.log(line));
  const bot: BotDeps = {
    db: deps.db,
    lark: deps.lark,
    now,
    log,
    officeOpenIds: deps.config.officeOpenIds,
    contactCache: new TtlCache<string[]>(10 * 60_000, () => now().getTime()),
    chatModes: new TtlCache<string>(24 * 3600_000, () => now().getTime()),
    onEnqueued: deps.onEnqueued,
    schedule: deps.config.schedule,
    adoptTenant: deps.config.adoptTenant,
    scoreWeights: deps.config.scoreWeights,
    keepEvidenceCopy: deps.config.keepEvidenceCopy,
    parseNotice: deps.parseNotice,
  };
  const inbox = createInboxWorker(bot, (row, envelope) =>
    row.eventType === 'card.action.trigger' ? replayCardAction(bot, row, envelope) : dispatchEvent(bot, envelope),
  );
  const inFlight = new Set<Promise<unknown>>();
  const background = (executionCtx: () => { waitUntil(p: Promise<unknown>): void }) => (work: Promise<unknown>) => {
    inFlight.add(work);
    work.finally(() => inFlight.delete(work));
    try {
      executionCtx().waitUntil(work);
    } catch {
      // Node has no ExecutionContext: the promise simply runs on.
    }
  };

  const app = new Hono<{ Variables: { callback: boolean } }>() as DubanApp;
  app.get('/', (c) => c.json({ name: 'duban', ok: true }));

  app.post('/lark/webhook', async (c) => {
    const rawBody = await readLimited(c.req.raw, MAX_BODY_BYTES);
    if (rawBody === null) {
      log(`refused webhook request: body over ${MAX_BODY_BYTES} bytes`);
      return c.json({ error: 'payload too large' }, 413);
    }
    const verified = await verifyLarkRequest({
      rawBody,
      headers: c.req.raw.headers,
      config: { verificationToken: deps.config.verificationToken, encryptKey: deps.config.encryptKey },
      now: now(),
    });
    if (!verified.ok) {
      log(`refused webhook request: ${verified.reason}`);
      return c.json({ error: 'unauthorized' }, 401);
    }
    if (verified.kind === 'challenge') return c.json({ challenge: verified.challenge });

    const envelope = verified.envelope;
    const keepAlive = background(() => c.executionCtx);
    if (envelope.header.event_type === 'card.action.trigger') {
      c.set('callback', true);
      return c.json(await answerCardAction(bot, envelope, keepAlive));
    }
    let fresh: boolean;
    try {
      fresh = await storeEvent(deps.db, {
        eventId: envelope.header.event_id,
        tenantKey: envelope.header.tenant_key ?? '',
        eventType: envelope.header.event_type,
        envelope: JSON.stringify(envelope),
        now: now(),
      });
    } catch (e) {
      log(
        `event ${envelope.header.event_id} not stored, answering 503 so Lark delivers it again: ${e instanceof Error ? e.message : String(e)}`,
      );
      return c.json({ error: 'temporarily unavailable' }, 503);
    }
    if (fresh) keepAlive(inbox.idle());
    else log(`duplicate event ${envelope.header.event_id} ignored`);
    return c.json({});
  });

  // A card callback that throws still gets an answer Lark can show; anything else a plain 500.
  app.onError((e, c) => {
    log(`webhook failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    if (c.get('callback')) {
      return c.json({ toast: toast('error', '系统暂时无法处理，请稍后再试', 'Something went wrong; please try again later') });
    }
    return c.json({ error: 'internal error' }, 500);
  });

  app.inbox = inbox;
  app.idle = async () => {
    for (;;) {
      await inbox.idle();
      if (!inFlight.size) return;
      await Promise.all([...inFlight]);
    }
  };
  return app;
}
