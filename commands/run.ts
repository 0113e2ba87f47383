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
import { attachResource, evidenceTarget, type IncomingResource, keepUnclaimed, STICKER_REFUSED } from './evidence';
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

/**
 * A picture or file sent in chat. In reply to a report card, or after "佐证 N", it is that task's
 * evidence (for those who may report); otherwise an office file is a notice to import, and anyone
 * else's is kept for a "佐证 N" to come. `read` fetches it from Lark; null when Lark refuses.
 */
export async function runResource(
  ctx: CommandContext,
  resource: IncomingResource | 'unsupported',
  repliedTo: string[],
  read: () => Promise<Uint8Array | null>,
  importFile: (() => Promise<Reply | null>) | null,
): Promise<Reply | null> {
  const target = await evidenceTarget(ctx, repliedTo);
  if (resource === 'unsupported') return target ? say(ctx, STICKER_REFUSED) : null;
  if (target) return guarded(ctx, 'report', () => attachResource(ctx, target, resource, read));
  if (importFile && allows(ctx.sender, importNoticeCommand.need)) return importFile();
  if (allows(ctx.sender, 'report')) return keepUnclaimed(ctx, resource, read);
  // Someone who may neither report nor import: in a private chat they hear why; a group's files are not the bot's business.
  return ctx.chat.type === 'p2p' ? guarded(ctx, importFile ? importNoticeCommand.need : 'report', async () => null) : null;
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
