// Typed access to the few Lark open APIs Duban calls. Requests go through the node-sdk Client
// (it builds URLs and manages the tenant token) but over our own fetch-based HttpInstance:
// the SDK's default is axios on node:http, which workerd does not have.
import { Client, LoggerLevel } from '@larksuiteoapi/node-sdk';
import type { Cache, HttpInstance, HttpRequestOptions, Logger } from '@larksuiteoapi/node-sdk';

// ---------------------------------------------------------------------------------------------
// Errors

/** Lark codes that mean "slow down", whatever the HTTP status says (older APIs answer 400). */
const RATE_LIMIT_CODES = new Set([
  99991400, // request trigger frequency limit (gateway)
  230020, // group-level message rate limit
  11232, // message send frequency limit
]);
/** Final outcomes for a message: retrying cannot succeed. */
const FINAL_CODES = new Set([
  230031, // message too old (14 days) to update
  230011, // message was recalled
]);
/** The tenant token we sent is invalid/expired/missing: refetch it and try once more. */
const TOKEN_CODES = new Set([99991663, 99991661]);
/** The person or department exists but lies outside the app's contact visibility. */
const NOT_VISIBLE_CODES = new Set([41050, 40004]);

export interface LarkApiErrorInit {
  /** Lark's business code; -1 when the answer carried none (network failure, non-JSON body). */
  code: number;
  /** HTTP status; 0 when no HTTP answer arrived (network failure, timeout). */
  httpStatus: number;
  retryable?: boolean;
  /** From x-ogw-ratelimit-reset on rate-limited answers. */
  retryAfterSeconds?: number;
  /** Lark's request log id: what Lark support asks for. */
  logId?: string;
  cause?: unknown;
}

export class LarkApiError extends Error {
  readonly code: number;
  readonly httpStatus: number;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
  readonly logId?: string;

  constructor(message: string, init: LarkApiErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'LarkApiError';
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.retryable = init.retryable ?? isRetryableLarkFailure(init.httpStatus, init.code);
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.logId = init.logId;
  }
}

/** Whether a failure is worth retrying later (by a queue or outbox, not by this module). */
export function isRetryableLarkFailure(httpStatus: number, code: number): boolean {
  if (FINAL_CODES.has(code)) return false;
  if (RATE_LIMIT_CODES.has(code)) return true;
  if (httpStatus === 0) return true;
  return httpStatus === 429 || httpStatus >= 500;
}

// ---------------------------------------------------------------------------------------------
// fetch-based HttpInstance

