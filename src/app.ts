import { Hono, type Context } from 'hono';
import type { Db } from './store/db';
import { verifyLarkRequest } from './lark/verify';
import { handleCardAction } from './bot/card-actions';
import type { BotDeps } from './bot/deps';
import { dispatchEvent } from './bot/events';
import type { LarkPort } from './lark/port';
import { TtlCache } from './identity';
import type { SchedulerConfig } from './scheduler/config';

export interface AppDeps {
  db: Db;
  lark: LarkPort;
  config: { verificationToken: string; encryptKey?: string; officeOpenIds: string[]; schedule?: SchedulerConfig };
  now?: () => Date;
  log?: (line: string) => void;
  /** Wakes the outbox delivery loop after a publish (Node); Workers drain it on their cron. */
  onEnqueued?: () => void;
}

export type DubanApp = Hono & {
  /** Resolves when every event handed off so far has been handled (tests, graceful shutdown). */
  idle(): Promise<void>;
};

/**
 * One endpoint takes event subscriptions and card callbacks, plain or encrypted. Nothing runs
 * before the request is verified; events are acknowledged at once (Lark redelivers anything
 * unanswered after 3 s) and handled after the answer, card callbacks within it.
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
    onEnqueued: deps.onEnqueued,
    schedule: deps.config.schedule,
  };
  const inFlight = new Set<Promise<unknown>>();

  const handOff = (c: Context, work: Promise<unknown>) => {
    const p = work.catch((e) => log(`event handling failed: ${e instanceof Error ? e.stack : String(e)}`));
    inFlight.add(p);
    p.finally(() => inFlight.delete(p));
    try {
      c.executionCtx.waitUntil(p);
    } catch {
      // Node has no ExecutionContext: the promise simply runs on.
    }
  };

  const app = new Hono() as DubanApp;
  app.get('/', (c) => c.json({ name: 'duban', ok: true }));

  app.post('/lark/webhook', async (c) => {
    const rawBody = await c.req.text();
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
    if (envelope.header.event_type === 'card.action.trigger') {
      return c.json(await handleCardAction(bot, envelope));
    }
    handOff(c, dispatchEvent(bot, envelope));
    return c.json({});
  });

  app.idle = async () => {
    while (inFlight.size) await Promise.all([...inFlight]);
  };
  return app;
}
