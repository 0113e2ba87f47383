/**
 * Leaders ask in plain words. Text no chat command claims is, from a leader or the office, a
 * question (commands/index.ts `unmatched`): src/ask.ts reads it against the directory, and this
 * file answers with the matching card, with two or three buttons when it could mean more than one
 * thing, or with what can be asked when it meant nothing Duban knows.
 */
import type { ActionValue } from '../cards/action-value';
import { askChoicesCard, askHelpCard, askSilentCard, askTasksCard } from '../cards/ask';
import { type AskIntent, type AskQuery, understandQuestion } from '../src/ask';
import { addDays, monthOf } from '../src/dates';
import { openTasksDue } from '../src/store/ask';
import { getDepartment, listDepartments } from '../src/store/directory';
import { summarize } from '../src/store/summary';
import type { I18nText } from '../src/views/common';
import { summaryReply } from './summary-reply';
import type { Action, Command, CommandContext, Reply } from './types';

/** Tasks a list card reads from the store; it shows fewer when they do not fit. */
const LISTED = 15;

const INTENT_LABELS: Record<AskIntent, I18nText> = {
  overall: { zh_cn: '整体汇总', en_us: 'Overall summary' },
  department: { zh_cn: '工作情况', en_us: 'How it is doing' },
  overdue: { zh_cn: '逾期任务', en_us: 'Overdue tasks' },
  due_month: { zh_cn: '本月到期', en_us: 'Due this month' },
  silent: { zh_cn: '未汇报单位', en_us: 'Not reported' },
};

/** The card for one reading of the question. */
async function answer(ctx: CommandContext, q: AskQuery): Promise<Reply> {
  const today = ctx.clock.today;
  const dept = q.departmentId ? await getDepartment(ctx.db, ctx.tenantKey, q.departmentId) : null;
  switch (q.intent) {
    case 'overall':
    case 'department':
      return summaryReply(ctx, undefined, dept?.id);
    case 'silent': {
      const view = await summarize(ctx.db, ctx.tenantKey, { today, overdueLimit: 0, recentLimit: 0 });
      return { card: askSilentCard({ asOf: today, silent: view.silentDepartments, departmentCount: view.perDepartment.length }, ctx) };
    }
    case 'overdue':
    case 'due_month': {
      const window =
        q.intent === 'overdue' ? { from: null, to: addDays(today, -1) } : { from: monthOf(today).first, to: monthOf(today).last };
      const found = await openTasksDue(ctx.db, ctx.tenantKey, { ...window, departmentId: dept?.id, limit: LISTED });
      return {
        card: askTasksCard(
          {
            kind: q.intent,
            asOf: today,
            department: dept ? { id: dept.id, name: dept.name } : null,
            total: found.total,
            tasks: found.tasks,
          },
          ctx,
        ),
      };
    }
  }
}

async function askReply(ctx: CommandContext, question: string): Promise<Reply> {
  const directory = await listDepartments(ctx.db, ctx.tenantKey);
  const match = understandQuestion(question, directory);
  if (match.kind === 'none') return { card: askHelpCard({ question, unknownUnit: match.unknownUnit }, ctx) };
  return understoodReply(ctx, question, match, directory);
}

/** The answer to a question Duban understood (or the choices it offers); null when it did not understand it. */
export async function questionReply(ctx: CommandContext, question: string): Promise<Reply | null> {
  const directory = await listDepartments(ctx.db, ctx.tenantKey);
  const match = understandQuestion(question, directory);
  return match.kind === 'none' ? null : understoodReply(ctx, question, match, directory);
}

async function understoodReply(
  ctx: CommandContext,
  question: string,
  match: Exclude<ReturnType<typeof understandQuestion>, { kind: 'none' }>,
  directory: Awaited<ReturnType<typeof listDepartments>>,
): Promise<Reply> {
  if (match.kind === 'answer') return answer(ctx, match.query);
  const names = new Map(directory.map((d) => [d.id, d.name]));
  const choices = match.choices.map((value) => {
    const unit = value.departmentId ? names.get(value.departmentId) : undefined;
    const what = INTENT_LABELS[value.intent];
    // A department's choice is its name (its summary); a list is named with its scope.
    const label: I18nText = unit
      ? value.intent === 'department'
        ? { zh_cn: unit, en_us: unit }
        : { zh_cn: `${unit} · ${what.zh_cn}`, en_us: `${unit} · ${what.en_us}` }
      : what;
    return { label, value };
  });
  return { card: askChoicesCard({ question, choices }, ctx) };
}

export const askCommand: Command = {
  names: ['提问', 'ask'],
  usage: '提问 财政局怎么样 | 逾期的有哪些 | 本月到期 | 哪些单位没报（也可直接发送问题）',
  summary: {
    zh_cn: '领导和政务公开办直接发问题：某单位怎么样、逾期的有哪些、本月到期、哪些单位没报',
    en_us: 'Leaders and the office ask in plain words: how a unit is doing, overdue, due this month, who has not reported',
  },
  need: 'summary',
  run: (ctx, args) => askReply(ctx, args),
};

/** A choice on the card of an unclear question. */
export const askAction: Action<Extract<ActionValue, { a: 'ask' }>> = {
  need: 'summary',
  run: (ctx, value) => answer(ctx, { intent: value.intent, departmentId: value.departmentId }),
};
