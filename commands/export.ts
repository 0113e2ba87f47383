import { oneLine, truncate } from '../cards/format';
import { buildLedgerXlsx, ledgerFileName, ledgerName } from '../src/export/ledger-xlsx';
import { peopleNames } from '../src/people';
import { noticeEvidence } from '../src/store/evidence';
import { latestPublishedNotice, loadLedgerExport } from '../src/store/ledger-export';
import { publishedNoticeByNumber } from './notice-number';
import { say } from './reply';
import { scorecardView } from './scorecard';
import type { Command } from './types';

/**
 * "导出台账 [通知编号]": the whole ledger of one published notice as an .xlsx file in the chat, for
 * leaders and the office. Without a number, the newest published notice. Drafts stay private to
 * the office (the CLI exports them); an unknown, draft or cancelled number gets the same answer,
 * so a number does not reveal whether an unpublished notice exists.
 */
export const exportLedgerCommand: Command = {
  names: ['导出台账', '导出', 'export'],
  usage: '导出台账 [通知编号]',
  summary: {
    zh_cn: '导出工作台账 Excel 文件（领导和政务公开办），可指定通知编号',
    en_us: 'Export the ledger as an Excel file (leaders and the office); optionally give a notice number',
  },
  need: 'export',
  run: async (ctx, args) => {
    const wanted = args.trim();
    const notice = wanted ? await publishedNoticeByNumber(ctx, wanted) : await latestPublishedNotice(ctx.db, ctx.tenantKey);
    if (!notice && wanted) {
      const shown = truncate(oneLine(wanted), 20);
      return say(ctx, {
        tone: 'warning',
        title: { zh_cn: '没有找到这份通知', en_us: 'Notice not found' },
        body: {
          zh_cn: `没有编号为 ${shown} 的已发布通知。发送“导出台账”可导出最新发布的通知。`,
          en_us: `There is no published notice numbered ${shown}. Send "export" for the latest published notice.`,
        },
      });
    }
    if (!notice) {
      return say(ctx, {
        tone: 'info',
        title: { zh_cn: '暂无可导出的台账', en_us: 'No ledger to export yet' },
        body: {
          zh_cn: '还没有已发布的通知。政务公开办发布通知后即可导出工作台账。',
          en_us: 'No notice has been published yet. The ledger can be exported once the office publishes one.',
        },
      });
    }

    const notices = await loadLedgerExport(ctx.db, ctx.tenantKey, { noticeId: notice.id });
    const evidence = await noticeEvidence(ctx.db, ctx.tenantKey, notice.id);
    const senders = await peopleNames(
      ctx,
      evidence.map((e) => e.senderOpenId),
    );
    const bytes = await buildLedgerXlsx({
      notices,
      generatedAt: ctx.clock.now,
      evidence: evidence.map(({ senderOpenId, ...e }) => ({ ...e, sender: senders.get(senderOpenId) ?? '' })),
      scorecard: (await scorecardView(ctx, notice)) ?? undefined,
    });
    const rows = notices[0]?.rows ?? [];
    const overdue = rows.filter((r) => ctx.clock.isOverdue(r)).length;
    const name = ledgerName(notice.title);
    return {
      ...say(ctx, {
        tone: 'success',
        title: { zh_cn: '台账已导出', en_us: 'Ledger exported' },
        body: {
          zh_cn: `已生成《${name}》工作台账，共 ${rows.length} 项任务${overdue ? `，其中已逾期 ${overdue} 项` : ''}。\n通知编号 ${notice.id}。`,
          en_us: `The ledger of “${name}” is ready: ${rows.length} tasks${overdue ? `, ${overdue} overdue` : ''}.\nNotice number ${notice.id}.`,
        },
      }),
      file: { fileName: ledgerFileName(notice.title, ctx.clock.now), bytes },
    };
  },
};
