/**
 * Signed "我的任务" events through the real Node server (@hono/node-server over loopback, the
 * runtime src/node.ts starts, replies through the outbox to the fake Lark), on one government's
 * ledger (bench/summary.ts: 150 departments, 1,200 tasks, ~20,000 shares, ~30,000 reports), each
 * department's coordinator asking in a private chat of their own. Prints, min / median of three:
 *
 * - at saturation (EVENTS events, CONCURRENCY in flight): acks/s and ack p50 / p99, next to a bare
 *   Hono route on the same server answering the same signed bodies unread; send-to-reply p50 / p99
 *   (the reply reaching the fake Lark; replies are paced by the outbox like every message);
 * - at a steady RATE events/s: ack and send-to-reply p50 / p99.
 *
 * The load comes from this process too, so both routes pay the same client cost. Asserts nothing.
 *
 *   npm run bench:webhook                                  # PGlite in a scratch data directory
 *   DATABASE_URL=postgres://… npm run bench:webhook        # a scratch database, dropped afterwards
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { openTestDb, engineName } from '../tests/support/db';
import { startFakeLark } from '../playground/lark/fake-lark';
import { messageEvent, signedRequest } from '../playground/lark/lark-payloads';
import { createLarkApi } from '../src/lark/api';
import { startRuntime } from '../src/runtime';
import { openDb } from '../src/store/open-node';
import { DEFAULT_SCHEDULER_CONFIG } from '../src/scheduler/config';
import { setMember } from '../src/store/members';
import { build } from './summary';

const EVENTS = Number(process.env.EVENTS ?? 300);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const RATE = Number(process.env.RATE ?? 20);
const STEADY_SECONDS = Number(process.env.STEADY_SECONDS ?? 10);
const VERIFICATION_TOKEN = 'bench-token';
const ENCRYPT_KEY = 'bench-encrypt-key';
/** bench/summary.ts builds its ledger under this tenant; the events carry it. */
const TENANT = 'bench';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const median = (xs: number[]) => pct(xs, 50);
const f = (x: number, digits = 1) => x.toFixed(digits);

