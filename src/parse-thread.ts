// Node only: parses notice files on a worker thread, so a large file never holds up the webhook
// and other chats' answers (parsing 50,000 rows takes seconds of CPU). The Cloudflare Worker
// parses inline: it has no threads, and each request runs in its own isolate anyway.
import { Worker } from 'node:worker_threads';
import { NoticeError, type ParseNotice, type ParsedNotice, type NoticeFormat } from './notice/parse';
import type { ParseOptions } from './notice/types';

export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
  fileName: string;
  options: ParseOptions;
}

export type ParseResponse =
  | { id: number; parsed: ParsedNotice & { format: NoticeFormat } }
  | { id: number; error: string; notice: boolean };

/**
 * Built, this module and the worker's entry are both JavaScript in dist/. From the sources (tsx,
 * vitest) the entry is TypeScript: a worker does not inherit its parent's loader, so it loads the
 * entry through tsx's API (tsx is a devDependency, and the sources are only run in development).
 */
function sourceWorker(): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./parse-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`, {
    eval: true,
  });
}

export interface ParseThread {
  parse: ParseNotice;
  /** Ends the thread (shutdown, tests); a later parse starts a new one. */
  close(): Promise<void>;
}

/**
 * One thread, started at the first parse and kept; requests queue on it in order. When the thread
 * dies (out of memory on a hostile file), the parses it held fail and the next one starts afresh.
 */
export function startParseThread(): ParseThread {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve(p: ParsedNotice & { format: NoticeFormat }): void; reject(e: Error): void }>();

  /** A thread that died or was closed fails what it held; a later parse starts another. */
  const fail = (w: Worker, e: Error) => {
    if (worker !== w) return;
    worker = null;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  const thread = (): Worker => {
    if (worker) return worker;
    const w = import.meta.url.endsWith('.js') ? new Worker(new URL('./parse-worker.js', import.meta.url)) : sourceWorker();
    w.on('message', (r: ParseResponse) => {
      const p = pending.get(r.id);
      if (!p) return;
      pending.delete(r.id);
      if ('parsed' in r) p.resolve(r.parsed);
      else p.reject(r.notice ? new NoticeError(r.error) : new Error(r.error));
      if (!pending.size) w.unref();
    });
    w.on('error', (e) => fail(w, e));
    w.on('exit', (code) => fail(w, new Error(`the parse thread stopped (exit code ${code})`)));
    worker = w;
    return w;
  };

  return {
    parse(bytes, fileName = '', options = {}) {
      const w = thread();
      const id = nextId++;
      // Busy, the thread keeps the process alive until it answers; idle, it never does.
      w.ref();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, bytes, fileName, options } satisfies ParseRequest);
      });
    },
    async close() {
      const w = worker;
      if (!w) return;
      fail(w, new Error('the parse thread was closed'));
      await w.terminate();
    },
  };
}
