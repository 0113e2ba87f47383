/**
 * A hundred governments on one database: builds the multi-tenant ledger of bench/scale-ledger.ts
 * in a scratch PostgreSQL database (created here and dropped at the end), first 10 tenants
 * (100,000 shares), then 100 (1,000,000), and at each size times what grows with the ledger: the
 * scheduler tick with a day's reminders due and with nothing due, 汇总, 我的任务, and 发布 to
 * 1,000 departments. Each figure is min / median of three runs (a run of a short operation is the
 * mean of many calls, which smooths a shared machine's scheduling noise), next to a bare
 * `select 1` round trip from the same run; the same tenant (t001) is measured at both sizes, so a
 * flat cost shows as the same figure twice. Prints figures, asserts nothing.
 *
 *   npx tsx bench/scale.ts                    # 10 then 100 tenants on DATABASE_URL (default: local PostgreSQL)
 *   npx tsx bench/scale.ts --tenants 10       # one size only
 *   npx tsx bench/scale.ts --explain          # also EXPLAIN (ANALYZE, BUFFERS) every SELECT of 汇总 and of the tick
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { myTasksCommand } from '../commands/my-tasks';
import type { CommandContext } from '../commands/types';
import { clockAt } from '../src/dates';
import { publishNotice } from '../src/publish';
import { DEFAULT_SCHEDULER_CONFIG, runScheduledJobs } from '../src/scheduler';
import type { Db } from '../src/store/db';
import { openDb } from '../src/store/open-node';
import { schema } from '../src/store/db';
import { summarize } from '../src/store/summary';
import {
  buildPublishTenant,
  buildTenants,
  DEPARTMENTS,
  dropPublishTenant,
  PUBLISH_DEPARTMENTS,
  PUBLISH_TENANT,
  tenantKey,
} from './scale-ledger';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'duban_bench_scale';
/** Tuesday to Thursday at 10:00 in Shanghai: three ordinary working days of reminders. */
const TICK_DAYS = ['2025-10-28', '2025-10-29', '2025-10-30'];
const NOW = new Date('2025-10-28T02:00:00Z');
const MEASURED_TENANT = tenantKey(1);
const REPLIES_PER_RUN = 200;
const IDLE_TICKS = 20;
const RUNS = 3;

const args = process.argv.slice(2);
const sizes = (args.includes('--tenants') ? args[args.indexOf('--tenants') + 1] : '10,100').split(',').map(Number);
const explain = args.includes('--explain');

const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);

/** Every statement the app sends, so a phase can count them or EXPLAIN them afterwards. */
interface Recorded {
  query: string;
  params: unknown[];
}
let recording: Recorded[] | null = null;

interface Sample {
  ms: number;
  cpuMs: number;
  stallMs: number;
}

/** Runs `fn` and measures wall time, this process's CPU time and the longest event-loop stall. */
async function sample<T>(fn: () => Promise<T>): Promise<Sample & { value: T }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  loop.disable();
  return { value, ms, cpuMs: (used.user + used.system) / 1000, stallMs: loop.max / 1e6 };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const minMedian = (xs: number[]) => {
  const s = sorted(xs);
  return `${fmt(s[0])} / ${fmt(s[Math.floor(s.length / 2)])}`;
};
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

/** One row of the figures table: a label and one cell per size. */
const figures = new Map<string, string[]>();
function figure(label: string, cell: string): void {
  figures.set(label, [...(figures.get(label) ?? []), cell]);
  console.log(`  ${label.padEnd(44)} ${cell}`);
}

/** Three runs of `calls` calls each: per-call wall and CPU time of each run (averaging over a run smooths a shared machine's scheduling noise). */
async function runs(calls: number, fn: (i: number) => Promise<unknown>): Promise<Sample[]> {
  await fn(0); // warm caches, plans and prepared statements once
  const out: Sample[] = [];
  for (let r = 0; r < RUNS; r++) {
    const s = await sample(async () => {
      for (let i = 0; i < calls; i++) await fn(r * calls + i + 1);
    });
    out.push({ ms: s.ms / calls, cpuMs: s.cpuMs / calls, stallMs: s.stallMs });
  }
  return out;
}

