// A fake Lark open platform on loopback, speaking the documented wire format, so the real
// client (node-sdk + our fetch HttpInstance) is exercised end to end. The tests use it as is;
// the playground also reads its chats (conversations.ts) to show what the bot sent.
//
// Every card it receives (send, reply, PATCH, ephemeral send, delayed update) goes through the
// Card JSON 2.0 gate in ./card-schema and is refused the way Lark refuses it, so a card Lark would
// not take cannot pass a test by accident. Refusals are kept (cardRejections) and the bot harness
// fails a test file that leaves one unexpected.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { LARK_CARD_BODY_LIMIT, checkCard } from './card-schema';
import { createConversations, type ChatMessage, type Conversations } from './conversations';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON; for multipart the text fields plus {name, size} for files; otherwise undefined. */
  body: unknown;
  /** What the fake answered (binary downloads: undefined body). */
  response?: { status: number; body: unknown };
  /** The message this request created or changed, if any. */
  messageId?: string;
}

export interface SentMessage {
  kind: 'send' | 'reply' | 'patch' | 'card_update' | 'ephemeral' | 'ephemeral_delete';
  /** The message created (send/reply/ephemeral) or changed (patch, ephemeral_delete; card_update when its token is known). */
  messageId?: string;
  /** The chat the message is in, when the fake knows it. */
  chatId?: string;
  /** ephemeral: the only person who sees the card. */
  openId?: string;
  receiveIdType?: string;
  receiveId?: string;
  /** reply: the message replied to. */
  replyTo?: string;
  msgType?: string;
  /** The message content, JSON-parsed (the card for card_update). */
  content: unknown;
  uuid?: string;
  /** card_update: the callback token used. */
  token?: string;
}

/** A card the fake refused, with the answer it gave. */
export interface CardRejection {
  kind: SentMessage['kind'];
  path: string;
  status: number;
  code: number;
  msg: string;
}

export interface FakeUser {
  department_ids: string[];
  /**
   * `user.name`. Lark returns it only when the app holds contact:user.base:readonly (or a wider
   * contact scope); leave it out to answer like an app without that scope.
   */
  name?: string;
  /** Present in the tenant but outside the app's contact visibility: answers 41050. */
  invisible?: boolean;
}

export interface FakeFailure {
  status: number;
  code: number;
  msg?: string;
}

export type PathMatcher = string | RegExp | ((req: RecordedRequest) => boolean);

export interface FakeLark {
  url: string;
  appId: string;
  appSecret: string;
  close(): Promise<void>;
  requests: RecordedRequest[];
  /** Hears every request once it is answered. */
  onRequest(listener: (r: RecordedRequest) => void): () => void;
  /** Chats and messages, as the platform stores them. */
  conversations: Conversations;
  /** A fresh message id (om_…), for messages people send too. */
  newMessageId(): string;
  /** The delayed-update token a card callback carries, bound to the clicked message. */
  issueCardToken(messageId: string): string;
  /** Messages sent, replied, patched and cards updated, in order, with parsed content. */
  sent(): SentMessage[];
  /** Cards refused (invalid Card 2.0, or a body over 30 KB), in order; cleared by reset(). */
  cardRejections(): CardRejection[];
  users: Map<string, FakeUser>;
  /**
   * chat_id → chat_mode for `GET /open-apis/im/v1/chats/:chat_id` (group | topic | p2p), for chats the
   * conversations do not know. Otherwise a chat id starting with "oc_p2p" is a private chat, any other a group.
   */
  chats: Map<string, 'group' | 'topic' | 'p2p'>;
  /** open_department_id → name. */
  departments: Map<string, string>;
  /** `${messageId}/${fileKey}` → bytes a user sent. */
  resources: Map<string, Uint8Array>;
  /** file_key → what was uploaded to im/v1/files. */
  uploads: Map<string, { fileName: string; fileType: string; bytes: Uint8Array }>;
  /** image_key → what was uploaded to im/v1/images. */
  images: Map<string, Uint8Array>;
  /**
   * Answer the next `count` requests whose path matches with this failure (before auth is
   * checked). A string matches when the path contains it.
   */
  failNext(matcher: PathMatcher, count: number, failure: FakeFailure): void;
  /** Answer the next `count` matching requests only after `ms` (a slow Lark, a slow contact book). */
  delayNext(matcher: PathMatcher, count: number, ms: number): void;
  /** The next API call (not the token endpoint) answers 99991663 and every token issued so far dies. */
  expireTokenOnce(): void;
  /** Tenant tokens handed out so far. */
  tokensIssued(): number;
  /**
   * Forget recorded traffic, pending failures and all seeded data, so one test's leftovers
   * (an unconsumed failNext, say) cannot leak into the next. Issued tokens stay valid.
   */
  reset(): void;
}

