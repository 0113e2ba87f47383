/**
 * The one place permissions are checked: a command or button runs only when the sender has what
 * it declares it needs. A chat command is refused with a card (the refusal, or how to get bound);
 * a button with a toast, so the card someone tapped is never replaced by a refusal.
 */
import type { ActionValue } from '../cards/action-value';
import { notBoundCard } from '../cards/not-bound';
import { toast } from '../src/lark/port';
import { allows, type Need, type Permission, refusal, refusedForDepartment } from '../src/permissions';
import { actions } from './actions';
import { importForPreview, importNoticeCommand } from './publish';
import { say } from './reply';
import type { ActionContext, Command, CommandContext, Reply } from './types';

/** Runs `run` when the sender has what `need` asks for; otherwise the refusal card. */
async function guarded(ctx: CommandContext, need: Need, run: () => Promise<Reply | null>): Promise<Reply | null> {
  if (allows(ctx.sender, need)) return run();
  if (refusedForDepartment(ctx.sender, need)) return { card: notBoundCard({ chatType: ctx.chat.type }, ctx) };
  return say(ctx, refusal(need as Permission));
}

export function runCommand(ctx: CommandContext, command: Command, args: string): Promise<Reply | null> {
  return guarded(ctx, command.need, () => command.run(ctx, args));
}

/** A file sent to the bot is a notice to import; `download` is only called when the sender may import. */
export function runNoticeFile(ctx: CommandContext, fileName: string, download: () => Promise<Uint8Array>): Promise<Reply | null> {
  return guarded(ctx, importNoticeCommand.need, async () => importForPreview(ctx, await download(), fileName));
}

export async function runAction(ctx: ActionContext, value: ActionValue): Promise<Reply> {
  // The table is keyed by `a`, so the entry and the value always agree; TypeScript cannot see through the lookup.
  const action = actions[value.a] as { need: Need; run(ctx: ActionContext, value: ActionValue): Promise<Reply> };
  if (allows(ctx.sender, action.need)) return action.run(ctx, value);
  if (refusedForDepartment(ctx.sender, action.need)) {
    return {
      toast: toast(
        'warning',
        '您尚未绑定单位：请在本单位群里发送“绑定 单位名称”',
        'You are not bound to a department yet: send "bind <department>" in its group',
      ),
    };
  }
  const r = refusal(action.need as Permission);
  return { toast: toast('warning', r.body.zh_cn, r.body.en_us) };
}
