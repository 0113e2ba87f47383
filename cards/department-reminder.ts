/**
 * What the scheduler sends a department: one card per day for each of 到期提醒 (due soon),
 * 逾期督办 (overdue) and 请更新进展 (check-in on ongoing tasks). Every task carries its 红黄绿 light.
 *
 * A department with a few tasks gets a block per task with its own 汇报进展 button; a long list
 * becomes one line per task and a single 我的任务 button, so the card stays readable and within
 * 28 KB / 200 elements.
 */
import type { I18nText, RenderContext } from '../src/views/common';
import type { DepartmentReminderView, ReminderKind, ReminderTask } from '../src/views/reminders';
import type { TaskFilter } from '../src/views/tasks';
import {
  type Card,
  type CardElement,
  type HeaderTemplate,
  bilingual,
  button,
  buttonRow,
  card,
  dueMark,
  escapeMd,
  fitCard,
  markdown,
  oneLine,
  perLocale,
  roleTag,
  ROLE_LABELS,
  shortName,
  snippet,
  statusTag,
  truncate,
} from './format';
import { type Rag, ragCountTags, ragOf, ragTag, ragTemplate, RAG_EMOJI } from './rag';

interface KindCopy {
  title: (dept: string) => I18nText;
  intro: I18nText;
  summary: (n: number) => I18nText;
  calm: HeaderTemplate;
  /** The 我的任务 filter the footer button opens. */
  filter: TaskFilter;
}

const KIND_COPY: Record<ReminderKind, KindCopy> = {
  remind: {
    title: (d) => bilingual(`到期提醒 · ${d}`, `Due soon · ${d}`),
    intro: bilingual(
      '以下任务即将到期，请抓紧办理，并在到期前通过“汇报进展”报送落实情况。',
      'These tasks are due soon. Please complete them and report progress before the deadline.',
    ),
    summary: (n) => bilingual(`【到期提醒】${n} 项任务即将到期`, `[Due soon] ${n} ${n === 1 ? 'task' : 'tasks'} due soon`),
    calm: 'blue',
    filter: 'open',
  },
  overdue: {
    title: (d) => bilingual(`逾期督办 · ${d}`, `Overdue · ${d}`),
    intro: bilingual(
      '以下任务已超过完成时限，请尽快办理并汇报进展。逾期情况将列入每周通报，呈报政务公开办和分管领导。',
      'These tasks are past their deadline. Please complete them and report progress; overdue tasks are listed in the weekly digest to the office and leaders.',
    ),
    summary: (n) => bilingual(`【逾期督办】${n} 项任务已逾期`, `[Overdue] ${n} ${n === 1 ? 'task is' : 'tasks are'} overdue`),
    calm: 'red',
    filter: 'overdue',
  },
  checkin: {
    title: (d) => bilingual(`请更新进展 · ${d}`, `Progress check-in · ${d}`),
    intro: bilingual(
      '以下为长期坚持类任务，没有固定完成时限。请更新进展，便于政务公开办掌握落实情况。',
      'These are ongoing tasks without a fixed deadline. Please update their progress so the office can follow up.',
    ),
    summary: (n) => bilingual(`【请更新进展】${n} 项长期任务`, `[Check-in] ${n} ongoing ${n === 1 ? 'task' : 'tasks'}`),
    calm: 'wathet',
    filter: 'open',
  },
};

/** Up to this many tasks get a block and a button each; more become a compact list. */
const DETAILED_MAX_TASKS = 12;

interface Level {
  detailed: boolean;
  requirement: number;
  deadline: number;
  maxTasks: number;
}

const DETAILED_LEVELS: Level[] = [
  { detailed: true, requirement: 100, deadline: 30, maxTasks: DETAILED_MAX_TASKS },
  { detailed: true, requirement: 50, deadline: 16, maxTasks: DETAILED_MAX_TASKS },
];
const COMPACT_LEVELS: Level[] = [
  { detailed: false, requirement: 60, deadline: 16, maxTasks: 40 },
  { detailed: false, requirement: 30, deadline: 10, maxTasks: 25 },
  { detailed: false, requirement: 16, deadline: 8, maxTasks: 12 },
];

export function departmentReminderCard(view: DepartmentReminderView, ctx: RenderContext): Card {
  const levels = view.tasks.length <= DETAILED_MAX_TASKS ? [...DETAILED_LEVELS, ...COMPACT_LEVELS] : COMPACT_LEVELS;
  return fitCard(levels.length, (i) => renderDepartment(view, ctx, levels[i]));
}

