/**
 * Typed access to the few Lark open APIs Duban calls. Requests go through the node-sdk Client (it
 * builds URLs and manages the tenant token) but over our own fetch-based HttpInstance.
 */
import { Client, LoggerLevel, type Logger } from '@larksuiteoapi/node-sdk';
import { LarkApiError, NOT_VISIBLE_CODES, TOKEN_CODES } from './errors';
import { createFetchHttpInstance } from './fetch-http';
import { createTokenCache, type LarkTokenCache } from './token-cache';

export type ReceiveIdType = 'chat_id' | 'open_id';
export type MsgType = 'text' | 'interactive' | 'file' | 'image';
/** im/v1/files file_type values. */
export type UploadFileType = 'opus' | 'mp4' | 'pdf' | 'doc' | 'xls' | 'ppt' | 'stream';

export interface LarkApiOptions {
  appId: string;
  appSecret: string;
  /** 'feishu', 'lark', or a base URL such as https://open.feishu.cn (tests: the fake's URL). */
  domain: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Timeout for file upload/download. */
  transferTimeoutMs?: number;
  /** Receives the SDK's own log lines; silent by default, since every failure reaches the caller as a LarkApiError. */
  logger?: Logger;
  /**
   * Tenant-token cache. Default: a fresh one per LarkApi. A Worker builds a LarkApi per
   * request, so it should pass one created at module scope (it holds plain strings, which
   * may cross requests) or it pays a token round trip on every request.
   */
  tokenCache?: LarkTokenCache;
}

export interface LarkApi {
  sendMessage(input: {
    receiveIdType: ReceiveIdType;
    receiveId: string;
    msgType: MsgType;
    /** JSON string, as Lark wants it: e.g. JSON.stringify({text}) or a card. */
    content: string;
    /** Idempotency key: a resend with the same uuid within 1 h is a no-op at Lark. */
    uuid?: string;
  }): Promise<{ messageId: string }>;
  replyMessage(input: { messageId: string; msgType: MsgType; content: string; uuid?: string }): Promise<{ messageId: string }>;
  patchMessage(input: { messageId: string; content: string }): Promise<void>;
  /** A chat's mode: a private chat with the bot, a group, or a topic group; null when Lark will not say. */
  getChatMode(chatId: string): Promise<'p2p' | 'group' | 'topic' | null>;
  /** open_department_ids of a user; null when Lark will not tell us (outside visibility, unknown). */
  getUserDepartmentIds(openId: string): Promise<string[] | null>;
  getDepartmentName(departmentId: string): Promise<string | null>;
  /**
   * A user's name (`user.name`, returned only with contact:user.base:readonly or a wider contact
   * scope); null when Lark will not tell us: outside contact visibility (41050), an invalid id
   * (41012), or an answer without the name. Other failures throw, like every call here.
   */
  getUserName(openId: string): Promise<string | null>;
  downloadMessageResource(input: { messageId: string; fileKey: string; type: 'image' | 'file' }): Promise<Uint8Array>;
  uploadFile(input: { fileName: string; fileType: UploadFileType; bytes: Uint8Array }): Promise<{ fileKey: string }>;
  /** `POST /open-apis/im/v1/images` (image_type message, at most 10 MB): the key an image message sends. */
  uploadImage(input: { bytes: Uint8Array }): Promise<{ imageKey: string }>;
  /** Delayed card update with a card.action.trigger token (valid 30 min, usable twice). */
  updateCardByToken(input: { token: string; card: object }): Promise<void>;
  /**
   * A card in a group that only `openId` sees (仅特定人可见): no notification, not forwardable,
   * group chats only. The card is an object here, not a JSON string; Lark has no idempotency key
   * for it, so a retried send may show twice.
   */
  sendEphemeral(input: { chatId: string; openId: string; card: object }): Promise<{ messageId: string }>;
}

/** contact/v3/users/:id answers 41012 "user id invalid error" for an id that is no user's. */
const INVALID_USER_ID = 41012;

const silentLogger: Logger = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  trace: () => {},
};

function resolveDomain(domain: string): string {
  if (domain === 'feishu') return 'https://open.feishu.cn';
  if (domain === 'lark') return 'https://open.larksuite.com';
  return domain.replace(/\/+$/, '');
}

function expectString(value: unknown, what: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new LarkApiError(`${what}: answer lacks the expected field`, { code: -1, httpStatus: 200, retryable: false });
}

