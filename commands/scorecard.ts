/** 考核 / 排名 [通知编号]: the ranking card for leaders and the office; the export's 考核 sheet uses the same view. */
import { scorecardCard } from '../cards/scorecard';
import { DEFAULT_SCORE_WEIGHTS, pastWeeks, scoreDepartments } from '../src/scorecard';
import { latestPublishedNotice, type NoticeRef } from '../src/store/ledger-export';
import { scorecardFacts } from '../src/store/scorecard';
import type { ScorecardView } from '../src/views/scorecard';
import { publishedNoticeByNumber } from './notice-number';
import { message, say } from './reply';
import type { Command, CommandContext } from './types';

/** The notice's scorecard as of today; null when it is not a published notice of the tenant. */
export async function scorecardView(ctx: CommandContext, notice: NoticeRef): Promise<ScorecardView | null> {
  const facts = await scorecardFacts(ctx.db, ctx.tenantKey, notice.id);
  if (!facts) return null;
  const weights = ctx.scoreWeights ?? DEFAULT_SCORE_WEIGHTS;
  return {
    notice: { id: notice.id, title: notice.title, docNumber: notice.docNumber },
    weights,
    rows: scoreDepartments({ ...facts, today: ctx.clock.today }, weights),
    weeks: pastWeeks(facts.publishedOn, ctx.clock.today).length,
  };
}

export const scorecardCommand: Command = {
  names: ['考核', '排名', 'scorecard', 'ranking'],
  usage: '考核 [通知编号]',
  summary: {
    zh_cn: '各单位考核排名：按时完成、逾期、汇报、退回、无汇报周数（领导和政务公开办）',
    en_us: 'Departments ranked: on time, overdue, reports, returns, silent weeks (leaders and the office)',
  },
  need: 'summary',
  run: async (ctx, args) => {
    const wanted = args.trim();
    const notice = wanted ? await publishedNoticeByNumber(ctx, wanted) : await latestPublishedNotice(ctx.db, ctx.tenantKey);
    const view = notice && (await scorecardView(ctx, notice));
    if (!view) {
      return say(
        ctx,
        wanted
          ? message(
              'warning',
              ['没有找到这份通知', 'Notice not found'],
              [
                `没有编号为 ${wanted.slice(0, 20)} 的已发布通知。发送“考核”查看最新发布的通知。`,
                `There is no published notice numbered ${wanted.slice(0, 20)}. Send "scorecard" for the latest one.`,
              ],
            )
          : message('info', ['暂无可考核的通知', 'Nothing to score yet'], ['还没有已发布的通知。', 'No notice has been published yet.']),
      );
    }
    return { card: scorecardCard(view, ctx) };
  },
};