function renderDepartment(view: DepartmentReminderView, ctx: RenderContext, level: Level): Card {
  const copy = KIND_COPY[view.kind];
  const rags = view.tasks.map((t) => ragOf(t, ctx));
  const shown = view.tasks.slice(0, level.maxTasks);
  // 序号 restart in every notice: name the notice when the list spans more than one.
  const manyNotices = new Set(view.tasks.map((t) => t.noticeTitle)).size > 1;

  const elements: CardElement[] = [markdown(copy.intro, ctx)];
  shown.forEach((task, i) => {
    if (level.detailed) elements.push(...taskBlock(task, rags[i], manyNotices, ctx, level));
    else elements.push(markdown(taskLine(task, rags[i], manyNotices, level), ctx));
  });

  const hidden = view.tasks.length - shown.length;
  if (hidden > 0) {
    elements.push(
      markdown(
        bilingual(`另有 ${hidden} 项未列出，请点击“我的任务”查看。`, `${hidden} more not listed; open “My tasks” to see them.`),
        ctx,
        {
          size: 'notation',
        },
      ),
    );
  }

  const footer = [
    button({ text: bilingual('我的任务', 'My tasks'), action: { a: 'my_tasks', filter: copy.filter, page: 1 }, size: 'small' }, ctx),
  ];
  if (!level.detailed) {
    footer.unshift(
      button({ text: bilingual('汇报进展', 'Report progress'), action: { a: 'report_open' }, type: 'primary', size: 'small' }, ctx),
    );
  }
  elements.push(buttonRow(footer));

  const n = view.tasks.length;
  const name = shortName(view.department.name);
  return card(
    {
      header: {
        title: copy.title(name),
        subtitle: bilingual(
          `共 ${n} 项 · ${ctx.clock.format(ctx.clock.now, 'yyyy-MM-dd')}`,
          `${n} ${n === 1 ? 'task' : 'tasks'} · ${ctx.clock.format(ctx.clock.now, 'yyyy-MM-dd')}`,
        ),
        template: ragTemplate(rags, copy.calm),
        tags: ragCountTags(rags),
      },
      elements,
      summary: copy.summary(n),
    },
    ctx,
  );
}

/** "⏰ 10月底前（2025-10-31）": the notice's wording and the resolved date. */
function deadlineNote(task: ReminderTask, max: number): string {
  const text = task.deadlineText.trim() ? snippet(task.deadlineText, max) : '';
  const date = task.dueOn && task.dueOn !== task.deadlineText.trim() ? task.dueOn : '';
  if (!text && !date) return '';
  return `⏰ ${text}${text && date ? `（${date}）` : date}`;
}

/** The requirement and deadline: data, so no i18n (it would be stored three times). */
function taskText(task: ReminderTask, rag: Rag, manyNotices: boolean, level: Level): { head: string; notes: string[] } {
  const notes = [deadlineNote(task, level.deadline)];
  if (manyNotices) notes.push(`《${escapeMd(truncate(oneLine(task.noticeTitle), 16))}》`);
  return { head: `${RAG_EMOJI[rag]} **${task.seq}.** ${snippet(task.requirement, level.requirement)}`, notes: notes.filter(Boolean) };
}

function taskLine(task: ReminderTask, rag: Rag, manyNotices: boolean, level: Level): string {
  const { head, notes } = taskText(task, rag, manyNotices, level);
  return notes.length ? `${head} <font color='grey'>${notes.join(' · ')}</font>` : head;
}

function taskBlock(task: ReminderTask, rag: Rag, manyNotices: boolean, ctx: RenderContext, level: Level): CardElement[] {
  const { head, notes } = taskText(task, rag, manyNotices, level);
  const mark = dueMark(task, ctx);
  return [
    markdown(notes.length ? `${head}\n<font color='grey'>${notes.join(' · ')}</font>` : head, ctx, { margin: '8px 0px 0px 0px' }),
    markdown(
      perLocale((l) => {
        const role = task.role === 'lead' ? roleTag('lead', l) : ROLE_LABELS.responsible[l];
        const last = task.lastReportAt
          ? `${l === 'zh_cn' ? '上次汇报' : 'Last report'} ${ctx.clock.format(task.lastReportAt, 'MM-dd')}`
          : l === 'zh_cn'
            ? '尚未汇报'
            : 'Not reported yet';
        return `${ragTag(rag, mark.label, l)} ${role} ${statusTag(task.status, l)} <font color='grey'>${last}</font>`;
      }),
      ctx,
      { size: 'notation' },
    ),
    button(
      { text: bilingual('汇报进展', 'Report progress'), action: { a: 'report_open', taskId: task.taskId }, type: 'primary', size: 'small' },
      ctx,
    ),
  ];
}
