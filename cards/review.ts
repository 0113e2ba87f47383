/**
 * 待审核: the office's queue of tasks departments reported as done, and the card that tells a
 * department the outcome (办结 or 退回 with the reason).
 *
 * Each queue item has a 确认办结 button and its own small form (reason + 退回). Lark requires
 * form and field names to be unique within a card, so the reason input of item N is named
 * `reason_N`; `returnReasonFrom` reads it back from the callback's form_value.
 */
import type { I18nText, RenderContext } from '../src/views/common';
import type { ReviewItem, ReviewQueuePage, ReviewResultView } from '../src/views/review';
import {
  INPUT_MAX_LENGTH,
  type Card,
  type CardElement,
  type TagColor,
  bilingual,
  button,
  callbackBehaviors,
  card,
  confirmDialog,
  divider,
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
  plainText,
  roleTag,
  shortName,
  snippet,
  truncate,
  pagingRow,
  withinLimits,
} from './format';

/** Like PROGRESS_MAX_CHARS in action-value.ts: the input's limit and the rule reviewDecision enforces. */
export const REVIEW_REASON_MAX_CHARS = 500;

export const reviewReasonField = (assignmentId: number): string => `reason_${assignmentId}`;
const reviewFormName = (assignmentId: number): string => `review_form_${assignmentId}`;
const reviewSubmitName = (assignmentId: number): string => `review_return_${assignmentId}`;

/**
 * The return reason from a 退回 callback's form_value: the item's own field, or a plain `reason`
 * (what a single-item form would send). Anything but a string counts as no reason.
 */
export function returnReasonFrom(formValue: unknown, assignmentId: number): string | undefined {
  if (formValue === null || typeof formValue !== 'object') return undefined;
  const v = formValue as Record<string, unknown>;
  const raw = v[reviewReasonField(assignmentId)] ?? v.reason;
  return typeof raw === 'string' ? raw : undefined;
}

// ---------------------------------------------------------------------------------------------
// The queue

interface Level {
  requirement: number;
  report: number;
  /** Items shown; the rest are counted ("本页另有 N 项") and reached by paging or a smaller page. */
  maxItems: number;
  /** 佐证材料 buttons per item. */
  evidence: number;
}

const LEVELS: Level[] = [
  { requirement: 160, report: 300, maxItems: Infinity, evidence: 6 },
  { requirement: 80, report: 140, maxItems: Infinity, evidence: 4 },
  { requirement: 40, report: 60, maxItems: Infinity, evidence: 2 },
  { requirement: 20, report: 24, maxItems: Infinity, evidence: 1 },
];

export function reviewQueueCard(view: ReviewQueuePage, ctx: RenderContext): Card {
  const fitted = fitCard(LEVELS.length, (i) => renderQueue(view, ctx, LEVELS[i]));
  if (withinLimits(fitted)) return fitted;
  // Every item carries its own decision buttons, so none is cut short: fewer items, each whole.
  const last = LEVELS[LEVELS.length - 1];
  for (let n = view.items.length - 1; n > 1; n--) {
    const c = renderQueue(view, ctx, { ...last, maxItems: n });
    if (withinLimits(c)) return c;
  }
  return renderQueue(view, ctx, { ...last, maxItems: 1 });
}

