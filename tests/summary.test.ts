import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { openTestDb, engineName } from './support/db';
import type { OpenedDb } from '../src/store/db';
import { parseNoticeFile } from '../src/notice/parse';
import { importNotice, sourceHash } from '../src/store/notice-import';
import { departmentTasks, ledger } from '../src/store/ledger';
import { findDepartmentByName, listDepartments } from '../src/store/directory';
import { recordProgress } from '../src/store/progress';
import { summarize } from '../src/store/summary';
import type { DepartmentSummary, SummaryView } from '../src/views/summary';
import type { Sender } from '../src/identity';

import { CHART_DEPARTMENTS, completionRate, rankDepartments, shareText, summaryCard as renderSummary } from '../cards/summary';
import { ActionValue } from '../cards/action-value';
import { CARD_BYTE_BUDGET, MAX_CARD_ELEMENTS, countElements, sendRequestBytes, truncate, type Card } from '../cards/format';
import type { RenderContext } from '../src/views/common';
import { runAction, runCommand } from '../commands/run';
import { parseSummaryArgs, summaryCommand } from '../commands/summary';
import type { CommandContext, Reply } from '../commands/types';
import { commandContext } from './support/context';
import { clockAt, isOverdueOn, shanghaiDate } from '../src/dates';
import type { TaskStatus } from '../src/terms';
import { gated } from '../playground/lark/card-schema';

// Every card rendered here passes the Card JSON 2.0 gate (tests/support/card-schema.ts).
const summaryCard = gated(renderSummary);

const TENANT = 't-summary';
const SEED = '002_1767bb79f9d560a4.txt';
const DRAFT_SEED = '004_8f567bc9b8b33b76.txt';
// 2025-10-28 10:00 in Shanghai: after the 3月底 and 9月底 deadlines, three days before 10月底.
const NOW = new Date('2025-10-28T02:00:00Z');
const OFFICE = '区党政办公室';
const HOUSING = '区城乡建设和交通局';

type Node = Record<string, unknown>;

function findAll(node: unknown, pred: (n: Node) => boolean, out: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const child of node) findAll(child, pred, out);
  else if (node !== null && typeof node === 'object') {
    if (pred(node as Node)) out.push(node as Node);
    for (const child of Object.values(node)) findAll(child, pred, out);
  }
  return out;
}

const charts = (card: Card) => findAll(card.body, (n) => n.tag === 'chart');
const chartOfType = (card: Card, type: string) => charts(card).find((c) => (c.chart_spec as Node).type === type);
const chartValues = (chart: Node | undefined) =>
  ((chart?.chart_spec as { data: { values: Node[] }[] } | undefined)?.data[0].values ?? []) as Node[];
const headerTitle = (card: Card) => (card.header.title as { content: string }).content;

async function importSeed(store: OpenedDb, name: string, publish: boolean) {
  const bytes = new Uint8Array(readFileSync(new URL(`./fixtures/seeds/${name}`, import.meta.url)));
  return importNotice(store.db, TENANT, await parseNoticeFile(bytes, name), { hash: await sourceHash(bytes), name }, { publish });
}

/** Reports on a department's share of task `seq`, the way the report form does. */
async function report(store: OpenedDb, department: string, seq: number, status: 'in_progress' | 'done', text: string) {
  const dept = (await findDepartmentByName(store.db, TENANT, department))!;
  const item = (await departmentTasks(store.db, TENANT, dept.id, { filter: 'all', today: shanghaiDate(NOW) })).find((t) => t.seq === seq)!;
  const r = await recordProgress(store.db, {
    tenantKey: TENANT,
    assignmentId: item.assignmentId,
    version: item.version,
    departmentId: dept.id,
    reporterOpenId: 'ou_coordinator',
    status,
    text,
    evidenceUrl: null,
  });
  expect(r.ok).toBe(true);
}

