/**
 * The node-sdk's HTTP layer on fetch: the SDK's default is axios on node:http, which workerd does
 * not have, and fetch is also what the tests' fake Lark platform answers.
 */
import type { HttpInstance, HttpRequestOptions } from '@larksuiteoapi/node-sdk';
import { LarkApiError } from './errors';

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

/** Where the tenant token is fetched: a refusal there is the app's configuration, not the message's fault. */
const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

function failure(res: Response, body: unknown, what: string, path: string): LarkApiError {
  const code = larkCodeOf(body) ?? -1;
  const msg = body && typeof body === 'object' ? String((body as { msg?: unknown }).msg ?? '') : '';
  const reset = Number(res.headers.get('x-ogw-ratelimit-reset'));
  return new LarkApiError(`${what}: HTTP ${res.status}, code ${code}${msg ? `: ${msg}` : ''}`, {
    code,
    httpStatus: res.status,
    retryAfterSeconds: Number.isFinite(reset) && reset > 0 ? reset : undefined,
    logId: res.headers.get('x-tt-logid') ?? undefined,
    configuration: path === TOKEN_PATH,
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
        throw failure(res, parseJson(text), what, url.pathname);
      }
      if (responseType === 'arraybuffer' && !isJson) {
        data = new Uint8Array(await res.arrayBuffer());
      } else {
        const text = await res.text();
        const parsed = parseJson(text);
        const code = larkCodeOf(parsed);
        // A download that answers JSON is an error report unless it says code 0.
        if ((code !== undefined && code !== 0) || (responseType === 'arraybuffer' && code !== 0)) {
          throw failure(res, parsed, what, url.pathname);
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
