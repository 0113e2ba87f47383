// Cloudflare Workers entry. PostgreSQL only (DATABASE_URL, e.g. through Hyperdrive): PGlite and
// the migrator need node:fs, so migrations are applied from Node (`npm run duban -- migrate`).
import postgres from 'postgres';
import type { ExecutionContext } from 'hono';
import { drizzle } from 'drizzle-orm/postgres-js';
import { schema, type Db } from './store/db';
import { parseServerEnv, schedulerConfig, officeOpenIds, type ServerEnv } from './env';
import { runScheduledJobs, formatJobReport } from './scheduler';
import { deliverFor } from './outbox/loop';
import { createApp } from './app';
import { createLarkApi } from './lark/api';
import { createTokenCache } from './lark/token-cache';

// Shared across requests of this isolate: one tenant token, not one per request.
const tokenCache = createTokenCache();

let cached: { source: unknown; env: ServerEnv } | undefined;
function envOf(source: Record<string, unknown>): ServerEnv {
  if (cached?.source !== source) cached = { source, env: parseServerEnv(source) };
  return cached.env;
}

function openDb(env: ServerEnv): { db: Db; close(): Promise<void> } {
  if (!env.DATABASE_URL) throw new Error('配置错误 Invalid configuration: DATABASE_URL: required on Workers');
  // A Worker may not reuse a socket across requests: one small client per request.
  const client = postgres(env.DATABASE_URL, { max: 1, fetch_types: false, onnotice: () => {} });
  return { db: drizzle(client, { schema }) as unknown as Db, close: () => client.end({ timeout: 5 }) };
}

function appFor(env: ServerEnv, store: { db: Db }, onEnqueued?: () => void) {
  const lark = createLarkApi({ appId: env.LARK_APP_ID, appSecret: env.LARK_APP_SECRET, domain: env.LARK_DOMAIN, tokenCache });
  const app = createApp({
    db: store.db,
    lark,
    onEnqueued,
    config: {
      verificationToken: env.LARK_VERIFICATION_TOKEN,
      encryptKey: env.LARK_ENCRYPT_KEY,
      officeOpenIds: officeOpenIds(env),
      adoptTenant: env.DUBAN_ADOPT_TENANT,
      schedule: schedulerConfig(env),
      scoreWeights: env.DUBAN_SCORE_WEIGHTS,
      keepEvidenceCopy: env.DUBAN_EVIDENCE_COPY,
    },
  });
  return { app, lark };
}

/** Each invocation is its own sender: the delivery lease (src/outbox/deliver.ts) keeps them from pacing past Lark's limits together. */
const sender = () => ({ holder: `worker:${crypto.randomUUID()}`, log: (l: string) => console.log(l), now: () => new Date() });

export default {
  async fetch(request: Request, bindings: Record<string, unknown>, ctx: ExecutionContext): Promise<Response> {
    const env = envOf(bindings);
    const store = openDb(env);
    let enqueued = false;
    const { app, lark } = appFor(env, store, () => {
      enqueued = true;
    });
    const response = await app.fetch(request, bindings, ctx);
    // After the answer: handle what was stored, then send what that decided (replies, personal cards).
    const after = app
      .idle()
      .then(() => (enqueued ? deliverFor({ db: store.db, lark, ...sender() }, { budgetMs: 20_000 }) : undefined))
      .finally(() => store.close());
    ctx.waitUntil(after);
    return response;
  },

  /** Cron Trigger: decide today's reminders (idempotent per day), then drain the outbox. */
  async scheduled(_controller: unknown, bindings: Record<string, unknown>, ctx: ExecutionContext): Promise<void> {
    const env = envOf(bindings);
    const store = openDb(env);
    const { app, lark } = appFor(env, store);
    const work = (async () => {
      // Events stored but never handled (an invocation that ended early) are handled here at the latest.
      app.inbox.kick();
      await app.idle();
      const report = await runScheduledJobs({
        db: store.db,
        now: new Date(),
        config: schedulerConfig(env),
        officeOpenIds: officeOpenIds(env),
      });
      console.log(formatJobReport(report));
      await deliverFor({ db: store.db, lark, ...sender() }, { budgetMs: 25_000 });
    })().finally(() => store.close());
    ctx.waitUntil(work);
  },
};
