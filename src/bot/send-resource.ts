/**
 * Opening 佐证材料 from a card: the bot downloads the picture or file from the message it came in
 * (`GET …/messages/:id/resources/:key`), uploads it again (a user's file key is not the bot's to
 * send) and sends it to the clicker in a private chat, through the outbox like any reply.
 */
import type { CommandContext, Reply } from '../../commands/types';
import type { UploadFileType } from '../lark/api';
import { toast } from '../lark/port';
import { enqueueAll, type OutgoingMessage } from '../outbox/enqueue';
import type { BotDeps } from './deps';

/** im/v1/images takes at most 10 MB; a bigger picture goes as a file. */
const IMAGE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

const UPLOAD_TYPES: Record<string, UploadFileType> = {
  pdf: 'pdf',
  doc: 'doc',
  docx: 'doc',
  xls: 'xls',
  xlsx: 'xls',
  ppt: 'ppt',
  pptx: 'ppt',
  mp4: 'mp4',
  opus: 'opus',
};

function uploadType(fileName: string): UploadFileType {
  const ext = /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return UPLOAD_TYPES[ext] ?? 'stream';
}

/** Sends `reply.resource` to the clicker; the answer is the reply's toast, or a failure toast. */
export async function sendResource(deps: BotDeps, ctx: CommandContext, reply: Reply, eventId: string): Promise<Reply> {
  const r = reply.resource;
  if (!r) return reply;
  try {
    // A kept copy opens even when the message was recalled; otherwise Lark still has it.
    const bytes = r.copy ?? (await deps.lark.downloadMessageResource({ messageId: r.messageId, fileKey: r.fileKey, type: r.type }));
    const content: OutgoingMessage['content'] =
      r.type === 'image' && bytes.length <= IMAGE_UPLOAD_MAX_BYTES
        ? { raw: { image_key: (await deps.lark.uploadImage({ bytes })).imageKey }, msgType: 'image' }
        : {
            raw: { file_key: (await deps.lark.uploadFile({ fileName: r.fileName, fileType: uploadType(r.fileName), bytes })).fileKey },
            msgType: 'file',
          };
    await enqueueAll(
      deps.db,
      [
        {
          tenantKey: ctx.tenantKey,
          dedupeKey: `evidence:${eventId}`,
          kind: 'reply',
          receiveIdType: 'open_id',
          receiveId: ctx.sender.openId,
          content,
        },
      ],
      deps.now(),
    );
    return { toast: reply.toast };
  } catch (e) {
    deps.log(`evidence ${r.fileKey} of message ${r.messageId} could not be sent: ${e instanceof Error ? e.message : String(e)}`);
    return {
      toast: toast(
        'error',
        '飞书未能提供这个文件（可能已被撤回），请联系提交单位重新发送',
        'Lark could not provide this file (it may have been recalled); ask the department to send it again',
      ),
    };
  }
}
