/**
 * 我的任务: one page of a department's tasks. The caller filters, sorts (overdue first, then by due
 * date, ongoing last) and pages; this card keeps the given order and starts a new group whenever the
 * due-mark bucket changes, so a correctly sorted page reads 已逾期 → 7 天内到期 → … → 长期.
 */
import type { DueBucket } from '../src/dates';
import type { I18nText, RenderContext } from '../src/views/common';
import type { MyTasksView, TaskFilter, TaskItem } from '../src/views/tasks';
import {
  ROLE_LABELS,
  BUCKET_FONT_COLORS,
  bucketLabels,
  type Card,
  type CardElement,
  type DueMark,
  type HeaderTemplate,
  bilingual,
  button,
  buttonRow,
  callbackBehaviors,
  card,
  dueMark,
  dueTag,
  fitCard,
  markdown,
  perLocale,
  personName,
  plainText,
  roleTag,
  shortName,
  snippet,
  statusTag,
  viaGroupNote,
  withinLimits,
  pagingRow,
} from './format';

export const FILTER_LABELS: Record<TaskFilter, I18nText> = {
  all: bilingual('全部', 'All'),
  overdue: bilingual('逾期', 'Overdue'),
  month: bilingual('本月', 'This month'),
  open: bilingual('未完成', 'Unfinished'),
};

const EMPTY_HINTS: Record<TaskFilter, I18nText> = {
  all: bilingual('本单位目前没有分配的任务。', 'No tasks are assigned to your department.'),
  overdue: bilingual('没有逾期任务，继续保持！', 'Nothing is overdue. Keep it up!'),
  month: bilingual('本月没有到期的任务。', 'Nothing is due this month.'),
  open: bilingual('所有任务均已完成。', 'All tasks are finished.'),
};

/**
 * Detail levels tried in order until the card's send body fits the budget and 200 elements. A
 * normal page (8 tasks) fits at level 0; 20 tasks of 500-character requirements fit by the last
 * level, which drops the progress text, the hover tip, the 上次汇报 line and the "按…分配" note (the
 * detail card has them all), never a task's 汇报进展 button.
 */
const LEVELS: readonly Level[] = [
  { requirement: 120, progress: 60, deadline: 30, hoverTips: true, notes: true, maxTasks: Infinity },
  { requirement: 80, progress: 40, deadline: 20, hoverTips: true, notes: true, maxTasks: Infinity },
  { requirement: 50, progress: 24, deadline: 14, hoverTips: false, notes: true, maxTasks: Infinity },
  { requirement: 30, progress: 0, deadline: 10, hoverTips: false, notes: true, maxTasks: Infinity },
  { requirement: 24, progress: 0, deadline: 8, hoverTips: false, notes: false, maxTasks: Infinity },
];
interface Level {
  requirement: number;
  progress: number;
  deadline: number;
  hoverTips: boolean;
  /** "上次汇报 06-03 · 张三" and "（按“区直各部门”分配）" in the status line. */
  notes: boolean;
  maxTasks: number;
}
/** Where the last resort starts dropping tasks (far above the commands' page size). */
const MAX_TASKS_LAST_RESORT = 25;

export function myTasksCard(view: MyTasksView, ctx: RenderContext): Card {
  const marks = view.tasks.map((t) => dueMark(t, ctx));
  const fitted = fitCard(LEVELS.length, (i) => render(view, marks, ctx, LEVELS[i]));
  if (withinLimits(fitted)) return fitted;
  // An oversized page: show fewer tasks (the card says how many are hidden) rather than fail.
  const last = LEVELS[LEVELS.length - 1];
  for (let n = Math.min(view.tasks.length - 1, MAX_TASKS_LAST_RESORT); n > 1; n--) {
    const c = render(view, marks, ctx, { ...last, maxTasks: n });
    if (withinLimits(c)) return c;
  }
  return render(view, marks, ctx, { ...last, maxTasks: 1 });
}