describe(`the summary store on ${engineName}`, () => {
  let store: OpenedDb;
  let noticeId: number;
  let draftId: number;
  let view: SummaryView;

  beforeAll(async () => {
    store = await openTestDb();
    noticeId = (await importSeed(store, SEED, true)).noticeId;
    draftId = (await importSeed(store, DRAFT_SEED, false)).noticeId;
    // In this order, so the newest report is the housing bureau's task 30.
    await report(store, OFFICE, 1, 'done', '主动公开事项目录已全面更新');
    await report(store, OFFICE, 3, 'done', '已完成');
    await report(store, OFFICE, 11, 'in_progress', '政策解读工作指引已起草，正在征求意见');
    await report(store, HOUSING, 7, 'in_progress', '正在梳理重点领域信息');
    await report(store, HOUSING, 30, 'done', '已在政府网站专栏发布');
    view = await summarize(store.db, TENANT, { today: shanghaiDate(NOW) });
  });
  afterAll(async () => store?.close());

  it('counts the tasks, department shares and statuses of published notices only', () => {
    expect(view.scope).toEqual({ label: '全部已发布通知', noticeId: null, noticeTitle: null, noticeCount: 1, department: null });
    expect(view.asOf).toBe('2025-10-28');
    expect(view.totals).toEqual({
      tasks: 56,
      assignments: 418,
      byStatus: { not_started: 413, in_progress: 2, done: 3, closed: 0 },
      overdue: 3,
      overdueAssignments: 32,
      dueSoon: 1,
      unassigned: 1,
    });
  });

  it("gives each department's finished, in-progress and overdue counts in directory order", async () => {
    const directory = await listDepartments(store.db, TENANT);
    const order = directory.map((d) => d.name).filter((n) => view.perDepartment.some((d) => d.department === n));
    expect(view.perDepartment.map((d) => d.department)).toEqual(order);
    expect(view.perDepartment).toHaveLength(11);
    const office = view.perDepartment.find((d) => d.department === OFFICE)!;
    expect(office).toMatchObject({ total: 41, done: 2, closed: 0, inProgress: 1, notStarted: 38, overdue: 2 });
    expect(office.lastReportAt).not.toBeNull();
    const housing = view.perDepartment.find((d) => d.department === HOUSING)!;
    expect(housing).toMatchObject({ total: 39, done: 1, inProgress: 1, notStarted: 37, overdue: 3 });
    expect(Date.parse(housing.lastReportAt!)).toBeGreaterThan(Date.parse(office.lastReportAt!));
  });

  it('lists overdue tasks most overdue first, with the units that still owe them', () => {
    expect(view.overdueTasks.map((t) => [t.seq, t.dueOn])).toEqual([
      [1, '2025-03-31'],
      [11, '2025-09-30'],
      [17, '2025-09-30'],
    ]);
    const [first, second] = view.overdueTasks;
    // The office reported task 1 done: it no longer owes it; the other ten units do.
    expect(first.departments).toHaveLength(10);
    expect(first.departments).not.toContain(OFFICE);
    expect(first.departments[0]).toBe('区自然资源和规划分局');
    // In progress is still owing.
    expect(second.departments).toContain(OFFICE);
    expect(view.overdueTasks.every((t) => !t.unassigned)).toBe(true);
  });

  it('lists the units that never reported in directory order, leaving out the two that did', () => {
    expect(view.silentDepartments.map((d) => d.name)).toEqual([
      '区自然资源和规划分局',
      '区党工委组织部（人力资源部）',
      '区经济运行局',
      '区党政办公室（宣传）',
      '区发展软环境和保障局',
      '区行政审批服务局',
      '区发展改革局',
      '区市场监管局',
      '区生态环境分局',
    ]);
  });

  it('shows the latest progress newest first', () => {
    expect(view.recent.map((r) => [r.department, r.seq, r.status, r.text])).toEqual([
      [HOUSING, 30, 'done', '已在政府网站专栏发布'],
      [HOUSING, 7, 'in_progress', '正在梳理重点领域信息'],
      [OFFICE, 11, 'in_progress', '政策解读工作指引已起草，正在征求意见'],
      [OFFICE, 3, 'done', '已完成'],
      [OFFICE, 1, 'done', '主动公开事项目录已全面更新'],
    ]);
    const times = view.recent.map((r) => Date.parse(r.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('agrees with the ledger, computed task by task', async () => {
    const rows = await ledger(store.db, TENANT, { noticeId });
    const shares = rows.flatMap((r) => r.departments.map((d) => d.status));
    const count = (s: TaskStatus) => shares.filter((x) => x === s).length;
    expect(view.totals.byStatus).toEqual({
      not_started: count('not_started'),
      in_progress: count('in_progress'),
      done: count('done'),
      closed: count('closed'),
    });
    expect(view.totals.tasks).toBe(rows.length);
    expect(view.totals.overdue).toBe(rows.filter((r) => isOverdueOn(r, shanghaiDate(NOW))).length);
  });

  it('counts 7 天内到期 from the Shanghai calendar date', async () => {
    // Task 15 is due 10-31: 7 days after 10-24 in Shanghai (soon), 8 days after 10-23 (not yet),
    // although both instants below are 10-23 in UTC.
    const earlier = await summarize(store.db, TENANT, { today: shanghaiDate(new Date('2025-10-23T17:00:00Z')) });
    expect(earlier.asOf).toBe('2025-10-24');
    expect(earlier.totals.dueSoon).toBe(1);
    const before = await summarize(store.db, TENANT, { today: shanghaiDate(new Date('2025-10-23T15:00:00Z')) });
    expect(before.asOf).toBe('2025-10-23');
    expect(before.totals.dueSoon).toBe(0);
  });

  it("narrows to one department's own shares", async () => {
    const office = (await findDepartmentByName(store.db, TENANT, OFFICE))!;
    const mine = await summarize(store.db, TENANT, { today: shanghaiDate(NOW), departmentId: office.id });
    expect(mine.scope.department).toEqual({ id: office.id, name: OFFICE });
    expect(mine.totals).toMatchObject({
      tasks: 41,
      assignments: 41,
      overdue: 2,
      byStatus: { not_started: 38, in_progress: 1, done: 2, closed: 0 },
    });
    expect(mine.perDepartment.map((d) => d.department)).toEqual([OFFICE]);
    expect(mine.overdueTasks.map((t) => [t.seq, t.departments])).toEqual([
      [11, [OFFICE]],
      [17, [OFFICE]],
    ]);
    expect(mine.silentDepartments).toEqual([]);
    expect(mine.recent.every((r) => r.department === OFFICE)).toBe(true);
  });

  it('narrows to one published notice by id and finds nothing in a draft', async () => {
    const one = await summarize(store.db, TENANT, { today: shanghaiDate(NOW), noticeId });
    expect(one.scope.noticeTitle).toBe('关于印发济宁高新区贯彻落实2025年济宁市政务公开任务分解表的通知');
    expect(one.scope.label).toBe(one.scope.noticeTitle);
    expect(one.totals).toEqual(view.totals);
    const draft = await summarize(store.db, TENANT, { today: shanghaiDate(NOW), noticeId: draftId });
    expect(draft.scope.noticeCount).toBe(0);
    expect(draft.perDepartment).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

const CTX: RenderContext = { locale: 'zh_cn', clock: clockAt(new Date('2025-10-28T02:00:00Z')) };
const STATUSES = ['not_started', 'in_progress', 'done', 'closed'] as const;

/** A deterministic view of `n` departments and `tasks` tasks, for the card alone. */
function syntheticView(n: number, taskCount: number, over: Partial<SummaryView> = {}): SummaryView {
  const perDepartment: DepartmentSummary[] = Array.from({ length: n }, (_, i) => {
    const total = 20 + ((i * 7) % 40);
    const done = (i * 5) % (total + 1);
    const closed = Math.floor(done / 3);
    const inProgress = Math.min(total - done, (i * 3) % 11);
    return {
      departmentId: i + 1,
      department: i % 4 === 0 ? `区党工委组织部（人力资源部）第${i + 1}工作组` : `区第${i + 1}委办局`,
      sortOrder: i + 1,
      total,
      done,
      closed,
      inProgress,
      notStarted: total - done - inProgress,
      overdue: i % 3,
      lastReportAt: i % 2 ? `2025-10-${String(1 + (i % 27)).padStart(2, '0')}T02:00:00.000Z` : null,
    };
  });
  const byStatus = { not_started: 0, in_progress: 0, done: 0, closed: 0 };
  for (const d of perDepartment) {
    byStatus.not_started += d.notStarted;
    byStatus.in_progress += d.inProgress;
    byStatus.done += d.done - d.closed;
    byStatus.closed += d.closed;
  }
  const long = '持续完善并动态更新主动公开事项目录，确保目录内容与政府网站实际公开信息一致，做到应公开尽公开。'.repeat(5);
  return {
    asOf: '2025-10-28',
    scope: { label: '全部已发布通知', noticeId: null, noticeTitle: null, noticeCount: 3, department: null },
    totals: {
      tasks: taskCount,
      assignments: perDepartment.reduce((s, d) => s + d.total, 0),
      byStatus,
      overdue: Math.min(taskCount, 120),
      overdueAssignments: perDepartment.reduce((s, d) => s + d.overdue, 0),
      dueSoon: 9,
      unassigned: 2,
    },
    perDepartment,
    overdueTasks: Array.from({ length: 20 }, (_, i) => ({
      taskId: 100 + i,
      noticeId: 1 + (i % 3),
      seq: i + 1,
      requirement: long,
      dueOn: `2025-0${1 + (i % 9)}-15`,
      departments: i === 0 ? [] : perDepartment.slice(0, 30).map((d) => d.department),
      unassigned: i === 0,
    })),
    silentDepartments: perDepartment.filter((d) => d.lastReportAt === null).map((d) => ({ id: d.departmentId, name: d.department })),
    recent: Array.from({ length: Math.min(8, Math.floor(n / 2)) }, (_, i) => ({
      department: perDepartment[i * 2 + 1].department,
      noticeId: 1,
      seq: i + 1,
      text: '已召开专题会议研究部署，正在逐项落实各项公开要求；**加粗** <at id=all></at> '.repeat(20),
      status: STATUSES[i % 4] as TaskStatus,
      at: `2025-10-${String(27 - i).padStart(2, '0')}T0${i}:30:00.000Z`,
    })),
    ...over,
  };
}

const SMALL = syntheticView(6, 40, {
  scope: { label: '通知', noticeId: 7, noticeTitle: '2025年区政务公开工作要点任务分解', noticeCount: 1, department: null },
});

describe('the summary card', () => {
  it('renders stably for a fixed ctx.now (snapshot)', () => {
    expect(summaryCard(SMALL, CTX)).toMatchSnapshot();
  });

  it('is Card JSON 2.0 with the title, the scope and the key figures in the header', () => {
    const card = summaryCard(SMALL, CTX);
    expect(card.schema).toBe('2.0');
    expect(headerTitle(card)).toBe('政务公开工作汇总');
    expect((card.header.subtitle as { content: string }).content).toBe('2025年区政务公开工作要点任务分解 · 截至 2025-10-28');
    const t = SMALL.totals;
    const rate = completionRate({ done: t.byStatus.done + t.byStatus.closed, total: t.assignments });
    const tags = (card.header.text_tag_list as { text: { content: string } }[]).map((x) => x.text.content);
    expect(tags).toEqual([`完成率 ${rate}%`, `逾期 ${t.overdue} 项`, `未汇报 ${SMALL.silentDepartments.length} 个单位`]);
  });

  it('draws completion by department as a horizontal stacked bar chart, one entry per department and status', () => {
    const bar = chartOfType(summaryCard(SMALL, CTX), 'bar')!;
    const spec = bar.chart_spec as Node;
    expect(spec).toMatchObject({ direction: 'horizontal', xField: 'count', yField: 'unit', seriesField: 'status', stack: true });
    const values = chartValues(bar);
    const units = [...new Set(values.map((v) => v.unit))];
    expect(units).toHaveLength(SMALL.perDepartment.length);
    for (const unit of units) expect(values.filter((v) => v.unit === unit).map((v) => v.status)).toEqual(['已完成', '进行中', '未开始']);
    // Worst first; every department's counts add up to its workload.
    const ranked = rankDepartments(SMALL.perDepartment);
    ranked.forEach((d, i) => {
      const sum = values.filter((v) => v.unit === units[i]).reduce((s, v) => s + (v.count as number), 0);
      expect(sum).toBe(d.total);
      expect(units[i]).toBe(`${truncate(d.department, 12)} ${shareText(d.done, d.total)}`);
    });
    expect(bar.height).toMatch(/^\d+px$/);
  });

  it('shows status shares as a pie chart adding up to every department share', () => {
    const pie = chartOfType(summaryCard(SMALL, CTX), 'pie')!;
    expect(pie.chart_spec).toMatchObject({ categoryField: 'status', valueField: 'count' });
    const values = chartValues(pie);
    expect(values.reduce((s, v) => s + (v.count as number), 0)).toBe(SMALL.totals.assignments);
    expect(values.map((v) => v.key)).toEqual(['closed', 'done', 'in_progress', 'not_started']);
  });

  /** A one-department view with these status counts, for the legends. */
  function withStatuses(closed: number, done: number, inProgress: number, notStarted: number): SummaryView {
    const total = closed + done + inProgress + notStarted;
    const base = syntheticView(1, 10);
    const d = { ...base.perDepartment[0], total, done: closed + done, closed, inProgress, notStarted };
    return {
      ...base,
      perDepartment: [d],
      totals: {
        ...base.totals,
        assignments: total,
        byStatus: { closed, done, in_progress: inProgress, not_started: notStarted },
      },
    };
  }
  const legendShares = (card: Card) =>
    new Map(
      chartValues(chartOfType(card, 'pie')).map((v) => {
        const m = /^\S+ (\d+)（(<1|\d+)%）$/.exec(String(v.status));
        expect(m, String(v.status)).not.toBeNull();
        expect(Number(m![1])).toBe(v.count);
        return [v.key as TaskStatus, m![2]] as const;
      }),
    );

  it('prints "417（99%）" and "1（<1%）", never "1（0%）" next to "417（100%）", beside a completion rate of 99%', () => {
    const card = summaryCard(withStatuses(417, 0, 0, 1), CTX);
    const shares = legendShares(card);
    expect(shares.get('closed')).toBe('99');
    expect(shares.get('not_started')).toBe('<1');
    const tags = (card.header.text_tag_list as { text: { content: string } }[]).map((x) => x.text.content);
    expect(tags[0]).toBe('完成率 99%');
    const bar = chartValues(chartOfType(card, 'bar'));
    expect(String(bar[0].unit)).toMatch(/ 99%$/);
    // One finished share of 418 is not "0%" complete either.
    const one = summaryCard(withStatuses(0, 1, 0, 417), CTX);
    expect((one.header.text_tag_list as { text: { content: string } }[])[0].text.content).toBe('完成率 <1%');
    expect(legendShares(one).get('done')).toBe('<1');
  });

  it('keeps every chart legend in agreement with the completion figures, whatever the counts', () => {
    const counts = [0, 1, 2, 3, 7, 99, 100, 333, 417, 1000];
    let checked = 0;
    for (const closed of counts)
      for (const done of counts)
        for (const open of [0, 1, 417]) {
          const total = closed + done + open;
          if (total === 0) continue;
          const card = summaryCard(withStatuses(closed, done, open, open === 1 ? 0 : 1), CTX);
          const all = total + (open === 1 ? 0 : 1);
          const finished = closed + done;
          const rate = completionRate({ done: finished, total: all })!;
          const tag = (card.header.text_tag_list as { text: { content: string } }[])[0].text.content;
          expect(tag).toBe(`完成率 ${shareText(finished, all)}`);
          const shares = legendShares(card);
          const byStatus = { closed, done, in_progress: open, not_started: open === 1 ? 0 : 1 };
          for (const [status, share] of shares) {
            const n = byStatus[status];
            // Nothing that is something reads 0 %; nothing that is a part reads 100 %.
            expect(share).toBe(shareText(n, all).replace('%', ''));
            if (n > 0) expect(share).not.toBe('0');
            if (n < all) expect(share).not.toBe('100');
          }
          // The finished slices add up to the completion rate, give or take the rounding of two parts.
          const part = (s: string | undefined) => (s === undefined || s === '<1' ? 0 : Number(s));
          const sum = part(shares.get('closed')) + part(shares.get('done'));
          expect(rate - sum, `${closed}/${done}/${open}`).toBeGreaterThanOrEqual(0);
          expect(rate - sum, `${closed}/${done}/${open}`).toBeLessThanOrEqual(1);
          checked++;
        }
    expect(checked).toBeGreaterThan(250);
  });

  it('lists overdue tasks with their units, units not reported in directory order, and the latest progress', () => {
    const text = JSON.stringify(summaryCard(SMALL, CTX));
    expect(text).toContain('逾期任务');
    expect(text).toContain('未落实责任单位');
    expect(text).toContain(`另有 ${SMALL.totals.overdue - 10} 项逾期任务未列出`);
    const silent = SMALL.silentDepartments.map((d) => d.name).join('、');
    expect(text).toContain(JSON.stringify(silent).slice(1, -1));
    expect(text).toContain('最新进展');
    // User text is neutralised: no live @all, no bold from a report.
    expect(text).not.toContain('<at id=all>');
    expect(text).not.toContain('**加粗**');
  });

  it('offers a 刷新 button that asks for the same notice again', () => {
    const values = findAll(summaryCard(SMALL, CTX), (n) => Array.isArray(n.behaviors)).flatMap((n) =>
      (n.behaviors as Node[]).map((b) => b.value),
    );
    expect(values.map((v) => ActionValue.parse(v))).toEqual([{ a: 'summary', noticeId: 7 }]);
  });

  it('stays under 28 KB and 200 elements with 80 departments and 500 tasks, charting the worst 15 and saying so', () => {
    for (const locale of ['zh_cn', 'en_us'] as const) {
      const card = summaryCard(syntheticView(80, 500), { ...CTX, locale });
      expect(sendRequestBytes(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
      expect(countElements(card)).toBeLessThanOrEqual(MAX_CARD_ELEMENTS);
      const units = new Set(chartValues(chartOfType(card, 'bar')).map((v) => v.unit));
      expect(units.size).toBeLessThanOrEqual(CHART_DEPARTMENTS);
      expect(units.size).toBeGreaterThanOrEqual(10);
      expect(JSON.stringify(card)).toContain(locale === 'zh_cn' ? `（共 80 个）` : '(of 80)');
      expect(chartOfType(card, 'pie')).toBeDefined();
    }
  });

  it('gives every localised text both Chinese and English, the context locale as content', () => {
    for (const locale of ['zh_cn', 'en_us'] as const) {
      const card = summaryCard(SMALL, { ...CTX, locale });
      const localised = findAll(card, (n) => n.i18n_content !== undefined);
      expect(localised.length).toBeGreaterThan(5);
      for (const n of localised) {
        const i18n = n.i18n_content as Record<string, string>;
        expect(Object.keys(i18n).sort()).toEqual(['en_us', 'zh_cn']);
        expect(n.content).toBe(i18n[locale]);
      }
    }
    expect(headerTitle(summaryCard(SMALL, { ...CTX, locale: 'en_us' }))).toBe('Open government work summary');
  });

  it('says nothing is assigned yet instead of drawing empty charts', () => {
    const empty = syntheticView(0, 3);
    const card = summaryCard({ ...empty, totals: { ...empty.totals, overdue: 0 }, overdueTasks: [], recent: [] }, CTX);
    expect(charts(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('还没有分解到单位的任务');
  });
});

// ---------------------------------------------------------------------------------------------

describe(`the summary command on ${engineName}`, () => {
  let store: OpenedDb;
  let draftId: number;
  const sender = (role: Sender['role']): Sender => ({ openId: `ou_${role}`, role, department: null, via: 'member' });
  const ctx = (role: Sender['role'], tenantKey = TENANT): CommandContext =>
    commandContext({ db: store.db, tenantKey, now: NOW, sender: sender(role) });
  const cardOf = (reply: Reply | null) => (reply as { card: Card }).card;
  const summary = summaryCommand;
  const ask = (c: CommandContext, args: string) => runCommand(c, summaryCommand, args);

  beforeAll(async () => {
    store = await openTestDb();
    await importSeed(store, SEED, true);
    draftId = (await importSeed(store, DRAFT_SEED, false)).noticeId;
  });
  afterAll(async () => store?.close());

  it('answers to 汇总, 统计 and summary', () => {
    expect(summary.names).toEqual(['汇总', '统计', 'summary']);
    expect(summary.usage).toBe('汇总 [通知编号] [单位名称]');
  });

  it('politely refuses a coordinator', async () => {
    const card = cardOf(await ask(ctx('coordinator'), ''));
    expect(headerTitle(card)).toBe('无法查看汇总');
    expect(JSON.stringify(card)).toContain('汇总仅对领导和政务公开办开放');
    expect(charts(card)).toEqual([]);
  });

  it('refuses the refresh button too, for anyone without the permission, with a toast that leaves the card alone', async () => {
    const reply = await runAction({ ...ctx(null), formValue: {} }, { a: 'summary' });
    expect(reply.card).toBeUndefined();
    expect(reply.toast).toMatchObject({ type: 'warning', content: expect.stringContaining('汇总仅对领导和政务公开办开放') });
  });

  it('gives a leader the summary card with both charts', async () => {
    const card = cardOf(await ask(ctx('leader'), ''));
    expect(headerTitle(card)).toBe('政务公开工作汇总');
    expect(chartOfType(card, 'bar')).toBeDefined();
    expect(chartOfType(card, 'pie')).toBeDefined();
    expect(sendRequestBytes(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
  });

  it('narrows to a department the office names, even without its 区 prefix', async () => {
    const narrowed = cardOf(await ask(ctx('office'), '城乡建设和交通局'));
    expect((narrowed.header.subtitle as { content: string }).content).toBe(`全部已发布通知 · ${HOUSING} · 截至 2025-10-28`);
    expect(new Set(chartValues(chartOfType(narrowed, 'bar')).map((v) => v.unit)).size).toBe(1);
  });

  it('answers an unknown department with a polite card that echoes the name safely', async () => {
    const card = cardOf(await ask(ctx('leader'), '火星开发局 <at id=all></at>'));
    expect(headerTitle(card)).toBe('没有找到这个单位');
    const text = JSON.stringify(card);
    expect(text).toContain('目录中没有“火星开发局');
    expect(text).toContain('用法：汇总 &#91;通知编号&#93; &#91;单位名称&#93;');
    expect(text).not.toMatch(/<at\s*id=all>/);
  });

  it('says so when the notice asked for is not published', async () => {
    const card = cardOf(await ask(ctx('leader'), String(draftId)));
    expect(headerTitle(card)).toBe('没有找到这份通知');
    expect(JSON.stringify(card)).toContain(`没有编号为 ${draftId} 的已发布通知`);
  });

  it('says there is nothing to summarise before any notice is published', async () => {
    const card = cardOf(await ask(ctx('leader', 't-summary-empty'), ''));
    expect(headerTitle(card)).toBe('暂无可汇总的内容');
  });

  it('reads the notice number and the unit name in either order', () => {
    expect(parseSummaryArgs('')).toEqual({});
    expect(parseSummaryArgs('12')).toEqual({ noticeId: 12 });
    expect(parseSummaryArgs('１２ 区财政局')).toEqual({ noticeId: 12, department: '区财政局' });
    expect(parseSummaryArgs('区财政局 通知3')).toEqual({ noticeId: 3, department: '区财政局' });
    expect(parseSummaryArgs('#5')).toEqual({ noticeId: 5 });
    expect(parseSummaryArgs('区 财政局')).toEqual({ department: '区财政局' });
  });
});
