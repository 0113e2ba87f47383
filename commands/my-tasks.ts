import type { Command, CommandContext, Reply } from './types';
import type { TaskFilter } from '../cards/views';
import { myTasksCard, notBoundCard } from '../cards';
import { departmentTasks } from '../src/store/ledger';
import { dueMark } from '../cards/format';

export const PAGE_SIZE = 8;

const FILTER_WORDS: [RegExp, TaskFilter][] = [
  [/逾期|overdue/i, 'overdue'],
  [/本月|this\s*month|month/i, 'month'],
  [/未完成|open|pending|todo/i, 'open'],
];

export function parseFilter(args: string): TaskFilter {
  return FILTER_WORDS.find(([re]) => re.test(args))?.[1] ?? 'all';
}

/** Shared by the command and the filter / paging buttons of the card. */
export async function myTasksReply(ctx: CommandContext, filter: TaskFilter, page: number): Promise<Reply> {
  const dept = ctx.sender.department;
  if (!dept) return { card: notBoundCard({ chatType: ctx.chat.type }, ctx) };
  const all = await departmentTasks(ctx.db, ctx.tenantKey, dept.id, { filter, now: ctx.now });
  const pageCount = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const p = Math.min(Math.max(1, page), pageCount);
  return {
    card: myTasksCard(
      {
        department: dept,
        filter,
        tasks: all.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE),
        page: p,
        pageCount,
        total: all.length,
        counts: {
          overdue: all.filter((t) => dueMark(t, ctx.now).bucket === 'overdue').length,
          dueSoon: all.filter((t) => dueMark(t, ctx.now).bucket === 'soon').length,
        },
      },
      ctx,
    ),
  };
}

export const myTasks: Command = {
  names: ['我的任务', '本单位任务', 'my tasks', 'tasks'],
  usage: '我的任务 [逾期 | 本月 | 未完成]',
  summary: {
    zh_cn: '查看本单位的任务，可按逾期、本月、未完成筛选',
    en_us: "Your department's tasks; filter by overdue, this month or open",
  },
  run: (ctx, args) => myTasksReply(ctx, parseFilter(args), 1),
};
