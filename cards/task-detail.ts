/**
 * 任务详情: everything about one task as seen by the asking department — where it sits in the
 * notice, the full requirement, who leads and who takes part, every department's status and the
 * progress history (newest first, older entries folded away).
 */
import type { AssignmentRole, TaskStatus } from '../src/terms';
import type { DueBucket } from '../src/dates';
import type { I18nText, RenderContext } from '../src/views/common';
import type { TaskDetailView } from '../src/views/tasks';
import {
  ROLE_COLORS,
  ROLE_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  type Card,
  type CardElement,
  type HeaderTemplate,
  bilingual,
  button,
  buttonRow,
  card,
  dueMark,
  dueTag,
  escapeMd,
  evidenceButtons,
  evidenceLink,
  fitCard,
  markdown,
  mdName,
  mdTag,
  oneLine,
  perLocale,
  personName,
  statusTag,
  truncate,
  viaGroupNote,
  roleTag,
} from './format';

/** History entries shown inline before the rest are folded into a collapsible panel. */
const INLINE_HISTORY = 2;
/** Department lists longer than this are folded as well. */
const INLINE_ASSIGNMENTS = 6;

/**
 * Detail levels tried until the card fits 30 KB / 200 elements. The history is complete at level 0
 * up to 30 entries (2 elements each); older ones are counted, not shown.
 */
const LEVELS = [
  { requirement: 2000, units: 400, historyEntries: 30, historyText: 300, assignments: 60, evidence: 12 },
  { requirement: 1000, units: 200, historyEntries: 20, historyText: 160, assignments: 40, evidence: 8 },
  { requirement: 500, units: 120, historyEntries: 12, historyText: 80, assignments: 25, evidence: 5 },
  { requirement: 240, units: 80, historyEntries: 6, historyText: 40, assignments: 15, evidence: 3 },
] as const;
type Level = (typeof LEVELS)[number];

export function taskDetailCard(view: TaskDetailView, ctx: RenderContext): Card {
  // Newest first regardless of how the caller ordered it; stable for equal timestamps.
  const history = view.history
    .map((h, i) => ({ h, i, t: Date.parse(h.at) }))
    .sort((x, y) => (Number.isNaN(y.t) ? 0 : y.t) - (Number.isNaN(x.t) ? 0 : x.t) || x.i - y.i)
    .map((x) => x.h);
  return fitCard(LEVELS.length, (i) => render({ ...view, history }, ctx, LEVELS[i]));
}

function render(view: TaskDetailView, ctx: RenderContext, level: Level): Card {
  const task = view.task;
  const mark = dueMark(task, ctx);
  const elements: CardElement[] = [];

  if (task.section.length > 0) {
    const path = task.section.map((s) => escapeMd(truncate(oneLine(s), 40))).join(' › ');
    elements.push(markdown(`<font color='grey'>📂 ${path}</font>`, ctx, { size: 'notation' }));
  }
  elements.push(markdown(`**${task.seq}.** ${escapeMd(truncate(task.requirement.trim(), level.requirement))}`, ctx));

  const units = (names: string[]) => (names.length ? escapeMd(truncate(names.map(oneLine).join('、'), level.units)) : '—');
  const deadline = task.deadlineText.trim() ? escapeMd(truncate(oneLine(task.deadlineText), 60)) : '—';
  const dueOn = task.dueOn ? `（${task.dueOn}）` : '';
  elements.push(
    markdown(
      perLocale((l) =>
        [
          `**${l === 'zh_cn' ? '牵头单位' : 'Lead'}**${l === 'zh_cn' ? '：' : ': '}${units(task.lead)}`,
          `**${l === 'zh_cn' ? '责任单位' : 'Responsible'}**${l === 'zh_cn' ? '：' : ': '}${units(task.responsible)}`,
          ...(task.leaders?.length
            ? [`**${l === 'zh_cn' ? '责任领导' : 'Leaders'}**${l === 'zh_cn' ? '：' : ': '}${units(task.leaders)}`]
            : []),
          `**${l === 'zh_cn' ? '完成时限' : 'Deadline'}**${l === 'zh_cn' ? '：' : ': '}${deadline}${dueOn} ${dueTag(mark, l)}`,
          `**${l === 'zh_cn' ? '本单位' : 'Your department'}**${l === 'zh_cn' ? '：' : ': '}${roleTag(task.role, l)}${viaGroupNote(task.viaGroup, l)} ${statusTag(task.status, l)}`,
        ].join('\n'),
      ),
      ctx,
    ),
  );

  elements.push(...assignmentsSection(view, ctx, level));
  elements.push(...evidenceSection(view, ctx, level));
  elements.push(...historySection(view, ctx, level));
  if (view.earlier) elements.push(...earlierSection(view.earlier, ctx, level));

  const buttons: CardElement[] = [];
  // 办结 tasks take no more reports.
  if (task.status !== 'closed') {
    buttons.push(
      button({ text: bilingual('汇报进展', 'Report progress'), action: { a: 'report_open', taskId: task.taskId }, type: 'primary' }, ctx),
    );
  }
  buttons.push(button({ text: bilingual('我的任务', 'My tasks'), action: { a: 'my_tasks', filter: 'all', page: 1 } }, ctx));
  elements.push(buttonRow(buttons));

  return card(
    {
      header: {
        title: bilingual(`任务详情 · 第 ${task.seq} 项`, `Task details · No. ${task.seq}`),
        subtitle: truncate(oneLine(task.noticeTitle), 60),
        template: headerTemplate(task.status, mark.bucket),
        tags: [
          { text: ROLE_LABELS[task.role], color: ROLE_COLORS[task.role] },
          { text: STATUS_LABELS[task.status], color: STATUS_COLORS[task.status] },
          { text: mark.label, color: mark.color },
        ],
      },
      elements,
    },
    ctx,
  );
}

