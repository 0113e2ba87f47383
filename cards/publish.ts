/**
 * The cards of a notice's life after import, all Card JSON 2.0:
 * - `noticePreviewCard`: what the office checks before publishing (units, task counts, who will
 *   not be reached, parser warnings), with 发布 / 取消;
 * - `publishedNoticeCard`: the one card each department gets when the notice is published;
 * - `deliveryReportCard`: for the office, how the broadcast went (sent / failed / pending).
 *
 * Budget: a bilingual text is stored three times (content, zh_cn, en_us), so long lists of data
 * (unit names) go into markdown without i18n, and only headings and fixed vocabulary are
 * bilingual. Lists are capped so that 150 departments still fit 28 KB / 200 elements.
 */
import type { DepartmentRef, Locale, NoticeView, RenderContext, TaskItem } from './views';
import type { NoticeStatus } from '../src/store/schema';
import {
  type Card,
  type CardElement,
  type HeaderTemplate,
  type I18nText,
  bilingual,
  button,
  buttonRow,
  card,
  divider,
  dueMark,
  dueTag,
  escapeMd,
  fitCard,
  formatInShanghai,
  markdown,
  perLocale,
  plainText,
  roleTag,
  snippet,
  truncate,
  oneLine,
} from './format';

// ---------------------------------------------------------------------------------------------
// Views

export interface NoticeSummary {
  id: number;
  title: string;
  docNumber: string | null;
}

/** One department's share of a newly published notice. */
export interface PublishedNoticeView {
  notice: NoticeSummary;
  department: DepartmentRef;
  leadCount: number;
  participatingCount: number;
  /** The earliest due date on or after the day of publishing; null when there is none. */
  nearest: { dueOn: string; deadlineText: string } | null;
  /** Tasks whose due date had already passed when the notice was published. */
  pastDueCount: number;
  /** The first few tasks, most urgent first. */
  tasks: TaskItem[];
  /** All of the department's tasks in this notice. */
  total: number;
}

/** How a department is reached: its bound group chat, its coordinators one by one, or not at all. */
export type Reach = 'chat' | 'coordinators' | null;

export interface PreviewDepartment extends DepartmentRef {
  lead: number;
  participating: number;
  reach: Reach;
}

export interface NoticePreviewView {
  notice: NoticeSummary & {
    status: NoticeStatus;
    issuer: string | null;
    issuedOn: string | null;
    sourceName: string;
  };
  taskCount: number;
  /** Directory order; every department with at least one task. */
  departments: PreviewDepartment[];
  /** Unit names the import could not tie to the directory: nobody gets those tasks. */
  unresolved: string[];
  /**
   * Departments this import added to an existing directory: a new spelling of a known unit
   * shows up here, and 设置别名 merges it. Empty for a tenant's first notice.
   */
  created: string[];
  warnings: string[];
}

export interface DeliveryProblem {
  department: string;
  /** 'chat': the bound group; 'coordinator': one coordinator's private chat. */
  recipient: 'chat' | 'coordinator';
  attempts: number;
  /** Lark's code, when the failure came from Lark. */
  code: number | null;
  error: string | null;
  /** Pending rows: when the next attempt is due (ISO). */
  nextAttemptAt?: string;
}