async function measurePhase(db: Db, sql: postgres.Sql, tenants: number): Promise<void> {
  const roundTrips = await runs(100, () => sql`select 1`);
  figure('reference: select 1 round trip (ms)', minMedian(roundTrips.map((s) => s.ms)));

  // --- the scheduler: a day's first tick, then ticks with nothing new ----------------------
  const [{ watermark }] = await sql<{ watermark: number }[]>`select coalesce(max(id), 0)::int as watermark from outbox`;
  const busy: (Sample & { cards: number })[] = [];
  const idle: Sample[] = [];
  for (const day of TICK_DAYS) {
    const first = await sample(() => runScheduledJobs({ db, now: at(day, '10:00'), config: DEFAULT_SCHEDULER_CONFIG }));
    const r = first.value;
    busy.push({ ...first, cards: r.remind.enqueued + r.overdue.enqueued + r.checkin.enqueued + r.digest.enqueued });
    const later = await sample(async () => {
      for (let i = 0; i < IDLE_TICKS; i++) await runScheduledJobs({ db, now: at(day, '10:05'), config: DEFAULT_SCHEDULER_CONFIG });
    });
    idle.push({ ms: later.ms / IDLE_TICKS, cpuMs: later.cpuMs / IDLE_TICKS, stallMs: later.stallMs });
  }
  figure("tick, a day's reminders due (ms)", minMedian(busy.map((s) => s.ms)));
  figure(
    '  cards enqueued / app CPU (ms) / max stall (ms)',
    `${median(busy.map((s) => s.cards))} / ${fmt(median(busy.map((s) => s.cpuMs)))} / ${fmt(median(busy.map((s) => s.stallMs)))}`,
  );
  figure(`tick, nothing due (ms, mean of ${IDLE_TICKS})`, minMedian(idle.map((s) => s.ms)));
  figure('  app CPU (ms)', fmt(median(idle.map((s) => s.cpuMs))));
  if (explain) await explainTick(db, sql);
  // The next size decides the same days afresh.
  await forgetTicks(sql, watermark);

  // --- 汇总 for one tenant --------------------------------------------------------------------
  const today = clockAt(NOW).today;
  const summaries = await runs(10, () => summarize(db, MEASURED_TENANT, { today }));
  figure('汇总, one tenant (ms, mean of 10)', minMedian(summaries.map((s) => s.ms)));
  if (explain) await explainStatements(sql, '汇总', () => summarize(db, MEASURED_TENANT, { today }));

  // --- 我的任务: the tenant's departments in turn, each reply rendered and serialised ---------
  const depts = await sql<{ id: number; name: string }[]>`
    select id, name from departments where tenant_key = ${MEASURED_TENANT} order by sort_order`;
  const replies = await runs(REPLIES_PER_RUN, async (i) => {
    const d = depts[i % depts.length];
    const ctx: CommandContext = {
      db,
      tenantKey: MEASURED_TENANT,
      locale: 'zh_cn',
      clock: clockAt(NOW),
      sender: { openId: `ou_c_${d.id}`, role: 'coordinator', department: d, via: 'member' },
      chat: { id: null, type: 'p2p' },
      mentions: [],
    };
    const r = await myTasksCommand.run(ctx, '');
    return JSON.stringify(r?.card).length;
  });
  figure(`我的任务, one reply (ms, mean of ${REPLIES_PER_RUN})`, minMedian(replies.map((s) => s.ms)));
  figure(
    '  replies/s (median) / per app CPU second (median)',
    `${Math.round(1000 / median(replies.map((s) => s.ms)))} / ${Math.round(1000 / median(replies.map((s) => s.cpuMs)))}`,
  );

  // --- 发布 to 1,000 departments ---------------------------------------------------------------
  // One more draft than measured: the first publish warms the caches.
  const [warmUp, ...drafts] = await buildPublishTenant(sql, RUNS + 1);
  await publishNotice(db, { tenantKey: PUBLISH_TENANT, noticeId: warmUp, byOpenId: 'ou_office', now: NOW });
  const publishes: (Sample & { statements: number; messages: number })[] = [];
  for (const noticeId of drafts) {
    recording = [];
    const s = await sample(() => publishNotice(db, { tenantKey: PUBLISH_TENANT, noticeId, byOpenId: 'ou_office', now: NOW }));
    const messages = s.value.status === 'published' ? s.value.messages : 0;
    publishes.push({ ...s, statements: recording.length, messages });
    recording = null;
  }
  await dropPublishTenant(sql);
  figure(`发布 to ${PUBLISH_DEPARTMENTS.toLocaleString('en')} departments (ms)`, minMedian(publishes.map((s) => s.ms)));
  figure(
    '  statements / cards / max stall (ms)',
    `${publishes[0].statements} / ${publishes[0].messages} / ${fmt(median(publishes.map((s) => s.stallMs)))}`,
  );
  console.log(`  (${tenants} tenants measured)`);
}

