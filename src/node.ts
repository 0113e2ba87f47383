// Node entry: the HTTP server on PORT, PGlite in DUBAN_DATA_DIR unless DATABASE_URL is set.
import { serve } from '@hono/node-server';
import { parseServerEnv, EnvError, schedulerConfig, officeOpenIds } from './env';
import { openDb } from './store/open-node';
import { createLarkApi } from './lark/api';
import { startRuntime } from './runtime';
import { startParseThread } from './parse-thread';

async function start() {
  const env = parseServerEnv(process.env);
  const store = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DUBAN_DATA_DIR });
  const lark = createLarkApi({ appId: env.LARK_APP_ID, appSecret: env.LARK_APP_SECRET, domain: env.LARK_DOMAIN });
  // Notice files are parsed on a thread of their own: a 20 MB file must not stall the webhook.
  const parser = startParseThread();
  // Reminders and escalation tick every 5 minutes; publishes, reminders and review notices are
  // delivered in-process.
  const runtime = startRuntime({
    db: store.db,
    lark,
    parseNotice: parser.parse,
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
  const server = serve({ fetch: runtime.app.fetch, port: env.PORT }, (info) =>
    console.log(`duban listening on :${info.port} (${store.engine}); webhook: POST /lark/webhook`),
  );
  const stop = async () => {
    server.close();
    await runtime.stop();
    await parser.close();
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
