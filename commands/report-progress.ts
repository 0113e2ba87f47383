import type { Command, CommandContext, Reply } from './types';
import { reportFormCard, notBoundCard, messageCard } from '../cards';
import { departmentTasks } from '../src/store/ledger';

/** The form lists the department's open tasks; "汇报进展 3" pre-selects task 3 of the notice. */
export async function reportFormReply(ctx: CommandContext, taskId: number | null, seq: number | null): Promise<Reply> {
  const dept = ctx.sender.department;
  if (!dept) return { card: notBoundCard({ chatType: ctx.chat.type }, ctx) };
  const all = await departmentTasks(ctx.db, ctx.tenantKey, dept.id, { filter: 'all', now: ctx.now });
  const open = all.filter((t) => t.status !== 'closed');
  const selected = open.find((t) => (taskId !== null && t.taskId === taskId) || (seq !== null && t.seq === seq)) ?? null;
  if ((taskId !== null || seq !== null) && !selected) {
    return {
      card: messageCard(
        {
          tone: 'warning',
          title: { zh_cn: '没有找到这项任务', en_us: 'Task not found' },
          body: {
            zh_cn: `本单位（${dept.name}）没有编号为 ${seq ?? taskId} 的未办结任务。发送“我的任务”查看任务编号。`,
            en_us: `${dept.name} has no open task numbered ${seq ?? taskId}. Send "my tasks" to see the numbers.`,
          },
        },
        ctx,
      ),
    };
  }
  if (!open.length) {
    return {
      card: messageCard(
        {
          tone: 'info',
          title: { zh_cn: '暂无需要汇报的任务', en_us: 'Nothing to report' },
          body: { zh_cn: `${dept.name}目前没有未办结的任务。`, en_us: `${dept.name} has no open tasks.` },
        },
        ctx,
      ),
    };
  }
  // Selected first, then the rest in "my tasks" order; a select holds at most a few dozen options comfortably.
  const options = selected ? [selected, ...open.filter((t) => t !== selected)] : open;
  return { card: reportFormCard({ department: dept, tasks: options.slice(0, 50), selected }, ctx) };
}

export const reportProgress: Command = {
  names: ['汇报进展', '报送进展', '填报进展', 'report progress', 'report'],
  usage: '汇报进展 [任务序号]',
  summary: { zh_cn: '填写任务进展，提交后写入台账', en_us: 'Report progress on a task; it is written to the ledger' },
  run: (ctx, args) => {
    const n = args.match(/\d+/);
    return reportFormReply(ctx, null, n ? Number(n[0]) : null);
  },
};
