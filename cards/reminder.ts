/**
 * What the scheduler sends: one card per department per day for each of 到期提醒 (due soon),
 * 逾期督办 (overdue) and 请更新进展 (check-in on ongoing tasks), and the weekly overdue digest
 * for the office and leaders. Every task carries its 红黄绿 light (src/scheduler/rag.ts).
 *
 * A department with a few tasks gets a block per task with its own 汇报进展 button; a long
 * list becomes one line per task and a single 我的任务 button, so the card stays readable and
 * within 28 KB / 200 elements.
 */
import type { AssignmentRole, TaskStatus } from '../src/store/schema';
import { ragStatus, type Rag } from '../src/scheduler/rag';
import type { DepartmentRef, RenderContext, TaskFilter, Locale } from './views';
import {
  type Card,
  type CardElement,
  type HeaderTemplate,
  type I18nText,
  type TagColor,
  bilingual,
  button,
  buttonRow,
  card,
  dueMark,
  escapeMd,
  fitCard,
  formatInShanghai,
  markdown,
  mdTag,
  oneLine,
  perLocale,
  roleTag,
  ROLE_LABELS,
  snippet,
  statusTag,
  truncate,
  withinLimits,
} from './format';

// ---------------------------------------------------------------------------------------------
// 红黄绿

export const RAG_LABELS: Record<Rag, I18nText> = {
  red: bilingual('红', 'Red'),
  yellow: bilingual('黄', 'Yellow'),
  green: bilingual('绿', 'Green'),
};

/** Emoji lead each line: the light survives in plain-text previews and in compact lists. */
export const RAG_EMOJI: Record<Rag, string> = { red: '🔴', yellow: '🟡', green: '🟢' };

const RAG_COLORS: Record<Rag, TagColor> = { red: 'red', yellow: 'yellow', green: 'green' };
const RAG_ORDER: Rag[] = ['red', 'yellow', 'green'];

/** "红 · 已逾期 3 天": the light and the due mark in one tag. */
function ragTag(rag: Rag, due: I18nText, locale: Locale): string {
  return mdTag(`${RAG_LABELS[rag][locale]} · ${due[locale]}`, RAG_COLORS[rag]);
}

function ragTemplate(rags: Rag[], calm: HeaderTemplate): HeaderTemplate {
  if (rags.includes('red')) return 'red';
  if (rags.includes('yellow')) return 'orange';
  return calm;
}

/** Header tags "红 2 / 黄 1 / 绿 3", zero counts left out. */
function ragCountTags(rags: Rag[]): { text: I18nText; color: TagColor }[] {
  return RAG_ORDER.map((rag) => ({ rag, n: rags.filter((r) => r === rag).length }))
    .filter((x) => x.n > 0)
    .map(({ rag, n }) => ({ text: perLocale((l) => `${RAG_LABELS[rag][l]} ${n}`), color: RAG_COLORS[rag] }));
}

// ---------------------------------------------------------------------------------------------
// Department cards

export type ReminderKind = 'remind' | 'overdue' | 'checkin';

/** One of the department's tasks as the scheduler found it. */
export interface ReminderTask {
  taskId: number;
  seq: number;
  noticeTitle: string;
  requirement: string;
  deadlineText: string;
  dueOn: string | null;
  ongoing: boolean;
  status: TaskStatus;
  role: AssignmentRole;
  /** ISO timestamp of the department's last report on it; null when it never reported. */
  lastReportAt: string | null;
}

