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

export default {
  async fetch(request: Request, bindings: Record<string, unknown>, ctx: ExecutionContext): Promise<Response> {
    const env = envOf(bindings);
    const store = openDb(env);
    const app = createApp({
      db: store.db,
      lark: createLarkApi({ appId: env.LARK_APP_ID, appSecret: env.LARK_APP_SECRET, domain: env.LARK_DOMAIN, tokenCache }),
      config: {
        verificationToken: env.LARK_VERIFICATION_TOKEN,
        encryptKey: env.LARK_ENCRYPT_KEY,
        officeOpenIds: officeOpenIds(env),
        schedule: schedulerConfig(env),
      },
    });
    const response = await app.fetch(request, bindings, ctx);
    ctx.waitUntil(app.idle().finally(() => store.close()));
    return response;
  },

  /** Cron Trigger: decide today's reminders (idempotent per day), then drain the outbox. */
  async scheduled(_controller: unknown, bindings: Record<string, unknown>, ctx: ExecutionContext): Promise<void> {
    const env = envOf(bindings);
    const store = openDb(env);
    const lark = createLarkApi({ appId: env.LARK_APP_ID, appSecret: env.LARK_APP_SECRET, domain: env.LARK_DOMAIN, tokenCache });
    const work = (async () => {
      const report = await runScheduledJobs({
        db: store.db,
        now: new Date(),
        config: schedulerConfig(env),
        officeOpenIds: officeOpenIds(env),
      });
      console.log(formatJobReport(report));
      await deliverFor({ db: store.db, lark, now: () => new Date(), log: (l) => console.log(l) }, { budgetMs: 25_000 });
    })().finally(() => store.close());
    ctx.waitUntil(work);
  },
};