export interface DeliveryReportView {
  notice: NoticeSummary & { status: NoticeStatus; publishedAt: string | null };
  /** Messages (one per bound chat or coordinator), not departments. */
  counts: { sent: number; failed: number; pending: number };
  failed: DeliveryProblem[];
  pending: DeliveryProblem[];
  /** Departments with tasks in the notice but neither a bound chat nor a coordinator. */
  undeliverable: DepartmentRef[];
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** Caps keep a 150-department notice inside the card budget; the card says what it left out. */
export const PREVIEW_DEPARTMENTS_SHOWN = 20;
const PREVIEW_WARNINGS_SHOWN = 8;
const UNRESOLVED_SHOWN = 30;
const UNDELIVERABLE_SHOWN = 60;
export const PUBLISHED_TASKS_SHOWN = 5;

const STATUS_TEXT: Record<NoticeStatus, I18nText> = {
  draft: bilingual('草稿', 'Draft'),
  published: bilingual('已发布', 'Published'),
  cancelled: bilingual('已取消', 'Cancelled'),
};

/**
 * 《title》 in Chinese, “title” in English, capped. Escaped for markdown unless `plain` (the
 * summary and headers are plain text, where an entity would show literally).
 */
function quotedTitle(title: string, locale: Locale, max = 60, plain = false): string {
  const capped = truncate(oneLine(title), max);
  const t = plain ? capped : escapeMd(capped);
  return locale === 'zh_cn' ? `《${t}》` : `“${t}”`;
}

/** Names as one language-neutral line ("区财政局、区教育局…另有 N 个"), the cheap way to list many. */
function nameList(names: string[], shown: number): string {
  const head = names.slice(0, shown).map((n) => escapeMd(truncate(oneLine(n), 30)));
  return head.join('、');
}

function moreLine(hidden: number, zh: (n: number) => string, en: (n: number) => string, ctx: RenderContext): CardElement[] {
  return hidden > 0 ? [markdown(bilingual(zh(hidden), en(hidden)), ctx, { size: 'notation' })] : [];
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------
// The department's card

export function publishedNoticeCard(view: PublishedNoticeView, ctx: RenderContext): Card {
  const { leadCount: lead, participatingCount: part } = view;
  const headline = perLocale((l) => {
    const title = quotedTitle(view.notice.title, l);
    if (l === 'zh_cn') {
      return `**新通知${title}**：贵单位牵头 **${lead}** 项、参与 **${part}** 项，${nearestText(view, l)}。`;
    }
    return `**New notice ${title}**: your department leads **${lead}** and participates in **${part}** ${part === 1 ? 'task' : 'tasks'}; ${nearestText(view, l)}.`;
  });

  const elements: CardElement[] = [markdown(headline, ctx)];
  if (view.pastDueCount > 0 && view.nearest) {
    const n = view.pastDueCount;
    elements.push(
      markdown(
        bilingual(
          `<font color='red'>另有 ${n} 项的截止日期已过，请尽快办理。</font>`,
          `<font color='red'>${plural(n, 'task is', 'tasks are')} already past the deadline; please act promptly.</font>`,
        ),
        ctx,
      ),
    );
  }

  if (view.tasks.length) {
    elements.push(divider());
    for (const task of view.tasks) elements.push(taskLine(task, ctx));
    elements.push(
      ...moreLine(
        view.total - view.tasks.length,
        (n) => `另有 ${n} 项，请点击“查看我的任务”查看全部。`,
        (n) => `${plural(n, 'more task', 'more tasks')}: tap “View my tasks” to see them all.`,
        ctx,
      ),
    );
  }
  elements.push(
    button({ text: bilingual('查看我的任务', 'View my tasks'), action: { a: 'my_tasks', filter: 'all', page: 1 }, type: 'primary' }, ctx),
  );

  const summary = perLocale((l) =>
    l === 'zh_cn'
      ? `新通知${quotedTitle(view.notice.title, l, 30, true)}：牵头 ${lead} 项、参与 ${part} 项`
      : `New notice ${quotedTitle(view.notice.title, l, 30, true)}: lead ${lead}, participate ${part}`,
  );
  return card(
    {
      header: {
        title: bilingual('新通知 · 请查收本单位任务', 'New notice · your department’s tasks'),
        subtitle: [view.department.name, view.notice.docNumber].filter(Boolean).join(' · '),
        template: view.pastDueCount > 0 ? 'orange' : 'blue',
        tags: [
          { text: bilingual(`牵头 ${lead}`, `Lead ${lead}`), color: 'red' },
          { text: bilingual(`参与 ${part}`, `Participating ${part}`), color: 'neutral' },
        ],
      },
      elements,
      summary,
    },
    ctx,
  );
}

/** "最近截止 2025-07-31（7月底前）", or why there is no date to show. */
function nearestText(view: PublishedNoticeView, l: Locale): string {
  if (view.nearest) {
    const { dueOn, deadlineText } = view.nearest;
    const text = oneLine(deadlineText);
    const note = text && text !== dueOn ? (l === 'zh_cn' ? `（${snippet(text, 20)}）` : ` (${snippet(text, 20)})`) : '';
    return l === 'zh_cn' ? `最近截止 **${dueOn}**${note}` : `nearest deadline **${dueOn}**${note}`;
  }
  if (view.pastDueCount > 0) {
    const n = view.pastDueCount;
    return l === 'zh_cn' ? `其中 ${n} 项的截止日期已过，请尽快办理` : `${plural(n, 'task is', 'tasks are')} already past the deadline`;
  }
  return l === 'zh_cn' ? '均为长期或未定时限任务' : 'all are ongoing or undated';
}

function taskLine(task: TaskItem, ctx: RenderContext): CardElement {
  const mark = dueMark(task, ctx.now);
  const deadline = task.deadlineText.trim() ? ` ⏰ ${snippet(task.deadlineText, 16)}` : '';
  return markdown(
    perLocale(
      (l) =>
        `**${task.seq}.** ${snippet(task.requirement, 48)}\n${roleTag(task.role, l)} ${dueTag(mark, l)}<font color='grey'>${deadline}</font>`,
    ),
    ctx,
  );
}

// ---------------------------------------------------------------------------------------------
// The office's preview before publishing

export function noticePreviewCard(view: NoticePreviewView, ctx: RenderContext): Card {
  const { notice, departments } = view;
  const unreachable = departments.filter((d) => d.reach === null);
  const reachable = departments.length - unreachable.length;
  const meta = [notice.docNumber, notice.issuer, notice.issuedOn].filter(Boolean).map((s) => escapeMd(oneLine(s!)));

  const elements: CardElement[] = [
    markdown(
      `**${escapeMd(truncate(oneLine(notice.title), 100))}**${meta.length ? `\n<font color='grey'>${meta.join(' · ')}</font>` : ''}`,
      ctx,
    ),
    markdown(
      bilingual(
        `共 **${view.taskCount}** 项任务，涉及 **${departments.length}** 个单位；发布后 **${reachable}** 个单位将收到通知` +
          (unreachable.length ? `，<font color='red'>**${unreachable.length}** 个单位尚未绑定群或联络员（标 ⚠）</font>。` : '。'),
        `**${view.taskCount}** tasks for **${departments.length}** departments; **${reachable}** will be notified` +
          (unreachable.length
            ? `, <font color='red'>**${unreachable.length}** have no bound group or coordinator (marked ⚠)</font>.`
            : '.'),
      ),
      ctx,
    ),
  ];

  if (departments.length) {
    const shown = departments.slice(0, PREVIEW_DEPARTMENTS_SHOWN);
    elements.push(
      markdown(
        perLocale((l) =>
          shown
            .map((d, i) => {
              const counts =
                l === 'zh_cn' ? `牵头 ${d.lead} · 参与 ${d.participating}` : `lead ${d.lead} · participating ${d.participating}`;
              const warn = d.reach === null ? (l === 'zh_cn' ? ' ⚠ 未绑定' : ' ⚠ unbound') : '';
              return `${i + 1}. ${escapeMd(truncate(oneLine(d.name), 30))} — ${counts}${warn}`;
            })
            .join('\n'),
        ),
        ctx,
      ),
      ...moreLine(
        departments.length - shown.length,
        (n) => `…另有 ${n} 个单位`,
        (n) => `…and ${plural(n, 'more department', 'more departments')}`,
        ctx,
      ),
    );
    const hiddenUnreachable = unreachable.filter((d) => !shown.includes(d));
    if (hiddenUnreachable.length) {
      elements.push(
        markdown(bilingual('以下单位尚未绑定群或联络员：', 'Also without a bound group or coordinator:'), ctx, { size: 'notation' }),
        markdown(
          nameList(
            hiddenUnreachable.map((d) => d.name),
            UNDELIVERABLE_SHOWN,
          ),
          ctx,
          { size: 'notation' },
        ),
        ...moreLine(
          hiddenUnreachable.length - UNDELIVERABLE_SHOWN,
          (n) => `…另有 ${n} 个`,
          (n) => `…and ${n} more`,
          ctx,
        ),
      );
    }
  }

  if (view.created.length) {
    elements.push(
      divider(),
      markdown(
        bilingual(
          `**目录新增单位（${view.created.length}）**：如其中有目录中已有单位的另一种写法，请合并。`,
          `**New directory units (${view.created.length})**: if one is another spelling of an existing unit, merge it.`,
        ),
        ctx,
      ),
      markdown(nameList(view.created, UNRESOLVED_SHOWN), ctx),
      ...moreLine(
        view.created.length - UNRESOLVED_SHOWN,
        (n) => `…另有 ${n} 个`,
        (n) => `…and ${n} more`,
        ctx,
      ),
      markdown(bilingual('合并方法：**设置别名 新单位名称 = 目录中的单位名称**', 'To merge: **设置别名 new name = directory name**'), ctx, {
        size: 'notation',
      }),
    );
  }

  if (view.unresolved.length) {
    elements.push(
      divider(),
      markdown(
        bilingual(
          `**未能识别的单位（${view.unresolved.length}）**：这些名称下的任务不会派发给任何单位。`,
          `**Unrecognised units (${view.unresolved.length})**: their tasks will reach nobody.`,
        ),
        ctx,
      ),
      markdown(nameList(view.unresolved, UNRESOLVED_SHOWN), ctx),
      ...moreLine(
        view.unresolved.length - UNRESOLVED_SHOWN,
        (n) => `…另有 ${n} 个`,
        (n) => `…and ${n} more`,
        ctx,
      ),
      markdown(
        bilingual(
          '如是目录中单位的别称，请发送：**设置别名 原名称 = 目录中的单位名称**',
          'If one is another name for a directory unit, send: **设置别名 original name = directory name**',
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }

  if (view.warnings.length) {
    const shown = view.warnings.slice(0, PREVIEW_WARNINGS_SHOWN);
    elements.push(
      divider(),
      markdown(bilingual(`**解析提示（${view.warnings.length}）**`, `**Parser warnings (${view.warnings.length})**`), ctx),
      markdown(shown.map((w) => `- ${snippet(w, 100)}`).join('\n'), ctx, { size: 'notation' }),
      ...moreLine(
        view.warnings.length - shown.length,
        (n) => `…另有 ${n} 条`,
        (n) => `…and ${n} more`,
        ctx,
      ),
    );
  }

  elements.push(divider(), previewButtons(view, reachable, ctx));

  return card(
    {
      header: {
        title: bilingual('通知发布前预览', 'Notice preview'),
        subtitle: notice.docNumber ?? truncate(oneLine(notice.sourceName), 40),
        template: PREVIEW_TEMPLATES[notice.status],
        tags: [
          {
            text: STATUS_TEXT[notice.status],
            color: notice.status === 'published' ? 'green' : notice.status === 'draft' ? 'blue' : 'neutral',
          },
        ],
      },
      elements,
      summary: perLocale((l) =>
        l === 'zh_cn' ? `待发布：${quotedTitle(notice.title, l, 30, true)}` : `To publish: ${quotedTitle(notice.title, l, 30, true)}`,
      ),
    },
    ctx,
  );
}

const PREVIEW_TEMPLATES: Record<NoticeStatus, HeaderTemplate> = { draft: 'blue', published: 'green', cancelled: 'grey' };

/** A button with Card 2.0's confirmation dialog (`confirm`: title + text, Lark supplies OK/Cancel). */
function confirmed(el: CardElement, title: I18nText, text: I18nText, ctx: RenderContext): CardElement {
  return { ...el, confirm: { title: plainText(title, ctx), text: plainText(text, ctx) } };
}

function previewButtons(view: NoticePreviewView, reachable: number, ctx: RenderContext): CardElement {
  const { id, status } = view.notice;
  if (status !== 'draft') {
    const tips =
      status === 'published' ? bilingual('该通知已发布', 'Already published') : bilingual('该通知已取消', 'This notice was cancelled');
    const buttons = [
      button({ text: bilingual('发布', 'Publish'), action: { a: 'publish', noticeId: id }, type: 'primary', disabledTips: tips }, ctx),
    ];
    if (status === 'published') {
      buttons.push(button({ text: bilingual('送达情况', 'Delivery report'), action: { a: 'delivery_report', noticeId: id } }, ctx));
    }
    return buttonRow(buttons);
  }
  return buttonRow([
    confirmed(
      button({ text: bilingual('发布', 'Publish'), action: { a: 'publish', noticeId: id }, type: 'primary' }, ctx),
      bilingual('确认发布？', 'Publish this notice?'),
      bilingual(
        `将向 ${reachable} 个单位发送任务通知，发布后不能撤回。`,
        `Tasks will be sent to ${plural(reachable, 'department', 'departments')}. This cannot be undone.`,
      ),
      ctx,
    ),
    confirmed(
      button({ text: bilingual('取消', 'Cancel notice'), action: { a: 'cancel_notice', noticeId: id }, type: 'danger' }, ctx),
      bilingual('确认取消该通知？', 'Cancel this notice?'),
      bilingual('取消后不会向任何单位发送，也不能再发布。', 'Nothing will be sent, and it cannot be published later.'),
      ctx,
    ),
  ]);
}

// ---------------------------------------------------------------------------------------------
// The office's delivery report

/**
 * Detail levels for the problem lists, tried until the card fits: a mass failure (the bot
 * removed from every group) lists fewer rows with shorter errors rather than being refused.
 */
const REPORT_LEVELS: readonly { shown: number; error: number }[] = [
  { shown: 15, error: 90 },
  { shown: 10, error: 50 },
  { shown: 6, error: 0 },
];

export function deliveryReportCard(view: DeliveryReportView, ctx: RenderContext): Card {
  return fitCard(REPORT_LEVELS.length, (i) => renderReport(view, ctx, REPORT_LEVELS[i]));
}

function renderReport(view: DeliveryReportView, ctx: RenderContext, level: { shown: number; error: number }): Card {
  const { counts, notice } = view;
  const total = counts.sent + counts.failed + counts.pending;
  const undeliverable = view.undeliverable.length;
  const elements: CardElement[] = [
    markdown(
      `**${escapeMd(truncate(oneLine(notice.title), 100))}**${notice.docNumber ? `\n<font color='grey'>${escapeMd(notice.docNumber)}</font>` : ''}`,
      ctx,
    ),
    markdown(
      bilingual(
        `共 **${total}** 条：<font color='green'>已送达 **${counts.sent}**</font> · <font color='red'>失败 **${counts.failed}**</font> · 发送中 **${counts.pending}**` +
          (undeliverable ? `\n<font color='orange'>无法送达 **${undeliverable}** 个单位</font>（未绑定群或联络员）` : ''),
        `**${total}** ${total === 1 ? 'message' : 'messages'}: <font color='green'>delivered **${counts.sent}**</font> · <font color='red'>failed **${counts.failed}**</font> · in progress **${counts.pending}**` +
          (undeliverable
            ? `\n<font color='orange'>**${undeliverable}** departments unreachable</font> (no bound group or coordinator)`
            : ''),
      ),
      ctx,
    ),
  ];
  if (notice.publishedAt) {
    elements.push(
      markdown(
        bilingual(
          `发布时间 ${formatInShanghai(notice.publishedAt, 'yyyy-MM-dd HH:mm')}`,
          `Published ${formatInShanghai(notice.publishedAt, 'yyyy-MM-dd HH:mm')}`,
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }

  if (view.failed.length) {
    elements.push(
      divider(),
      markdown(bilingual(`**发送失败（${view.failed.length}）**`, `**Failed (${view.failed.length})**`), ctx),
      problemList(view.failed.slice(0, level.shown), level.error, ctx),
      ...moreLine(
        view.failed.length - level.shown,
        (n) => `…另有 ${n} 条`,
        (n) => `…and ${n} more`,
        ctx,
      ),
      markdown(
        bilingual(
          '常见原因：机器人未加入或已被移出该群、群已解散、联络员不在应用的可用范围内。处理后请联系技术人员重新发送。',
          'Usual causes: the bot is not (or no longer) in the group, the group was dissolved, or the coordinator is outside the app’s availability. Once fixed, ask the administrator to resend.',
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }

  if (view.pending.length) {
    elements.push(
      divider(),
      markdown(bilingual(`**发送中（${view.pending.length}）**`, `**In progress (${view.pending.length})**`), ctx),
      problemList(view.pending.slice(0, level.shown), level.error, ctx),
      ...moreLine(
        view.pending.length - level.shown,
        (n) => `…另有 ${n} 条`,
        (n) => `…and ${n} more`,
        ctx,
      ),
    );
  }

  if (undeliverable) {
    elements.push(
      divider(),
      markdown(bilingual(`**无法送达的单位（${undeliverable}）**`, `**Unreachable departments (${undeliverable})**`), ctx),
      markdown(
        nameList(
          view.undeliverable.map((d) => d.name),
          UNDELIVERABLE_SHOWN,
        ),
        ctx,
      ),
      ...moreLine(
        undeliverable - UNDELIVERABLE_SHOWN,
        (n) => `…另有 ${n} 个`,
        (n) => `…and ${n} more`,
        ctx,
      ),
      markdown(
        bilingual(
          '请单位联络员在本单位群内发送“@督办 绑定 单位名称”，或由政务公开办登记联络员。',
          'Ask the department’s coordinator to send “@Duban bind <department>” in its group, or have the office register a coordinator.',
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }

  elements.push(button({ text: bilingual('刷新', 'Refresh'), action: { a: 'delivery_report', noticeId: notice.id }, size: 'small' }, ctx));

  const done = counts.pending === 0;
  return card(
    {
      header: {
        title: bilingual('送达情况', 'Delivery report'),
        subtitle: truncate(oneLine(notice.title), 40),
        template: counts.failed > 0 ? 'red' : !done ? 'blue' : undeliverable ? 'orange' : 'green',
        tags: [
          done
            ? { text: bilingual('发送完毕', 'Finished'), color: counts.failed > 0 ? 'red' : 'green' }
            : { text: bilingual('发送中', 'In progress'), color: 'blue' },
        ],
      },
      elements,
    },
    ctx,
  );
}

/** One line per problem; the department and error text are data (no i18n), the labels are not. */
function problemList(problems: DeliveryProblem[], errorChars: number, ctx: RenderContext): CardElement {
  return markdown(
    perLocale((l) =>
      problems
        .map((p) => {
          const who = p.recipient === 'chat' ? (l === 'zh_cn' ? '群' : 'group') : l === 'zh_cn' ? '联络员' : 'coordinator';
          const tries =
            p.attempts === 0
              ? l === 'zh_cn'
                ? '排队中'
                : 'queued'
              : l === 'zh_cn'
                ? `已尝试 ${p.attempts} 次`
                : plural(p.attempts, 'attempt', 'attempts');
          const next = p.nextAttemptAt ? ` · ${l === 'zh_cn' ? '下次' : 'next'} ${formatInShanghai(p.nextAttemptAt, 'HH:mm:ss')}` : '';
          const error = p.error && errorChars > 0 ? `\n<font color='grey'>${snippet(p.error, errorChars)}</font>` : '';
          return `- ${escapeMd(truncate(oneLine(p.department), 30))}（${who}）· ${tries}${next}${error}`;
        })
        .join('\n'),
    ),
    ctx,
  );
}

// ---------------------------------------------------------------------------------------------
// Outcome messages for the bot (a toast or a messageCard)

export function publishOutcomeMessage(
  result: { status: 'published'; messages: number; undeliverable: DepartmentRef[] } | { status: 'already' | 'cancelled' | 'not_found' },
): NoticeView {
  switch (result.status) {
    case 'published': {
      const u = result.undeliverable.length;
      return {
        tone: u ? 'warning' : 'success',
        title: bilingual('已发布', 'Published'),
        body: bilingual(
          `正在向各单位发送 ${result.messages} 条通知。${u ? `**${u} 个单位**尚未绑定群或联络员，无法送达。` : ''}`,
          `Sending ${result.messages} ${result.messages === 1 ? 'message' : 'messages'} to the departments.${u ? ` **${u} departments** have no bound group or coordinator and cannot be reached.` : ''}`,
        ),
      };
    }
    case 'already':
      return {
        tone: 'info',
        title: bilingual('已发布过', 'Already published'),
        body: bilingual('该通知此前已发布，不会重复发送。', 'This notice was published before; nothing is sent twice.'),
      };
    case 'cancelled':
      return {
        tone: 'warning',
        title: bilingual('无法发布', 'Cannot publish'),
        body: bilingual('该通知已取消，不能再发布。', 'This notice was cancelled and cannot be published.'),
      };
    case 'not_found':
      return {
        tone: 'error',
        title: bilingual('找不到该通知', 'Notice not found'),
        body: bilingual('该通知不存在或不属于本组织。', 'This notice does not exist here.'),
      };
  }
}

export function cancelOutcomeMessage(status: 'cancelled' | 'already' | 'published' | 'not_found'): NoticeView {
  switch (status) {
    case 'cancelled':
      return {
        tone: 'success',
        title: bilingual('已取消', 'Cancelled'),
        body: bilingual('该通知已取消，不会向任何单位发送。', 'The notice was cancelled; nothing will be sent.'),
      };
    case 'already':
      return {
        tone: 'info',
        title: bilingual('已取消', 'Already cancelled'),
        body: bilingual('该通知此前已取消。', 'This notice was already cancelled.'),
      };
    case 'published':
      return {
        tone: 'warning',
        title: bilingual('无法取消', 'Cannot cancel'),
        body: bilingual(
          '该通知已发布，各单位已收到任务，不能取消。如需调整，请联系相关单位。',
          'This notice is already published and the departments have their tasks; it cannot be cancelled. Contact the departments to adjust.',
        ),
      };
    case 'not_found':
      return publishOutcomeMessage({ status: 'not_found' });
  }
}
