/**
 * 汇报进展: the report form. Reporting burden is the users' top complaint, so a routine update must
 * be "change one thing, tap submit": the task is pre-selected, and status, progress text and
 * evidence link are pre-filled from the department's own last report (never from the office's
 * 确认办结 / 退回 notes). When the office returned the task, its reason is shown above the form as
 * 退回意见, not put into the department's text.
 */
import type { I18nText, RenderContext } from '../src/views/common';
import type { ReportFormView, TaskItem } from '../src/views/tasks';
import {
  FORM_FIELDS,
  PROGRESS_MAX_CHARS,
  EVIDENCE_MAX_CHARS,
  REPORT_FORM_NAME,
  REPORT_SUBMIT_NAME,
  REPORTABLE_STATUSES,
  type ReportableStatus,
  encodeTaskOption,
} from './action-value';
import {
  INPUT_MAX_LENGTH,
  STATUS_LABELS,
  type Card,
  type CardElement,
  bilingual,
  button,
  callbackBehaviors,
  card,
  dueMark,
  dueTag,
  fitCard,
  markdown,
  oneLine,
  perLocale,
  personName,
  plainText,
  roleTag,
  shortName,
  snippet,
  statusTag,
  truncate,
  viaGroupNote,
} from './format';

/** The form offers 已完成 (done); the office then reviews it (待审核) before 办结. */
const STATUS_OPTION_LABELS: Record<ReportableStatus, I18nText> = {
  not_started: STATUS_LABELS.not_started,
  in_progress: STATUS_LABELS.in_progress,
  done: bilingual('已完成', 'Done'),
};

/**
 * Detail levels tried until the card fits: long option labels first get shorter, then very long
 * task lists are capped (each option's text object counts towards the 200-element limit).
 */
const LEVELS = [
  { option: 40, context: 200, maxOptions: Infinity },
  { option: 24, context: 120, maxOptions: Infinity },
  { option: 16, context: 80, maxOptions: 150 },
  { option: 12, context: 60, maxOptions: 100 },
] as const;
type Level = (typeof LEVELS)[number];

export function reportFormCard(view: ReportFormView, ctx: RenderContext): Card {
  const tasks = optionTasks(view);
  return fitCard(LEVELS.length, (i) => render(view, tasks, ctx, LEVELS[i]));
}

/** The choosable tasks, de-duplicated, with the selected one guaranteed to be present. */
function optionTasks(view: ReportFormView): TaskItem[] {
  const seen = new Set<number>();
  const list =
    view.selected && !view.tasks.some((t) => t.assignmentId === view.selected?.assignmentId) ? [view.selected, ...view.tasks] : view.tasks;
  return list.filter((t) => {
    if (seen.has(t.assignmentId)) return false;
    seen.add(t.assignmentId);
    return true;
  });
}

/**
 * The status to pre-select. From the last report if there is one; otherwise the current status,
 * except that someone reporting on a not-started task has almost always started it. A report of
 * 已完成 the office has since returned pre-selects the task's status now (进行中): resubmitting
 * 已完成 unchanged would only put the same report back in the office's queue.
 */
export function defaultReportStatus(selected: TaskItem | null): ReportableStatus {
  let from = selected?.lastProgress?.status ?? (selected && selected.status !== 'not_started' ? selected.status : 'in_progress');
  if (selected && from === 'done' && selected.status !== 'done' && selected.status !== 'closed') from = selected.status;
  return from === 'closed' ? 'done' : from;
}

function render(view: ReportFormView, tasks: TaskItem[], ctx: RenderContext, level: Level): Card {
  const dept = shortName(view.department.name);
  const head = {
    title: bilingual(`汇报进展 · ${dept}`, `Report progress · ${dept}`),
    subtitle: bilingual('选择任务，更新状态和进展后提交', 'Pick a task, update its status and progress, then submit'),
    template: 'blue' as const,
  };

  if (tasks.length === 0) {
    return card(
      {
        header: head,
        elements: [
          markdown(
            bilingual(
              '**暂无可汇报的任务**\n本单位的任务均已办结。',
              '**No tasks to report on**\nAll of your department’s tasks are closed.',
            ),
            ctx,
          ),
          button({ text: bilingual('我的任务', 'My tasks'), action: { a: 'my_tasks', filter: 'all', page: 1 } }, ctx),
        ],
      },
      ctx,
    );
  }

  const selected = view.selected;
  const elements: CardElement[] = [];
  if (selected) elements.push(...selectedContext(selected, ctx, level));
  if (selected && view.returned?.reason.trim()) elements.push(returnedLine(view.returned, ctx, level));
  elements.push(form(tasks, selected, ctx, level));
  elements.push(
    markdown(
      bilingual('选择“已完成”后，由政务公开办审核办结。', 'Choosing “Done” sends the task to the office for review before it is closed.'),
      ctx,
      { size: 'notation' },
    ),
  );
  return card({ header: head, elements }, ctx);
}

/** What the pre-selected task is, so the user can check before submitting. */
function selectedContext(task: TaskItem, ctx: RenderContext, level: Level): CardElement[] {
  const mark = dueMark(task, ctx);
  const last = task.lastProgress;
  const deadline = task.deadlineText.trim() ? snippet(task.deadlineText, 30) : '—';
  return [
    markdown(`**${task.seq}.** ${snippet(task.requirement, level.context)}`, ctx),
    markdown(
      perLocale((l) => {
        const tags = `${roleTag(task.role, l)}${viaGroupNote(task.viaGroup, l)} ${statusTag(task.status, l)} ${dueTag(mark, l)}`;
        const due = `${l === 'zh_cn' ? '时限：' : 'Deadline: '}${deadline}`;
        const lastLine = last
          ? `${l === 'zh_cn' ? '上次汇报：' : 'Last report: '}${ctx.clock.format(last.at, 'yyyy-MM-dd')} · ${personName(last.reporter, l)}`
          : l === 'zh_cn'
            ? '尚未汇报'
            : 'Not reported yet';
        return `${tags}\n${due} · ${lastLine}`;
      }),
      ctx,
      { size: 'notation' },
    ),
  ];
}

