import type { ActionValue } from '../cards/action-value';
import { findDepartmentByName } from '../src/store/directory';
import { questionReply } from './ask';
import { say } from './reply';
import { summaryReply } from './summary-reply';
import type { Action, Command } from './types';

export const SUMMARY_USAGE = '汇总 [通知编号] [单位名称]';

export interface SummaryArgs {
  noticeId?: number;
  department?: string;
}

/**
 * "12 区财政局", "区财政局 12", "通知12", "#12" or nothing: the first standalone number is the
 * notice, the rest is a unit name. Full-width digits (typed on Chinese keyboards) count as digits.
 */
export function parseSummaryArgs(args: string): SummaryArgs {
  const text = args.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)).replace(/\u3000/g, ' ');
  const out: SummaryArgs = {};
  const rest: string[] = [];
  for (const token of text.split(/\s+/).filter(Boolean)) {
    const m = /^(?:通知|#|＃)?(\d{1,9})号?$/.exec(token);
    if (m && out.noticeId === undefined) out.noticeId = Number(m[1]);
    else rest.push(token);
  }
  const department = rest.join('').trim();
  if (department) out.department = department;
  return out;
}

export const summaryCommand: Command = {
  names: ['汇总', '统计', 'summary'],
  usage: SUMMARY_USAGE,
  summary: {
    zh_cn: '领导和政务公开办查看工作汇总：各单位完成率、逾期任务、未汇报单位和最新进展',
    en_us: 'For leaders and the office: completion by unit, overdue tasks, units not reported, latest progress',
  },
  need: 'summary',
  run: async (ctx, args) => {
    const parsed = parseSummaryArgs(args);
    let departmentId: number | undefined;
    if (parsed.department) {
      const dept = await findDepartmentByName(ctx.db, ctx.tenantKey, parsed.department);
      if (!dept) {
        // "汇总 逾期的" is a question put after the command word, not a unit's name.
        const asked = await questionReply(ctx, parsed.department);
        if (asked) return asked;
        return say(ctx, {
          tone: 'warning',
          title: { zh_cn: '没有找到这个单位', en_us: 'Unit not found' },
          body: {
            zh_cn: `目录中没有“${parsed.department}”。请使用单位全称或常用简称，例如“汇总 区财政局”。\n用法：${SUMMARY_USAGE}`,
            en_us: `There is no unit named “${parsed.department}” in the directory. Use its full or usual name, e.g. “summary 区财政局”.\nUsage: ${SUMMARY_USAGE}`,
          },
        });
      }
      departmentId = dept.id;
    }
    return summaryReply(ctx, parsed.noticeId, departmentId);
  },
};

/** 刷新 on a summary card; the dispatcher checks the permission, since a forwarded card can be tapped by anyone. */
export const summaryAction: Action<Extract<ActionValue, { a: 'summary' }>> = {
  need: 'summary',
  run: (ctx, value) => summaryReply(ctx, value.noticeId, value.departmentId),
};
