/**
 * The 台账 round-trip in chat: "修改台账" sends the office the ledger to edit in Excel or WPS; the
 * edited file sent back (through the notice upload, commands/publish.ts) becomes a card of the
 * changes with 确认修改 / 取消, which are this file's buttons.
 */
import type { ActionValue } from '../cards/action-value';
import { ledgerEditCard } from '../cards/ledger-edit';
import { noticePreviewCard } from '../cards/notice-preview';
import { buildLedgerXlsx, ledgerFileName, ledgerName } from '../src/export/ledger-xlsx';
import { toast } from '../src/lark/port';
import { LedgerFileError, type ReturnedLedger, applyLedgerEdit, previewLedgerEdit } from '../src/ledger-edit';
import { noticePreview } from '../src/publish';
import { closePendingEdit, findPendingEdit } from '../src/store/ledger-edit';
import { findNotice, latestOpenNotice, loadLedgerExport } from '../src/store/ledger-export';
import { message, say } from './reply';
import type { Action, ActionContext, Command, CommandContext, Reply } from './types';

/** A returned 台账 → the card of what it changes (kept as a pending edit until 确认 / 取消). */
export async function ledgerEditReply(ctx: CommandContext, returned: ReturnedLedger, fileName: string): Promise<Reply> {
  const { view } = await previewLedgerEdit(ctx.db, { tenantKey: ctx.tenantKey, returned, sourceName: fileName, by: ctx.sender.openId });
  return { card: ledgerEditCard(view, ctx) };
}

/** The one-line refusal of a returned 台账 that cannot be used as it is. */
export function ledgerRefusal(ctx: CommandContext, e: LedgerFileError): Reply {
  return say(
    ctx,
    message('error', ['无法使用这份台账', 'Cannot use this ledger'], [e.message, 'See the Chinese message above for the reason.']),
  );
}

const DECIDED = toast('info', '这次修改已处理过', 'These changes were already decided');

/**
 * 确认修改: applies the changes if they are still the ones on the card; if the ledger changed in
 * between, answers with the current changes to confirm instead. A draft's preview comes back, so
 * the office can publish the corrected notice straight away.
 */
export const ledgerEditApplyAction: Action<Extract<ActionValue, { a: 'ledger_edit_apply' }>> = {
  need: 'publish',
  async run(ctx, value) {
    const edit = await findPendingEdit(ctx.db, ctx.tenantKey, value.editId);
    if (!edit) return { toast: toast('error', '没有找到这次修改', 'These changes were not found') };
    if (edit.status !== 'pending') return { toast: DECIDED };
    let r: Awaited<ReturnType<typeof applyLedgerEdit>>;
    try {
      r = await applyLedgerEdit(ctx.db, {
        tenantKey: ctx.tenantKey,
        returned: edit.returned as ReturnedLedger,
        sourceName: edit.sourceName,
        now: ctx.clock.now,
        expect: edit.digest,
        edit: { id: edit.id, by: ctx.sender.openId },
      });
    } catch (e) {
      if (e instanceof LedgerFileError) return ledgerRefusal(ctx, e);
      throw e;
    }
    switch (r.status) {
      case 'decided':
        return { toast: DECIDED };
      // The changes card is the office's shared record of a decision: it changes for all who see it.
      case 'changed':
        return {
          audience: 'everyone',
          card: ledgerEditCard(r.view, ctx),
          toast: toast(
            'warning',
            '台账在预览后有了变化，请核对更新后的修改内容',
            'The ledger changed since the preview: check the changes again',
          ),
        };
      case 'applied': {
        const done = toast('success', '已按台账修改', 'Ledger updated');
        if (r.view.notice.status === 'draft') {
          const preview = await noticePreview(ctx.db, ctx.tenantKey, r.view.notice.id);
          if (preview) return { card: noticePreviewCard(preview, ctx), toast: done, audience: 'everyone' };
        }
        return { card: ledgerEditCard(r.view, ctx), toast: done, audience: 'everyone' };
      }
    }
  },
};

