/**
 * Chat messages to the bot: text is matched against the command registry and answered with a
 * reply; a file is a notice for the office to import. Everything the command says goes back as
 * replies to the message.
 */
import { help, matchCommand } from '../../commands';
import { runCommand, runNoticeFile } from '../../commands/run';
import type { CommandContext, Reply } from '../../commands/types';
import { messageCard } from '../../cards/message';
import { type MessageReceiveEvent, parseFileContent, parseTextContent } from '../lark/envelope';
import { allows } from '../permissions';
import { firstDelivery } from '../store/processed-events';
import { contextFor } from './context';
import type { BotDeps } from './deps';
import { looksLikeCommandArgs, targetMentions } from './mentions';

export async function handleMessage(deps: BotDeps, tenantKey: string, event: MessageReceiveEvent): Promise<void> {
  const msg = event.message;
  if (event.sender.sender_type !== 'user') return;
  if (!(await firstDelivery(deps.db, `message:${msg.message_id}`))) return;
  if (msg.message_type === 'file') return handleFile(deps, tenantKey, event);
  const mentioned = (msg.mentions?.length ?? 0) > 0;
  const text = msg.message_type === 'text' ? parseTextContent(msg.content) : '';
  let match = text ? matchCommand(text) : null;
  // In a group the bot speaks only when addressed: a mention, or a message that is plainly a
  // command. People also chat in the group ("任务3个都完成了"), and a card in reply to that is noise.
  if (match && msg.chat_type === 'group' && !mentioned && !looksLikeCommandArgs(match.args)) match = null;
  if (!match && msg.chat_type === 'group' && !mentioned) return;
  const ctx = await contextFor(
    deps,
    tenantKey,
    event.sender.sender_id.open_id,
    { id: msg.chat_id, type: msg.chat_type },
    targetMentions(event),
  );
  const reply = await answer(deps, ctx, msg.message_id, () => runCommand(ctx, match?.command ?? help, match?.args ?? ''));
  await sendReply(deps, msg.message_id, reply);
}

/**
 * A file sent to the bot is a notice when the office sends it. Others get a polite word in a
 * private chat; in a group their files are none of the bot's business.
 */
async function handleFile(deps: BotDeps, tenantKey: string, event: MessageReceiveEvent): Promise<void> {
  const msg = event.message;
  const file = parseFileContent(msg.content);
  if (!file) return;
  const ctx = await contextFor(deps, tenantKey, event.sender.sender_id.open_id, { id: msg.chat_id, type: msg.chat_type });
  if (msg.chat_type === 'group' && !allows(ctx.sender, 'publish')) return;
  const reply = await answer(deps, ctx, msg.message_id, () =>
    runNoticeFile(ctx, file.fileName, () =>
      deps.lark.downloadMessageResource({ messageId: msg.message_id, fileKey: file.fileKey, type: 'file' }),
    ),
  );
  await sendReply(deps, msg.message_id, reply);
}

/** Runs a handler; a throw becomes a polite failure card (and a log line), never silence. */
async function answer(deps: BotDeps, ctx: CommandContext, messageId: string, run: () => Promise<Reply | null>): Promise<Reply | null> {
  try {
    return await run();
  } catch (e) {
    deps.log(`command failed for message ${messageId}: ${e instanceof Error ? e.stack : String(e)}`);
    return {
      card: messageCard(
        {
          tone: 'error',
          title: { zh_cn: '处理失败', en_us: 'Something went wrong' },
          body: {
            zh_cn: '系统暂时无法处理，请稍后再试。如多次出现，请联系政务公开办。',
            en_us: 'Please try again later. If it keeps happening, tell the office.',
          },
        },
        ctx,
      ),
    };
  } finally {
    deps.onEnqueued?.();
  }
}

/** A reply as Lark messages: the file first (uploaded, then sent), then the card. */
async function sendReply(deps: BotDeps, messageId: string, reply: Reply | null): Promise<void> {
  if (!reply) return;
  if (reply.file) {
    const { fileKey } = await deps.lark.uploadFile({ fileName: reply.file.fileName, fileType: 'xls', bytes: reply.file.bytes });
    await deps.lark.replyMessage({
      messageId,
      msgType: 'file',
      content: JSON.stringify({ file_key: fileKey }),
      uuid: `file-${messageId}`.slice(0, 50),
    });
  }
  if (reply.card) {
    // Lark makes a resend with the same uuid within an hour a no-op.
    await deps.lark.replyMessage({
      messageId,
      msgType: 'interactive',
      content: JSON.stringify(reply.card),
      uuid: `reply-${messageId}`.slice(0, 50),
    });
  }
}
