/**
 * 考核排名: departments best first on one notice, each with the facts its score comes from, and the
 * weights used, so a leader can see why. Long directories are cut to what fits; the export's 考核
 * sheet has every row.
 */
import type { RenderContext } from '../src/views/common';
import type { ScoreRow, ScorecardView } from '../src/views/scorecard';
import { type Card, bilingual, card, fitCard, markdown, mdName, oneLine, perLocale, truncate } from './format';

const LEVELS = [{ rows: 80 }, { rows: 50 }, { rows: 30 }, { rows: 15 }];

export function scorecardCard(view: ScorecardView, ctx: RenderContext): Card {
  return fitCard(LEVELS.length, (i) => render(view, ctx, LEVELS[i].rows));
}

const medal = (rank: number) => (rank === 1 ? '🥇' : rank === 2 ? '🥈' : rank === 3 ? '🥉' : `${rank}.`);

function line(r: ScoreRow, l: 'zh_cn' | 'en_us'): string {
  const overdue = r.overdue
    ? l === 'zh_cn'
      ? `逾期 ${r.overdue}（${r.overdueDays} 天）`
      : `overdue ${r.overdue} (${r.overdueDays} d)`
    : '';
  const facts =
    l === 'zh_cn'
      ? [
          `按时 ${r.onTime}`,
          r.late ? `逾期完成 ${r.late}` : '',
          overdue,
          `汇报 ${r.reports}`,
          r.returned ? `退回 ${r.returned}` : '',
          r.silentWeeks ? `无汇报 ${r.silentWeeks} 周` : '',
        ]
      : [
          `on time ${r.onTime}`,
          r.late ? `late ${r.late}` : '',
          overdue,
          `reports ${r.reports}`,
          r.returned ? `returned ${r.returned}` : '',
          r.silentWeeks ? `silent ${r.silentWeeks} wk` : '',
        ];
  const color = r.overdue ? 'red' : 'grey';
  return `${medal(r.rank)} **${mdName(r.department.name, 20)}** **${r.score}**${l === 'zh_cn' ? ' 分' : ''}\n<font color='${color}'>${facts.filter(Boolean).join(' · ')}</font>`;
}

function render(view: ScorecardView, ctx: RenderContext, max: number): Card {
  const w = view.weights;
  const shown = view.rows.slice(0, max);
  const more = view.rows.length - shown.length;
  const elements = [
    markdown(
      perLocale((l) =>
        l === 'zh_cn'
          ? `计分：按时完成 ${w.onTime}，逾期完成 ${w.late}，当前逾期 ${w.overdue}/项、${w.overdueDay}/天，汇报 ${w.report}/次，被退回 ${w.returned}/次，无汇报 ${w.silentWeek}/周（统计 ${view.weeks} 周）`
          : `Points: on time ${w.onTime}, late ${w.late}, overdue ${w.overdue} each and ${w.overdueDay}/day, report ${w.report}, returned ${w.returned}, silent week ${w.silentWeek} (${view.weeks} weeks)`,
      ),
      ctx,
      { size: 'notation' },
    ),
    view.rows.length
      ? markdown(
          perLocale((l) => shown.map((r) => line(r, l)).join('\n')),
          ctx,
        )
      : markdown(bilingual('这份通知还没有分配到单位的任务。', 'No department has a task in this notice yet.'), ctx),
  ];
  if (more > 0) {
    elements.push(
      markdown(bilingual(`…另有 ${more} 个单位，见“导出台账”的考核表`, `…${more} more departments in the export's 考核 sheet`), ctx, {
        size: 'notation',
      }),
    );
  }
  return card(
    {
      header: {
        title: bilingual('考核排名', 'Scorecard'),
        subtitle: truncate(oneLine(view.notice.title), 60),
        template: 'indigo',
      },
      elements,
      summary: bilingual(`【考核排名】${view.rows.length} 个单位`, `[Scorecard] ${view.rows.length} departments`),
    },
    ctx,
  );
}
