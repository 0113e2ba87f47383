/** Reading who a message @-mentions and whether text in a group is addressed to the bot. */
import type { CommandContext } from '../../commands/types';
import type { MessageReceiveEvent } from '../lark/envelope';

/**
 * The people a command is about: mentions that come after the message's opening mentions
 * ("@督办 设置领导 @张三" → 张三). Opening mentions address the bot.
 */
export function targetMentions(event: MessageReceiveEvent): CommandContext['mentions'] {
  const all = event.message.mentions ?? [];
  let raw = '';
  try {
    raw = String((JSON.parse(event.message.content) as { text?: unknown }).text ?? '');
  } catch {
    return [];
  }
  const leading = new Set<string>();
  let rest = raw.trimStart();
  for (let m = rest.match(/^@_user_\d+/); m; m = rest.match(/^@_user_\d+/)) {
    leading.add(m[0]);
    rest = rest.slice(m[0].length).trimStart();
  }
  return all.filter((m) => !leading.has(m.key) && m.id.open_id).map((m) => ({ openId: m.id.open_id!, name: m.name ?? m.id.open_id! }));
}

/**
 * Short arguments, no sentence punctuation, and a number only as a whole word ("任务 3", not
 * "3个"): in a group, text that merely starts with a command word ("任务3个都完成了") is chat.
 */
export function looksLikeCommandArgs(args: string): boolean {
  return args.length <= 30 && !/[，。？！?!…、]/.test(args) && !/^\d+[^\d\s]/.test(args);
}
