/** 考核 / 排名 [通知编号]: the ranking card for leaders and the office; the export's 考核 sheet uses the same view. */
import { scorecardCard } from '../cards/scorecard';
import { DEFAULT_SCORE_WEIGHTS, parseScoreWeights, pastWeeks, scoreDepartments, WEIGHT_NAMES } from '../src/scorecard';
import { latestPublishedNotice, type NoticeRef } from '../src/store/ledger-export';
import { clearTenantScoreWeights, scorecardFacts, setTenantScoreWeights, tenantScoreWeights } from '../src/store/scorecard';
import type { ScorecardView, ScoreWeights } from '../src/views/scorecard';
import { publishedNoticeByNumber } from './notice-number';
import { message, say } from './reply';
import type { Command, CommandContext } from './types';

/** The tenant's own 考核权重, else the deployment's (DUBAN_SCORE_WEIGHTS), else the defaults. */
async function effectiveWeights(ctx: CommandContext): Promise<ScoreWeights> {
  return (await tenantScoreWeights(ctx.db, ctx.tenantKey)) ?? ctx.scoreWeights ?? DEFAULT_SCORE_WEIGHTS;
}

function weightsText(w: ScoreWeights): [string, string] {
  const keys = Object.keys(WEIGHT_NAMES) as (keyof ScoreWeights)[];
  return [keys.map((k) => `${WEIGHT_NAMES[k]}=${w[k]}`).join('，'), keys.map((k) => `${k}=${w[k]}`).join(', ')];
}

/** The notice's scorecard as of today; null when it is not a published notice of the tenant. */
export async function scorecardView(ctx: CommandContext, notice: NoticeRef): Promise<ScorecardView | null> {
  const facts = await scorecardFacts(ctx.db, ctx.tenantKey, notice.id);
  if (!facts) return null;
  const weights = await effectiveWeights(ctx);
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

const RESET = /^(默认|恢复默认|default|reset)$/i;

/**
 * 考核权重 [名称=分值 …|默认]: the office sets this tenant's weights over the deployment's; without
 * arguments it shows the weights in force, "默认" goes back to the deployment's.
 */
export const scoreWeightsCommand: Command = {
  names: ['考核权重', 'score weights'],
  usage: '考核权重 [按时完成=10 无汇报周=-2 …｜默认]',
  summary: {
    zh_cn: '政务公开办：查看或设置本单位的考核计分权重',
    en_us: 'Office: show or set the scorecard weights for this organisation',
  },
  need: 'publish',
  run: async (ctx, args) => {
    const wanted = args.trim();
    if (RESET.test(wanted)) await clearTenantScoreWeights(ctx.db, ctx.tenantKey);
    else if (wanted) {
      let weights: ScoreWeights;
      try {
        weights = parseScoreWeights(wanted, await effectiveWeights(ctx));
      } catch {
        return say(
          ctx,
          message(
            'warning',
            ['无法识别权重', 'Weights not understood'],
            [
              `请写成“名称=分值”，名称为：${Object.values(WEIGHT_NAMES).join('、')}。例如“考核权重 按时完成=12 无汇报周=-1”，“考核权重 默认”恢复默认。`,
              `Write name=number with names ${Object.keys(WEIGHT_NAMES).join(', ')}, e.g. "score weights onTime=12 silentWeek=-1"; "score weights default" goes back.`,
            ],
          ),
        );
      }
      await setTenantScoreWeights(ctx.db, ctx.tenantKey, weights, ctx.clock.now);
    }
    const [zh, en] = weightsText(await effectiveWeights(ctx));
    return say(
      ctx,
      message(wanted ? 'success' : 'info', ['考核计分权重', 'Scorecard weights'], [`现行权重：${zh}`, `Weights in force: ${en}`]),
    );
  },
};
