// Node entry: the HTTP server on PORT, PGlite in DUBAN_DATA_DIR unless DATABASE_URL is set.
import { serve } from '@hono/node-server';
import { parseServerEnv, EnvError, schedulerConfig, officeOpenIds } from './env';
import { runScheduledJobs, formatJobReport } from './scheduler';
import { openDb } from './store/open-node';
import { createApp } from './app';
import { createLarkApi } from './lark/api';
import { startDeliveryLoop } from './outbox/loop';

async function start() {
  const env = parseServerEnv(process.env);
  const store = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DUBAN_DATA_DIR });
  const lark = createLarkApi({ appId: env.LARK_APP_ID, appSecret: env.LARK_APP_SECRET, domain: env.LARK_DOMAIN });
  // The outbox is drained in-process: publishes, reminders and review notices go out from here.
  const delivery = startDeliveryLoop({ db: store.db, lark, now: () => new Date(), log: (l) => console.log(l) });
  const app = createApp({
    db: store.db,
    lark,
    onEnqueued: () => delivery.kick(),
    config: {
      verificationToken: env.LARK_VERIFICATION_TOKEN,
      encryptKey: env.LARK_ENCRYPT_KEY,
      officeOpenIds: officeOpenIds(env),
      schedule: schedulerConfig(env),
    },
  });

  // Reminders and escalation: every 5 minutes; each decision is idempotent per day, so a tick
  // that finds nothing new does nothing, and ticks never overlap.
  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      const report = await runScheduledJobs({
        db: store.db,
        now: new Date(),
        config: schedulerConfig(env),
        officeOpenIds: officeOpenIds(env),
      });
      console.log(formatJobReport(report));
      delivery.kick();
    } catch (e) {
      console.error('scheduled jobs failed:', e);
    } finally {
      ticking = false;
    }
  };
  const timer = setInterval(tick, 5 * 60_000);
  setTimeout(tick, 10_000).unref();
  const server = serve({ fetch: app.fetch, port: env.PORT }, (info) =>
    console.log(`duban listening on :${info.port} (${store.engine}); webhook: POST /lark/webhook`),
  );
  const stop = async () => {
    clearInterval(timer);
    server.close();
    await app.idle();
    await delivery.stop();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

start().catch((e) => {
  console.error(e instanceof EnvError ? e.message : e);
  process.exit(1);
});
