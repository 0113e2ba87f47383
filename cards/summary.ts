/**
 * 政务公开工作汇总: what a leader needs at a glance. Key figures first (completion, overdue, due
 * soon, units that never reported), then two native charts (completion by department as a 100%
 * stacked bar, shares by status as a ring), then the lists leaders act on: overdue tasks with the
 * units still owing them, units that have not reported (directory order), the latest progress.
 *
 * Charts: `chart_spec` is a VChart spec. Lark renders it without JavaScript, so there are no
 * formatter functions: counts and rates are written into the category labels instead. Chart text
 * has no i18n_content, so it follows ctx.locale (the requester's language).
 */
import type { TaskStatus } from '../src/terms';
import type { I18nText, RenderContext } from '../src/views/common';
import type { DepartmentSummary, OverdueTask, RecentProgress, SummaryView } from '../src/views/summary';
import {
  STATUS_LABELS,
  type Card,
  type CardElement,
  type HeaderTemplate,
  bilingual,
  button,
  buttonRow,
  card,
  divider,
  escapeMd,
  fitCard,
  markdown,
  mdName,
  mdTag,
  oneLine,
  perLocale,
  shortName,
  snippet,
  statusTag,
  truncate,
} from './format';

/** Leaders compare the weakest units; more bars than this are unreadable on a phone. */
export const CHART_DEPARTMENTS = 15;

/** Tried in order until the card fits 28 KB / 200 elements (see fitCard). */
const LEVELS: readonly Level[] = [
  {
    chartDepartments: CHART_DEPARTMENTS,
    chartName: 12,
    overdue: 10,
    overdueUnits: 6,
    requirement: 60,
    silent: 80,
    silentName: 30,
    recent: 8,
    progress: 80,
  },
  {
    chartDepartments: CHART_DEPARTMENTS,
    chartName: 10,
    overdue: 8,
    overdueUnits: 4,
    requirement: 40,
    silent: 40,
    silentName: 20,
    recent: 6,
    progress: 50,
  },
  {
    chartDepartments: 12,
    chartName: 10,
    overdue: 5,
    overdueUnits: 3,
    requirement: 30,
    silent: 20,
    silentName: 16,
    recent: 4,
    progress: 30,
  },
  { chartDepartments: 10, chartName: 8, overdue: 3, overdueUnits: 2, requirement: 20, silent: 10, silentName: 12, recent: 3, progress: 0 },
];
interface Level {
  chartDepartments: number;
  /** Characters of a department name on the chart axis. */
  chartName: number;
  overdue: number;
  overdueUnits: number;
  requirement: number;
  silent: number;
  /** Characters of a unit name in the 未汇报单位 list. */
  silentName: number;
  recent: number;
  /** Characters of progress text; 0 shows the report line without its text. */
  progress: number;
}

/** Lark's palette: finished green, in progress blue, not started grey, awaiting review orange. */
const COLORS = { finished: '#34c724', closed: '#34c724', inProgress: '#3370ff', notStarted: '#bbbfc4', awaiting: '#ff8800' };

/** The bar chart merges 待审核 and 已办结: both are finished as far as the department is concerned. */
const BAR_SERIES: { key: 'done' | 'inProgress' | 'notStarted'; label: I18nText; color: string }[] = [
  { key: 'done', label: bilingual('已完成', 'Finished'), color: COLORS.finished },
  { key: 'inProgress', label: STATUS_LABELS.in_progress, color: COLORS.inProgress },
  { key: 'notStarted', label: STATUS_LABELS.not_started, color: COLORS.notStarted },
];

const PIE_SERIES: { status: TaskStatus; color: string }[] = [
  { status: 'closed', color: COLORS.closed },
  { status: 'done', color: COLORS.awaiting },
  { status: 'in_progress', color: COLORS.inProgress },
  { status: 'not_started', color: COLORS.notStarted },
];

/** Whole percent, rounded down so 99.6 % never reads as 100 %; null without any share. */
export function completionRate(d: { done: number; total: number }): number | null {
  return d.total > 0 ? Math.floor((d.done * 100) / d.total) : null;
}

/**
 * A share as every figure on the summary prints it (completion tile and tag, bar labels, ring
 * legend): the completion rate's own rule (rounded down, so a part never reads as 100 %), except
 * that a share that is not nothing never reads as 0 %: "<1%". Rounding to nearest, as the legend
 * once did, printed "待审核 1（0%）" next to "已办结 417（100%）" beside a completion rate of 99 %.
 */
