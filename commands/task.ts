import type { ActionValue } from '../cards/action-value';
import { taskDetailCard } from '../cards/task-detail';
import { named, peopleNames } from '../src/people';
import { taskEvidence } from '../src/store/evidence';
import { taskDetail, taskIdBySeq } from '../src/store/ledger';
import { message, say } from './reply';
import type { Action, Command, CommandContext, Reply } from './types';

function notFound(ctx: CommandContext, what: string): Reply {
  return say(
    ctx,
    message('warning', ['没有找到这项任务', 'Task not found'], [`没有编号为 ${what} 的任务。`, `There is no task numbered ${what}.`]),
  );
}

/**
 * One task with its departments and whole history, people by name; anyone may look, only its
 * departments may report.
 */
export async function taskReply(ctx: CommandContext, taskId: number): Promise<Reply> {
  const d = await taskDetail(ctx.db, ctx.tenantKey, taskId);
  if (d?.task.noticeStatus !== 'published') return notFound(ctx, String(taskId));
  const mine = d.assignments.find((a) => a.departmentId === ctx.sender.department?.id);
  const own = mine ?? d.assignments[0];
  // A standing task carries last year's record across (去年进展).
  const earlier = d.task.ongoing && d.task.previousTaskId !== null ? await taskDetail(ctx.db, ctx.tenantKey, d.task.previousTaskId) : null;
  const names = await peopleNames(
    ctx,
    [...d.history, ...(earlier?.history ?? [])].map((h) => h.reporterOpenId),
  );
  const history = d.history.map((h) => named(h, names));
  // The department's own last report, not the office's review of it.
  const last = history.find((h) => h.department === own?.department && h.kind === 'report') ?? null;
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
          leaders: d.task.leaders,
        },
        assignments: d.assignments.map((a) => ({ department: a.department, role: a.role, status: a.status, viaGroup: a.viaGroup })),
        history,
        ...(earlier
          ? {
              earlier: {
                noticeTitle: earlier.task.noticeTitle,
                seq: earlier.task.seq,
                history: earlier.history.map((h) => named(h, names)),
              },
            }
          : {}),
        evidence: await taskEvidence(ctx.db, ctx.tenantKey, d.task.id),
      },
      ctx,
    ),
  };
}

/** "任务 N" is the N-th task (序号) of the latest published notice. */
export const taskCommand: Command = {
  names: ['任务', 'task'],
  usage: '任务 N',
  summary: { zh_cn: '查看一项任务的详情和全部进展记录', en_us: "One task's details and its whole history" },
  need: 'anyone',
  run: async (ctx, args) => {
    const n = args.match(/\d+/);
    if (!n) return notFound(ctx, '（未填写）');
    const id = await taskIdBySeq(ctx.db, ctx.tenantKey, Number(n[0]));
    return id === null ? notFound(ctx, n[0]) : taskReply(ctx, id);
  },
};

export const taskDetailAction: Action<Extract<ActionValue, { a: 'task_detail' }>> = {
  need: 'anyone',
  run: (ctx, value) => taskReply(ctx, value.taskId),
};