async function main() {
  // PGlite in a data directory, as the server runs it (in memory its files grow by copying).
  const dataDir = process.env.DATABASE_URL ? null : mkdtempSync(join(tmpdir(), 'duban-webhook-'));
  const store = dataDir ? await openDb({ dataDir }) : await openTestDb();
  const fake = await startFakeLark();
  const lark = createLarkApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url });
  const { departmentIds } = await build(store.db);
  // As after an import (src/store/notice-import.ts): PGlite never gathers planner statistics itself.
  await store.db.execute(sql`analyze`);
  const coordinators = departmentIds.map((id, i) => ({ openId: `ou_bench_${i}`, chatId: `oc_p2p_bench_${i}`, departmentId: id }));
  for (const c of coordinators)
    await setMember(store.db, { tenantKey: TENANT, openId: c.openId, role: 'coordinator', departmentId: c.departmentId });

  const runtime = startRuntime({
    db: store.db,
    lark,
    config: { verificationToken: VERIFICATION_TOKEN, encryptKey: ENCRYPT_KEY, officeOpenIds: [], schedule: DEFAULT_SCHEDULER_CONFIG },
    log: () => {},
    firstTickAfterMs: 3_600_000,
  });
  // The reference: a route on the same Hono app and server that answers without reading the body.
  runtime.app.post('/bench/bare', (c) => c.json({}));
  const server = serve({ fetch: runtime.app.fetch, port: 0 });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // When each reply reached the fake Lark, by the message it answers.
  const replied = new Map<string, number>();
  fake.onRequest((r) => {
    const m = r.path.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/);
    if (m) replied.set(decodeURIComponent(m[1]), performance.now());
  });

  let seq = 0;
  const event = () => {
    const c = coordinators[seq % coordinators.length];
    const messageId = `om_bench_${seq++}`;
    const req = signedRequest(
      messageEvent({ text: '我的任务', chatType: 'p2p', chatId: c.chatId, openId: c.openId, messageId, tenantKey: TENANT }),
      {
        verificationToken: VERIFICATION_TOKEN,
        encryptKey: ENCRYPT_KEY,
      },
    );
    return { messageId, ...req };
  };
  const post = async (path: string, e: ReturnType<typeof event>) => {
    const t0 = performance.now();
    const res = await fetch(base + path, { method: 'POST', body: e.body, headers: e.headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return { sent: t0, ack: performance.now() - t0 };
  };
  const waitForReplies = async (ids: string[]) => {
    const deadline = Date.now() + 120_000;
    while (ids.some((id) => !replied.has(id))) {
      if (Date.now() > deadline) throw new Error(`${ids.filter((id) => !replied.has(id)).length} replies never came`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  /** EVENTS posts, CONCURRENCY at a time: acks/s and ack latencies (and send-to-reply for the webhook). */
  const saturate = async (path: string) => {
    const events = Array.from({ length: EVENTS }, event);
    const acks: number[] = [];
    const sent = new Map<string, number>();
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < events.length) {
          const e = events[next++];
          const r = await post(path, e);
          acks.push(r.ack);
          sent.set(e.messageId, r.sent);
        }
      }),
    );
    const wall = performance.now() - t0;
    let toReply: number[] = [];
    if (path === '/lark/webhook') {
      await waitForReplies([...sent.keys()]);
      toReply = [...sent].map(([id, t]) => replied.get(id)! - t);
    }
    return {
      perSecond: (EVENTS / wall) * 1000,
      p50: pct(acks, 50),
      p99: pct(acks, 99),
      reply50: pct(toReply, 50),
      reply99: pct(toReply, 99),
    };
  };

  /** RATE events/s for STEADY_SECONDS: ack and send-to-reply latencies when the server keeps up. */
  const steady = async () => {
    const acks: number[] = [];
    const sent = new Map<string, number>();
    const posts: Promise<void>[] = [];
    const t0 = performance.now();
    for (let i = 0; i < RATE * STEADY_SECONDS; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const e = event();
      posts.push(
        post('/lark/webhook', e).then((r) => {
          acks.push(r.ack);
          sent.set(e.messageId, r.sent);
        }),
      );
    }
    await Promise.all(posts);
    await waitForReplies([...sent.keys()]);
    const toReply = [...sent].map(([id, t]) => replied.get(id)! - t);
    return { p50: pct(acks, 50), p99: pct(acks, 99), reply50: pct(toReply, 50), reply99: pct(toReply, 99) };
  };

  try {
    // Warm-up: JIT, the token, the contact cache, the planner.
    await saturate('/bench/bare');
    await saturate('/lark/webhook');
    const runs = { bare: [] as Awaited<ReturnType<typeof saturate>>[], hook: [] as Awaited<ReturnType<typeof saturate>>[] };
    const calm: Awaited<ReturnType<typeof steady>>[] = [];
    for (let r = 0; r < 3; r++) {
      runs.bare.push(await saturate('/bench/bare'));
      runs.hook.push(await saturate('/lark/webhook'));
      calm.push(await steady());
    }
    const row = (label: string, xs: number[], digits = 1) =>
      console.log(`${label.padEnd(44)} ${f(Math.min(...xs), digits).padStart(8)} / ${f(median(xs), digits).padStart(8)}`);
    console.log(
      `webhook on ${dataDir ? 'PGlite (data directory)' : engineName}: ${coordinators.length} coordinators, ${EVENTS} events × ${CONCURRENCY} in flight, steady ${RATE}/s for ${STEADY_SECONDS} s; min / median of 3`,
    );
    const saturated = 'webhook, saturated';
    const calmly = `webhook, ${RATE}/s`;
    const rows: [string, number[], number][] = [
      ['bare Hono route: acks/s', runs.bare.map((x) => x.perSecond), 0],
      ['"我的任务" webhook: acks/s', runs.hook.map((x) => x.perSecond), 0],
      ['bare Hono route: ack p50 (ms)', runs.bare.map((x) => x.p50), 1],
      ['bare Hono route: ack p99 (ms)', runs.bare.map((x) => x.p99), 1],
      [`${saturated}: ack p50 (ms)`, runs.hook.map((x) => x.p50), 1],
      [`${saturated}: ack p99 (ms)`, runs.hook.map((x) => x.p99), 1],
      [`${saturated}: send-to-reply p50 (ms)`, runs.hook.map((x) => x.reply50), 0],
      [`${saturated}: send-to-reply p99 (ms)`, runs.hook.map((x) => x.reply99), 0],
      [`${calmly}: ack p50 (ms)`, calm.map((x) => x.p50), 1],
      [`${calmly}: ack p99 (ms)`, calm.map((x) => x.p99), 1],
      [`${calmly}: send-to-reply p50 (ms)`, calm.map((x) => x.reply50), 0],
      [`${calmly}: send-to-reply p99 (ms)`, calm.map((x) => x.reply99), 0],
    ];
    for (const [label, xs, digits] of rows) row(label, xs, digits);
    console.log(`RSS after the runs: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
  } finally {
    server.close();
    await runtime.stop();
    await fake.close();
    await store.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