export function shareText(n: number, total: number): string {
  const rate = completionRate({ done: n, total }) ?? 0;
  return n > 0 && rate === 0 ? '<1%' : `${rate}%`;
}

/** Lowest completion first; ties: more overdue, more work, then directory order. */
export function rankDepartments(rows: DepartmentSummary[]): DepartmentSummary[] {
  return [...rows].sort(
    (x, y) =>
      x.done * y.total - y.done * x.total ||
      y.overdue - x.overdue ||
      y.total - x.total ||
      x.sortOrder - y.sortOrder ||
      x.departmentId - y.departmentId,
  );
}

export function summaryCard(view: SummaryView, ctx: RenderContext): Card {
  const ranked = rankDepartments(view.perDepartment);
  return fitCard(LEVELS.length, (i) => render(view, ranked, ctx, LEVELS[i]));
}

function render(view: SummaryView, ranked: DepartmentSummary[], ctx: RenderContext, level: Level): Card {
  const t = view.totals;
  const finished = t.byStatus.done + t.byStatus.closed;
  const rate = completionRate({ done: finished, total: t.assignments });
  const silent = view.silentDepartments.length;
  // Printed by the legends' rule: 1 finished share of 418 reads "<1%", not "0%".
  const rateText = rate === null ? '—' : shareText(finished, t.assignments);

  const elements: CardElement[] = [metricTiles(view, rateText, ctx), markdown(overviewLine(view), ctx, { size: 'notation' })];

  if (t.assignments > 0) {
    elements.push(divider(), ...departmentChart(ranked, ctx, level), ...statusChart(view, ctx));
  } else {
    elements.push(markdown(bilingual('所选范围内还没有分解到单位的任务。', 'Nothing in this scope has been assigned to a unit yet.'), ctx));
  }

  elements.push(divider(), ...overdueSection(view, ctx, level), ...silentSection(view, ctx, level), ...recentSection(view, ctx, level));

  elements.push(
    divider(),
    markdown(
      perLocale((l) =>
        l === 'zh_cn'
          ? `<font color='grey'>数据截至 ${ctx.clock.format(ctx.clock.now, 'yyyy-MM-dd HH:mm')}（北京时间）</font>`
          : `<font color='grey'>As of ${ctx.clock.format(ctx.clock.now, 'yyyy-MM-dd HH:mm')} (Beijing time)</font>`,
      ),
      ctx,
      { size: 'notation' },
    ),
    buttonRow([
      button(
        {
          text: bilingual('刷新', 'Refresh'),
          // Refresh keeps the card's scope: the same notice and department.
          action: {
            a: 'summary',
            ...(view.scope.noticeId ? { noticeId: view.scope.noticeId } : {}),
            ...(view.scope.department ? { departmentId: view.scope.department.id } : {}),
          },
          size: 'small',
        },
        ctx,
      ),
    ]),
  );

  const template: HeaderTemplate = t.overdue > 0 ? 'red' : silent > 0 ? 'orange' : rate === 100 ? 'green' : 'blue';
  return card(
    {
      header: {
        title: bilingual('政务公开工作汇总', 'Open government work summary'),
        subtitle: scopeText(view),
        template,
        tags: [
          { text: bilingual(`完成率 ${rateText}`, `${rateText} complete`), color: rate === 100 ? 'green' : 'blue' },
          { text: bilingual(`逾期 ${t.overdue} 项`, `${t.overdue} overdue`), color: t.overdue > 0 ? 'red' : 'green' },
          { text: bilingual(`未汇报 ${silent} 个单位`, `${silent} not reported`), color: silent > 0 ? 'orange' : 'green' },
        ],
      },
      elements,
      summary: bilingual(
        `政务公开工作汇总：完成率 ${rateText}，逾期 ${t.overdue} 项，未汇报 ${silent} 个单位`,
        `Work summary: ${rateText} complete, ${t.overdue} overdue, ${silent} units not reported`,
      ),
    },
    ctx,
  );
}