function headerTemplate(status: TaskStatus, bucket: DueBucket): HeaderTemplate {
  if (status === 'closed') return 'green';
  if (bucket === 'overdue') return 'red';
  if (bucket === 'soon') return 'orange';
  return 'blue';
}

const STATUS_ORDER: TaskStatus[] = ['closed', 'done', 'in_progress', 'not_started'];

function assignmentsSection(view: TaskDetailView, ctx: RenderContext, level: Level): CardElement[] {
  const list = view.assignments;
  if (list.length === 0) return [];
  const counts = perLocale((l) =>
    STATUS_ORDER.map((s) => ({ s, n: list.filter((a) => a.status === s).length }))
      .filter((x) => x.n > 0)
      .map((x) => `${STATUS_LABELS[x.s][l]} ${x.n}`)
      .join(' · '),
  );
  const heading = markdown(
    perLocale((l) => (l === 'zh_cn' ? `**各单位进度**（${counts[l]}）` : `**Departments** (${counts[l]})`)),
    ctx,
    { margin: '8px 0px 0px 0px' },
  );

  const shown = list.slice(0, level.assignments);
  const more = list.length - shown.length;
  const lines = perLocale((l) => {
    const rows = shown.map(
      (a) =>
        `- ${escapeMd(truncate(oneLine(a.department), 24))} ${roleMark(a.role, l)}${viaGroupNote(a.viaGroup, l)} ${statusTag(a.status, l)}`,
    );
    if (more > 0) rows.push(l === 'zh_cn' ? `- …另有 ${more} 个单位` : `- …and ${more} more`);
    return rows.join('\n');
  });
  const body = markdown(lines, ctx, { size: 'notation' });

  if (list.length <= INLINE_ASSIGNMENTS) return [heading, body];
  return [heading, panel(bilingual(`展开 ${list.length} 个单位`, `Show ${list.length} departments`), [body], ctx)];
}

/** Plain text role in lists (a tag per row would be noisy); lead stays bold. */
function roleMark(role: AssignmentRole, l: 'zh_cn' | 'en_us'): string {
  return role === 'lead' ? `**${ROLE_LABELS.lead[l]}**` : ROLE_LABELS.responsible[l];
}

/** 佐证材料, grouped by department in directory order; each opens (the bot sends it to the clicker). */
function evidenceSection(view: TaskDetailView, ctx: RenderContext, level: Level): CardElement[] {
  const all = view.evidence ?? [];
  if (!all.length) return [];
  const out: CardElement[] = [
    markdown(
      perLocale((l) =>
        l === 'zh_cn'
          ? `**佐证材料**（共 ${all.length} 个，点击由机器人私信发送）`
          : `**Evidence** (${all.length}; tap to get it in a private chat)`,
      ),
      ctx,
      { margin: '8px 0px 0px 0px' },
    ),
  ];
  const departments = [...new Set(all.map((e) => e.department))];
  let room = level.evidence;
  let shown = 0;
  for (const d of departments) {
    if (room <= 0) break;
    const mine = all.filter((e) => e.department === d);
    out.push(markdown(mdName(d, 24), ctx, { size: 'notation' }), ...evidenceButtons(mine, ctx, room));
    room -= mine.length;
    shown++;
  }
  const rest = departments.length - shown;
  if (rest > 0) {
    out.push(
      markdown(bilingual(`…另有 ${rest} 个单位的佐证材料（见导出台账）`, `…evidence of ${rest} more departments (see the export)`), ctx, {
        size: 'notation',
      }),
    );
  }
  return out;
}

