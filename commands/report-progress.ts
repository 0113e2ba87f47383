import { type ActionValue, parseReportForm, parseTaskOption } from '../cards/action-value';
import { reportFormCard } from '../cards/report-form';
import { toast } from '../src/lark/port';
import { namedTask, peopleNames, reportersOf } from '../src/people';
import { departmentTasks } from '../src/store/ledger';
import { pendingReturn } from '../src/store/review';
import { recordProgress } from '../src/store/progress';
import { taskReply } from './task';
import { message, say } from './reply';
import type { Action, Command, CommandContext, Reply } from './types';

/**
 * The form lists the department's open tasks; "汇报进展 3" pre-selects task 3 of the notice and
 * pre-fills it from the department's own last report (the store leaves the office's review notes
 * out), with the office's return reason beside it when the task came back.
 */
async function reportFormReply(ctx: CommandContext, taskId: number | null, seq: number | null): Promise<Reply> {
  const dept = ctx.sender.department!;
  const all = await departmentTasks(ctx.db, ctx.tenantKey, dept.id, { filter: 'all', today: ctx.clock.today });
  const open = all.filter((t) => t.status !== 'closed');
  const selected = open.find((t) => (taskId !== null && t.taskId === taskId) || (seq !== null && t.seq === seq)) ?? null;
  if ((taskId !== null || seq !== null) && !selected) {
    return say(
      ctx,
      message(
        'warning',
        ['没有找到这项任务', 'Task not found'],
        [
          `本单位（${dept.name}）没有编号为 ${seq ?? taskId} 的未办结任务。发送“我的任务”查看任务编号。`,
          `${dept.name} has no open task numbered ${seq ?? taskId}. Send "my tasks" to see the numbers.`,
        ],
      ),
    );
  }
  if (!open.length) {
    return say(
      ctx,
      message(
        'info',
        ['暂无需要汇报的任务', 'Nothing to report'],
        [`${dept.name}目前没有未办结的任务。`, `${dept.name} has no open tasks.`],
      ),
    );
  }
  // Selected first, then the rest in "my tasks" order; a select holds at most a few dozen options comfortably.
  const options = selected ? [selected, ...open.filter((t) => t !== selected)] : open;
  // Only the selected task's last report is shown (上次汇报 … · name): only its reporter is looked up.
  const names = await peopleNames(ctx, reportersOf(selected ? [selected] : []));
  const returned = selected ? await pendingReturn(ctx.db, ctx.tenantKey, selected.assignmentId) : null;
  return {
    card: reportFormCard(
      {
        department: dept,
        tasks: options.slice(0, 50).map((t) => namedTask(t, names)),
        selected: selected && namedTask(selected, names),
        returned,
      },
      ctx,
    ),
  };
}

export const reportProgressCommand: Command = {
  names: ['汇报进展', '报送进展', '填报进展', 'report progress', 'report'],
  usage: '汇报进展 [任务序号]',
  summary: { zh_cn: '填写任务进展，提交后写入台账', en_us: 'Report progress on a task; it is written to the ledger' },
  need: 'report',
  run: (ctx, args) => {
    const n = args.match(/\d+/);
    return reportFormReply(ctx, null, n ? Number(n[0]) : null);
  },
};

/** 汇报进展 on a task of a card: the form with that task pre-selected. */
export const reportOpenAction: Action<Extract<ActionValue, { a: 'report_open' }>> = {
  need: 'report',
  run: (ctx, value) => reportFormReply(ctx, value.taskId ?? null, null),
};

/** The form's 提交: one transaction with a version check (src/store/progress.ts), then the task's detail. */
export const reportSubmitAction: Action<Extract<ActionValue, { a: 'report_submit' }>> = {
  need: 'report',
  async run(ctx) {
    const form = parseReportForm(ctx.formValue);
    if (!form.ok) return { toast: toast('warning', form.i18n.zh_cn, form.i18n.en_us) };
    const option = parseTaskOption(form.value.task);
    if (!option) return { toast: toast('warning', '请选择任务', 'Choose a task') };
    const outcome = await recordProgress(ctx.db, {
      tenantKey: ctx.tenantKey,
      assignmentId: option.assignmentId,
      version: option.version,
      departmentId: ctx.sender.department!.id,
      reporterOpenId: ctx.sender.openId,
      status: form.value.status,
      text: form.value.progress,
      evidenceUrl: form.value.evidence || null,
      cardMessageId: ctx.messageId ?? null,
      now: ctx.clock.now,
    });
    if (outcome.ok) {
      return {
        ...(await taskReply(ctx, outcome.taskId)),
        toast: toast('success', '进展已提交，台账已更新', 'Progress saved to the ledger'),
      };
    }
    switch (outcome.reason) {
      case 'stale':
        // Someone reported in between: show the fresh form rather than overwrite their report.
        return {
          ...(await reportFormReply(ctx, null, null)),
          toast: toast(
            'error',
            '该任务刚刚被他人更新，请查看最新进展后重新提交',
            'Someone updated this task meanwhile; check the latest progress and submit again',
          ),
        };
      case 'forbidden':
        return { toast: toast('error', '只能汇报本单位的任务', 'You can only report on your own department’s tasks') };
      case 'closed':
        return { toast: toast('info', '该任务已办结，无需再汇报', 'This task is already closed') };
      case 'evidence_required':
        return {
          toast: toast(
            'warning',
            `本通知要求“已完成”附佐证材料：请先发送“佐证 ${outcome.seq}”，再发送图片或文件（或在表单中填写佐证链接），然后重新提交`,
            `This notice requires evidence for "done": send "evidence ${outcome.seq}", then the pictures or files (or give a link in the form), and submit again`,
          ),
        };
      default:
        return { toast: toast('error', '没有找到这项任务', 'Task not found') };
    }
  },
};
