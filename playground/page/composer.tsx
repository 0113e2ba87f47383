// The input box: Enter sends, Shift+Enter breaks the line; "@督办" mentions the bot; files go
// by the paperclip or by dropping them anywhere on the chat. Chips send the common commands.
import { useRef, useState } from 'preact/hooks';
import { post, upload } from './api';

const QUICK = ['我的任务', '汇报进展', '待审核', '汇总', '导出台账', '帮助'];

export function Composer(props: { me: string; chatId: string; botName: string; group: boolean; onError(message: string): void }) {
  const [text, setText] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  // Messages leave one after another, in the order they were sent, as in a chat client; typing
  // the next one need not wait for the last.
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const run = (work: () => Promise<unknown>) => {
    queue.current = queue.current.then(work).catch((e) => props.onError(e instanceof Error ? e.message : String(e)));
  };
  const send = (t: string) => run(() => post('/api/messages', { openId: props.me, chatId: props.chatId, text: t }));
  const submit = () => {
    const t = text.trim();
    if (!t) return;
    setText('');
    send(t);
  };

  return (
    <div class="composer">
      <div class="composer-tools">
        {QUICK.map((q) => (
          <button type="button" class="chip" onClick={() => send(props.group ? `@${props.botName} ${q}` : q)}>
            {q}
          </button>
        ))}
        <span class="spacer" />
        <button type="button" class="chip ghost" onClick={() => setText(`@${props.botName} ${text}`)}>
          @{props.botName}
        </button>
        <button type="button" class="chip ghost" title="发送文件 send a file" onClick={() => fileInput.current?.click()}>
          📎 文件
        </button>
        <button
          type="button"
          class="chip ghost"
          title="把示例通知（济宁高新区 2025 年任务分解表）作为文件发送"
          onClick={() => run(() => post('/api/sample-notice', { openId: props.me, chatId: props.chatId }))}
        >
          📄 示例通知
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          data-testid="file-input"
          onChange={(e) => {
            const input = e.currentTarget;
            const file = input.files?.[0];
            if (file) run(() => upload(props.me, props.chatId, file));
            input.value = '';
          }}
        />
      </div>
      <textarea
        class="composer-input"
        data-testid="composer"
        placeholder={props.group ? `发送给群聊，@${props.botName} 或直接发送指令` : `发送给 ${props.botName}`}
        value={text}
        rows={3}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <div class="composer-send">
        <span class="hint">Enter 发送 · Shift+Enter 换行 · 可拖入文件</span>
        <button type="button" class="send" disabled={!text.trim()} onClick={submit}>
          发送
        </button>
      </div>
    </div>
  );
}