function historySection(view: TaskDetailView, ctx: RenderContext, level: Level): CardElement[] {
  const all = view.history;
  const heading = markdown(
    perLocale((l) => (l === 'zh_cn' ? `**进展记录**（共 ${all.length} 条）` : `**Progress history** (${all.length})`)),
    ctx,
    { margin: '8px 0px 0px 0px' },
  );
  if (all.length === 0) {
    return [heading, markdown(bilingual('暂无进展记录', 'No updates yet'), ctx, { size: 'notation' })];
  }

  const shown = all.slice(0, level.historyEntries);
  const entries = shown.map((h) => historyEntry(h, ctx, level));
  const inline = entries.slice(0, INLINE_HISTORY).flat();
  const folded = entries.slice(INLINE_HISTORY).flat();
  const omitted = all.length - shown.length;
  if (omitted > 0) {
    folded.push(markdown(bilingual(`更早的 ${omitted} 条记录未显示`, `${omitted} older entries not shown`), ctx, { size: 'notation' }));
  }

  const out = [heading, ...inline];
  if (folded.length > 0) {
    const older = all.length - INLINE_HISTORY;
    out.push(panel(bilingual(`更早的进展（${older} 条）`, `Earlier updates (${older})`), folded, ctx));
  }
  return out;
}

/** Entries of last year's record shown, newest first, in a folded panel. */
const EARLIER_ENTRIES = 3;

/** 去年进展: the record of the task this one continues, folded, so this year's history stays first. */
function earlierSection(earlier: NonNullable<TaskDetailView['earlier']>, ctx: RenderContext, level: Level): CardElement[] {
  const all = [...earlier.history].sort((x, y) => y.at.localeCompare(x.at));
  const from = escapeMd(truncate(oneLine(earlier.noticeTitle), 40));
  const heading = markdown(
    bilingual(
      `**去年进展**（共 ${all.length} 条）<font color='grey'>上年《${from}》第 ${earlier.seq} 项</font>`,
      `**Last year's progress** (${all.length}) <font color='grey'>No. ${earlier.seq} of "${from}"</font>`,
    ),
    ctx,
    { margin: '8px 0px 0px 0px' },
  );
  if (!all.length) return [heading, markdown(bilingual('上年无进展记录', 'No updates last year'), ctx, { size: 'notation' })];
  const shown = all.slice(0, Math.min(EARLIER_ENTRIES, level.historyEntries)).flatMap((h) => historyEntry(h, ctx, level));
  const older = all.length - Math.min(EARLIER_ENTRIES, level.historyEntries);
  if (older > 0) shown.push(markdown(bilingual(`更早的 ${older} 条未显示`, `${older} older entries not shown`), ctx, { size: 'notation' }));
  return [heading, panel(bilingual(`展开去年进展（${all.length} 条）`, `Show last year's progress (${all.length})`), shown, ctx)];
}

/**
 * Two elements: a bilingual meta line (date, who, status) and the text itself. A department's
 * report names the department and its reporter; the office's 确认办结 / 退回 says so, so a return
 * reason never reads as the department's own progress.
 */
function historyEntry(h: TaskDetailView['history'][number], ctx: RenderContext, level: Level): CardElement[] {
  const when = ctx.clock.format(h.at, 'yyyy-MM-dd HH:mm');
  const dept = mdName(h.department, 20);
  const meta = markdown(
    perLocale((l) => {
      if (h.kind === 'report') return `**${when}** · ${dept} · ${personName(h.reporter, l)} ${statusTag(h.status, l)}`;
      const office = l === 'zh_cn' ? '政务公开办' : 'Office';
      const who = h.reporter?.trim() ? `${office} · ${personName(h.reporter, l)}` : office;
      const step =
        h.kind === 'return' ? mdTag(l === 'zh_cn' ? '退回' : 'Returned', 'orange') : mdTag(l === 'zh_cn' ? '确认办结' : 'Closed', 'green');
      return `**${when}** · ${who} ${step}`;
    }),
    ctx,
    { size: 'notation' },
  );
  const parts = [escapeMd(truncate(h.text.trim(), level.historyText))];
  const link = evidenceLink(h.evidenceUrl);
  if (link) parts.push(link);
  return [meta, markdown(parts.join('\n'), ctx)];
}

function panel(title: I18nText, elements: CardElement[], ctx: RenderContext): CardElement {
  return {
    tag: 'collapsible_panel',
    expanded: false,
    header: {
      title: markdown(
        perLocale((l) => `**${title[l]}**`),
        ctx,
      ),
      icon: { tag: 'standard_icon', token: 'down-small-ccm_outlined', size: '16px 16px' },
      icon_position: 'right',
      icon_expanded_angle: -180,
    },
    border: { color: 'grey', corner_radius: '5px' },
    padding: '8px 8px 8px 8px',
    vertical_spacing: '8px',
    elements,
  };
}
