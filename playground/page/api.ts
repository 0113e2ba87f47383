// The page's calls to the playground server, and the stream of changes it listens to.
import type { PageEvent } from '../protocol';

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  return answer<T>(await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

export async function upload(openId: string, chatId: string, file: File): Promise<void> {
  const form = new FormData();
  form.set('openId', openId);
  form.set('chatId', chatId);
  form.set('file', file);
  await answer(await fetch('/api/files', { method: 'POST', body: form }));
}

/** EventSource reconnects by itself; every (re)connect starts with a full `state`. */
export function listen(onEvent: (e: PageEvent) => void): () => void {
  const source = new EventSource('/api/events');
  source.onmessage = (m) => onEvent(JSON.parse(m.data) as PageEvent);
  return () => source.close();
}
