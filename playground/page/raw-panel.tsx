// Every request between the bot and the platform, as JSON: pushes to the webhook (decrypted,
// with the encrypted body and signature headers as sent) and the bot's open API calls.
import { useState } from 'preact/hooks';
import type { TrafficRecord } from '../protocol';
import { messageTime } from './format';

function Record({ r, open }: { r: TrafficRecord; open: boolean }) {
  const [expanded, setExpanded] = useState(open);
  const ok = r.status >= 200 && r.status < 300 && !((r.response as { code?: number } | null)?.code ?? 0);
  return (
    <div class="raw-record">
      <button type="button" class="raw-summary" onClick={() => setExpanded(!expanded)}>
        <span class={`dir ${r.direction}`}>{r.direction === 'to_bot' ? '平台 → 机器人' : '机器人 → 平台'}</span>
        <span class="raw-path">
          {r.method} {r.path}
        </span>
        <span class={`status ${ok ? 'ok' : 'bad'}`}>{r.status || '超时'}</span>
        <span class="time">{messageTime(r.at)}</span>
      </button>
      {expanded && (
        <pre class="raw-json">
          {JSON.stringify(
            r.wire ? { request: r.body, wire: r.wire, response: r.response } : { request: r.body, response: r.response },
            null,
            2,
          )}
        </pre>
      )}
    </div>
  );
}

export function RawPanel(props: { traffic: TrafficRecord[]; messageId: string | null; onClear(): void; onClose(): void }) {
  const shown = (props.messageId ? props.traffic.filter((r) => r.messageIds.includes(props.messageId!)) : props.traffic).slice().reverse();
  return (
    <aside class="raw-panel" data-testid="raw-panel">
      <div class="raw-head">
        <strong>原始请求 Raw JSON</strong>
        {props.messageId ? (
          <button type="button" class="chip" onClick={props.onClear}>
            只看此消息 ✕
          </button>
        ) : (
          <span class="muted">全部 {props.traffic.length} 条</span>
        )}
        <span class="spacer" />
        <button type="button" class="icon-button" onClick={props.onClose}>
          ✕
        </button>
      </div>
      <div class="raw-list">
        {shown.length === 0 && <div class="muted pad">暂无请求</div>}
        {shown.map((r) => (
          <Record key={r.id} r={r} open={!!props.messageId} />
        ))}
      </div>
    </aside>
  );
}