export const ledgerEditCancelAction: Action<Extract<ActionValue, { a: 'ledger_edit_cancel' }>> = {
  need: 'publish',
  async run(ctx, value) {
    const closed = await closePendingEdit(ctx.db, {
      tenantKey: ctx.tenantKey,
      id: value.editId,
      status: 'cancelled',
      by: ctx.sender.openId,
      at: ctx.clock.now,
    });
    if (!closed) return { toast: DECIDED };
    return {
      ...say(ctx, message('info', ['已取消修改', 'Changes cancelled'], ['台账未作任何修改。', 'Nothing in the ledger was changed.'])),
      audience: 'everyone',
    };
  },
};

/** "12", "#12", "第12号": a notice number. */
const NUMBER = /^(?:#|＃|第)?\s*(\d{1,9})\s*号?$/;

function notFound(ctx: ActionContext | CommandContext, wanted: string): Reply {
  return say(
    ctx,
    message(
      'warning',
      ['没有找到这份通知', 'Notice not found'],
      [
        `没有编号为 ${wanted} 的通知（已取消的通知不能修改）。`,
        `There is no notice numbered ${wanted} to edit (a cancelled one cannot be).`,
      ],
    ),
  );
}

/**
 * "修改台账 [通知编号]": the office gets the ledger (a draft's too) as the .xlsx to edit in Excel or
 * WPS and send back. Without a number, the newest notice that is not cancelled.
 */
export const editLedgerCommand: Command = {
  names: ['修改台账', '编辑台账', 'edit ledger'],
  usage: '修改台账 [通知编号]',
  summary: {
    zh_cn: '政务公开办获取台账 Excel，在 Excel 或 WPS 中修改后发回，确认后更新台账（草稿和已发布通知均可）',
    en_us: 'The office gets the ledger in Excel, edits it in Excel or WPS and sends it back; changes apply on confirm',
  },
  need: 'publish',
  run: async (ctx, args) => {
    const wanted = args.trim();
    const id = NUMBER.exec(wanted)?.[1];
    if (wanted && !id) return notFound(ctx, wanted.slice(0, 20));
    const notice = id ? await findNotice(ctx.db, ctx.tenantKey, Number(id)) : await latestOpenNotice(ctx.db, ctx.tenantKey);
    if (!notice || notice.status === 'cancelled') {
      if (wanted) return notFound(ctx, wanted.slice(0, 20));
      return say(ctx, message('info', ['暂无台账', 'No ledger yet'], ['还没有导入通知。', 'No notice has been imported yet.']));
    }
    const notices = await loadLedgerExport(ctx.db, ctx.tenantKey, { noticeId: notice.id });
    const bytes = await buildLedgerXlsx({ notices, generatedAt: ctx.clock.now });
    const name = ledgerName(notice.title);
    const draft = notice.status === 'draft';
    return {
      ...say(
        ctx,
        message(
          'info',
          ['请在 Excel 或 WPS 中修改台账', 'Edit the ledger in Excel or WPS'],
          [
            `这是《${name}》的台账${draft ? '（草稿）' : ''}，共 ${notices[0]?.rows.length ?? 0} 项任务，通知编号 ${notice.id}。\n` +
              '可修改工作任务、具体要求、牵头部门、责任单位、责任领导和完成时限，也可插入或删除整行；请勿改动隐藏的“系统编号”列。\n' +
              '改好后把文件直接发给我：我会列出改动，点“确认修改”后生效，已有的进展汇报都会保留。',
            `The ledger of “${name}”${draft ? ' (draft)' : ''}: ${notices[0]?.rows.length ?? 0} tasks, notice number ${notice.id}.\n` +
              'Change tasks, requirements, units, leaders and deadlines, or insert and delete whole rows; leave the hidden 系统编号 column alone.\n' +
              'Send the file back to me: I list the changes, and they apply when you confirm. Progress reports are kept.',
          ],
        ),
      ),
      file: { fileName: ledgerFileName(notice.title, ctx.clock.now), bytes },
    };
  },
};
