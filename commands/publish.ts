/**
 * The office's notice: "发布通知" with pasted text or a file sent to the bot becomes a draft and a
 * preview card; the preview's 发布 / 取消 and the delivery report's 刷新 are this file's buttons.
 */
import type { ActionValue } from '../cards/action-value';
import { deliveryReportCard } from '../cards/delivery-report';
import { setEvidenceRequired } from '../src/store/evidence';
import { noticePreviewCard } from '../cards/notice-preview';
import { toast } from '../src/lark/port';
import { LedgerFileError, readLedgerEdit } from '../src/ledger-edit';
import { NoticeError, parseNoticeFile } from '../src/notice/parse';
import {
  cancelNotice,
  type CancelResult,
  deliveryReport,
  noticePreview,
  type PublishResult,
  publishNotice,
  retryFailedDeliveries,
} from '../src/publish';
import { importNotice, sourceHash } from '../src/store/notice-import';
import type { MessageView } from '../src/views/messages';
import { linkPreviousYear } from '../src/year-over-year';
import { ledgerEditReply, ledgerRefusal } from './ledger-edit';
import { message, say } from './reply';
import type { Action, ActionContext, Command, CommandContext, Reply } from './types';

/**
 * A notice the office sent (file or pasted text) → a draft in the ledger → the preview card; a
 * 台账 it had exported and edited → the card of the changes (commands/ledger-edit.ts).
 * Nothing reaches departments until 发布 is pressed on the preview. Sending the same file again
 * shows the same draft (or says it is already published) instead of importing it twice.
 */
export async function importForPreview(ctx: CommandContext, bytes: Uint8Array, fileName: string): Promise<Reply | null> {
  let parsed: Awaited<ReturnType<typeof parseNoticeFile>>;
  try {
    // A 台账 Duban exported, edited and sent back, is a change to its notice, not a new notice.
    const returned = await readLedgerEdit(bytes, fileName);
    if (returned) return await ledgerEditReply(ctx, returned, fileName);
    parsed = await (ctx.parseNotice ?? parseNoticeFile)(bytes, fileName, { today: ctx.clock.now });
  } catch (e) {
    if (e instanceof LedgerFileError) return ledgerRefusal(ctx, e);
    if (!(e instanceof NoticeError)) throw e;
    return say(
      ctx,
      message('error', ['无法识别这份通知', 'Could not read this notice'], [e.message, 'See the Chinese message above for the reason.']),
    );
  }
  const result = await importNotice(ctx.db, ctx.tenantKey, parsed, { hash: await sourceHash(bytes), name: fileName });
  await linkPreviousYear(ctx.db, ctx.tenantKey, result);
  if (result.status === 'published') {
    return say(
      ctx,
      message(
        'info',
        ['这份通知已经发布过', 'Already published'],
        [
          `《${result.title}》已发布，不会重复下发。发送“汇总”查看进展。`,
          `"${result.title}" was published before and will not be sent again.`,
        ],
      ),
    );
  }
  const view = await noticePreview(ctx.db, ctx.tenantKey, result.noticeId);
  return view ? { card: noticePreviewCard(view, ctx) } : null;
}

export const importNoticeCommand: Command = {
  names: ['发布通知', '导入通知', 'import notice', 'publish notice'],
  usage: '发布通知（附通知文件，或在后面粘贴通知全文）',
  summary: { zh_cn: '政务公开办导入通知，预览后发布给各单位', en_us: 'The office imports a notice, previews it, then publishes it' },
  need: 'publish',
  run: async (ctx, args) => {
    if (!args.trim()) {
      return say(
        ctx,
        message(
          'info',
          ['请发送通知', 'Send the notice'],
          [
            '请直接把通知文件（Word、WPS、PDF、Excel、网页或文本）发给我，或在“发布通知”后粘贴通知全文或表格。',
            'Send the notice file (Word, WPS, PDF, Excel, a saved web page or text), or paste its full text or table after "publish notice".',
          ],
        ),
      );
    }
    return importForPreview(ctx, new TextEncoder().encode(args), 'pasted.txt');
  },
};

async function reportReply(ctx: ActionContext, noticeId: number): Promise<Reply> {
  const view = await deliveryReport(ctx.db, ctx.tenantKey, noticeId);
  return view ? { card: deliveryReportCard(view, ctx) } : { toast: toast('error', '没有找到这份通知', 'Notice not found') };
}

