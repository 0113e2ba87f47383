// The parse thread's entry (src/parse-thread.ts starts it): parses one notice per message, so a
// 20 MB file keeps this thread busy instead of the server's event loop.
import { parentPort } from 'node:worker_threads';
import { NoticeError, parseNoticeFile } from './notice/parse';
import type { ParseRequest, ParseResponse } from './parse-thread';

const port = parentPort;
if (!port) throw new Error('src/parse-worker.ts runs as a worker thread only');
port.on('message', async ({ id, bytes, fileName, options }: ParseRequest) => {
  let answer: ParseResponse;
  try {
    answer = { id, parsed: await parseNoticeFile(bytes, fileName, options) };
  } catch (e) {
    answer = { id, error: e instanceof Error ? e.message : String(e), notice: e instanceof NoticeError };
  }
  port.postMessage(answer);
});