function render(view: MyTasksView, marks: DueMark[], ctx: RenderContext, level: Level): Card {
  const shown = view.tasks.slice(0, level.maxTasks);
  const elements: CardElement[] = [filterRow(view, ctx)];

  if (view.tasks.length === 0) {
    elements.push(
      markdown(
        perLocale((l) => `**${l === 'zh_cn' ? '暂无任务' : 'No tasks'}**\n${EMPTY_HINTS[view.filter][l]}`),
        ctx,
        {
          align: 'center',
        },
      ),
    );
  }

  let bucket: DueBucket | null = null;
  shown.forEach((task, i) => {
    const mark = marks[i];
    if (mark.bucket !== bucket) {
      bucket = mark.bucket;
      elements.push(groupHeading(mark.bucket, countRun(marks.slice(0, shown.length), i), ctx));
    }
    elements.push(taskBlock(task, mark, ctx, level));
  });

  const hidden = view.tasks.length - shown.length;
  if (hidden > 0) {
    elements.push(
      markdown(
        bilingual(
          `本页另有 ${hidden} 项未能显示，请使用筛选缩小范围。`,
          `${hidden} more tasks on this page could not be shown; narrow the filter.`,
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }

  if (view.pageCount > 1) elements.push(pagingRow(view, (page) => ({ a: 'my_tasks', filter: view.filter, page }), ctx));

  const overdue = view.counts?.overdue ?? marks.filter((m) => m.bucket === 'overdue').length;
  const soon = view.counts?.dueSoon ?? marks.filter((m) => m.bucket === 'soon').length;
  const dept = shortName(view.department.name);
  return card(
    {
      header: {
        title: bilingual(`我的任务 · ${dept}`, `My tasks · ${dept}`),
        subtitle: bilingual(
          `共 ${view.total} 项 · 第 ${view.page}/${Math.max(view.pageCount, 1)} 页`,
          `${view.total} ${view.total === 1 ? 'task' : 'tasks'} · page ${view.page}/${Math.max(view.pageCount, 1)}`,
        ),
        template: headerTemplate(overdue, soon),
        tags: headerTags(view, overdue, soon),
      },
      elements,
    },
    ctx,
  );
}

function headerTemplate(overdue: number, soon: number): HeaderTemplate {
  if (overdue > 0) return 'red';
  if (soon > 0) return 'orange';
  return 'blue';
}

/**
 * Counts cover every page when the caller supplies them; otherwise they are of this page only,
 * and with several pages the tag says so rather than mislead.
 */
function headerTags(view: MyTasksView, overdue: number, soon: number) {
  const paged = view.pageCount > 1 && !view.counts;
  const tags: { text: I18nText; color: 'blue' | 'red' | 'yellow' }[] = [{ text: FILTER_LABELS[view.filter], color: 'blue' }];
  if (overdue > 0) {
    tags.push({
      text: bilingual(`${paged ? '本页' : ''}逾期 ${overdue}`, `${overdue} overdue${paged ? ' here' : ''}`),
      color: 'red',
    });
  }
  if (soon > 0) {
    tags.push({ text: bilingual(`${paged ? '本页' : ''}临期 ${soon}`, `${soon} due soon${paged ? ' here' : ''}`), color: 'yellow' });
  }
  return tags;
}

function filterRow(view: MyTasksView, ctx: RenderContext): CardElement {
  const filters: TaskFilter[] = ['all', 'overdue', 'month', 'open'];
  return buttonRow(
    filters.map((filter) =>
      button(
        {
          text: FILTER_LABELS[filter],
          action: { a: 'my_tasks', filter, page: 1 },
          type: filter === view.filter ? 'primary' : 'default',
          size: 'small',
        },
        ctx,
      ),
    ),
  );
}

/** How many consecutive tasks from `start` share its bucket (the size of the group). */
function countRun(marks: DueMark[], start: number): number {
  let n = 0;
  while (start + n < marks.length && marks[start + n].bucket === marks[start].bucket) n++;
  return n;
}

function groupHeading(bucket: DueBucket, count: number, ctx: RenderContext): CardElement {
  const color = BUCKET_FONT_COLORS[bucket];
  return markdown(
    perLocale((l) => {
      const n = l === 'zh_cn' ? `${count} 项` : `${count}`;
      // Bold outside <font>, the nesting Lark's own collapsible-panel example uses.
      return `**<font color='${color}'>${bucketLabels(ctx)[bucket][l]}</font>** · ${n}`;
    }),
    ctx,
    { margin: '8px 0px 0px 0px' },
  );
}

/**
 * One task: tapping the block opens the detail card; the button inside (which wins over the
 * container) opens the report form.
 *
 * Payload budget: a bilingual text is stored three times (content, zh_cn, en_us), so only fixed
 * vocabulary (role, status, mark) and the short "上次汇报 06-03 · 张三" go into the bilingual line.
 * Requirement, deadline text and the last progress are data and share one markdown without i18n,
 * marked by ⏰ / 📝 instead of words.
 */
function taskBlock(task: TaskItem, mark: DueMark, ctx: RenderContext, level: Level): CardElement {
  const last = task.lastProgress;
  const details: string[] = [];
  if (task.deadlineText.trim()) details.push(`⏰ ${snippet(task.deadlineText, level.deadline)}`);
  if (last && level.progress > 0 && last.text.trim()) details.push(`📝 ${snippet(last.text, level.progress)}`);
  const text = `**${task.seq}.** ${snippet(task.requirement, level.requirement)}`;
  const elements: CardElement[] = [
    markdown(
      details.length
        ? `${text}
<font color='grey'>${details.join(' · ')}</font>`
        : text,
      ctx,
    ),
  ];

  // The group heading already says 进度正常 / 长期任务, so only urgent marks get a tag of their own.
  const urgent = mark.bucket === 'overdue' || mark.bucket === 'soon';
  elements.push(
    markdown(
      perLocale((l) => {
        const role = task.role === 'lead' ? roleTag('lead', l) : ROLE_LABELS.responsible[l];
        const parts = [`${role}${level.notes ? viaGroupNote(task.viaGroup, l) : ''}`, statusTag(task.status, l)];
        if (urgent) parts.push(dueTag(mark, l));
        if (!last) parts.push(`<font color='grey'>${l === 'zh_cn' ? '尚未汇报' : 'Not reported yet'}</font>`);
        else if (level.notes) {
          const when = ctx.clock.format(last.at, 'MM-dd');
          parts.push(`<font color='grey'>${l === 'zh_cn' ? '上次汇报' : 'Last report'} ${when} · ${personName(last.reporter, l)}</font>`);
        }
        return parts.join(' ');
      }),
      ctx,
      { size: 'notation' },
    ),
  );

  // 办结 tasks need no more reports; 待审核 ones may still get a correction or extra evidence.
  if (task.status !== 'closed') {
    elements.push(
      button(
        {
          text: bilingual('汇报进展', 'Report progress'),
          action: { a: 'report_open', taskId: task.taskId },
          type: 'primary',
          size: 'small',
        },
        ctx,
      ),
    );
  }

  const container: CardElement = {
    tag: 'interactive_container',
    has_border: true,
    corner_radius: '8px',
    padding: '8px 12px',
    vertical_spacing: '4px',
    behaviors: callbackBehaviors({ a: 'task_detail', taskId: task.taskId }),
    elements,
  };
  if (level.hoverTips) container.hover_tips = plainText(bilingual('点击查看任务详情', 'Click for task details'), ctx);
  return container;
}