/**
 * 发布 on the preview: publishes once however often it is pressed, and answers with the delivery
 * report. The card change is meant for everyone who sees the preview.
 */
export const publishAction: Action<Extract<ActionValue, { a: 'publish' }>> = {
  need: 'publish',
  async run(ctx, value) {
    const r = await publishNotice(ctx.db, {
      tenantKey: ctx.tenantKey,
      noticeId: value.noticeId,
      byOpenId: ctx.sender.openId,
      now: ctx.clock.now,
    });
    if (r.status !== 'published' && r.status !== 'already') return { ...say(ctx, publishOutcome(r)), audience: 'everyone' };
    const fresh = r.status === 'published';
    return {
      ...(await reportReply(ctx, value.noticeId)),
      // The preview becomes the delivery report for everyone who sees it: the decision is the office's, not one person's view.
      audience: 'everyone',
      toast: toast(
        'success',
        fresh ? '已发布，正在下发各单位' : '该通知已发布',
        fresh ? 'Published; sending to departments' : 'Already published',
      ),
    };
  },
};

export const cancelNoticeAction: Action<Extract<ActionValue, { a: 'cancel_notice' }>> = {
  need: 'publish',
  run: async (ctx, value) => ({
    ...say(ctx, cancelOutcome((await cancelNotice(ctx.db, { tenantKey: ctx.tenantKey, noticeId: value.noticeId })).status)),
    audience: 'everyone',
  }),
};

/** 重新发送: the notice's failed messages go back in the queue, keeping their uuids; the report shows them pending. */
export const resendFailedAction: Action<Extract<ActionValue, { a: 'resend_failed' }>> = {
  need: 'publish',
  async run(ctx, value) {
    const n = await retryFailedDeliveries(ctx.db, { tenantKey: ctx.tenantKey, noticeId: value.noticeId, now: ctx.clock.now });
    return {
      ...(await reportReply(ctx, value.noticeId)),
      audience: 'everyone',
      toast: n
        ? toast('success', `已重新排队发送 ${n} 条`, `${n} queued again`)
        : toast('info', '没有发送失败的消息', 'Nothing has failed'),
    };
  },
};

/** 要求佐证 / 取消要求佐证 on the delivery report: the office's decision, shown to everyone who sees the report. */
export const evidenceRequiredAction: Action<Extract<ActionValue, { a: 'evidence_required' }>> = {
  need: 'publish',
  async run(ctx, value) {
    await setEvidenceRequired(ctx.db, ctx.tenantKey, value.noticeId, value.required);
    return {
      ...(await reportReply(ctx, value.noticeId)),
      audience: 'everyone',
      toast: value.required
        ? toast('success', '已要求：报“已完成”须附佐证材料', 'Evidence is now required for done')
        : toast('success', '已取消佐证要求', 'Evidence is no longer required'),
    };
  },
};

/** 刷新 on the delivery report: the report is the office's shared record, so it refreshes for everyone. */
export const deliveryReportAction: Action<Extract<ActionValue, { a: 'delivery_report' }>> = {
  need: 'publish',
  run: async (ctx, value) => ({ ...(await reportReply(ctx, value.noticeId)), audience: 'everyone' }),
};

function publishOutcome(result: Exclude<PublishResult, { status: 'published' | 'already' }>): MessageView {
  if (result.status === 'cancelled') {
    return message(
      'warning',
      ['无法发布', 'Cannot publish'],
      ['该通知已取消，不能再发布。', 'This notice was cancelled and cannot be published.'],
    );
  }
  return message('error', ['找不到该通知', 'Notice not found'], ['该通知不存在或不属于本组织。', 'This notice does not exist here.']);
}

function cancelOutcome(status: CancelResult['status']): MessageView {
  switch (status) {
    case 'cancelled':
      return message(
        'success',
        ['已取消', 'Cancelled'],
        ['该通知已取消，不会向任何单位发送。', 'The notice was cancelled; nothing will be sent.'],
      );
    case 'already':
      return message('info', ['已取消', 'Already cancelled'], ['该通知此前已取消。', 'This notice was already cancelled.']);
    case 'published':
      return message(
        'warning',
        ['无法取消', 'Cannot cancel'],
        [
          '该通知已发布，各单位已收到任务，不能取消。如需调整，请联系相关单位。',
          'This notice is already published and the departments have their tasks; it cannot be cancelled. Contact the departments to adjust.',
        ],
      );
    case 'not_found':
      return publishOutcome({ status: 'not_found' });
  }
}
