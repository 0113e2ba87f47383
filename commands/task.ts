import type { Command, CommandContext, Reply } from './types';
import { taskDetailCard, messageCard } from '../cards';
import { taskDetail } from '../src/store/ledger';
import { and, eq } from 'drizzle-orm';
import { notices, tasks } from '../src/store/schema';

function notFound(ctx: CommandContext, what: string): Reply {
  return {
    card: messageCard(
      {
        tone: 'warning',
        title: { zh_cn: '没有找到这项任务', en_us: 'Task not found' },
        body: { zh_cn: `没有编号为 ${what} 的任务。`, en_us: `There is no task numbered ${what}.` },
      },
      ctx,
    ),
  };
}

/** One task with its departments and whole history; anyone bound may look, only its departments may report. */
export async function taskReply(ctx: CommandContext, taskId: number): Promise<Reply> {
  const d = await taskDetail(ctx.db, ctx.tenantKey, taskId);
  if (d?.task.noticeStatus !== 'published') return notFound(ctx, String(taskId));
  const mine = d.assignments.find((a) => a.departmentId === ctx.sender.department?.id);
  const own = mine ?? d.assignments[0];
  const last = d.history.find((h) => h.department === own?.department) ?? null;
  return {
    card: taskDetailCard(
      {
        task: {
          taskId: d.task.id,
          assignmentId: own?.assignmentId ?? 0,
          version: own?.version ?? 0,
          noticeTitle: d.task.noticeTitle,
          seq: d.task.seq,
          section: d.task.section,
          requirement: d.task.requirement,
          role: own?.role ?? 'responsible',
          viaGroup: own?.viaGroup ?? null,
          deadlineText: d.task.deadlineText,
          dueOn: d.task.dueOn,
          ongoing: d.task.ongoing,
          status: own?.status ?? 'not_started',
          lastProgress: last,
          lead: d.task.lead,
          responsible: d.task.responsible,
        },
        assignments: d.assignments.map((a) => ({ department: a.department, role: a.role, status: a.status, viaGroup: a.viaGroup })),
        history: d.history,
      },
      ctx,
    ),
  };
}

/** "任务 N" is the N-th task (序号) of the latest published notice. */
async function taskIdBySeq(ctx: CommandContext, seq: number): Promise<number | null> {
  const rows = await ctx.db
    .select({ id: tasks.id, noticeId: tasks.noticeId })
    .from(tasks)
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .where(and(eq(tasks.tenantKey, ctx.tenantKey), eq(tasks.seq, seq), eq(notices.status, 'published')));
  if (!rows.length) return null;
  return rows.sort((a, b) => b.noticeId - a.noticeId)[0].id;
}

export const task: Command = {
  names: ['任务', 'task'],
  usage: '任务 N',
  summary: { zh_cn: '查看一项任务的详情和全部进展记录', en_us: "One task's details and its whole history" },
  run: async (ctx, args) => {
    const n = args.match(/\d+/);
    if (!n) return notFound(ctx, '（未填写）');
    const id = await taskIdBySeq(ctx, Number(n[0]));
    return id === null ? notFound(ctx, n[0]) : taskReply(ctx, id);
  },
};
