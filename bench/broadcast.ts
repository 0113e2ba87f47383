/**
 * 发布 to 1,000 department chats through a fake Lark that enforces Lark's limits with 429s
 * (50 messages/s and 1,000/min for the app, 5/s per chat): wall time from 发布 to the last card
 * delivered, as a multiple of the 60 s that 1,000/min allows at best, and cards lost or delivered
 * twice; then the same with the delivering process killed (SIGKILL) halfway and started again.
 * Delivery runs in a child process (this script with --deliver), as the server's loop would;
 * the wall time includes starting it. Three runs of each; PostgreSQL only (two processes share
 * the database). Asserts nothing.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:broadcast
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { startFakeLark, type RecordedRequest } from '../playground/lark/fake-lark';
import { createLarkApi } from '../src/lark/api';
import { startDeliveryLoop } from '../src/outbox/loop';
import { publishNotice } from '../src/publish';
import { openDb } from '../src/store/open-node';
import { freshDatabase } from '../tests/support/db';
import { buildPublishTenant, PUBLISH_DEPARTMENTS, PUBLISH_TENANT } from './scale-ledger';

const SEND_PATH = '/open-apis/im/v1/messages';

async function deliver() {
  const store = await openDb({ databaseUrl: process.env.DATABASE_URL });
  const lark = createLarkApi({
    appId: process.env.LARK_APP_ID!,
    appSecret: process.env.LARK_APP_SECRET!,
    domain: process.env.LARK_DOMAIN!,
  });
  startDeliveryLoop({ db: store.db, lark, now: () => new Date(), holder: `bench:${process.pid}` });
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('bench/broadcast.ts needs DATABASE_URL (PostgreSQL): two processes share the database');
  const fresh = await freshDatabase(url);
  const store = await openDb({ databaseUrl: fresh.url });
  const sql = postgres(fresh.url, { max: 1, onnotice: () => {} });
  const fake = await startFakeLark();

  // Lark's limits, enforced on message sends: a send over any of them is answered 429.
  const appSends: number[] = [];
  const chatSends = new Map<string, number[]>();
  let refused = 0;
  const overLimit = (r: RecordedRequest) => {
    if (r.method !== 'POST' || r.path !== SEND_PATH) return false;
    const now = Date.now();
    while (appSends.length && appSends[0] <= now - 60_000) appSends.shift();
    const chat = String((r.body as { receive_id?: unknown } | undefined)?.receive_id);
    const mine = (chatSends.get(chat) ?? []).filter((t) => t > now - 1000);
    const lastSecond = appSends.filter((t) => t > now - 1000).length;
    if (lastSecond >= 50 || appSends.length >= 1000 || mine.length >= 5) {
      refused++;
      return true;
    }
    appSends.push(now);
    chatSends.set(chat, [...mine, now]);
    return false;
  };
  fake.failNext(overLimit, Number.MAX_SAFE_INTEGER, { status: 429, code: 99991400, msg: 'request trigger frequency limit' });

  const child = (): ChildProcess =>
    spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--deliver'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DATABASE_URL: fresh.url, LARK_APP_ID: fake.appId, LARK_APP_SECRET: fake.appSecret, LARK_DOMAIN: fake.url },
    });
  const stop = async (c: ChildProcess, signal: NodeJS.Signals) => {
    if (c.exitCode !== null) return;
    c.kill(signal);
    await new Promise((r) => c.once('exit', r));
  };
  /** Cards the fake Lark took per chat for this run (a resend under the same uuid is not a new card). */
  const delivered = () => {
    const perChat = new Map<string, number>();
    for (const m of fake.sent())
      if (m.kind === 'send' && m.receiveId?.startsWith('oc_p_')) perChat.set(m.receiveId, (perChat.get(m.receiveId) ?? 0) + 1);
    return perChat;
  };

  try {
    const drafts = await buildPublishTenant(sql, 6);
    const results: { kill: boolean; seconds: number; lost: number; twice: number; refused: number }[] = [];
    for (const [i, noticeId] of drafts.entries()) {
      const kill = i % 2 === 1;
      fake.reset();
      fake.failNext(overLimit, Number.MAX_SAFE_INTEGER, { status: 429, code: 99991400, msg: 'request trigger frequency limit' });
      refused = 0;
      // A fresh minute for every run, as if the app had sent nothing before.
      await new Promise((r) => setTimeout(r, 61_000 - Math.min(61_000, Date.now() - (appSends.at(-1) ?? 0))));
      appSends.length = 0;
      chatSends.clear();

      const t0 = performance.now();
      const published = await publishNotice(store.db, { tenantKey: PUBLISH_TENANT, noticeId, byOpenId: 'ou_office', now: new Date() });
      if (published.status !== 'published') throw new Error(`publish: ${published.status}`);
      let c = child();
      let killed = !kill;
      const deadline = Date.now() + 600_000;
      while (delivered().size < PUBLISH_DEPARTMENTS) {
        if (Date.now() > deadline) break;
        if (!killed && delivered().size >= PUBLISH_DEPARTMENTS / 2) {
          await stop(c, 'SIGKILL');
          c = child();
          killed = true;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      const seconds = (performance.now() - t0) / 1000;
      // Anything still owed would be sent a little later: wait, then count duplicates.
      await new Promise((r) => setTimeout(r, 3000));
      await stop(c, 'SIGTERM');
      const perChat = delivered();
      results.push({
        kill,
        seconds,
        lost: PUBLISH_DEPARTMENTS - perChat.size,
        twice: [...perChat.values()].filter((n) => n > 1).length,
        refused,
      });
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`broadcast of ${PUBLISH_DEPARTMENTS} cards, fake Lark enforcing 50/s, 1,000/min, 5/s per chat; min / median of 3`);
    for (const kill of [false, true]) {
      const rs = results.filter((r) => r.kill === kill);
      const s = rs.map((r) => r.seconds);
      console.log(
        `${(kill ? 'killed and restarted halfway' : 'one delivering process').padEnd(30)} ${Math.min(...s).toFixed(1)} / ${median(s).toFixed(1)} s = ×${(Math.min(...s) / 60).toFixed(2)} / ×${(median(s) / 60).toFixed(2)} the 60 s minimum; lost ${rs.map((r) => r.lost).join(', ')}; delivered twice ${rs.map((r) => r.twice).join(', ')}; 429s ${rs.map((r) => r.refused).join(', ')}`,
      );
    }
  } finally {
    await fake.close();
    await sql.end({ timeout: 5 });
    await store.close();
    await fresh.drop();
  }
}

if (process.argv.includes('--deliver')) await deliver();
else await main();
