/**
 * Start-up costs, next to `node -e 1` from the same run, min / median of three:
 *
 * - the server from spawn to its first answer: a signed "我的任务" acknowledged (200), and its reply
 *   reaching the fake Lark; compiled (`node dist/node.js`, what `npm start` runs) and from the
 *   sources through tsx (what `npm start` ran before);
 * - `duban parse` of a real notice, compiled (the bin) and through tsx (`npm run duban`);
 * - the server's RSS at rest, two seconds after its first answer.
 *
 * The server opens an embedded database prepared here once (migrated, one coordinator), so each
 * start measures opening it, not creating it. Builds dist/ first if it is stale. Asserts nothing.
 *
 *   npm run bench:startup
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeLark } from '../playground/lark/fake-lark';
import { messageEvent, signedRequest } from '../playground/lark/lark-payloads';
import { openDb } from '../src/store/open-node';
import { setMember } from '../src/store/members';
import { findDepartmentByName } from '../src/store/directory';
import { importNotice, sourceHash } from '../src/store/notice-import';
import { parseNoticeFile } from '../src/notice/parse';
// @ts-expect-error: a plain JavaScript build script, without types
import { build, isStale } from '../scripts/build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SEED = join(root, 'tests/fixtures/seeds/004_8f567bc9b8b33b76.txt');
const TENANT = 'startup-bench';
const COORD = 'ou_startup_coord';
const VERIFICATION_TOKEN = 'startup-token';
const ENCRYPT_KEY = 'startup-encrypt-key';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;
const row = (label: string, xs: number[], ref?: number[]) =>
  console.log(
    `${label.padEnd(46)} ${ms(Math.min(...xs))} / ${ms(median(xs))}${ref ? `   ×${(median(xs) / median(ref)).toFixed(1)} node -e 1` : ''}`,
  );

function wall(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}`);
  return performance.now() - t0;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function main() {
  if (isStale()) await build();
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-startup-'));
  const pglite = join(dataDir, 'pglite');
  {
    const store = await openDb({ dataDir: pglite });
    const bytes = new Uint8Array(readFileSync(SEED));
    await importNotice(
      store.db,
      TENANT,
      await parseNoticeFile(bytes, 'seed.txt'),
      { hash: await sourceHash(bytes), name: 'seed.txt' },
      { publish: true },
    );
    const dept = await findDepartmentByName(store.db, TENANT, '县发展和改革局');
    await setMember(store.db, { tenantKey: TENANT, openId: COORD, role: 'coordinator', departmentId: dept?.id ?? null });
    await store.close();
  }
  const fake = await startFakeLark();
  const replied = new Map<string, number>();
  fake.onRequest((r) => {
    const m = r.path.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/);
    if (m) replied.set(decodeURIComponent(m[1]), performance.now());
  });

  let n = 0;
  /** Spawns the server, posts "我的任务" until it is acknowledged, waits for the reply; reads RSS at rest. */
  async function serverStart(args: string[]) {
    const port = await freePort();
    const t0 = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        PORT: String(port),
        DUBAN_DATA_DIR: pglite,
        DATABASE_URL: '',
        LARK_APP_ID: fake.appId,
        LARK_APP_SECRET: fake.appSecret,
        LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
        LARK_ENCRYPT_KEY: ENCRYPT_KEY,
        LARK_DOMAIN: fake.url,
      },
    });
    try {
      let ack = 0;
      let messageId = '';
      while (!ack) {
        messageId = `om_startup_${n++}`;
        const req = signedRequest(
          messageEvent({ text: '我的任务', chatType: 'p2p', chatId: 'oc_p2p_startup', openId: COORD, messageId, tenantKey: TENANT }),
          { verificationToken: VERIFICATION_TOKEN, encryptKey: ENCRYPT_KEY },
        );
        try {
          const res = await fetch(`http://127.0.0.1:${port}/lark/webhook`, { method: 'POST', body: req.body, headers: req.headers });
          if (res.ok) ack = performance.now() - t0;
        } catch {
          await new Promise((r) => setTimeout(r, 20)); // not listening yet
        }
        if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      }
      while (!replied.has(messageId)) await new Promise((r) => setTimeout(r, 5));
      const reply = replied.get(messageId)! - t0;
      await new Promise((r) => setTimeout(r, 2000));
      const rss = Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? Number.NaN) / 1024;
      return { ack, reply, rss };
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }

  try {
    const ref: number[] = [];
    const parseBuilt: number[] = [];
    const parseTsx: number[] = [];
    const built: Awaited<ReturnType<typeof serverStart>>[] = [];
    const tsx: Awaited<ReturnType<typeof serverStart>>[] = [];
    for (let r = 0; r < 3; r++) {
      ref.push(wall(process.execPath, ['-e', '1']));
      parseBuilt.push(wall(process.execPath, [join(root, 'bin/duban.js'), 'parse', SEED, '--json']));
      parseTsx.push(wall('npm', ['run', '-s', 'duban', '--', 'parse', SEED, '--json']));
      built.push(await serverStart(['--enable-source-maps', 'dist/node.js']));
      tsx.push(await serverStart(['--import', 'tsx', 'src/node.ts']));
    }
    console.log('start-up, min / median of 3 (ratio of medians to node -e 1 from the same run)');
    row('reference: node -e 1', ref);
    row('duban parse (bin, compiled)', parseBuilt, ref);
    row('duban parse (npm run duban, tsx)', parseTsx, ref);
    row(
      'server to first ack (compiled)',
      built.map((x) => x.ack),
      ref,
    );
    row(
      'server to first reply (compiled)',
      built.map((x) => x.reply),
      ref,
    );
    row(
      'server to first ack (tsx)',
      tsx.map((x) => x.ack),
      ref,
    );
    row(
      'server to first reply (tsx)',
      tsx.map((x) => x.reply),
      ref,
    );
    const mb = (xs: number[]) => `${Math.min(...xs).toFixed(0)} / ${median(xs).toFixed(0)} MB`;
    console.log(`${'server RSS at rest (compiled)'.padEnd(46)} ${mb(built.map((x) => x.rss))}`);
    console.log(`${'server RSS at rest (tsx)'.padEnd(46)} ${mb(tsx.map((x) => x.rss))}`);
  } finally {
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
