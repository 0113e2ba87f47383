import type { Command, CommandContext, Reply } from './types';
import { messageCard } from '../cards/message';
import { reviewQueueCard } from '../cards/review';
import { can, refusal } from '../src/roles';
import { REVIEW_REASON_MAX_CHARS, reviewDecision, reviewQueue, type ReviewDecisionKind, type ReviewOutcome } from '../src/review';
import type { SchedulerConfig } from '../src/scheduler/config';

/** Each item carries a confirm button and a return form: five keep the card short on a phone. */
export const REVIEW_PAGE_SIZE = 5;

/** The same shape as the bot's card-callback toast, so the lead can pass it straight through. */
export interface ReviewToast {
  type: 'success' | 'info' | 'warning' | 'error';
  content: string;
  i18n: { zh_cn: string; en_us: string };
}

/** What a review callback answers: a toast, and the card that replaces the clicked one (if any). */
export interface ReviewActionReply {
  card?: object;
  toast: ReviewToast;
}

function toast(type: ReviewToast['type'], zh: string, en: string): ReviewToast {
  return { type, content: zh, i18n: { zh_cn: zh, en_us: en } };
}

function refusalCard(ctx: CommandContext): object {
  return messageCard({ tone: 'warning', title: { zh_cn: '无法审核', en_us: 'Not available' }, body: refusal('review') }, ctx);
}

/** The queue card; shared by the command and the queue's paging buttons (review_queue). */
export async function reviewQueueReply(ctx: CommandContext, page: number): Promise<Reply> {
  if (!can(ctx.sender, 'review')) return { card: refusalCard(ctx) };
  const queue = await reviewQueue(ctx.db, ctx.tenantKey, { page, pageSize: REVIEW_PAGE_SIZE });
  return { card: reviewQueueCard(queue, ctx) };
}

export interface ReviewDecisionRequest {
  assignmentId: number;
  version: number;
  decision: ReviewDecisionKind;
  /** From the item's form: `returnReasonFrom(form_value, assignmentId)` (cards/review.ts). */
  reason?: string | null;
}

/**
 * Handles 确认办结 (review_confirm) and 退回 (review_return). On success and on a stale card the
 * refreshed queue replaces the clicked card; on a missing reason only a toast is shown, so the
 * form keeps what was typed.
 */
export async function reviewDecisionReply(
  ctx: CommandContext,
  request: ReviewDecisionRequest,
  opts: { page?: number; schedule?: SchedulerConfig } = {},
): Promise<ReviewActionReply> {
  const r = refusal('review');
  if (!can(ctx.sender, 'review')) return { toast: toast('error', r.zh_cn, r.en_us) };
  const outcome = await reviewDecision(ctx.db, {
    tenantKey: ctx.tenantKey,
    ...request,
    officeOpenId: ctx.sender.openId,
    now: ctx.now,
    schedule: opts.schedule,
  });
  const answer = decisionToast(outcome);
  if (!outcome.ok && (outcome.reason === 'reason_required' || outcome.reason === 'reason_too_long')) return { toast: answer };
  const refreshed = await reviewQueueReply(ctx, opts.page ?? 1);
  return { card: refreshed?.card, toast: answer };
}

function decisionToast(outcome: ReviewOutcome): ReviewToast {
  if (outcome.ok) {
    const dept = outcome.department.name;
    const unreached = outcome.notified === 0;
    if (outcome.decision === 'confirm') {
      return unreached
        ? toast(
            'success',
            `已确认办结。${dept}未绑定工作群且没有联络员，通知未能发送`,
            `Closed. ${dept} has no group or coordinator, so it was not notified`,
          )
        : toast('success', `已确认办结，已通知${dept}`, `Closed; ${dept} has been notified`);
    }
    return unreached
      ? toast(
          'success',
          `已退回。${dept}未绑定工作群且没有联络员，通知未能发送`,
          `Returned. ${dept} has no group or coordinator, so it was not notified`,
        )
      : toast('success', `已退回${dept}，并附退回原因`, `Returned to ${dept} with your reason`);
  }
  switch (outcome.reason) {
    case 'reason_required':
      return toast('warning', '退回须填写原因', 'Please give a reason to return it');
    case 'reason_too_long':
      return toast(
        'warning',
        `退回原因不能超过 ${REVIEW_REASON_MAX_CHARS} 字`,
        `The reason must be at most ${REVIEW_REASON_MAX_CHARS} characters`,
      );
    case 'stale':
    case 'not_pending':
      return toast(
        'warning',
        '该任务刚刚已被处理或重新汇报，已刷新待审核列表',
        'This task changed meanwhile; the review queue has been refreshed',
      );
    default:
      return toast('error', '没有找到这项任务，已刷新待审核列表', 'Task not found; the review queue has been refreshed');
  }
}

export const review: Command = {
  names: ['待审核', '审核', 'review'],
  usage: '待审核 [页码]',
  summary: {
    zh_cn: '政务公开办审核各单位报送的“已完成”：确认办结或退回',
    en_us: 'Office: review tasks reported done — close them or send them back',
  },
  run: (ctx, args) => {
    const n = args.match(/\d+/);
    return reviewQueueReply(ctx, n ? Number(n[0]) : 1);
  },
};
