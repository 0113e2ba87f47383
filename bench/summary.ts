/**
 * How fast is 汇总 on a large ledger? Builds a district-sized year (150 departments, 3 published
 * notices × 400 tasks, ~20,000 department shares, ~30,000 progress reports) and times `summarize`
 * (median of several runs) for the three scopes leaders use, then renders the card and prints its
 * size. Prints figures, asserts nothing.
 *
 *   npx tsx bench/summary.ts                      # PGlite in memory
 *   DATABASE_URL=postgres://… npx tsx bench/summary.ts   # a scratch database, dropped afterwards
 */
import { pathToFileURL } from 'node:url';
import { inArray, sql } from 'drizzle-orm';
import { openTestDb, engineName } from '../tests/support/db';
import type { Db } from '../src/store/db';
import { assignments, departments, notices, progressReports, tasks } from '../src/store/schema';
import { summarize, type SummaryOptions } from '../src/store/summary';
import { summaryCard } from '../cards/summary';
import { cardBytes, countElements } from '../cards/format';
import { clockAt, shanghaiDate } from '../src/dates';
import { DEPARTMENT_KINDS, type TaskStatus } from '../src/terms';

const TENANT = 'bench';
const DEPARTMENTS = 150;
const NOTICES = 3;
const TASKS_PER_NOTICE = 400;
/** Average departments per task: most tasks go to a handful, group terms ("区直各部门") to dozens. */
const TARGET_ASSIGNMENTS = 20_000;
const TARGET_REPORTS = 30_000;
/** Departments that never report: the silent list leaders ask for first. */
const SILENT_DEPARTMENTS = 25;
const BATCH = 1000;
const RUNS = 9;
const NOW = new Date('2025-10-28T02:00:00Z');

/** Deterministic, so every run measures the same ledger (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20250101);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

async function insertBatched<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/** Exported so a probe can rebuild the same ledger and EXPLAIN the queries. */
export async function build(db: Db): Promise<{ noticeIds: number[]; departmentIds: number[] }> {
  const depts = await db
    .insert(departments)
    .values(
      Array.from({ length: DEPARTMENTS }, (_, i) => ({
        tenantKey: TENANT,
        name: i % 10 === 9 ? `第${i + 1}街道办事处` : `区第${i + 1}委办局`,
        kind: DEPARTMENT_KINDS[i % DEPARTMENT_KINDS.length],
        sortOrder: i + 1,
      })),
    )
    .returning({ id: departments.id });
  const departmentIds = depts.map((d) => d.id);
  const silent = new Set(departmentIds.slice(-SILENT_DEPARTMENTS));

  const noticeRows = await db
    .insert(notices)
    .values(
      Array.from({ length: NOTICES }, (_, i) => ({
        tenantKey: TENANT,
        sourceHash: `bench-${i}`,
        sourceName: `bench-${i}.docx`,
        title: `关于印发2025年政务公开工作要点任务分解表（第${i + 1}批）的通知`,
        status: 'published' as const,
        publishedAt: new Date('2025-02-01T00:00:00Z'),
      })),
    )
    .returning({ id: notices.id });
  const noticeIds = noticeRows.map((n) => n.id);

  const taskValues = noticeIds.flatMap((noticeId) =>
    Array.from({ length: TASKS_PER_NOTICE }, (_, i) => {
      const month = 1 + Math.floor(random() * 12);
      const ongoing = random() < 0.1;
      return {
        tenantKey: TENANT,
        noticeId,
        seq: i + 1,
        requirement: `持续完善并动态更新主动公开事项目录，确保目录内容与政府网站实际公开信息一致（第${i + 1}项）。`,
        deadlineText: ongoing ? '长期坚持' : `${month}月底前`,
        dueOn: ongoing ? null : `2025-${String(month).padStart(2, '0')}-28`,
        ongoing,
      };
    }),
  );
  const taskIds: number[] = [];
  await insertBatched(taskValues, async (batch) => {
    const rows = await db.insert(tasks).values(batch).returning({ id: tasks.id });
    taskIds.push(...rows.map((r) => r.id));
  });

  // Shares: a few named leads per task, and every fifth task goes to a large group.
  const perTask = TARGET_ASSIGNMENTS / taskIds.length;
  const shareValues: (typeof assignments.$inferInsert)[] = [];
  for (const taskId of taskIds) {
    const n = random() < 0.2 ? Math.round(perTask * 3) : Math.max(1, Math.round(perTask * 0.5 * random() * 1.5));
    const chosen = new Set<number>();
    while (chosen.size < Math.min(n, DEPARTMENTS)) chosen.add(pick(departmentIds));
    [...chosen].forEach((departmentId, k) => {
      shareValues.push({
        tenantKey: TENANT,
        taskId,
        departmentId,
        role: k === 0 ? 'lead' : 'responsible',
        viaGroup: k > 3 ? '区直各部门' : null,
      });
    });
  }
  const shares: { id: number; departmentId: number }[] = [];
  await insertBatched(shareValues, async (batch) => {
    shares.push(...(await db.insert(assignments).values(batch).returning({ id: assignments.id, departmentId: assignments.departmentId })));
  });

  // Reports from the talkative departments; the status of a share is that of its latest report.
  const reporting = shares.filter((s) => !silent.has(s.departmentId));
  const reportValues: (typeof progressReports.$inferInsert)[] = [];
  const latest = new Map<number, { status: TaskStatus; at: Date }>();
  for (let i = 0; i < TARGET_REPORTS; i++) {
    const share = pick(reporting);
    const status: TaskStatus = pick(['in_progress', 'in_progress', 'done', 'not_started'] as const);
    const at = new Date(Date.UTC(2025, 2, 1) + Math.floor(random() * 240 * 86_400_000));
    reportValues.push({
      tenantKey: TENANT,
      assignmentId: share.id,
      reporterOpenId: `ou_${share.departmentId}`,
      status,
      text: `第${i + 1}次汇报：已召开专题会议研究部署，正在逐项落实。`,
      createdAt: at,
    });
    const prev = latest.get(share.id);
    if (!prev || prev.at < at) latest.set(share.id, { status, at });
  }
  await insertBatched(reportValues, (batch) => db.insert(progressReports).values(batch));

  // One UPDATE per status (not per share) brings the shares in line with their latest reports;
  // a tenth of the finished ones are closed by the office.
  const byStatus = new Map<TaskStatus, number[]>();
  for (const [id, { status }] of latest) {
    const s: TaskStatus = status === 'done' && id % 10 === 0 ? 'closed' : status;
    byStatus.set(s, [...(byStatus.get(s) ?? []), id]);
  }
  for (const [status, ids] of byStatus) {
    for (let i = 0; i < ids.length; i += BATCH) {
      await db
        .update(assignments)
        .set({ status })
        .where(inArray(assignments.id, ids.slice(i, i + BATCH)));
    }
  }
  // What reportProgress keeps with every report: when the department last reported.
  await db.execute(sql`update ${assignments} set last_report_at = r.at
    from (select ${progressReports.assignmentId} as id, max(${progressReports.createdAt}) as at from ${progressReports} group by 1) r
    where ${assignments.id} = r.id`);
  console.log(
    `ledger: ${DEPARTMENTS} departments, ${NOTICES} notices, ${taskIds.length} tasks, ${shares.length} shares, ${reportValues.length} reports, ${SILENT_DEPARTMENTS} silent departments`,
  );
  return { noticeIds, departmentIds };
}