/** "《通知》 · 区财政局 · 截至 2025-07-01": the subtitle (plain text, so nothing to escape). */
function scopeText(view: SummaryView): I18nText {
  const notice = view.scope.noticeTitle ? truncate(oneLine(view.scope.noticeTitle), 40) : null;
  const dept = view.scope.department ? ` · ${shortName(view.scope.department.name)}` : '';
  return perLocale((l) =>
    l === 'zh_cn'
      ? `${notice ?? '全部已发布通知'}${dept} · 截至 ${view.asOf}`
      : `${notice ?? 'All published notices'}${dept} · as of ${view.asOf}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Key figures

function metricTiles(view: SummaryView, rateText: string, ctx: RenderContext): CardElement {
  const t = view.totals;
  const silent = view.silentDepartments.length;
  const tile = (value: string, color: string, label: I18nText): CardElement => ({
    tag: 'column',
    width: 'weighted',
    weight: 1,
    vertical_align: 'top',
    elements: [
      markdown(
        perLocale((l) => `**<font color='${color}'>${value}</font>**\n${label[l]}`),
        ctx,
        { align: 'center' },
      ),
    ],
  });
  return {
    tag: 'column_set',
    // Two tiles per row on a phone, four side by side on a desktop.
    flex_mode: 'bisect',
    horizontal_spacing: 'small',
    columns: [
      tile(rateText, rateText === '100%' ? 'green' : 'blue', bilingual('完成率', 'Completion')),
      tile(String(t.overdue), t.overdue > 0 ? 'red' : 'grey', bilingual('逾期任务', 'Overdue tasks')),
      tile(String(t.dueSoon), t.dueSoon > 0 ? 'orange' : 'grey', bilingual('7 天内到期', 'Due within 7 days')),
      tile(`${silent}/${view.perDepartment.length}`, silent > 0 ? 'orange' : 'grey', bilingual('未汇报单位', 'Units not reported')),
    ],
  };
}

function overviewLine(view: SummaryView): I18nText {
  const t = view.totals;
  const s = t.byStatus;
  const units = view.perDepartment.length;
  return perLocale((l) => {
    const statuses = (['closed', 'done', 'in_progress', 'not_started'] as const).map((k) => `${STATUS_LABELS[k][l]} ${s[k]}`).join(' · ');
    if (l === 'zh_cn') {
      const unassigned = t.unassigned ? `\n<font color='red'>另有 ${t.unassigned} 项任务未落实责任单位。</font>` : '';
      return `共 ${t.tasks} 项任务，分解到 ${units} 个单位共 ${t.assignments} 项：${statuses}\n<font color='grey'>完成率 =（待审核 + 已办结）÷ 各单位任务数</font>${unassigned}`;
    }
    const unassigned = t.unassigned
      ? `\n<font color='red'>${t.unassigned} more ${t.unassigned === 1 ? 'task has' : 'tasks have'} no responsible unit.</font>`
      : '';
    return `${t.tasks} tasks, ${t.assignments} shares across ${units} units: ${statuses}\n<font color='grey'>Completion = (awaiting review + closed) ÷ all unit shares</font>${unassigned}`;
  });
}

function heading(text: I18nText, ctx: RenderContext): CardElement {
  return markdown(text, ctx, { margin: '4px 0px 0px 0px' });
}

// ---------------------------------------------------------------------------------------------
// Charts

/**
 * Department names as chart categories: short, with the rate, and never two alike (VChart would
 * merge two bars with one label). A clash of shortened names gets a longer cut, then a number;
 * never the full name, which may be thousands of characters.
 */
function chartLabels(rows: DepartmentSummary[], max: number): string[] {
  const seen = new Set<string>();
  return rows.map((d) => {
    const rate = shareText(d.done, d.total);
    let label = `${shortName(d.department, max)} ${rate}`;
    if (seen.has(label)) label = `${shortName(d.department, max * 2)} ${rate}`;
    for (let n = 2; seen.has(label); n++) label = `${shortName(d.department, max)}（${n}） ${rate}`;
    seen.add(label);
    return label;
  });
}

export function departmentChartSpec(rows: DepartmentSummary[], ctx: RenderContext, nameChars = 12): Record<string, unknown> {
  const labels = chartLabels(rows, nameChars);
  const series = BAR_SERIES.map((s) => ({ ...s, text: s.label[ctx.locale] }));
  return {
    type: 'bar',
    data: [
      {
        id: 'departments',
        values: rows.flatMap((d, i) => series.map((s) => ({ unit: labels[i], status: s.text, count: d[s.key] }))),
      },
    ],
    direction: 'horizontal',
    xField: 'count',
    yField: 'unit',
    seriesField: 'status',
    stack: true,
    // Every bar is one department's whole workload, so the green part reads as its completion rate.
    percent: true,
    color: { type: 'ordinal', domain: series.map((s) => s.text), range: series.map((s) => s.color) },
    legends: { visible: true, orient: 'bottom' },
    // A 0–1 fraction axis means nothing to a reader; the rate is in each category label.
    axes: [
      { orient: 'bottom', visible: false },
      { orient: 'left', label: { style: { fontSize: 11 } } },
    ],
  };
}

function departmentChart(ranked: DepartmentSummary[], ctx: RenderContext, level: Level): CardElement[] {
  const shown = ranked.slice(0, level.chartDepartments);
  const cut = ranked.length > shown.length;
  const note = cut
    ? bilingual(
        `完成率最低的 ${shown.length} 个单位（共 ${ranked.length} 个），由低到高排列`,
        `The ${shown.length} units with the lowest completion (of ${ranked.length}), lowest first`,
      )
    : bilingual('按完成率由低到高排列', 'Lowest completion first');
  // About 26 px a bar plus the legend; Lark takes 1–999 px.
  const height = Math.min(640, Math.max(160, 26 * shown.length + 70));
  return [
    heading(
      perLocale((l) => `**${l === 'zh_cn' ? '各单位完成情况' : 'Completion by unit'}**\n<font color='grey'>${note[l]}</font>`),
      ctx,
    ),
    { tag: 'chart', chart_spec: departmentChartSpec(shown, ctx, level.chartName), height: `${height}px`, preview: true },
  ];
}

export function statusChartSpec(byStatus: Record<TaskStatus, number>, ctx: RenderContext): Record<string, unknown> {
  const total = PIE_SERIES.reduce((n, s) => n + byStatus[s.status], 0);
  // Zero slices would only add empty legend entries.
  const series = PIE_SERIES.filter((s) => byStatus[s.status] > 0).map((s) => {
    const n = byStatus[s.status];
    return { ...s, n, text: `${STATUS_LABELS[s.status][ctx.locale]} ${n}（${shareText(n, total)}）` };
  });
  return {
    type: 'pie',
    data: [{ id: 'statuses', values: series.map((s) => ({ key: s.status, status: s.text, count: s.n })) }],
    categoryField: 'status',
    valueField: 'count',
    outerRadius: 0.8,
    innerRadius: 0.5,
    color: { type: 'ordinal', domain: series.map((s) => s.text), range: series.map((s) => s.color) },
    legends: { visible: true, orient: 'bottom' },
    label: { visible: true },
  };
}

function statusChart(view: SummaryView, ctx: RenderContext): CardElement[] {
  return [
    heading(bilingual('**任务状态分布**（按单位任务计）', '**Shares by status** (unit shares)'), ctx),
    { tag: 'chart', chart_spec: statusChartSpec(view.totals.byStatus, ctx), aspect_ratio: '4:3', preview: true },
  ];
}

// ---------------------------------------------------------------------------------------------
// Lists

/** "通知 12 · 第 3 项" when several notices are in scope (序号 repeat across notices), else "第 3 项". */
function taskRef(noticeId: number, seq: number, view: SummaryView, locale: 'zh_cn' | 'en_us'): string {
  const many = view.scope.noticeCount > 1;
  if (locale === 'zh_cn') return `${many ? `通知 ${noticeId} · ` : ''}第 ${seq} 项`;
  return `${many ? `Notice ${noticeId} · ` : ''}Task ${seq}`;
}

function overdueSection(view: SummaryView, ctx: RenderContext, level: Level): CardElement[] {
  const total = view.totals.overdue;
  const title = perLocale((l) =>
    l === 'zh_cn' ? `**<font color='red'>逾期任务</font>** · ${total} 项` : `**<font color='red'>Overdue tasks</font>** · ${total}`,
  );
  if (total === 0) {
    return [
      heading(
        bilingual("**逾期任务** · <font color='green'>没有逾期任务</font>", "**Overdue tasks** · <font color='green'>none</font>"),
        ctx,
      ),
    ];
  }
  const shown = view.overdueTasks.slice(0, level.overdue);
  const out: CardElement[] = [heading(title, ctx)];
  for (const task of shown) out.push(...overdueTask(task, view, ctx, level));
  const more = total - shown.length;
  if (more > 0) {
    out.push(
      markdown(
        bilingual(
          `另有 ${more} 项逾期任务未列出，可导出台账查看。`,
          `${more} more overdue tasks are not listed; export the ledger for all.`,
        ),
        ctx,
        {
          size: 'notation',
        },
      ),
    );
  }
  return out;
}

/** Requirement as data (no i18n, stored once); the mark and the owing units in a short bilingual line. */
function overdueTask(task: OverdueTask, view: SummaryView, ctx: RenderContext, level: Level): CardElement[] {
  const days = ctx.clock.daysBetween(task.dueOn, view.asOf) ?? 0;
  const names = task.departments.slice(0, level.overdueUnits).map((n) => escapeMd(truncate(oneLine(n), 14)));
  const rest = task.departments.length - names.length;
  return [
    markdown(`**${task.seq}.** ${snippet(task.requirement, level.requirement)}`, ctx),
    markdown(
      perLocale((l) => {
        const zh = l === 'zh_cn';
        const mark = mdTag(zh ? `逾期 ${days} 天` : `${days} ${days === 1 ? 'day' : 'days'} overdue`, 'red');
        const due = zh ? `截止 ${task.dueOn}` : `due ${task.dueOn}`;
        let owing: string;
        if (task.unassigned) owing = `<font color='red'>${zh ? '未落实责任单位' : 'no responsible unit'}</font>`;
        else {
          const more = rest > 0 ? (zh ? ` 等 ${task.departments.length} 个单位` : ` and ${rest} more`) : '';
          owing = `${zh ? '未完成：' : 'Open at: '}${names.join(zh ? '、' : ', ')}${more}`;
        }
        return `${mark} ${taskRef(task.noticeId, task.seq, view, l)} · ${due} · ${owing}`;
      }),
      ctx,
      { size: 'notation' },
    ),
  ];
}

function silentSection(view: SummaryView, ctx: RenderContext, level: Level): CardElement[] {
  const all = view.silentDepartments;
  if (all.length === 0) {
    if (view.perDepartment.length === 0) return [];
    return [
      heading(
        bilingual(
          "**未汇报单位** · <font color='green'>各单位均已汇报</font>",
          "**Units not reported** · <font color='green'>every unit has reported</font>",
        ),
        ctx,
      ),
    ];
  }
  const shown = all.slice(0, level.silent);
  const cut = all.length > shown.length;
  return [
    heading(
      perLocale((l) => {
        const zh = l === 'zh_cn';
        const count = zh ? `${all.length} 个` : `${all.length}`;
        const note = cut ? (zh ? `（按目录顺序列出前 ${shown.length} 个）` : ` (first ${shown.length} in directory order)`) : '';
        return `**<font color='orange'>${zh ? '未汇报单位' : 'Units not reported'}</font>** · ${count}${note}`;
      }),
      ctx,
    ),
    // Names are data: one language-neutral list in directory order, each capped.
    markdown(shown.map((d) => mdName(d.name, level.silentName)).join('、') + (cut ? ' …' : ''), ctx),
  ];
}

function recentSection(view: SummaryView, ctx: RenderContext, level: Level): CardElement[] {
  const out: CardElement[] = [heading(bilingual('**最新进展**', '**Latest progress**'), ctx)];
  if (view.recent.length === 0) {
    out.push(
      markdown(
        bilingual("<font color='grey'>尚无单位汇报进展。</font>", "<font color='grey'>No unit has reported progress yet.</font>"),
        ctx,
      ),
    );
    return out;
  }
  for (const r of view.recent.slice(0, level.recent)) out.push(...recentLine(r, view, ctx, level));
  return out;
}

function recentLine(r: RecentProgress, view: SummaryView, ctx: RenderContext, level: Level): CardElement[] {
  const when = ctx.clock.format(r.at, 'MM-dd HH:mm');
  const dept = escapeMd(truncate(oneLine(r.department), 14));
  const out: CardElement[] = [
    markdown(
      perLocale((l) => `${statusTag(r.status, l)} **${dept}** · ${taskRef(r.noticeId, r.seq, view, l)} · ${when}`),
      ctx,
      {
        size: 'notation',
      },
    ),
  ];
  if (level.progress > 0 && r.text.trim()) out.push(markdown(snippet(r.text, level.progress), ctx));
  return out;
}
