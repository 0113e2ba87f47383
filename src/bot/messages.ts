/**
 * Chat messages to the bot: text is matched against the command registry and answered with a
 * reply; a picture or file is a report's evidence (佐证材料) or, from the office, a notice to
 * import. Everything the command says goes back as replies to the message.
 */
import { matchCommand, unmatched } from '../../commands';
import { runCommand, runNoticeFile, runResource } from '../../commands/run';
import type { CommandContext, Reply } from '../../commands/types';
import { messageCard } from '../../cards/message';
import { enqueueAll, type OutgoingMessage } from '../outbox/enqueue';
import { type MessageReceiveEvent, parseResourceContent, parseTextContent } from '../lark/envelope';
import { firstDelivery } from '../store/processed-events';
import { contextFor } from './context';
import type { BotDeps } from './deps';
import { looksLikeCommandArgs, targetMentions } from './mentions';

export async function handleMessage(deps: BotDeps, tenantKey: string, event: MessageReceiveEvent): Promise<void> {
  const msg = event.message;
  if (event.sender.sender_type !== 'user') return;
  if (!(await firstDelivery(deps.db, `message:${msg.message_id}`))) return;
  if (RESOURCE_MESSAGES.has(msg.message_type)) return handleResource(deps, tenantKey, event);
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
  const { command, args } = match ?? unmatched(ctx.sender, text);
  const reply = await answer(deps, ctx, msg.message_id, () => runCommand(ctx, command, args));
  await sendReply(deps, ctx, msg.message_id, reply);
}

/** Messages that carry a picture or file (a sticker too, which Lark does not let bots download). */
const RESOURCE_MESSAGES = new Set(['image', 'file', 'media', 'audio', 'sticker']);

/**
 * A picture or file: evidence for a report when it answers the report card (Lark gives the
 * message replied to as parent_id, and the thread's first as root_id) or follows "佐证 N"; a
 * notice when the office sends a file otherwise (commands/run.ts decides).
 */
async function handleResource(deps: BotDeps, tenantKey: string, event: MessageReceiveEvent): Promise<void> {
  const msg = event.message;
  const parsed = parseResourceContent(msg.message_type, msg.content);
  if (!parsed) return;
  const ctx = await contextFor(deps, tenantKey, event.sender.sender_id.open_id, { id: msg.chat_id, type: msg.chat_type });
  const repliedTo = [msg.parent_id, msg.root_id].filter((id): id is string => Boolean(id));
  const resource = parsed === 'unsupported' ? parsed : { ...parsed, messageId: msg.message_id };
  const read = async () => {
    if (resource === 'unsupported') return null;
    try {
      return await deps.lark.downloadMessageResource({ messageId: msg.message_id, fileKey: resource.fileKey, type: resource.type });
    } catch (e) {
      deps.log(
        `resource ${resource.fileKey} of message ${msg.message_id} could not be read: ${e instanceof Error ? e.message : String(e)}`,
      );
      return null;
    }
  };
  const importFile =
    msg.message_type === 'file' && resource !== 'unsupported'
      ? () =>
          runNoticeFile(ctx, resource.fileName, () =>
            deps.lark.downloadMessageResource({ messageId: msg.message_id, fileKey: resource.fileKey, type: 'file' }),
          )
      : null;
  const reply = await answer(deps, ctx, msg.message_id, () => runResource(ctx, resource, repliedTo, read, importFile));
  await sendReply(deps, ctx, msg.message_id, reply);
}

function failureCard(ctx: CommandContext, body: [string, string]) {
  return messageCard(
    { tone: 'error', title: { zh_cn: '处理失败', en_us: 'Something went wrong' }, body: { zh_cn: body[0], en_us: body[1] } },
    ctx,
  );
}

/** Runs a handler; a throw becomes a polite failure card (and a log line), never silence. */
async function answer(deps: BotDeps, ctx: CommandContext, messageId: string, run: () => Promise<Reply | null>): Promise<Reply | null> {
  try {
    return await run();
  } catch (e) {
    deps.log(`command failed for message ${messageId}: ${e instanceof Error ? e.stack : String(e)}`);
    return {
      card: failureCard(ctx, [
        '系统暂时无法处理，请稍后再试。如多次出现，请联系政务公开办。',
        'Please try again later. If it keeps happening, tell the office.',
      ]),
    };
  }
}

/**
 * A reply as outbox rows, answered in the message's own thread: delivered, paced and retried like
 * a broadcast (429, 5xx and timeouts are tried again under the same uuid), and sent before any
 * broadcast waiting in the queue. A file is uploaded first; if the upload fails the person is
 * told so instead of getting nothing.
 */
async function sendReply(deps: BotDeps, ctx: CommandContext, messageId: string, reply: Reply | null): Promise<void> {
  if (!reply) return;
  const base = { tenantKey: ctx.tenantKey, kind: 'reply' as const, receiveIdType: 'chat_id' as const, receiveId: ctx.chat.id ?? '' };
  const delivery = { channel: 'reply' as const, replyTo: messageId, chatId: ctx.chat.id ?? '' };
  const rows: OutgoingMessage[] = [];
  if (reply.file) {
    try {
      const { fileKey } = await deps.lark.uploadFile({ fileName: reply.file.fileName, fileType: 'xls', bytes: reply.file.bytes });
      rows.push({ ...base, dedupeKey: `reply:${messageId}:file`, delivery, content: { raw: { file_key: fileKey }, msgType: 'file' } });
    } catch (e) {
      deps.log(`upload of ${reply.file.fileName} for message ${messageId} failed: ${e instanceof Error ? e.message : String(e)}`);
      rows.push({
        ...base,
        dedupeKey: `reply:${messageId}:upload-failed`,
        delivery,
        content: {
          raw: failureCard(ctx, [
            '文件上传失败，请稍后重新发送指令。',
            'The file could not be uploaded; please send the command again later.',
          ]),
          msgType: 'interactive',
        },
      });
    }
  }
  if (reply.card) rows.push({ ...base, dedupeKey: `reply:${messageId}`, delivery, content: { raw: reply.card, msgType: 'interactive' } });
  await enqueueAll(deps.db, rows, deps.now());
  deps.onEnqueued?.();
}
