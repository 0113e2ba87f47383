/** 待审核: the office's queue of 已完成 reports, and its 确认办结 / 退回 buttons. */
import type { ActionValue } from '../cards/action-value';
import { REVIEW_REASON_MAX_CHARS, returnReasonFrom, reviewQueueCard } from '../cards/review';
import { toast, type Toast } from '../src/lark/port';
import { named, peopleNames } from '../src/people';
import { type ReviewOutcome, reviewDecision } from '../src/review';
import { evidenceOf } from '../src/store/evidence';
import { reviewQueue } from '../src/store/review';
import type { ReviewDecisionKind } from '../src/views/review';
import type { Action, ActionContext, Command, CommandContext, Reply } from './types';

/** Each item carries a confirm button and a return form: five keep the card short on a phone. */
export const REVIEW_PAGE_SIZE = 5;

/** The queue card, each report with its reporter's name; shared by the command and the queue's paging buttons. */
async function reviewQueueReply(ctx: CommandContext, page: number): Promise<Reply> {
  const queue = await reviewQueue(ctx.db, ctx.tenantKey, { page, pageSize: REVIEW_PAGE_SIZE });
  const names = await peopleNames(
    ctx,
    queue.items.flatMap((i) => (i.report ? [i.report.reporterOpenId] : [])),
  );
  const evidence = await evidenceOf(
    ctx.db,
    queue.items.map((i) => i.assignmentId),
  );
  const items = queue.items.map((i) => ({ ...i, report: i.report && named(i.report, names), evidence: evidence.get(i.assignmentId) }));
  return { card: reviewQueueCard({ ...queue, items }, ctx) };
}

export const reviewCommand: Command = {
  names: ['待审核', '审核', 'review'],
  usage: '待审核 [页码]',
  summary: {
    zh_cn: '政务公开办审核各单位报送的“已完成”：确认办结或退回',
    en_us: 'Office: review tasks reported done — close them or send them back',
  },
  need: 'review',
  run: (ctx, args) => {
    const n = args.match(/\d+/);
    return reviewQueueReply(ctx, n ? Number(n[0]) : 1);
  },
};

export const reviewQueueAction: Action<Extract<ActionValue, { a: 'review_queue' }>> = {
  need: 'review',
  run: (ctx, value) => reviewQueueReply(ctx, value.page),
};

/**
 * 确认办结 and 退回. On success and on a stale card the refreshed queue replaces the clicked card
 * (it is the office's own working surface); on a missing or over-long reason only a toast is
 * shown, so the form keeps what was typed.
 */
async function decide(ctx: ActionContext, value: { assignmentId: number; version: number }, decision: ReviewDecisionKind): Promise<Reply> {
  const reason = decision === 'return' ? (returnReasonFrom(ctx.formValue, value.assignmentId) ?? '').trim() : null;
  if (reason && Array.from(reason).length > REVIEW_REASON_MAX_CHARS) {
    return {
      toast: toast(
        'warning',
        `退回原因不能超过 ${REVIEW_REASON_MAX_CHARS} 字`,
        `The reason must be at most ${REVIEW_REASON_MAX_CHARS} characters`,
      ),
    };
  }
  const outcome = await reviewDecision(ctx.db, {
    tenantKey: ctx.tenantKey,
    assignmentId: value.assignmentId,
    version: value.version,
    decision,
    reason,
    officeOpenId: ctx.sender.openId,
    now: ctx.clock.now,
    schedule: ctx.schedule,
  });
  const answer = decisionToast(outcome);
  if (!outcome.ok && outcome.reason === 'reason_required') return { toast: answer };
  // The queue is the office's shared worklist: a decision shows for everyone who sees it.
  return { ...(await reviewQueueReply(ctx, 1)), toast: answer, audience: 'everyone' };
}

export const reviewConfirmAction: Action<Extract<ActionValue, { a: 'review_confirm' }>> = {
  need: 'review',
  run: (ctx, value) => decide(ctx, value, 'confirm'),
};

/** The return reason comes in form_value.reason_<assignmentId> (cards/review.ts). */
export const reviewReturnAction: Action<Extract<ActionValue, { a: 'review_return' }>> = {
  need: 'review',
  run: (ctx, value) => decide(ctx, value, 'return'),
};

function decisionToast(outcome: ReviewOutcome): Toast {
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
