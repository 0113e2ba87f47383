/**
 * The chat commands, in help order. A new command is one file in commands/ and one line here;
 * help lists it, `matchCommand` finds it, and the dispatcher checks its `need` before it runs.
 */
import { askCommand } from './ask';
import { bindCommand, confirmBindCommand } from './bind';
import { evidenceCommand, noEvidenceRequiredCommand, requireEvidenceCommand } from './evidence';
import { exportLedgerCommand } from './export';
import { helpCommand } from './help';
import { editLedgerCommand } from './ledger-edit';
import { myTasksCommand } from './my-tasks';
import { importNoticeCommand } from './publish';
import { reportProgressCommand } from './report-progress';
import { reviewCommand } from './review';
import { removeRoleCommand, setAliasCommand, setCoordinatorCommand, setLeaderCommand, setOfficeCommand } from './roles';
import { scorecardCommand, scoreWeightsCommand } from './scorecard';
import { summaryCommand } from './summary';
import { taskCommand } from './task';
import type { Command } from './types';
import type { Sender } from '../src/identity';
import { allows } from '../src/permissions';

/** Also the answer to unknown text in a private chat, or a mention without a command. */
export const help: Command = helpCommand(() => commands);

export const commands: readonly Command[] = [
  myTasksCommand,
  reportProgressCommand,
  taskCommand,
  bindCommand,
  confirmBindCommand,
  importNoticeCommand,
  reviewCommand,
  summaryCommand,
  exportLedgerCommand,
  editLedgerCommand,
  setLeaderCommand,
  setCoordinatorCommand,
  setOfficeCommand,
  removeRoleCommand,
  setAliasCommand,
  askCommand,
  evidenceCommand,
  requireEvidenceCommand,
  noEvidenceRequiredCommand,
  scorecardCommand,
  scoreWeightsCommand,
  help,
];

/** Longest names first, so "report progress" wins over "report". */
const byLength = commands
  .flatMap((command) => command.names.map((name) => ({ command, name })))
  .sort((a, b) => b.name.length - a.name.length);

/**
 * Finds the command a message starts with. English names must end at a word boundary
 * ("tasks" is not "task s"); Chinese names may run straight into their argument ("任务3").
 */
export function matchCommand(text: string): { command: Command; args: string } | null {
  const t = text.replace(/\u3000/g, ' ').trim();
  const lower = t.toLowerCase();
  for (const { command, name } of byLength) {
    if (!lower.startsWith(name)) continue;
    const rest = t.slice(name.length);
    if (/^[a-z]/i.test(name) && /^[a-z]/i.test(rest)) continue;
    return { command, args: rest.trim() };
  }
  return null;
}

/**
 * Text no command claims: from a leader or the office, a question in plain words (commands/ask.ts);
 * from anyone else, or empty (a bare mention), the help card.
 */
export function unmatched(sender: Sender, text: string): { command: Command; args: string } {
  return text.trim() && allows(sender, askCommand.need) ? { command: askCommand, args: text } : { command: help, args: '' };
}
