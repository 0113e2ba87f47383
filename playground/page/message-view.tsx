// One message as Lark lays it out: avatar, name and time, then the bubble (text with mentions,
// a file, or a card). A card's clicks go back as card callbacks from the person viewing it.
import { useState } from 'preact/hooks';
import type { ChatMessage, Toast } from '../protocol';
import { CardView } from './card/card-view';
import { CardEnvContext, type CardAction, type CardEnv, type Locale } from './card/card-env';
import { post } from './api';
import { messageTime } from './format';
import { Avatar } from './avatar';

export interface MessageViewProps {
  message: ChatMessage;
  me: string;
  locale: Locale;
  nameOf(openId: string): string;
  botName: string;
  parent?: ChatMessage;
  onToast(t: Toast): void;
  confirm: CardEnv['confirm'];
  onRaw(messageId: string): void;
}

function TextBody({ m, nameOf }: { m: ChatMessage; nameOf(id: string): string }) {
  const text = String((m.content as { text?: unknown })?.text ?? '');
  // Lark shows a mention placeholder as the person's name.
  const parts = text.split(/(@_user_\d+|@_all)/);
  return (
    <div class="bubble text">
      {parts.map((p) => {
        if (p === '@_all') return <span class="mention">@所有人</span>;
        const mention = m.mentions?.find((x) => x.key === p);
        return mention ? <span class="mention">@{nameOf(mention.openId) || mention.name}</span> : p;
      })}
    </div>
  );
}

function FileBody({ m }: { m: ChatMessage }) {
  const c = (m.content ?? {}) as { file_name?: unknown; file_key?: unknown };
  const name = typeof c.file_name === 'string' && c.file_name ? c.file_name : String(c.file_key ?? '文件');
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  return (
    <a class="bubble file" href={`/api/messages/${m.messageId}/file`} download={name} data-testid="file-message">
      <span class={`file-icon ext-${ext}`}>{ext.toUpperCase().slice(0, 4) || 'FILE'}</span>
      <span class="file-name">{name}</span>
    </a>
  );
}

export function MessageView(props: MessageViewProps) {
  const { message: m, me, nameOf } = props;
  const [busy, setBusy] = useState(false);
  const fromBot = m.sender.kind === 'app';
  const senderName = m.sender.kind === 'app' ? props.botName : nameOf(m.sender.openId);
  const mine = m.sender.kind === 'user' && m.sender.openId === me;

  const env: CardEnv = {
    locale: props.locale,
    md: { nameOf },
    busy,
    confirm: props.confirm,
    async act(action: CardAction) {
      setBusy(true);
      try {
        const answer = await post<{ toast: Toast | null }>('/api/card-actions', { openId: me, messageId: m.messageId, ...action });
        if (answer.toast) props.onToast(answer.toast);
      } catch (e) {
        props.onToast({ type: 'error', content: e instanceof Error ? e.message : String(e) });
      } finally {
        setBusy(false);
      }
    },
  };

  return (
    <div class={`message${mine ? ' mine' : ''}`} data-testid="message" data-message-id={m.messageId} data-sender={fromBot ? 'bot' : 'user'}>
      <Avatar name={senderName} bot={fromBot} />
      <div class="message-main">
        <div class="message-meta">
          <span class="sender">{senderName}</span>
          {fromBot && <span class="bot-badge">机器人</span>}
          <span class="time">{messageTime(m.createTime)}</span>
          {m.visibleTo && <span class="ephemeral-badge">仅对你可见</span>}
          <button type="button" class="raw-link" title="查看原始请求 raw JSON" onClick={() => props.onRaw(m.messageId)}>
            {'{ }'}
          </button>
        </div>
        {props.parent && (
          <div class="reply-quote">回复 {props.parent.sender.kind === 'app' ? props.botName : nameOf(props.parent.sender.openId)}</div>
        )}
        {m.msgType === 'text' && <TextBody m={m} nameOf={nameOf} />}
        {m.msgType === 'file' && <FileBody m={m} />}
        {m.msgType === 'interactive' && (
          <CardEnvContext.Provider value={env}>
            {/* A new card (callback answer, PATCH) starts with fresh form state, as in Lark. */}
            <CardView key={m.updateTime} card={m.content} />
          </CardEnvContext.Provider>
        )}
        {!['text', 'file', 'interactive'].includes(m.msgType) && <div class="bubble text">[{m.msgType}]</div>}
      </div>
    </div>
  );
}
