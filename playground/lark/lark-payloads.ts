// Real-format Lark pushes, for the HTTP tests and for the playground's stand-in platform: the
// same envelope, encryption and signature Lark uses, built independently of src/lark (node:crypto
// here, Web Crypto there) so a shared misunderstanding cannot make both sides agree on something
// Lark would not send.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

export const TEST_APP_ID = 'cli_test_app';
export const TEST_TENANT_KEY = 'tenant_test';
export const TEST_BOT_OPEN_ID = 'ou_bot_duban';

let seq = 0;
const nextId = (prefix: string) => `${prefix}${Date.now().toString(16)}${(++seq).toString(16).padStart(6, '0')}`;

interface EnvelopeHeader {
  event_id: string;
  event_type: string;
  create_time: string;
  /** Filled in by signedRequest with the verification token unless set here. */
  token?: string;
  app_id: string;
  tenant_key: string;
}

export interface EventBody<E = Record<string, unknown>> {
  schema: '2.0';
  header: EnvelopeHeader;
  event: E;
}

export interface UrlVerificationBody {
  type: 'url_verification';
  challenge: string;
  token?: string;
}

/** Header fields every builder accepts. */
export interface EnvelopeOptions {
  eventId?: string;
  tenantKey?: string;
  appId?: string;
  /** When the event happened (default: now). */
  at?: Date;
}

function envelope<E>(eventType: string, event: E, o: EnvelopeOptions): EventBody<E> {
  return {
    schema: '2.0',
    header: {
      event_id: o.eventId ?? nextId('evt_'),
      event_type: eventType,
      create_time: String((o.at ?? new Date()).getTime()),
      app_id: o.appId ?? TEST_APP_ID,
      tenant_key: o.tenantKey ?? TEST_TENANT_KEY,
    },
    event,
  };
}

function sender(openId: string, tenantKey: string) {
  return {
    sender_id: { open_id: openId, union_id: `on_${openId.slice(3)}`, user_id: null },
    sender_type: 'user',
    tenant_key: tenantKey,
  };
}

export interface MessageOptions extends EnvelopeOptions {
  chatType: 'p2p' | 'group';
  chatId: string;
  openId: string;
  messageId?: string;
  /** Prefix the text with the bot's mention placeholder, as Lark does for "@督办 …". */
  mentionBot?: boolean;
  botOpenId?: string;
  /** Mentions whose placeholders ("@_user_1") the text already carries; replaces mentionBot. */
  mentions?: { key: string; openId: string; name: string }[];
  /** A reply: the message replied to, and the first message of its thread (Lark sets both on replies). */
  parentId?: string;
  rootId?: string;
}

function mentions(o: MessageOptions, tenantKey: string) {
  if (o.mentions?.length) {
    return o.mentions.map((m) => ({
      key: m.key,
      id: { open_id: m.openId, union_id: `on_${m.openId.slice(3)}`, user_id: null },
      name: m.name,
      tenant_key: tenantKey,
    }));
  }
  return o.mentionBot
    ? [
        {
          key: '@_user_1',
          id: { open_id: o.botOpenId ?? TEST_BOT_OPEN_ID, union_id: 'on_bot_duban', user_id: null },
          name: '督办',
          tenant_key: tenantKey,
        },
      ]
    : undefined;
}

function messageBody(o: MessageOptions, messageType: string, content: object) {
  const tenantKey = o.tenantKey ?? TEST_TENANT_KEY;
  const at = String((o.at ?? new Date()).getTime());
  const mentioned = mentions(o, tenantKey);
  return envelope(
    'im.message.receive_v1',
    {
      sender: sender(o.openId, tenantKey),
      message: {
        message_id: o.messageId ?? nextId('om_'),
        ...(o.rootId ? { root_id: o.rootId } : {}),
        ...(o.parentId ? { parent_id: o.parentId } : {}),
        create_time: at,
        update_time: at,
        chat_id: o.chatId,
        chat_type: o.chatType,
        message_type: messageType,
        content: JSON.stringify(content),
        ...(mentioned ? { mentions: mentioned } : {}),
        user_agent: 'Mozilla/5.0 Lark',
      },
    },
    { ...o, tenantKey },
  );
}

export function messageEvent(o: MessageOptions & { text: string }) {
  return messageBody(o, 'text', { text: o.mentionBot && !o.mentions?.length ? `@_user_1 ${o.text}` : o.text });
}

/** A user sending a file (e.g. an .xlsx ledger or a .docx notice). */
export function fileMessageEvent(o: MessageOptions & { fileKey: string; fileName: string }) {
  return messageBody(o, 'file', { file_key: o.fileKey, file_name: o.fileName });
}

