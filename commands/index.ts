import type { Command } from './types';
import { myTasks } from './my-tasks';
import { reportProgress } from './report-progress';
import { task } from './task';
import { bind, confirmBind } from './bind';
import { helpCommand } from './help';
import { setLeader, setCoordinator, setOffice, removeRole, setAlias } from './roles';
import { publishNotice } from './publish';
import { exportLedger } from './export';
import { review } from './review';
import { summary } from './summary';

export type { Command, CommandContext, Reply } from './types';

/** Order is help order. */
export const commands: Command[] = [
  myTasks,
  reportProgress,
  task,
  bind,
  confirmBind,
  publishNotice,
  review,
  summary,
  exportLedger,
  setLeader,
  setCoordinator,
  setOffice,
  removeRole,
  setAlias,
];
/** Also the answer to unknown text in a private chat, or a mention without a command. */
export const help = helpCommand(() => commands);
commands.push(help);

const byLength = () =>
  commands.flatMap((command) => command.names.map((name) => ({ command, name }))).sort((a, b) => b.name.length - a.name.length);

/**
 * Finds the command a message starts with. English names must end at a word boundary
 * ("tasks" is not "task s"); Chinese names may run straight into their argument ("任务3").
 */
export function matchCommand(text: string): { command: Command; args: string } | null {
  const t = text.replace(/\u3000/g, ' ').trim();
  const lower = t.toLowerCase();
  for (const { command, name } of byLength()) {
    if (!lower.startsWith(name)) continue;
    const rest = t.slice(name.length);
    if (/^[a-z]/i.test(name) && /^[a-z]/i.test(rest)) continue;
    return { command, args: rest.trim() };
  }
  return null;
}