/** Removes what the measured ticks decided, so the next size starts each day undecided too. */
async function forgetTicks(sql: postgres.Sql, watermark: number): Promise<void> {
  await sql`delete from outbox where id > ${watermark}`;
  await sql`vacuum analyze outbox`;
}

/** A fourth day's ticks, explained: each distinct SELECT once, with the first tenant's parameters. */
async function explainTick(db: Db, sql: postgres.Sql): Promise<void> {
  for (const [label, time] of [["tick, a day's reminders due", '10:00'] as const, ['tick, nothing due', '10:05'] as const]) {
    await explainStatements(sql, label, () => runScheduledJobs({ db, now: at('2025-10-31', time), config: DEFAULT_SCHEDULER_CONFIG }));
  }
}

/** Runs `fn` recording its statements, then prints EXPLAIN (ANALYZE, BUFFERS) of each distinct SELECT. */
async function explainStatements(sql: postgres.Sql, label: string, fn: () => Promise<unknown>): Promise<void> {
  recording = [];
  await fn();
  const statements = recording;
  recording = null;
  const seen = new Set<string>();
  for (const s of statements) {
    if (!/^\s*(select|with)\b/i.test(s.query) || seen.has(s.query)) continue;
    seen.add(s.query);
    const plan = await sql.unsafe<{ 'QUERY PLAN': string }[]>(`explain (analyze, buffers) ${s.query}`, s.params as never[]);
    console.log(`\n-- ${label}: ${s.query.replace(/\s+/g, ' ').slice(0, 160)}…\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  console.log(`-- ${label}: ${statements.length} statements, ${seen.size} distinct SELECTs explained\n`);
}

async function main(): Promise<void> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  const sql = postgres(url.toString(), {
    max: 5,
    onnotice: () => {},
    debug: (_connection, query, params) => recording?.push({ query, params }),
  });
  const stop = async () => {
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.end({ timeout: 5 });
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  try {
    // The app's own migrations, then the app's queries through a client that can count them.
    await (await openDb({ databaseUrl: url.toString() })).close();
    const db = drizzle(sql, { schema }) as unknown as Db;
    const [{ version }] = await sql<{ version: string }[]>`select split_part(version(), ' ', 2) as version`;
    console.log(`PostgreSQL ${version}, database ${DB_NAME}; ${DEPARTMENTS} departments per tenant`);
    let built = 0;
    for (const tenants of sizes) {
      const t0 = performance.now();
      await buildTenants(sql, built + 1, tenants);
      built = tenants;
      const [counts] = await sql<{ assignments: number; reports: number; outbox: number }[]>`
        select (select count(*) from assignments)::int as assignments, (select count(*) from progress_reports)::int as reports,
          (select count(*) from outbox)::int as outbox`;
      console.log(
        `\n${tenants} tenants: ${counts.assignments.toLocaleString('en')} shares, ${counts.reports.toLocaleString('en')} reports, ` +
          `${counts.outbox.toLocaleString('en')} outbox rows (built in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
      );
      await measurePhase(db, sql, tenants);
    }
    console.log(`\n| figure | ${sizes.map((n) => `${n} tenants`).join(' | ')} |\n|---|${sizes.map(() => '---:').join('|')}|`);
    for (const [label, cells] of figures) console.log(`| ${label.trim()} | ${cells.join(' | ')} |`);
  } finally {
    await stop();
  }
}

await main();