export function createLarkApi(opts: LarkApiOptions): LarkApi {
  const tokenCache = opts.tokenCache ?? createTokenCache();
  const transferTimeout = opts.transferTimeoutMs ?? 60_000;
  const client = new Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: resolveDomain(opts.domain),
    httpInstance: createFetchHttpInstance({ fetch: opts.fetch, timeoutMs: opts.timeoutMs }),
    cache: tokenCache,
    logger: opts.logger ?? silentLogger,
    loggerLevel: opts.logger ? LoggerLevel.warn : LoggerLevel.error,
  });

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      try {
        return await fn();
      } catch (e) {
        // Lark can revoke a token before its stated expiry (app secret reset, tenant
        // changes); the SDK would keep serving it from cache until then.
        if (e instanceof LarkApiError && TOKEN_CODES.has(e.code)) {
          tokenCache.clear();
          return await fn();
        }
        throw e;
      }
    } catch (e) {
      if (e instanceof LarkApiError) throw e;
      // Anything else came from inside the SDK (e.g. a token answer without a token).
      throw new LarkApiError(`${what}: ${e instanceof Error ? e.message : String(e)}`, {
        code: -1,
        httpStatus: 0,
        retryable: false,
        cause: e,
      });
    }
  }

  /** 404 and the visibility codes mean "not resolvable", which callers handle as data. */
  async function orNullIfNotVisible<T>(p: Promise<T>): Promise<T | null> {
    try {
      return await p;
    } catch (e) {
      if (e instanceof LarkApiError && (NOT_VISIBLE_CODES.has(e.code) || e.httpStatus === 404)) return null;
      throw e;
    }
  }

  const seg = encodeURIComponent;

  return {
    async sendMessage({ receiveIdType, receiveId, msgType, content, uuid }) {
      const res = await call('send message', () =>
        client.im.message.create({
          params: { receive_id_type: receiveIdType },
          data: { receive_id: receiveId, msg_type: msgType, content, uuid },
        }),
      );
      return { messageId: expectString(res?.data?.message_id, 'send message') };
    },

    async replyMessage({ messageId, msgType, content, uuid }) {
      const res = await call('reply message', () =>
        client.im.message.reply({
          path: { message_id: seg(messageId) },
          data: { msg_type: msgType, content, uuid },
        }),
      );
      return { messageId: expectString(res?.data?.message_id, 'reply message') };
    },

    async patchMessage({ messageId, content }) {
      await call('patch message', () => client.im.message.patch({ path: { message_id: seg(messageId) }, data: { content } }));
    },

    async getChatMode(chatId) {
      const res = await orNullIfNotVisible(call('get chat', () => client.im.chat.get({ path: { chat_id: seg(chatId) } })));
      const mode = res?.data?.chat_mode;
      return mode === 'p2p' || mode === 'group' || mode === 'topic' ? mode : null;
    },

    async getUserDepartmentIds(openId) {
      const res = await orNullIfNotVisible(
        call('get user', () =>
          client.contact.user.get({
            path: { user_id: seg(openId) },
            params: { user_id_type: 'open_id', department_id_type: 'open_department_id' },
          }),
        ),
      );
      const user = res?.data?.user;
      if (!user) return null;
      return (user.department_ids ?? []).filter((d): d is string => typeof d === 'string' && d !== '');
    },

    async getUserName(openId) {
      const res = await orNullIfNotVisible(
        call('get user name', () => client.contact.user.get({ path: { user_id: seg(openId) }, params: { user_id_type: 'open_id' } })).catch(
          (e: unknown) => {
            if (e instanceof LarkApiError && e.code === INVALID_USER_ID) return null;
            throw e;
          },
        ),
      );
      const name = res?.data?.user?.name;
      return typeof name === 'string' && name.trim() !== '' ? name.trim() : null;
    },

    async getDepartmentName(departmentId) {
      const res = await orNullIfNotVisible(
        call('get department', () =>
          client.contact.department.get({
            path: { department_id: seg(departmentId) },
            params: { department_id_type: 'open_department_id' },
          }),
        ),
      );
      const name = res?.data?.department?.name;
      return typeof name === 'string' && name !== '' ? name : null;
    },

    async downloadMessageResource({ messageId, fileKey, type }) {
      // Not im.messageResource.get: it hands back a Node Readable. We want plain bytes.
      const data = await call('download resource', () =>
        client.request<unknown>({
          method: 'GET',
          url: `/open-apis/im/v1/messages/${seg(messageId)}/resources/${seg(fileKey)}`,
          params: { type },
          responseType: 'arraybuffer',
          timeout: transferTimeout,
        }),
      );
      if (!(data instanceof Uint8Array)) {
        throw new LarkApiError('download resource: answer is not binary', { code: -1, httpStatus: 200, retryable: false });
      }
      return data;
    },

    async uploadFile({ fileName, fileType, bytes }) {
      // Through client.request rather than im.file.create, which returns only `data` and so
      // drops Lark's code on failure, and whose types want a Node Buffer or ReadStream.
      const res = await call('upload file', () =>
        client.request<{ data?: { file_key?: string } }>({
          method: 'POST',
          url: '/open-apis/im/v1/files',
          headers: { 'Content-Type': 'multipart/form-data' },
          data: { file_type: fileType, file_name: fileName, file: bytes },
          timeout: transferTimeout,
        }),
      );
      return { fileKey: expectString(res?.data?.file_key, 'upload file') };
    },

    async uploadImage({ bytes }) {
      const res = await call('upload image', () =>
        client.request<{ data?: { image_key?: string } }>({
          method: 'POST',
          url: '/open-apis/im/v1/images',
          headers: { 'Content-Type': 'multipart/form-data' },
          data: { image_type: 'message', image: bytes },
          timeout: transferTimeout,
        }),
      );
      return { imageKey: expectString(res?.data?.image_key, 'upload image') };
    },

    async sendEphemeral({ chatId, openId, card }) {
      const res = await call('send ephemeral card', () =>
        client.request<{ data?: { message_id?: string } }>({
          method: 'POST',
          url: '/open-apis/ephemeral/v1/send',
          data: { chat_id: chatId, open_id: openId, msg_type: 'interactive', card },
        }),
      );
      return { messageId: expectString(res?.data?.message_id, 'send ephemeral card') };
    },

    async updateCardByToken({ token, card }) {
      await call('update card', () =>
        client.request({
          method: 'POST',
          url: '/open-apis/interactive/v1/card/update',
          data: { token, card },
        }),
      );
    },
  };
}