/** A picture ({image_key}), a video ({file_key, image_key, file_name, duration}) or a sticker ({file_key}). */
export function imageMessageEvent(o: MessageOptions & { imageKey: string }) {
  return messageBody(o, 'image', { image_key: o.imageKey });
}

export function mediaMessageEvent(o: MessageOptions & { fileKey: string; fileName: string }) {
  return messageBody(o, 'media', { file_key: o.fileKey, image_key: `img_cover_${o.fileKey}`, file_name: o.fileName, duration: 3000 });
}

export function stickerMessageEvent(o: MessageOptions & { fileKey: string }) {
  return messageBody(o, 'sticker', { file_key: o.fileKey });
}

export function cardAction(
  o: EnvelopeOptions & {
    openId: string;
    value: Record<string, unknown>;
    formValue?: Record<string, unknown>;
    messageId: string;
    chatId: string;
    /** Defaults to "button", which is also what a form submit arrives as. */
    tag?: string;
    name?: string;
    /** The delayed-update token. */
    token?: string;
  },
) {
  const tenantKey = o.tenantKey ?? TEST_TENANT_KEY;
  return envelope(
    'card.action.trigger',
    {
      operator: { tenant_key: tenantKey, user_id: null, open_id: o.openId, union_id: `on_${o.openId.slice(3)}` },
      token: o.token ?? nextId('c-'),
      action: {
        tag: o.tag ?? 'button',
        value: o.value,
        ...(o.formValue ? { form_value: o.formValue } : {}),
        ...(o.name ? { name: o.name } : {}),
      },
      host: 'im_message',
      context: { open_message_id: o.messageId, open_chat_id: o.chatId },
    },
    { ...o, tenantKey },
  );
}

export function botAddedEvent(o: { chatId: string; operatorOpenId?: string; chatName?: string; tenantKey?: string; eventId?: string }) {
  const tenantKey = o.tenantKey ?? TEST_TENANT_KEY;
  return envelope(
    'im.chat.member.bot.added_v1',
    {
      chat_id: o.chatId,
      operator_id: { open_id: o.operatorOpenId ?? 'ou_operator', union_id: 'on_operator', user_id: null },
      external: false,
      operator_tenant_key: tenantKey,
      name: o.chatName ?? '政务公开工作群',
      i18n_names: { zh_cn: o.chatName ?? '政务公开工作群' },
    },
    { eventId: o.eventId, tenantKey },
  );
}

export function urlVerification(challenge: string): UrlVerificationBody {
  return { type: 'url_verification', challenge };
}

/** Lark's encryption: base64(iv ‖ AES-256-CBC(SHA-256(key), iv, PKCS#7(plaintext))). */
export function encryptForLark(plaintext: string, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey)
    .update(rawBody)
    .digest('hex');
}

export interface SignOptions {
  verificationToken: string;
  encryptKey?: string;
  /** Seconds since the epoch; default now. */
  timestamp?: string | number;
  nonce?: string;
  /**
   * Leave out the X-Lark-* signature headers. This is how Lark really sends the encrypted
   * url_verification; for anything else it models a forged request.
   */
  unsigned?: boolean;
}

/**
 * The HTTP body and headers Lark would send for `body`. The verification token goes where
 * Lark puts it (header.token for events, token for url_verification) unless the body already
 * has one, so tests can send a wrong token on purpose.
 */
export function signedRequest(body: object, o: SignOptions): { body: string; headers: Record<string, string> } {
  const withToken = injectToken(body, o.verificationToken);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (!o.encryptKey) return { body: JSON.stringify(withToken), headers };

  const raw = JSON.stringify({ encrypt: encryptForLark(JSON.stringify(withToken), o.encryptKey) });
  if (o.unsigned) return { body: raw, headers };
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = o.nonce ?? randomBytes(8).toString('hex');
  headers['x-lark-request-timestamp'] = timestamp;
  headers['x-lark-request-nonce'] = nonce;
  headers['x-lark-signature'] = larkSignature(timestamp, nonce, o.encryptKey, raw);
  return { body: raw, headers };
}

function injectToken(body: object, token: string): object {
  const b = body as Record<string, unknown>;
  if (b.type === 'url_verification') return b.token === undefined ? { ...b, token } : b;
  const header = b.header as Record<string, unknown> | undefined;
  if (b.schema === '2.0' && header && header.token === undefined) return { ...b, header: { ...header, token } };
  return b;
}
