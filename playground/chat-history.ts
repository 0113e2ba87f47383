// The chats outlive a restart as the database does: messages are saved beside it, a moment
// after each change, and loaded back before anyone connects. Files people sent are not kept.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { ChatMessage, Conversations } from './lark/conversations';

const savedMessages = z.array(
  z.looseObject({
    messageId: z.string(),
    chatId: z.string(),
    sender: z.union([z.object({ kind: z.literal('user'), openId: z.string() }), z.object({ kind: z.literal('app') })]),
    msgType: z.string(),
    content: z.unknown(),
    createTime: z.number(),
    updateTime: z.number(),
  }),
);

/** Loads `file` into the conversations and keeps it up to date; the returned function writes now (at close). */
export function keepHistory(conversations: Conversations, file: string): () => void {
  if (existsSync(file)) {
    const saved = savedMessages.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (saved.success) for (const m of saved.data) conversations.restore(m as ChatMessage);
  }
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    writeFileSync(file, JSON.stringify(conversations.all()));
  };
  conversations.subscribe(() => {
    timer ??= setTimeout(save, 500);
  });
  return save;
}
