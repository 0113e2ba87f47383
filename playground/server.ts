// The whole bot on one machine: the real app (src/runtime.ts, as src/node.ts runs it) on PGlite,
// the real Lark client pointed at the stand-in platform over loopback HTTP, and the page.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { openDb } from '../src/store/open-node';
import { createLarkApi } from '../src/lark/api';
import { startRuntime } from '../src/runtime';
import { DEFAULT_SCHEDULER_CONFIG, type JobReport } from '../src/scheduler';
import { startFakeLark } from './lark/fake-lark';
import { createLarkClient } from './lark/lark-client';
import { BOT, OFFICE_OPEN_ID, PEOPLE, SEED_NOTICE, SEED_NOTICE_NAME, registerDemoOrg, seedDemo } from './demo-org';
import { createClock } from './clock';
import { createTraffic } from './traffic';
import { keepHistory } from './chat-history';
import { PLAYGROUND_START, jumpStops, type TimeJump } from './time-travel';
import { buildPage } from './page-bundle';
import { pageRoutes } from './page-routes';
import { assertLoopback, checkEnvironment } from './guard';
import type { ClockState } from './protocol';

export interface PlaygroundOptions {
  /** 0: any free port. */
  port: number;
  /** Where the database and the clock are kept; null: in memory, gone at close (tests). */
  dataDir: string | null;
  /** Lark allows 3 s; tests on a busy machine may allow more. */
  callbackTimeoutMs?: number;
  log?: (line: string) => void;
  env?: Record<string, string | undefined>;
}

export interface Playground {
  url: string;
  /** Lines worth printing at start (seeded or kept, ignored variables). */
  notes: string[];
  close(): Promise<void>;
}

const TENANT_KEY = 'tenant_playground';

const listen = (fetch: (req: Request) => Response | Promise<Response>, port: number) =>
  new Promise<{ server: ServerType; port: number }>((resolve) => {
    const server = serve({ fetch, port, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ server, port: info.port }));
  });

const closeServer = (s: ServerType) => new Promise<void>((resolve) => s.close(() => resolve()));

export async function startPlayground(opts: PlaygroundOptions): Promise<Playground> {
  const notes = checkEnvironment(opts.env ?? process.env);
  const log = opts.log ?? ((line: string) => console.log(line));
  // Fresh keys every start: nothing here is a credential anywhere else.
  const secret = () => randomBytes(12).toString('hex');
  const app = {
    appId: `cli_playground_${secret().slice(0, 8)}`,
    appSecret: secret(),
    verificationToken: secret(),
    encryptKey: secret(),
    tenantKey: TENANT_KEY,
  };

  const store = await openDb({ dataDir: opts.dataDir ? join(opts.dataDir, 'pglite') : 'memory://' });
  const clock = createClock({ start: PLAYGROUND_START, file: opts.dataDir ? join(opts.dataDir, 'clock.json') : undefined });
  const fake = await startFakeLark({ appId: app.appId, appSecret: app.appSecret, now: clock.now });
  registerDemoOrg(fake);
  const saveHistory = opts.dataDir ? keepHistory(fake.conversations, join(opts.dataDir, 'chats.json')) : () => {};
  notes.push(
    (await seedDemo(store.db, TENANT_KEY))
      ? `已导入示例通知 seeded: ${SEED_NOTICE_NAME}`
      : `沿用已有数据 kept: ${opts.dataDir ?? 'memory'}`,
  );

  const traffic = createTraffic();
  fake.onRequest((r) =>
    traffic.add({
      at: clock.now().getTime(),
      direction: 'to_platform',
      method: r.method,
      path: r.path + (Object.keys(r.query).length ? `?${new URLSearchParams(r.query)}` : ''),
      body: r.body,
      status: r.response?.status ?? 0,
      response: r.response?.body,
      messageIds: r.messageId ? [r.messageId] : [],
    }),
  );

  const lark = createLarkApi({ appId: app.appId, appSecret: app.appSecret, domain: assertLoopback(fake.url) });
  const schedule = DEFAULT_SCHEDULER_CONFIG;
  const runtime = startRuntime({
    db: store.db,
    lark,
    now: clock.now,
    log,
    config: { verificationToken: app.verificationToken, encryptKey: app.encryptKey, officeOpenIds: [OFFICE_OPEN_ID], schedule },
  });
  const bot = await listen(runtime.app.fetch, 0);

  const client = createLarkClient({
    fake,
    webhookUrl: `http://127.0.0.1:${bot.port}/lark/webhook`,
    app,
    now: clock.now,
    traffic,
    directory: [BOT, ...PEOPLE],
    callbackTimeoutMs: opts.callbackTimeoutMs ?? 3_000,
  });

  const clockListeners = new Set<(c: ClockState) => void>();
  const moveClock = async (jump: TimeJump): Promise<ClockState> => {
    const stops = await jumpStops(store.db, TENANT_KEY, clock.now(), jump);
    if (!stops.length) return { now: clock.now().getTime(), note: '没有更晚的截止日期（no later due date among open tasks）' };
    const reports: JobReport[] = [];
    for (const at of stops) {
      clock.advanceTo(at);
      reports.push(await runtime.tick());
    }
    const state: ClockState = { now: clock.now().getTime(), note: describeTicks(reports) };
    for (const l of clockListeners) l(state);
    return state;
  };

  const page = pageRoutes({
    bundle: await buildPage(),
    client,
    fake,
    traffic,
    bot: BOT,
    people: PEOPLE.map(({ openId, name, title }) => ({ openId, name, title })),
    sampleNotice: { fileName: SEED_NOTICE_NAME, bytes: new Uint8Array(readFileSync(SEED_NOTICE)) },
    clock: () => ({ now: clock.now().getTime() }),
    moveClock,
    onClock(listener) {
      clockListeners.add(listener);
      return () => clockListeners.delete(listener);
    },
  });
  const web = await listen(page.fetch, opts.port);

  return {
    url: `http://127.0.0.1:${web.port}/`,
    notes,
    async close() {
      await closeServer(web.server);
      await runtime.stop();
      await closeServer(bot.server);
      await fake.close();
      saveHistory();
      await store.close();
    },
  };
}

/** "调度 7 次，新消息 12 条（到期提醒 0 · 逾期督办 10 · 进展提醒 0 · 每周通报 2）" for the page's toast. */
function describeTicks(reports: JobReport[]): string {
  const sum = (pick: (r: JobReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  const remind = sum((r) => r.remind.enqueued);
  const overdue = sum((r) => r.overdue.enqueued);
  const checkin = sum((r) => r.checkin.enqueued);
  const digest = sum((r) => r.digest.enqueued);
  const silent = reports.filter((r) => r.skipped).length;
  return (
    `调度 ${reports.length} 次${silent ? `（${silent} 次为非工作日，不发送）` : ''}，新消息 ${remind + overdue + checkin + digest} 条` +
    `（到期提醒 ${remind} · 逾期督办 ${overdue} · 进展提醒 ${checkin} · 每周通报 ${digest}）`
  );
}