const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';
/** Lark's documented limits: message resources download up to 100 MB, files upload up to 30 MB, images 10 MB. */
const RESOURCE_DOWNLOAD_MAX_BYTES = 100 * 1024 * 1024;
const FILE_UPLOAD_MAX_BYTES = 30 * 1024 * 1024;
const IMAGE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
const RECEIVE_ID_TYPES = new Set(['open_id', 'user_id', 'union_id', 'email', 'chat_id']);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The request each open response belongs to, so every answer is recorded with it. */
const recordOf = new WeakMap<ServerResponse, RecordedRequest>();

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const record = recordOf.get(res);
  if (record) record.response = { status, body };
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-tt-logid': `fake-${Date.now()}`,
    ...headers,
  });
  res.end(text);
}

function larkError(res: ServerResponse, status: number, code: number, msg: string, headers: Record<string, string> = {}): void {
  json(res, status, { code, msg, error: { log_id: 'fake' } }, headers);
}

function parseContent(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export interface FakeLarkOptions {
  appId?: string;
  appSecret?: string;
  /** The platform's clock, for message times (the playground moves it). */
  now?: () => Date;
  conversations?: Conversations;
  /** Hears every card the fake refuses, as it refuses it. */
  onCardRejected?: (r: CardRejection) => void;
}

export async function startFakeLark(opts: FakeLarkOptions = {}): Promise<FakeLark> {
  const appId = opts.appId ?? 'cli_fake_app';
  const appSecret = opts.appSecret ?? 'fake_app_secret';
  const now = opts.now ?? (() => new Date());
  const conversations = opts.conversations ?? createConversations();
  const requestListeners = new Set<(r: RecordedRequest) => void>();
  // Ids stay unique across restarts of a playground that keeps its database (the bot dedupes on them).
  const idPrefix = randomBytes(3).toString('hex');
  const cardTokens = new Map<string, string>();
  let tokenSerial = 0;
  const requests: RecordedRequest[] = [];
  const sent: SentMessage[] = [];
  const users = new Map<string, FakeUser>();
  const chats = new Map<string, 'group' | 'topic' | 'p2p'>();
  const rejections: CardRejection[] = [];
  const departments = new Map<string, string>();
  const resources = new Map<string, Uint8Array>();
  const uploads = new Map<string, { fileName: string; fileType: string; bytes: Uint8Array }>();
  const images = new Map<string, Uint8Array>();
  const failures: { matcher: PathMatcher; remaining: number; failure: FakeFailure }[] = [];
  const delays: { matcher: PathMatcher; remaining: number; ms: number }[] = [];
  const validTokens = new Set<string>();
  const byUuid = new Map<string, string>();
  let tokenCounter = 0;
  let messageCounter = 0;
  let fileCounter = 0;
  let expireNext = false;

  const matches = (m: PathMatcher, r: RecordedRequest) =>
    typeof m === 'string' ? r.path.includes(m) : m instanceof RegExp ? m.test(r.path) : m(r);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string') headers[k.toLowerCase()] = v;
      else if (Array.isArray(v)) headers[k.toLowerCase()] = v.join(', ');
    }
    const contentType = headers['content-type'] ?? '';
    let body: unknown;
    let form: FormData | undefined;
    if (contentType.startsWith('multipart/form-data')) {
      form = await new Request(url, { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
      const fields: Record<string, unknown> = {};
      form.forEach((v, k) => {
        fields[k] = typeof v === 'string' ? v : { name: v.name, size: v.size };
      });
      body = fields;
    } else if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = undefined;
      }
    }
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    };
    requests.push(record);

    recordOf.set(res, record);
    const slow = delays.find((d) => d.remaining > 0 && matches(d.matcher, record));
    if (slow) {
      slow.remaining--;
      await new Promise((resolve) => setTimeout(resolve, slow.ms));
    }
    const injected = failures.find((f) => f.remaining > 0 && matches(f.matcher, record));
    if (injected) {
      injected.remaining--;
      const { status, code, msg } = injected.failure;
      // Lark's gateway says when to come back on rate limits.
      const extra: Record<string, string> = status === 429 || code === 99991400 ? { 'x-ogw-ratelimit-reset': '1' } : {};
      return larkError(res, status, code, msg ?? `injected failure ${code}`, extra);
    }

    if (record.method === 'POST' && record.path === TOKEN_PATH) {
      const b = (body ?? {}) as { app_id?: string; app_secret?: string };
      if (b.app_id !== appId || b.app_secret !== appSecret) {
        return larkError(res, 400, 10014, 'app secret invalid');
      }
      const token = `t-fake-${++tokenCounter}`;
      validTokens.add(token);
      return json(res, 200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 });
    }

    const auth = headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) {
      return larkError(res, 400, 99991661, 'Missing access token for authorization. Please make a request with token attached.');
    }
    if (expireNext) {
      expireNext = false;
      validTokens.clear();
      return larkError(res, 400, 99991663, 'Invalid access token for authorization. Please make a request with token attached.');
    }
    if (!validTokens.has(auth.slice('Bearer '.length))) {
      return larkError(res, 400, 99991663, 'Invalid access token for authorization. Please make a request with token attached.');
    }

    return route(record, form, raw.length, res);
  }

  const newMessageId = () => `om_fake_${idPrefix}${++messageCounter}`;

  function createMessage(r: RecordedRequest, res: ServerResponse, entry: Omit<SentMessage, 'messageId' | 'chatId'>, chatId: string): void {
    if (entry.uuid && byUuid.has(entry.uuid)) {
      // Lark: a resend with the same uuid within 1 h is a no-op that answers the first message.
      r.messageId = byUuid.get(entry.uuid);
      json(res, 200, { code: 0, msg: 'success', data: { message_id: r.messageId, chat_id: chatId } });
      return;
    }
    const messageId = newMessageId();
    r.messageId = messageId;
    if (entry.uuid) byUuid.set(entry.uuid, messageId);
    sent.push({ ...entry, messageId, chatId });
    const at = now().getTime();
    conversations.add({
      messageId,
      chatId,
      sender: { kind: 'app' },
      msgType: entry.msgType ?? 'text',
      content: withFileName(entry.msgType, entry.content),
      createTime: at,
      updateTime: at,
      parentId: entry.replyTo,
    });
    json(res, 200, {
      code: 0,
      msg: 'success',
      data: { message_id: messageId, chat_id: chatId, msg_type: entry.msgType, create_time: String(at) },
    });
  }

  /** A file message shows the name it was uploaded with, as Lark's clients do. */
  function withFileName(msgType: string | undefined, content: unknown): unknown {
    const key = (content as { file_key?: unknown } | null)?.file_key;
    const upload = msgType === 'file' && typeof key === 'string' ? uploads.get(key) : undefined;
    return upload ? { ...(content as object), file_name: upload.fileName } : content;
  }

  /** Replaces a card for everyone who sees the message: 2.0 cards are shared. */
  function updateCard(messageId: string, card: unknown): ChatMessage | undefined {
    return conversations.update(messageId, { content: card }, now().getTime());
  }

  /**
   * Lark's answer for a card it would not take, or null. The body size is checked on the raw request
   * body, which is what the documented "请求体最大不能超过 30 KB" counts (230025); then the card
   * (230099 with the sub-code in msg). Both codes and texts are from the error tables of
   *   https://open.feishu.cn/document/server-docs/im-v1/message/create (send; reply and PATCH list the same).
   * The ephemeral page lists no card codes of its own (it refers to the generic table); it gets the
   * send answers. The delayed update documents 11311 "卡片格式不符合要求" and a 30 KB card limit with
   * no code of its own ({@link https://open.feishu.cn/document/server-docs/im-v1/message-card/delay-update-message-card}).
   */
  function refuseCard(kind: SentMessage['kind'], r: RecordedRequest, bodyBytes: number, card: unknown): FakeFailure | null {
    let failure: FakeFailure | null = null;
    if (bodyBytes > LARK_CARD_BODY_LIMIT) {
      failure =
        kind === 'card_update'
          ? { status: 400, code: 11311, msg: `card size exceeds 30KB (${bodyBytes} bytes)` }
          : { status: 400, code: 230025, msg: 'The length of the message content reaches its limit.' };
    } else {
      const bad = checkCard(card);
      if (bad)
        failure = kind === 'card_update' ? { status: 400, code: 11311, msg: bad.msg } : { status: 400, code: bad.code, msg: bad.msg };
    }
    if (failure) {
      const rejection = { kind, path: r.path, status: failure.status, code: failure.code, msg: failure.msg ?? '' };
      rejections.push(rejection);
      opts.onCardRejected?.(rejection);
    }
    return failure;
  }

  function refused(res: ServerResponse, f: FakeFailure): void {
    larkError(res, f.status, f.code, f.msg ?? `code ${f.code}`);
  }

  async function route(r: RecordedRequest, form: FormData | undefined, bodyBytes: number, res: ServerResponse): Promise<void> {
    const b = (r.body ?? {}) as Record<string, unknown>;
    let m: RegExpMatchArray | null;

    if (r.method === 'POST' && r.path === '/open-apis/im/v1/messages') {
      const idType = r.query.receive_id_type;
      if (!idType || !RECEIVE_ID_TYPES.has(idType)) return larkError(res, 400, 99992402, 'field validation failed: receive_id_type');
      if (typeof b.receive_id !== 'string' || typeof b.msg_type !== 'string' || typeof b.content !== 'string') {
        return larkError(res, 400, 99992402, 'field validation failed');
      }
      const refusal = b.msg_type === 'interactive' ? refuseCard('send', r, bodyBytes, parseContent(b.content)) : null;
      if (refusal) return refused(res, refusal);
      return createMessage(
        r,
        res,
        {
          kind: 'send',
          receiveIdType: idType,
          receiveId: b.receive_id,
          msgType: b.msg_type,
          content: parseContent(b.content),
          uuid: typeof b.uuid === 'string' ? b.uuid : undefined,
        },
        idType === 'chat_id' ? b.receive_id : idType === 'open_id' ? conversations.p2pChatOf(b.receive_id).chatId : 'oc_fake_p2p',
      );
    }

    if (r.method === 'POST' && (m = r.path.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/))) {
      if (typeof b.msg_type !== 'string' || typeof b.content !== 'string') {
        return larkError(res, 400, 99992402, 'field validation failed');
      }
      const refusal = b.msg_type === 'interactive' ? refuseCard('reply', r, bodyBytes, parseContent(b.content)) : null;
      if (refusal) return refused(res, refusal);
      const replyTo = decodeURIComponent(m[1]!);
      return createMessage(
        r,
        res,
        {
          kind: 'reply',
          replyTo,
          msgType: b.msg_type,
          content: parseContent(b.content),
          uuid: typeof b.uuid === 'string' ? b.uuid : undefined,
        },
        conversations.get(replyTo)?.chatId ?? 'oc_fake_reply',
      );
    }

    if (r.method === 'PATCH' && (m = r.path.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)$/))) {
      if (typeof b.content !== 'string') return larkError(res, 400, 99992402, 'field validation failed');
      const messageId = decodeURIComponent(m[1]!);
      const known = conversations.get(messageId);
      // Lark documents that ephemeral cards cannot be patched; update_multi must be set on both cards.
      if (known?.visibleTo) return larkError(res, 400, 230001, 'ephemeral cards cannot be updated');
      // PATCH updates cards only ("仅支持更新卡片（消息类型为 interactive）").
      const refusal = refuseCard('patch', r, bodyBytes, parseContent(b.content));
      if (refusal) return refused(res, refusal);
      r.messageId = messageId;
      const content = parseContent(b.content);
      sent.push({ kind: 'patch', messageId, chatId: known?.chatId, content });
      updateCard(messageId, content);
      return json(res, 200, { code: 0, msg: 'success', data: {} });
    }

    if (r.method === 'GET' && (m = r.path.match(/^\/open-apis\/im\/v1\/chats\/([^/]+)$/))) {
      // im/v1/chats/:chat_id answers the chat's info; chat_mode tells a private chat from a group.
      const chatId = decodeURIComponent(m[1]!);
      const known = conversations.chats.get(chatId)?.type;
      const mode = chats.get(chatId) ?? (known === 'p2p' ? 'p2p' : known ? 'group' : chatId.startsWith('oc_p2p') ? 'p2p' : 'group');
      return json(res, 200, { code: 0, msg: 'success', data: { chat_id: chatId, chat_mode: mode, name: chatId } });
    }

    // 获取单个用户信息 (https://open.feishu.cn/document/server-docs/contact-v3/user/get): `name` only with
    // a name scope (FakeUser.name unset: left out); 400 41050 "no user authority" outside the app's
    // contact scope (an unknown open_id looks the same from outside); 400 41012 "user id invalid".
    if (r.method === 'GET' && (m = r.path.match(/^\/open-apis\/contact\/v3\/users\/([^/]+)$/))) {
      const openId = decodeURIComponent(m[1]!);
      const user = users.get(openId);
      if (r.query.user_id_type && r.query.user_id_type !== 'open_id') {
        return larkError(res, 400, 99992402, 'fake supports user_id_type=open_id only');
      }
      if (!openId.startsWith('ou_')) return larkError(res, 400, 41012, 'user id invalid error');
      if (!user || user.invisible) return larkError(res, 400, 41050, 'no user authority error');
      return json(res, 200, {
        code: 0,
        msg: 'success',
        data: {
          user: { open_id: openId, ...(user.name !== undefined ? { name: user.name } : {}), department_ids: user.department_ids },
        },
      });
    }

    if (r.method === 'GET' && (m = r.path.match(/^\/open-apis\/contact\/v3\/departments\/([^/]+)$/))) {
      const id = decodeURIComponent(m[1]!);
      const name = departments.get(id);
      if (name === undefined) return larkError(res, 403, 40004, 'no dept authority error');
      return json(res, 200, { code: 0, msg: 'success', data: { department: { name, open_department_id: id } } });
    }

    if (r.method === 'GET' && (m = r.path.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/))) {
      if (r.query.type !== 'file' && r.query.type !== 'image') return larkError(res, 400, 99992402, 'field validation failed: type');
      const bytes = resources.get(`${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`);
      // The real code for "no such resource in this message" is not pinned down; any non-zero will do here.
      if (!bytes) return larkError(res, 400, 234003, 'file not in message');
      // "当前仅支持 100M 以内的资源文件的下载"; the code Lark answers with is not pinned down either.
      if (bytes.length > RESOURCE_DOWNLOAD_MAX_BYTES) return larkError(res, 400, 234037, 'downloaded file size exceeds limit');
      r.response = { status: 200, body: `(${bytes.length} bytes)` };
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
      res.end(Buffer.from(bytes));
      return;
    }

    if (r.method === 'POST' && r.path === '/open-apis/im/v1/files') {
      const file = form?.get('file');
      const fileType = form?.get('file_type');
      const fileName = form?.get('file_name');
      if (!form || !(file instanceof Blob) || typeof fileType !== 'string' || typeof fileName !== 'string') {
        return larkError(res, 400, 99992402, 'field validation failed: multipart file, file_type, file_name');
      }
      if (file.size === 0) return larkError(res, 400, 234010, 'file size cannot be 0');
      if (file.size > FILE_UPLOAD_MAX_BYTES) return larkError(res, 400, 234006, 'the file size exceed the max value');
      const fileKey = `file_v3_fake_${++fileCounter}`;
      uploads.set(fileKey, { fileName, fileType, bytes: new Uint8Array(await file.arrayBuffer()) });
      return json(res, 200, { code: 0, msg: 'success', data: { file_key: fileKey } });
    }

    if (r.method === 'POST' && r.path === '/open-apis/im/v1/images') {
      const image = form?.get('image');
      if (!form || !(image instanceof Blob) || form.get('image_type') !== 'message') {
        return larkError(res, 400, 99992402, 'field validation failed: multipart image, image_type');
      }
      if (image.size === 0) return larkError(res, 400, 234010, 'file size cannot be 0');
      if (image.size > IMAGE_UPLOAD_MAX_BYTES) return larkError(res, 400, 234006, 'the file size exceed the max value');
      const imageKey = `img_v3_fake_${++fileCounter}`;
      images.set(imageKey, new Uint8Array(await image.arrayBuffer()));
      return json(res, 200, { code: 0, msg: 'success', data: { image_key: imageKey } });
    }

    if (r.method === 'POST' && r.path === '/open-apis/interactive/v1/card/update') {
      if (typeof b.token !== 'string' || !b.card || typeof b.card !== 'object') {
        return larkError(res, 400, 99992402, 'field validation failed');
      }
      const refusal = refuseCard('card_update', r, bodyBytes, b.card);
      if (refusal) return refused(res, refusal);
      // Unknown tokens are accepted for tests that make their own; a known one updates its message.
      const messageId = cardTokens.get(b.token);
      r.messageId = messageId;
      sent.push({
        kind: 'card_update',
        token: b.token,
        messageId,
        chatId: messageId && conversations.get(messageId)?.chatId,
        content: b.card,
      });
      if (messageId) updateCard(messageId, b.card);
      return json(res, 200, { code: 0, msg: 'success' });
    }

    if (r.method === 'POST' && r.path === '/open-apis/ephemeral/v1/send') {
      // {chat_id, open_id, msg_type: "interactive", card: <object>} → {data: {message_id}}: group chats only.
      if (
        typeof b.chat_id !== 'string' ||
        typeof b.open_id !== 'string' ||
        b.msg_type !== 'interactive' ||
        !b.card ||
        typeof b.card !== 'object'
      ) {
        return larkError(res, 400, 99992402, 'field validation failed: chat_id, open_id, msg_type interactive, card');
      }
      const chat = conversations.chats.get(b.chat_id);
      if (chat?.type === 'p2p') return larkError(res, 400, 99992402, 'ephemeral cards are for group chats only');
      if (chat && !chat.members.includes(b.open_id)) return larkError(res, 400, 99992402, 'the user is not in the chat');
      const refusal = refuseCard('ephemeral', r, bodyBytes, b.card);
      if (refusal) return refused(res, refusal);
      const messageId = newMessageId();
      r.messageId = messageId;
      sent.push({ kind: 'ephemeral', messageId, chatId: b.chat_id, openId: b.open_id, msgType: 'interactive', content: b.card });
      const at = now().getTime();
      conversations.add({
        messageId,
        chatId: b.chat_id,
        sender: { kind: 'app' },
        msgType: 'interactive',
        content: b.card,
        createTime: at,
        updateTime: at,
        visibleTo: b.open_id,
      });
      return json(res, 200, { code: 0, msg: 'ok', data: { message_id: messageId } });
    }

    if (r.method === 'POST' && r.path === '/open-apis/ephemeral/v1/delete') {
      if (typeof b.message_id !== 'string') return larkError(res, 400, 99992402, 'field validation failed: message_id');
      r.messageId = b.message_id;
      sent.push({ kind: 'ephemeral_delete', messageId: b.message_id, content: undefined });
      conversations.update(b.message_id, { deleted: true }, now().getTime());
      return json(res, 200, { code: 0, msg: 'ok' });
    }

    larkError(res, 404, 404, `fake lark: no route for ${r.method} ${r.path}`);
  }

  const server = createServer((req, res) => {
    handle(req, res)
      .catch((e: unknown) => {
        if (!res.headersSent) larkError(res, 500, 500, `fake lark crashed: ${String(e)}`);
        else res.end();
      })
      .finally(() => {
        const record = recordOf.get(res);
        if (record) for (const l of requestListeners) l(record);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    requests,
    onRequest(listener) {
      requestListeners.add(listener);
      return () => requestListeners.delete(listener);
    },
    conversations,
    newMessageId,
    issueCardToken(messageId) {
      const token = `c-fake-${idPrefix}${++tokenSerial}`;
      cardTokens.set(token, messageId);
      return token;
    },
    users,
    chats,
    departments,
    resources,
    uploads,
    images,
    sent: () => [...sent],
    cardRejections: () => [...rejections],
    failNext(matcher, count, failure) {
      failures.push({ matcher, remaining: count, failure });
    },
    delayNext(matcher, count, ms) {
      delays.push({ matcher, remaining: count, ms });
    },
    expireTokenOnce() {
      expireNext = true;
    },
    tokensIssued: () => tokenCounter,
    reset() {
      requests.length = 0;
      sent.length = 0;
      rejections.length = 0;
      chats.clear();
      failures.length = 0;
      delays.length = 0;
      expireNext = false;
      users.clear();
      departments.clear();
      resources.clear();
      uploads.clear();
      images.clear();
      byUuid.clear();
      cardTokens.clear();
      conversations.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