/** "退回意见（06-20）：…": the office's reason, so the department sees what to fix. */
function returnedLine(returned: { reason: string; at: string }, ctx: RenderContext, level: Level): CardElement {
  const when = ctx.clock.format(returned.at, 'MM-dd');
  const reason = snippet(returned.reason, level.context);
  return markdown(
    perLocale((l) =>
      l === 'zh_cn'
        ? `<font color='orange'>**退回意见**</font>（${when}）：${reason}`
        : `<font color='orange'>**Returned by the office**</font> (${when}): ${reason}`,
    ),
    ctx,
  );
}

/** A field label; required ones get the red asterisk Lark's own form examples use. */
function label(t: I18nText, required: boolean, ctx: RenderContext): CardElement {
  const star = required ? "<font color='red'>*</font>" : '';
  return markdown(
    perLocale((l) => `**${t[l]}**${star}`),
    ctx,
    { margin: '4px 0px 0px 0px' },
  );
}

function form(tasks: TaskItem[], selected: TaskItem | null, ctx: RenderContext, level: Level): CardElement {
  const capped = tasks.slice(0, level.maxOptions);
  if (selected && !capped.some((t) => t.assignmentId === selected.assignmentId)) capped.unshift(selected);
  const hidden = tasks.length - capped.length;

  const taskSelect: CardElement = {
    tag: 'select_static',
    name: FORM_FIELDS.task,
    required: true,
    width: 'fill',
    placeholder: plainText(bilingual('请选择任务', 'Choose a task'), ctx),
    // Option text is data (序号 + requirement) and needs no i18n; the value carries the version
    // so the handler can refuse a stale form.
    options: capped.map((t) => ({
      text: plainText(`${t.seq}. ${truncate(oneLine(t.requirement), level.option)}`, ctx),
      value: encodeTaskOption(t),
    })),
  };
  // Pre-select by position: `initial_index` is 1-based ("1 表示展示第一个选项"). `initial_option` is
  // documented only as the initial option's "内容" and the page's own example gives it an option's
  // text, not its value, so it is not used. The form still submits the option's value.
  // https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/single-select-dropdown-menu
  if (selected) taskSelect.initial_index = capped.findIndex((t) => t.assignmentId === selected.assignmentId) + 1;

  const statusSelect: CardElement = {
    tag: 'select_static',
    name: FORM_FIELDS.status,
    required: true,
    width: 'fill',
    placeholder: plainText(bilingual('请选择状态', 'Choose a status'), ctx),
    options: REPORTABLE_STATUSES.map((s) => ({ text: plainText(STATUS_OPTION_LABELS[s], ctx), value: s })),
    initial_index: REPORTABLE_STATUSES.indexOf(defaultReportStatus(selected)) + 1,
  };

  const last = selected?.lastProgress ?? null;
  const progressInput: CardElement = {
    tag: 'input',
    name: FORM_FIELDS.progress,
    required: true,
    width: 'fill',
    input_type: 'multiline_text',
    rows: 4,
    auto_resize: true,
    max_rows: 10,
    max_length: Math.min(PROGRESS_MAX_CHARS, INPUT_MAX_LENGTH),
    placeholder: plainText(
      bilingual('简要说明已完成的工作、存在问题和下一步安排', 'Briefly: what was done, any problems, next steps'),
      ctx,
    ),
  };
  if (last?.text.trim()) progressInput.default_value = truncate(last.text, PROGRESS_MAX_CHARS);

  const evidenceInput: CardElement = {
    tag: 'input',
    name: FORM_FIELDS.evidence,
    required: false,
    width: 'fill',
    max_length: Math.min(EVIDENCE_MAX_CHARS, INPUT_MAX_LENGTH),
    placeholder: plainText(bilingual('https://…（如政府网站公开页面）', 'https://… (e.g. the published page)'), ctx),
  };
  if (last?.evidenceUrl) evidenceInput.default_value = truncate(last.evidenceUrl, EVIDENCE_MAX_CHARS);

  const submit: CardElement = {
    tag: 'button',
    name: REPORT_SUBMIT_NAME,
    type: 'primary',
    width: 'fill',
    text: plainText(bilingual('提交', 'Submit'), ctx),
    form_action_type: 'submit',
    // Without a callback value Lark answers 200340 on submit.
    behaviors: callbackBehaviors({ a: 'report_submit' }),
  };

  const elements: CardElement[] = [label(bilingual('任务', 'Task'), true, ctx), taskSelect];
  if (hidden > 0) {
    elements.push(
      markdown(
        bilingual(
          `另有 ${hidden} 项未列出，可发送“汇报进展 序号”直接选择。`,
          `${hidden} more not listed; send “汇报进展 <No.>” to pick one directly.`,
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }
  elements.push(
    label(bilingual('状态', 'Status'), true, ctx),
    statusSelect,
    label(bilingual('进展情况', 'Progress'), true, ctx),
    progressInput,
    label(bilingual('证明材料链接（选填）', 'Evidence link (optional)'), false, ctx),
    evidenceInput,
    submit,
  );

  return { tag: 'form', name: REPORT_FORM_NAME, vertical_spacing: '8px', elements };
}
