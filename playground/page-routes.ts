// The page's HTTP side: the page itself, the state and a stream of changes, and the user's
// actions (type, drop a file, click a card, move the clock), each parsed with zod first.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { z } from 'zod';
import type { PageBundle } from './page-bundle';
import type { LarkClient } from './lark/lark-client';
import { ClientError } from './lark/lark-client';
import type { FakeLark } from './lark/fake-lark';
import type { Traffic } from './traffic';
import {
  cardActionRequest,
  clockRequest,
  senderRequest,
  sendTextRequest,
  type CardActionAnswer,
  type ClockState,
  type PageEvent,
  type PageState,
  type Person,
} from './protocol';
import type { TimeJump } from './time-travel';

export interface PageRoutesDeps {
  bundle: PageBundle;
  client: LarkClient;
  fake: FakeLark;
  traffic: Traffic;
  bot: { openId: string; name: string };
  people: Person[];
  sampleNotice: { fileName: string; bytes: Uint8Array };
  clock(): ClockState;
  /** Moves the clock, runs the scheduler; the answer is also streamed as a `clock` event. */
  moveClock(jump: TimeJump): Promise<ClockState>;
  onClock(listener: (clock: ClockState) => void): () => void;
}

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const PAGE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>督办 Playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app.css">
</head>
<body>
<div id="app"></div>
<script type="module" src="/app.js"></script>
</body>
</html>`;

export function pageRoutes(deps: PageRoutesDeps): Hono {
  const app = new Hono();
  const c = deps.fake.conversations;

  const state = (): PageState => ({
    bot: deps.bot,
    people: deps.people,
    chats: [...c.chats.values()],
    messages: c.all(),
    traffic: deps.traffic.all(),
    clock: deps.clock(),
  });

  async function parse<S extends z.ZodType>(schema: S, body: Promise<unknown>): Promise<z.infer<S> | null> {
    const r = schema.safeParse(await body.catch(() => undefined));
    return r.success ? r.data : null;
  }

  app.onError((e, ctx) => {
    if (e instanceof ClientError || e instanceof RangeError) return ctx.json({ error: e.message }, 400);
    console.error(e);
    return ctx.json({ error: String(e) }, 500);
  });

  app.get('/', (ctx) => ctx.html(PAGE_HTML));
  app.get('/app.js', (ctx) => ctx.body(deps.bundle.js, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/app.css', (ctx) => ctx.body(deps.bundle.css, 200, { 'content-type': 'text/css; charset=utf-8' }));

  app.get('/api/state', (ctx) => ctx.json(state()));

  app.get('/api/events', (ctx) =>
    streamSSE(ctx, async (stream) => {
      const send = (event: PageEvent) => void stream.writeSSE({ data: JSON.stringify(event) }).catch(() => {});
      const off = [
        c.subscribe((change) => send({ type: 'message', message: change.message })),
        deps.traffic.subscribe((record) => send({ type: 'traffic', record })),
        deps.onClock((clock) => send({ type: 'clock', clock })),
      ];
      send({ type: 'state', state: state() });
      const ping = setInterval(() => void stream.writeSSE({ event: 'ping', data: '' }).catch(() => {}), 15_000);
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      clearInterval(ping);
      for (const f of off) f();
    }),
  );

  app.post('/api/messages', async (ctx) => {
    const req = await parse(sendTextRequest, ctx.req.json());
    if (!req) return ctx.json({ error: 'bad request' }, 400);
    const message = await deps.client.sendText(req.openId, req.chatId, req.text);
    return ctx.json({ messageId: message.messageId });
  });

  app.post('/api/files', async (ctx) => {
    const form = await ctx.req.formData().catch(() => null);
    const file = form?.get('file');
    const ids = senderRequest.safeParse({ openId: form?.get('openId'), chatId: form?.get('chatId') });
    if (!ids.success || !(file instanceof File)) return ctx.json({ error: 'bad request' }, 400);
    if (file.size === 0 || file.size > MAX_UPLOAD_BYTES) return ctx.json({ error: '文件为空或超过 20 MB（empty or over 20 MB）' }, 400);
    const message = await deps.client.sendFile(ids.data.openId, ids.data.chatId, file.name, new Uint8Array(await file.arrayBuffer()));
    return ctx.json({ messageId: message.messageId });
  });

  app.post('/api/sample-notice', async (ctx) => {
    const req = await parse(senderRequest, ctx.req.json());
    if (!req) return ctx.json({ error: 'bad request' }, 400);
    const message = await deps.client.sendFile(req.openId, req.chatId, deps.sampleNotice.fileName, deps.sampleNotice.bytes);
    return ctx.json({ messageId: message.messageId });
  });

  app.post('/api/card-actions', async (ctx) => {
    const req = await parse(cardActionRequest, ctx.req.json());
    if (!req) return ctx.json({ error: 'bad request' }, 400);
    const answer: CardActionAnswer = { toast: await deps.client.clickCard(req) };
    return ctx.json(answer);
  });

  app.post('/api/clock', async (ctx) => {
    const req = await parse(clockRequest, ctx.req.json());
    if (!req) return ctx.json({ error: 'bad request' }, 400);
    return ctx.json(await deps.moveClock(req.jump));
  });

  /** A file in a message: one a person sent, or one the bot uploaded (the exported ledger). */
  app.get('/api/messages/:id/file', (ctx) => {
    const message = c.get(ctx.req.param('id'));
    const content = (message?.content ?? {}) as { file_key?: unknown; file_name?: unknown };
    if (message?.msgType !== 'file' || typeof content.file_key !== 'string') return ctx.json({ error: 'no such file' }, 404);
    const uploaded = deps.fake.uploads.get(content.file_key);
    const bytes = uploaded?.bytes ?? deps.fake.resources.get(`${message.messageId}/${content.file_key}`);
    if (!bytes) return ctx.json({ error: 'no such file' }, 404);
    const name = uploaded?.fileName ?? (typeof content.file_name === 'string' ? content.file_name : content.file_key);
    return ctx.body(bytes.slice().buffer as ArrayBuffer, 200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  });

  return app;
}
