/**
 * The summary card (汇总), shared by the command, its 刷新 button and leaders' questions
 * (commands/ask.ts), in a file of its own so that 汇总 can hand a question to commands/ask.ts.
 */
import { summaryCard } from '../cards/summary';
import { summarize } from '../src/store/summary';
import { say } from './reply';
import type { CommandContext, Reply } from './types';

export async function summaryReply(ctx: CommandContext, noticeId?: number, departmentId?: number): Promise<Reply> {
  const view = await summarize(ctx.db, ctx.tenantKey, { noticeId, departmentId, today: ctx.clock.today });
  if (view.scope.noticeCount === 0) {
    return say(
      ctx,
      noticeId
        ? {
            tone: 'info',
            title: { zh_cn: '没有找到这份通知', en_us: 'Notice not found' },
            body: {
              zh_cn: `没有编号为 ${noticeId} 的已发布通知。发送“汇总”可查看全部已发布通知。`,
              en_us: `There is no published notice numbered ${noticeId}. Send “summary” for all published notices.`,
            },
          }
        : {
            tone: 'info',
            title: { zh_cn: '暂无可汇总的内容', en_us: 'Nothing to summarise yet' },
            body: {
              zh_cn: '还没有已发布的通知。通知发布后，即可在这里查看各单位的完成情况。',
              en_us: 'No notice has been published yet. Once one is, the summary shows how every unit is doing.',
            },
          },
    );
  }
  if (view.scope.department && view.totals.assignments === 0) {
    const name = view.scope.department.name;
    return say(ctx, {
      tone: 'info',
      title: { zh_cn: '该单位暂无任务', en_us: 'No tasks for this unit' },
      body: {
        zh_cn: `**${name}** 在${noticeId ? '这份通知' : '已发布的通知'}中没有承担任务。`,
        en_us: `**${name}** has no tasks in ${noticeId ? 'this notice' : 'the published notices'}.`,
      },
    });
  }
  return { card: summaryCard(view, ctx) };
}
