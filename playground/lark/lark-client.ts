// What a person's Lark client and Lark's servers do when someone types, drops a file or clicks a
// card: the message is stored in the chat, then pushed to the bot's webhook as Lark pushes it
// (v2 envelope, encrypted, signed); a card callback waits for the bot's answer and applies it.
import { z } from 'zod';
import type { ChatMessage, MessageMention } from './conversations';
import type { FakeLark } from './fake-lark';
import { cardAction, fileMessageEvent, messageEvent, signedRequest } from './lark-payloads';
import type { Traffic } from '../traffic';

export interface LarkClientDeps {
  fake: FakeLark;
  webhookUrl: string;
  app: { appId: string; tenantKey: string; verificationToken: string; encryptKey: string };
  now: () => Date;
  traffic: Traffic;
  /** Everyone who can be @-mentioned by name, the bot included. */
  directory: { openId: string; name: string }[];
  /** Lark gives a card callback 3 s before it shows the user error 200340. */
  callbackTimeoutMs: number;
}

/** The callback answer Lark understands: a toast and/or a raw card replacing the clicked one. */
const callbackAnswer = z.looseObject({
  toast: z
    .looseObject({
      type: z.enum(['success', 'info', 'warning', 'error']),
      content: z.string(),
      i18n: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  card: z.looseObject({ type: z.literal('raw'), data: z.looseObject({}) }).optional(),
});

export type Toast = NonNullable<z.infer<typeof callbackAnswer>['toast']>;

export class ClientError extends Error {}

export function createLarkClient(deps: LarkClientDeps) {
  const { fake } = deps;
  const c = fake.conversations;

  function chatFor(openId: string, chatId: string) {
    const chat = c.chats.get(chatId);
    if (!chat?.members.includes(openId)) throw new ClientError('不在这个会话中（not a member of this chat）');
    return chat;
  }

  /** Posts a push to the webhook as Lark does and records both sides. */
  async function push(kind: string, body: object, messageIds: string[], timeoutMs: number): Promise<{ status: number; json: unknown }> {
    const req = signedRequest(body, {
      verificationToken: deps.app.verificationToken,
      encryptKey: deps.app.encryptKey,
      timestamp: Math.floor(deps.now().getTime() / 1000),
    });
    let status = 0;
    let json: unknown;
    try {
      const res = await fetch(deps.webhookUrl, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      const text = await res.text();
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
    } catch (e) {
      json = { error: e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : String(e) };
    }
    deps.traffic.add({
      at: deps.now().getTime(),
      direction: 'to_bot',
      method: 'POST',
      path: `/lark/webhook (${kind})`,
      body,
      wire: { headers: req.headers, body: req.body },
      status,
      response: json,
      messageIds,
    });
    return { status, json };
  }

  /** "@督办 汇总" → "@_user_1 汇总" with its mention, as Lark stores and pushes a mention. */
  function encodeMentions(text: string): { text: string; mentions: MessageMention[] } {
    const names = [...deps.directory].sort((a, b) => b.name.length - a.name.length);
    const mentions: MessageMention[] = [];
    let out = '';
    for (let i = 0; i < text.length; ) {
      const person = text[i] === '@' ? names.find((p) => text.startsWith(p.name, i + 1)) : undefined;
      if (!person) {
        out += text[i++];
        continue;
      }
      const key = `@_user_${mentions.length + 1}`;
      mentions.push({ key, openId: person.openId, name: person.name });
      out += key;
      i += person.name.length + 1;
    }
    return { text: out, mentions };
  }

  function store(openId: string, chatId: string, msgType: string, content: unknown, mentions?: MessageMention[]): ChatMessage {
    const at = deps.now().getTime();
    return c.add({
      messageId: fake.newMessageId(),
      chatId,
      sender: { kind: 'user', openId },
      msgType,
      content,
      mentions,
      createTime: at,
      updateTime: at,
    });
  }

  const envelope = () => ({ appId: deps.app.appId, tenantKey: deps.app.tenantKey, at: deps.now() });

  return {
    async sendText(openId: string, chatId: string, typed: string): Promise<ChatMessage> {
      const chat = chatFor(openId, chatId);
      const { text, mentions } = encodeMentions(typed);
      const message = store(openId, chatId, 'text', { text }, mentions.length ? mentions : undefined);
      const event = messageEvent({ ...envelope(), chatType: chat.type, chatId, openId, messageId: message.messageId, text, mentions });
      await push('im.message.receive_v1', event, [message.messageId], 10_000);
      return message;
    },

    async sendFile(openId: string, chatId: string, fileName: string, bytes: Uint8Array): Promise<ChatMessage> {
      const chat = chatFor(openId, chatId);
      const fileKey = `file_v3_pg_${fake.newMessageId().slice(8)}`;
      const message = store(openId, chatId, 'file', { file_key: fileKey, file_name: fileName });
      // The bot downloads it through GET /im/v1/messages/:id/resources/:key, as from Lark.
      fake.resources.set(`${message.messageId}/${fileKey}`, bytes);
      const event = fileMessageEvent({
        ...envelope(),
        chatType: chat.type,
        chatId,
        openId,
        messageId: message.messageId,
        fileKey,
        fileName,
      });
      await push('im.message.receive_v1', event, [message.messageId], 10_000);
      return message;
    },

    /**
     * A button, a clickable container or a form submit (tag "button" with form_value). The
     * answer's card replaces the message for everyone in the chat: 2.0 cards are shared.
     */
    async clickCard(input: {
      openId: string;
      messageId: string;
      tag: string;
      name?: string;
      value: Record<string, unknown>;
      formValue?: Record<string, unknown>;
    }): Promise<Toast | null> {
      const message = c.get(input.messageId);
      if (message?.msgType !== 'interactive' || message.deleted) throw new ClientError('没有这张卡片（no such card）');
      chatFor(input.openId, message.chatId);
      if (message.visibleTo && message.visibleTo !== input.openId) throw new ClientError('这张卡片仅对他人可见（not your card）');
      const event = cardAction({
        ...envelope(),
        openId: input.openId,
        messageId: message.messageId,
        chatId: message.chatId,
        tag: input.tag,
        name: input.name,
        value: input.value,
        formValue: input.formValue,
        token: fake.issueCardToken(message.messageId),
      });
      const { status, json } = await push('card.action.trigger', event, [message.messageId], deps.callbackTimeoutMs);
      if (status === 0) return { type: 'error', content: '卡片回调超时，飞书会提示错误 200340（the bot did not answer within 3 s）' };
      if (status !== 200) return { type: 'error', content: `卡片回调失败：HTTP ${status}（callback failed）` };
      const answer = callbackAnswer.safeParse(json);
      if (!answer.success) return { type: 'error', content: '机器人的回调应答格式不对，飞书不会采用（malformed callback answer）' };
      if (answer.data.card) c.update(message.messageId, { content: answer.data.card.data }, deps.now().getTime());
      return answer.data.toast ?? null;
    },
  };
}

export type LarkClient = ReturnType<typeof createLarkClient>;