export interface FetchHttpOptions {
  fetch?: typeof fetch;
  /** Per-request timeout when the caller gives none. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

function appendParams(url: URL, params: Record<string, unknown> | undefined): void {
  if (!params) return;
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    // Lark wants repeated keys for lists (the SDK asks axios for qs "repeat" format).
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
    else url.searchParams.append(k, String(v));
  }
}

function isBinary(v: unknown): v is Uint8Array | ArrayBuffer {
  return v instanceof Uint8Array || v instanceof ArrayBuffer;
}

function toFormData(data: unknown): FormData {
  if (data instanceof FormData) return data;
  const form = new FormData();
  const fields = (data ?? {}) as Record<string, unknown>;
  const fileName = typeof fields.file_name === 'string' ? fields.file_name : 'file';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null) continue;
    if (v instanceof Blob) form.append(k, v, fileName);
    else if (isBinary(v)) form.append(k, new Blob([v as BlobPart]), fileName);
    else form.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  return form;
}

function encodeBody(method: string, data: unknown, headers: Headers): BodyInit | undefined {
  if (data === undefined || data === null || method === 'GET' || method === 'HEAD') return undefined;
  const contentType = headers.get('content-type') ?? '';
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    // fetch must write the header itself, with the boundary it chose.
    headers.delete('content-type');
    return toFormData(data);
  }
  if (typeof data === 'string' || data instanceof FormData || data instanceof Blob || data instanceof URLSearchParams) {
    return data;
  }
  if (isBinary(data)) return data as BodyInit;
  if (!contentType) headers.set('content-type', 'application/json; charset=utf-8');
  return JSON.stringify(data);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function larkCodeOf(body: unknown): number | undefined {
  if (body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'number') {
    return (body as { code: number }).code;
  }
  return undefined;
}

function failure(res: Response, body: unknown, what: string): LarkApiError {
  const code = larkCodeOf(body) ?? -1;
  const msg = body && typeof body === 'object' ? String((body as { msg?: unknown }).msg ?? '') : '';
  const reset = Number(res.headers.get('x-ogw-ratelimit-reset'));
  return new LarkApiError(`${what}: HTTP ${res.status}, code ${code}${msg ? `: ${msg}` : ''}`, {
    code,
    httpStatus: res.status,
    retryAfterSeconds: Number.isFinite(reset) && reset > 0 ? reset : undefined,
    logId: res.headers.get('x-tt-logid') ?? undefined,
  });
}

/**
 * An HttpInstance for the node-sdk on top of fetch. Beyond transport it turns every Lark
 * failure (non-2xx, or a JSON body whose code is not 0) into a LarkApiError here, where the
 * status and headers are still at hand; the SDK's typed methods would otherwise hand back
 * the bare body and lose both.
 */
export function createFetchHttpInstance(opts: FetchHttpOptions = {}): HttpInstance {
  const fetchImpl = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const defaultTimeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  // biome-ignore lint/suspicious/noExplicitAny: the SDK's HttpInstance types its answers as any.
  async function request(o: HttpRequestOptions<unknown>): Promise<any> {
    const method = (o.method ?? 'GET').toUpperCase();
    if (!o.url) throw new LarkApiError('request without url', { code: -1, httpStatus: 0, retryable: false });
    const responseType = o.responseType ?? 'json';
    if (responseType === 'stream' || responseType === 'blob' || responseType === 'document') {
      // The SDK's stream helpers (im.messageResource.get, im.file.get) want Node Readables;
      // fail before sending rather than after. Download with responseType 'arraybuffer'.
      throw new LarkApiError(`responseType ${responseType} is not supported`, { code: -1, httpStatus: 0, retryable: false });
    }
    const url = new URL(o.url);
    appendParams(url, o.params);
    const what = `${method} ${url.pathname}`;
    const headers = new Headers();
    for (const [k, v] of Object.entries(o.headers ?? {})) {
      if (v !== undefined && v !== null) headers.set(k, String(v));
    }
    const body = encodeBody(method, o.data, headers);

    const controller = new AbortController();
    const timeoutMs = o.timeout && o.timeout > 0 ? o.timeout : defaultTimeout;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await fetchImpl(url, { method, headers, body, signal: controller.signal });
      const isJson = (res.headers.get('content-type') ?? '').includes('json');
      let data: unknown;
      if (!res.ok) {
        const text = await res.text();
        throw failure(res, parseJson(text), what);
      }
      if (responseType === 'arraybuffer' && !isJson) {
        data = new Uint8Array(await res.arrayBuffer());
      } else {
        const text = await res.text();
        const parsed = parseJson(text);
        const code = larkCodeOf(parsed);
        // A download that answers JSON is an error report unless it says code 0.
        if ((code !== undefined && code !== 0) || (responseType === 'arraybuffer' && code !== 0)) {
          throw failure(res, parsed, what);
        }
        data = responseType === 'text' ? text : parsed === undefined ? text : parsed;
      }
      if (o.$return_headers) {
        const h: Record<string, string> = {};
        res.headers.forEach((v, k) => {
          h[k] = v;
        });
        return { data, headers: h };
      }
      return data;
    } catch (e) {
      if (e instanceof LarkApiError) throw e;
      const timedOut = controller.signal.aborted;
      throw new LarkApiError(
        `${what}: ${timedOut ? `timed out after ${timeoutMs} ms` : `network error: ${e instanceof Error ? e.message : String(e)}`}`,
        { code: -1, httpStatus: 0, retryable: true, cause: e },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  const instance: HttpInstance = {
    request: (o) => request(o as HttpRequestOptions<unknown>),
    get: (url, o) => request({ ...o, url, method: 'GET' } as HttpRequestOptions<unknown>),
    delete: (url, o) => request({ ...o, url, method: 'DELETE' } as HttpRequestOptions<unknown>),
    head: (url, o) => request({ ...o, url, method: 'HEAD' } as HttpRequestOptions<unknown>),
    options: (url, o) => request({ ...o, url, method: 'OPTIONS' } as HttpRequestOptions<unknown>),
    post: (url, data, o) => request({ ...o, url, data, method: 'POST' } as HttpRequestOptions<unknown>),
    put: (url, data, o) => request({ ...o, url, data, method: 'PUT' } as HttpRequestOptions<unknown>),
    patch: (url, data, o) => request({ ...o, url, data, method: 'PATCH' } as HttpRequestOptions<unknown>),
  };
  return instance;
}

// ---------------------------------------------------------------------------------------------
// The API Duban uses

export type ReceiveIdType = 'chat_id' | 'open_id';
export type MsgType = 'text' | 'interactive' | 'file';
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
  /** open_department_ids of a user; null when Lark will not tell us (outside visibility, unknown). */
  getUserDepartmentIds(openId: string): Promise<string[] | null>;
  getDepartmentName(departmentId: string): Promise<string | null>;
  downloadMessageResource(input: { messageId: string; fileKey: string; type: 'file' }): Promise<Uint8Array>;
  uploadFile(input: { fileName: string; fileType: UploadFileType; bytes: Uint8Array }): Promise<{ fileKey: string }>;
  /** Delayed card update with a card.action.trigger token (valid 30 min, usable twice). */
  updateCardByToken(input: { token: string; card: object }): Promise<void>;
}

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

export type LarkTokenCache = Cache & { clear(): void };

/**
 * A token cache we own. The SDK's default cache is one module-wide map keyed by appId, so
 * two clients with the same appId but different hosts (tests against different fakes, a
 * private deployment next to open.feishu.cn) would share tokens; and we need to drop a token
 * that Lark rejected, which the SDK's cache offers no way to do.
 */
export function createTokenCache(): LarkTokenCache {
  const values = new Map<string, { value: unknown; expiresAt?: number }>();
  const keyOf = (key: string | symbol, namespace?: string) => `${namespace ?? ''}/${key.toString()}`;
  return {
    async get(key, options) {
      const hit = values.get(keyOf(key as string | symbol, options?.namespace));
      if (!hit) return undefined;
      if (hit.expiresAt !== undefined && hit.expiresAt <= Date.now()) return undefined;
      return hit.value;
    },
    async set(key, value, expire, options) {
      values.set(keyOf(key as string | symbol, options?.namespace), { value, expiresAt: expire });
      return true;
    },
    clear() {
      values.clear();
    },
  };
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