function renderQueue(view: ReviewQueuePage, ctx: RenderContext, level: Level): Card {
  const elements: CardElement[] = [];
  if (view.items.length === 0) {
    elements.push(
      markdown(
        bilingual(
          '**暂无待审核的任务**\n各单位报送“已完成”后会出现在这里。',
          '**Nothing to review**\nTasks appear here when a department reports them done.',
        ),
        ctx,
        {
          align: 'center',
        },
      ),
    );
  }
  const shown = view.items.slice(0, level.maxItems);
  shown.forEach((item, i) => {
    if (i > 0) elements.push(divider());
    elements.push(...itemBlock(item, ctx, level));
  });
  const hidden = view.items.length - shown.length;
  if (hidden > 0) {
    elements.push(
      markdown(
        bilingual(
          `本页另有 ${hidden} 项未能显示，处理以上各项后发送“待审核”刷新。`,
          `${hidden} more on this page could not be shown; send “review” again after deciding these.`,
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }
  if (view.pageCount > 1) elements.push(pagingRow(view, (page) => ({ a: 'review_queue', page }), ctx));

  return card(
    {
      header: {
        title: bilingual('待审核', 'Review queue'),
        subtitle: bilingual(
          `共 ${view.total} 项 · 第 ${view.page}/${view.pageCount} 页 · 先报先审`,
          `${view.total} ${view.total === 1 ? 'report' : 'reports'} · page ${view.page}/${view.pageCount} · oldest first`,
        ),
        template: view.total > 0 ? 'orange' : 'green',
      },
      elements,
      summary: bilingual(`【待审核】${view.total} 项`, `[Review] ${view.total} waiting`),
    },
    ctx,
  );
}

function itemBlock(item: ReviewItem, ctx: RenderContext, level: Level): CardElement[] {
  const report = item.report;
  const timing = reportTiming(item, ctx);
  const dept = mdName(item.department.name);
  const deadline = item.deadlineText.trim() ? ` · ⏰ ${snippet(item.deadlineText, 20)}` : '';
  const elements: CardElement[] = [
    markdown(`**${dept}** · **${item.seq}.** ${snippet(item.requirement, level.requirement)}<font color='grey'>${deadline}</font>`, ctx),
    markdown(
      perLocale((l) => {
        const at = report ? ctx.clock.format(report.at, 'MM-dd HH:mm') : '';
        const who = report ? personName(report.reporter, l) : '';
        const when = report ? (l === 'zh_cn' ? `${who} 报送于 ${at}` : `Reported by ${who} ${at}`) : '';
        const due = timing ? ` ${mdTag(timing.label[l], timing.color)}` : '';
        return `${roleTag(item.role, l)}${due} <font color='grey'>${when}</font>`;
      }),
      ctx,
      { size: 'notation' },
    ),
  ];
  const lines = [report?.text.trim() ? `📝 ${snippet(report.text, level.report)}` : '📝 —'];
  const link = evidenceLink(report?.evidenceUrl);
  if (link) lines.push(link);
  elements.push(markdown(lines.join('\n'), ctx), ...evidenceButtons(item.evidence ?? [], ctx, level.evidence));

  const confirm: CardElement = {
    ...button(
      {
        text: bilingual('确认办结', 'Confirm closed'),
        action: { a: 'review_confirm', assignmentId: item.assignmentId, version: item.version },
        type: 'primary',
        size: 'small',
      },
      ctx,
    ),
    // Closing is what the year-end ledger counts: one more tap to be sure.
    confirm: confirmDialog(
      bilingual('确认办结？', 'Close this task?'),
      perLocale((l) => {
        const name = shortName(item.department.name);
        return l === 'zh_cn' ? `${name}：第 ${item.seq} 项将标记为已办结。` : `${name}: task ${item.seq} will be closed.`;
      }),
      ctx,
    ),
  };
  elements.push(confirm, returnForm(item, ctx));
  return elements;
}

/** Was the 已完成 report filed by the due date? That, not today's date, is what the office weighs. */
function reportTiming(item: ReviewItem, ctx: RenderContext): { label: I18nText; color: TagColor } | null {
  if (!item.dueOn || !item.report) return null;
  const late = ctx.clock.daysBetween(item.dueOn, ctx.clock.format(item.report.at, 'yyyy-MM-dd'));
  if (late === null) return null;
  if (late <= 0) return { label: bilingual('按时报送', 'On time'), color: 'green' };
  return { label: bilingual(`逾期 ${late} 天报送`, `${late} ${late === 1 ? 'day' : 'days'} late`), color: 'red' };
}

/** Reason + 退回: Lark asks for the reason before the callback is sent (required input). */
function returnForm(item: ReviewItem, ctx: RenderContext): CardElement {
  return {
    tag: 'form',
    name: reviewFormName(item.assignmentId),
    vertical_spacing: '4px',
    elements: [
      {
        tag: 'input',
        name: reviewReasonField(item.assignmentId),
        required: true,
        width: 'fill',
        max_length: Math.min(REVIEW_REASON_MAX_CHARS, INPUT_MAX_LENGTH),
        placeholder: plainText(
          bilingual('退回原因（必填），如：证明材料链接无法打开', 'Reason to return (required), e.g. the evidence link does not open'),
          ctx,
        ),
      },
      {
        tag: 'button',
        name: reviewSubmitName(item.assignmentId),
        type: 'danger',
        size: 'small',
        text: plainText(bilingual('退回', 'Return'), ctx),
        form_action_type: 'submit',
        behaviors: callbackBehaviors({ a: 'review_return', assignmentId: item.assignmentId, version: item.version }),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The department's notification

export function reviewResultCard(view: ReviewResultView, ctx: RenderContext): Card {
  const returned = view.decision === 'return';
  const dept = shortName(view.department.name);
  const elements: CardElement[] = [
    markdown(
      `**${view.task.seq}.** ${snippet(view.task.requirement, 200)}\n<font color='grey'>《${escapeMd(truncate(oneLine(view.task.noticeTitle), 40))}》</font>`,
      ctx,
    ),
    markdown(
      returned
        ? bilingual(
            '政务公开办审核后退回了本单位报送的“已完成”，请按以下意见补充完善后重新汇报。',
            'The office returned your “done” report. Please address the comment below and report again.',
          )
        : bilingual(
            '政务公开办已确认本单位报送的“已完成”，该任务已办结。感谢配合！',
            'The office confirmed your “done” report; the task is closed. Thank you!',
          ),
      ctx,
    ),
  ];
  if (view.reason) {
    // The reason is the office's own text: shown as data, escaped, after a bilingual label.
    elements.push(
      markdown(
        perLocale(
          (l) =>
            `**${returned ? (l === 'zh_cn' ? '退回原因' : 'Reason') : l === 'zh_cn' ? '审核意见' : 'Comment'}**：${escapeMd(truncate(view.reason ?? '', REVIEW_REASON_MAX_CHARS))}`,
        ),
        ctx,
      ),
    );
  }
  if (returned) {
    elements.push(
      button(
        { text: bilingual('汇报进展', 'Report progress'), action: { a: 'report_open', taskId: view.task.taskId }, type: 'primary' },
        ctx,
      ),
    );
  }
  return card(
    {
      header: {
        title: returned ? bilingual(`任务退回 · ${dept}`, `Returned · ${dept}`) : bilingual(`任务办结 · ${dept}`, `Closed · ${dept}`),
        subtitle: bilingual(`第 ${view.task.seq} 项`, `Task ${view.task.seq}`),
        template: returned ? 'orange' : 'green',
      },
      elements,
      summary: returned
        ? bilingual(`【退回】第 ${view.task.seq} 项需补充后重新汇报`, `[Returned] Task ${view.task.seq} needs another report`)
        : bilingual(`【办结】第 ${view.task.seq} 项已确认办结`, `[Closed] Task ${view.task.seq} is closed`),
    },
    ctx,
  );
}