async function time(label: string, db: Db, opts: SummaryOptions): Promise<void> {
  await summarize(db, TENANT, opts); // warm the caches and plans once
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await summarize(db, TENANT, opts);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(28)} median ${ms[Math.floor(RUNS / 2)].toFixed(1)} ms  (min ${ms[0].toFixed(1)}, max ${ms[RUNS - 1].toFixed(1)}, ${RUNS} runs)`,
  );
}

async function main(): Promise<void> {
  const store = await openTestDb();
  try {
    console.log(`engine: ${engineName}`);
    const t0 = performance.now();
    const { noticeIds, departmentIds } = await build(store.db);
    console.log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // First as PGlite runs in production (it never auto-analyzes: the planner thinks every table
    // is tiny), then with planner statistics, as PostgreSQL has once autovacuum has run.
    for (const stats of ['before ANALYZE (PGlite never auto-analyzes)', 'after ANALYZE']) {
      if (stats === 'after ANALYZE') await store.db.execute(sql`analyze`);
      console.log(`-- ${stats}`);
      await time('all published notices', store.db, { today: shanghaiDate(NOW) });
      await time('one notice', store.db, { today: shanghaiDate(NOW), noticeId: noticeIds[1] });
      await time('one department', store.db, { today: shanghaiDate(NOW), departmentId: departmentIds[3] });
    }

    const view = await summarize(store.db, TENANT, { today: shanghaiDate(NOW) });
    console.log(
      `view: ${view.totals.tasks} tasks, ${view.totals.assignments} shares, ${view.totals.overdue} overdue tasks, ${view.perDepartment.length} departments, ${view.silentDepartments.length} silent`,
    );
    for (const locale of ['zh_cn', 'en_us'] as const) {
      const card = summaryCard(view, { locale, clock: clockAt(NOW) });
      console.log(`card (${locale}): ${cardBytes(card)} bytes, ${countElements(card)} elements`);
    }
  } finally {
    await store.close();
  }
}

// Run only as a script, not when a probe imports build().
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