export interface DepartmentReminderView {
  kind: ReminderKind;
  department: DepartmentRef;
  /** In the order to show (the scheduler sorts by due date, then 序号). */
  tasks: ReminderTask[];
}

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
  const rags = view.tasks.map((t) => ragStatus(t, ctx.now));
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
  const name = view.department.name;
  return card(
    {
      header: {
        title: copy.title(name),
        subtitle: bilingual(
          `共 ${n} 项 · ${formatInShanghai(ctx.now, 'yyyy-MM-dd')}`,
          `${n} ${n === 1 ? 'task' : 'tasks'} · ${formatInShanghai(ctx.now, 'yyyy-MM-dd')}`,
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
  const mark = dueMark(task, ctx.now);
  return [
    markdown(notes.length ? `${head}\n<font color='grey'>${notes.join(' · ')}</font>` : head, ctx, { margin: '8px 0px 0px 0px' }),
    markdown(
      perLocale((l) => {
        const role = task.role === 'lead' ? roleTag('lead', l) : ROLE_LABELS.responsible[l];
        const last = task.lastReportAt
          ? `${l === 'zh_cn' ? '上次汇报' : 'Last report'} ${formatInShanghai(task.lastReportAt, 'MM-dd')}`
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

// ---------------------------------------------------------------------------------------------
// Weekly digest

export interface DigestDepartment {
  department: DepartmentRef;
  /** Its overdue tasks (one row per task). */
  overdue: { taskId: number; seq: number }[];
  /** false: no active group and no coordinator, so its daily overdue cards reach nobody. */
  reachable: boolean;
}

export interface WeeklyDigestView {
  /** The digest's date (yyyy-MM-dd, Shanghai). */
  date: string;
  /** The office gets the review-queue button; leaders do not (reviewing is the office's). */
  audience: 'office' | 'leader';
  /** Departments with overdue tasks, in directory order. */
  departments: DigestDepartment[];
  /** Reports of 已完成 waiting for the office (待审核). */
  pendingReview: number;
  /** Departments with open tasks that no reminder can reach. */
  unreachable: string[];
}

interface DigestLevel {
  seqs: number;
  maxDepartments: number;
  names: number;
}

const DIGEST_LEVELS: DigestLevel[] = [
  { seqs: 12, maxDepartments: 80, names: 400 },
  { seqs: 5, maxDepartments: 80, names: 200 },
  { seqs: 0, maxDepartments: 60, names: 120 },
  { seqs: 0, maxDepartments: 30, names: 60 },
];

export function weeklyDigestCard(view: WeeklyDigestView, ctx: RenderContext): Card {
  const fitted = fitCard(DIGEST_LEVELS.length, (i) => renderDigest(view, ctx, DIGEST_LEVELS[i]));
  if (withinLimits(fitted)) return fitted;
  // Hundreds of departments with very long names: keep halving the list until it fits.
  const last = DIGEST_LEVELS[DIGEST_LEVELS.length - 1];
  for (let n = last.maxDepartments; n >= 1; n = Math.floor(n / 2)) {
    const c = renderDigest(view, ctx, { ...last, maxDepartments: n });
    if (withinLimits(c)) return c;
  }
  return renderDigest(view, ctx, { ...last, maxDepartments: 0 });
}

function renderDigest(view: WeeklyDigestView, ctx: RenderContext, level: DigestLevel): Card {
  const depts = view.departments.filter((d) => d.overdue.length > 0);
  const total = depts.reduce((n, d) => n + d.overdue.length, 0);
  const elements: CardElement[] = [];

  elements.push(
    markdown(
      depts.length
        ? bilingual(
            `截至 ${view.date}，**${depts.length}** 个单位共 **${total}** 项任务逾期（同一任务按单位分别计）。各单位逾期项数及任务序号：`,
            `As of ${view.date}, **${depts.length}** ${depts.length === 1 ? 'department has' : 'departments have'} **${total}** overdue ${total === 1 ? 'task' : 'tasks'} (counted per department). Count and task numbers:`,
          )
        : bilingual(`截至 ${view.date}，没有逾期任务。`, `As of ${view.date}, nothing is overdue.`),
      ctx,
    ),
  );

  const shown = depts.slice(0, level.maxDepartments);
  if (shown.length) elements.push(markdown(shown.map((d) => digestLine(d, level)).join('\n'), ctx));
  const hidden = depts.length - shown.length;
  if (hidden > 0) {
    elements.push(
      markdown(bilingual(`另有 ${hidden} 个单位未列出。`, `${hidden} more departments not listed.`), ctx, { size: 'notation' }),
    );
  }

  if (view.unreachable.length) {
    const names = escapeMd(truncate(view.unreachable.map(oneLine).join('、'), level.names));
    elements.push(
      markdown(
        bilingual(
          `⚠️ 以下 ${view.unreachable.length} 个单位未绑定工作群且没有联络员，提醒无法送达：${names}`,
          `⚠️ ${view.unreachable.length} ${view.unreachable.length === 1 ? 'department has' : 'departments have'} no bound group and no coordinator, so reminders cannot reach them: ${names}`,
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }

  if (view.pendingReview > 0) {
    elements.push(
      markdown(
        bilingual(
          `📥 待审核 **${view.pendingReview}** 项：各单位已报完成，待政务公开办确认办结。`,
          `📥 **${view.pendingReview}** ${view.pendingReview === 1 ? 'report awaits' : 'reports await'} the office’s review.`,
        ),
        ctx,
      ),
    );
  }

  const buttons = [button({ text: bilingual('查看汇总', 'Summary'), action: { a: 'summary' }, size: 'small' }, ctx)];
  if (view.audience === 'office' && view.pendingReview > 0) {
    buttons.unshift(
      button({ text: bilingual('去审核', 'Review'), action: { a: 'review_queue', page: 1 }, type: 'primary', size: 'small' }, ctx),
    );
  }
  elements.push(buttonRow(buttons));

  const tags: { text: I18nText; color: TagColor }[] = [];
  if (depts.length) tags.push({ text: bilingual(`逾期单位 ${depts.length}`, `${depts.length} depts overdue`), color: 'red' });
  if (view.pendingReview)
    tags.push({ text: bilingual(`待审核 ${view.pendingReview}`, `${view.pendingReview} to review`), color: 'orange' });
  if (view.unreachable.length)
    tags.push({ text: bilingual(`无法送达 ${view.unreachable.length}`, `${view.unreachable.length} unreachable`), color: 'neutral' });

  return card(
    {
      header: {
        title: bilingual('每周逾期通报', 'Weekly overdue digest'),
        subtitle: view.date,
        template: depts.length ? 'red' : 'green',
        tags,
      },
      elements,
      summary: depts.length
        ? bilingual(`【每周通报】${depts.length} 个单位 ${total} 项逾期`, `[Weekly] ${total} overdue in ${depts.length} departments`)
        : bilingual('【每周通报】无逾期任务', '[Weekly] Nothing overdue'),
    },
    ctx,
  );
}

/** "🔴 **区财政局** · 3 · #1 #11 #17 ⚠️": language-neutral, so the lines are stored once. */
function digestLine(d: DigestDepartment, level: DigestLevel): string {
  const seqs = [...new Set(d.overdue.map((t) => t.seq))].sort((a, b) => a - b);
  const listed = seqs.slice(0, level.seqs).map((s) => `#${s}`);
  if (listed.length && seqs.length > listed.length) listed.push('…');
  const parts = [`${RAG_EMOJI.red} **${escapeMd(truncate(oneLine(d.department.name), 30))}**`, String(d.overdue.length)];
  if (listed.length) parts.push(listed.join(' '));
  return `${parts.join(' · ')}${d.reachable ? '' : ' ⚠️'}`;
}
