import { myTasksCard } from '../cards/my-tasks';
import type { ActionValue } from '../cards/action-value';
import { namedTask, peopleNames, reportersOf } from '../src/people';
import { departmentTasks } from '../src/store/ledger';
import type { TaskFilter } from '../src/views/tasks';
import type { Action, Command, CommandContext, Reply } from './types';

export const PAGE_SIZE = 8;

const FILTER_WORDS: [RegExp, TaskFilter][] = [
  [/逾期|overdue/i, 'overdue'],
  [/本月|this\s*month|month/i, 'month'],
  [/未完成|open|pending|todo/i, 'open'],
];

export function parseFilter(args: string): TaskFilter {
  return FILTER_WORDS.find(([re]) => re.test(args))?.[1] ?? 'all';
}

/** The department's tasks, one page of them; the header counts cover every page; reporters by name. */
async function myTasksReply(ctx: CommandContext, filter: TaskFilter, page: number): Promise<Reply> {
  const dept = ctx.sender.department!;
  const all = await departmentTasks(ctx.db, ctx.tenantKey, dept.id, { filter, today: ctx.clock.today });
  const pageCount = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const p = Math.min(Math.max(1, page), pageCount);
  const buckets = all.map((t) => ctx.clock.due(t).bucket);
  const shown = all.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE);
  const names = await peopleNames(ctx, reportersOf(shown));
  return {
    card: myTasksCard(
      {
        department: dept,
        filter,
        tasks: shown.map((t) => namedTask(t, names)),
        page: p,
        pageCount,
        total: all.length,
        counts: { overdue: buckets.filter((b) => b === 'overdue').length, dueSoon: buckets.filter((b) => b === 'soon').length },
      },
      ctx,
    ),
  };
}

export const myTasksCommand: Command = {
  names: ['我的任务', '本单位任务', 'my tasks', 'tasks'],
  usage: '我的任务 [逾期 | 本月 | 未完成]',
  summary: {
    zh_cn: '查看本单位的任务，可按逾期、本月、未完成筛选',
    en_us: "Your department's tasks; filter by overdue, this month or open",
  },
  need: 'department',
  run: (ctx, args) => myTasksReply(ctx, parseFilter(args), 1),
};

/** The card's filter and paging buttons. */
export const myTasksAction: Action<Extract<ActionValue, { a: 'my_tasks' }>> = {
  need: 'department',
  run: (ctx, value) => myTasksReply(ctx, value.filter, value.page),
};
