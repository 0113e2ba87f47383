// The page: pick who you are and where you are on the left, the chat in the middle, the raw
// requests on the right. Everything shown comes from the stand-in platform's stream.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PageState, Toast } from '../protocol';
import { listen, upload } from './api';
import { applyEvent, preview, visibleMessages } from './model';
import { MessageView } from './message-view';
import { Composer } from './composer';
import { TimeControl } from './time-control';
import { RawPanel } from './raw-panel';
import { Avatar } from './avatar';
import { messageTime } from './format';
import type { Locale } from './card/card-env';

interface ConfirmRequest {
  title: string;
  text: string;
  resolve(ok: boolean): void;
}

type ShownToast = Toast & { id: number };

const stored = (key: string) => localStorage.getItem(`duban-playground.${key}`);
const store = (key: string, value: string) => localStorage.setItem(`duban-playground.${key}`, value);

export function App() {
  const [state, setState] = useState<PageState | null>(null);
  const [me, setMe] = useState<string | null>(stored('me'));
  const [chatId, setChatId] = useState<string | null>(null);
  const [locale, setLocale] = useState<Locale>(stored('locale') === 'en_us' ? 'en_us' : 'zh_cn');
  const [raw, setRaw] = useState<{ open: boolean; messageId: string | null }>({ open: false, messageId: null });
  const [toasts, setToasts] = useState<ShownToast[]>([]);
  const [confirming, setConfirming] = useState<ConfirmRequest | null>(null);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => listen((e) => setState((s) => applyEvent(s, e))), []);

  const toast = (t: Toast) => {
    const id = Date.now() + Math.random();
    setToasts((all) => [...all, { ...t, id }]);
    setTimeout(() => setToasts((all) => all.filter((x) => x.id !== id)), 3000);
  };

  const person = state?.people.find((p) => p.openId === me) ?? state?.people[0];
  const myChats = useMemo(() => (state && person ? state.chats.filter((c) => c.members.includes(person.openId)) : []), [state, person]);
  const chat = myChats.find((c) => c.chatId === chatId) ?? myChats.find((c) => c.chatId === stored(`chat.${person?.openId}`)) ?? myChats[0];
  const messages = state && chat && person ? visibleMessages(state, chat.chatId, person.openId) : [];

  // Follow the conversation: new messages scroll into view.
  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
  }, [messages.length, chat?.chatId]);

  if (!state || !person) return <div class="loading">正在连接 Playground…</div>;

  const names = new Map([[state.bot.openId, state.bot.name], ...state.people.map((p) => [p.openId, p.name] as [string, string])]);
  const nameOf = (id: string) => names.get(id) ?? id;
  const choosePerson = (openId: string) => {
    // A toast is the clicker's own: it does not follow to someone else's screen.
    setToasts([]);
    setMe(openId);
    setChatId(null);
    store('me', openId);
  };
  const chooseChat = (id: string) => {
    setChatId(id);
    store(`chat.${person.openId}`, id);
  };
  const lastIn = (id: string) => {
    const ms = visibleMessages(state, id, person.openId);
    return ms[ms.length - 1];
  };

  return (
    <div class="layout">
      <nav class="rail">
        <div class="rail-logo">督</div>
        <div class="rail-item active" title="消息">
          💬
        </div>
      </nav>
      <aside class="sidebar">
        <label class="who">
          <span class="muted">当前身份</span>
          <select data-testid="person-picker" value={person.openId} onChange={(e) => choosePerson(e.currentTarget.value)}>
            {state.people.map((p) => (
              <option value={p.openId}>
                {p.name} · {p.title}
              </option>
            ))}
          </select>
        </label>
        <TimeControl
          clock={state.clock}
          onNote={(n) => toast({ type: 'info', content: n })}
          onError={(m) => toast({ type: 'error', content: m })}
        />
        <div class="chat-list">
          {myChats.map((c) => {
            const last = lastIn(c.chatId);
            return (
              <button
                type="button"
                class={`chat-item${c.chatId === chat?.chatId ? ' active' : ''}`}
                data-testid="chat-item"
                data-chat-id={c.chatId}
                onClick={() => chooseChat(c.chatId)}
              >
                <Avatar name={c.name} bot={c.type === 'p2p'} group={c.type === 'group'} size={40} />
                <span class="chat-item-text">
                  <span class="chat-item-top">
                    <span class="chat-name">{c.type === 'p2p' ? `${state.bot.name}（机器人）` : c.name}</span>
                    {last && <span class="time">{messageTime(last.createTime).slice(-5)}</span>}
                  </span>
                  <span class="chat-preview">
                    {last ? preview(last) : c.type === 'p2p' ? '单聊 · 私聊机器人' : `群聊 · ${c.members.length + 1} 人`}
                  </span>
                </span>
              </button>
            );
          })}
        </div>
      </aside>
      <main
        class="chat"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          const file = e.dataTransfer?.files[0];
          if (file && chat) upload(person.openId, chat.chatId, file).catch((err) => toast({ type: 'error', content: String(err) }));
        }}
      >
        <header class="chat-header">
          <div class="chat-title">
            <strong data-testid="chat-title">{chat ? (chat.type === 'p2p' ? state.bot.name : chat.name) : ''}</strong>
            <span class="muted">{chat?.type === 'group' ? `${chat.members.length + 1} 位成员（含机器人）` : '单聊'}</span>
          </div>
          <button
            type="button"
            class="chip"
            onClick={() => {
              const next = locale === 'zh_cn' ? 'en_us' : 'zh_cn';
              setLocale(next);
              store('locale', next);
            }}
          >
            {locale === 'zh_cn' ? 'EN' : '中文'}
          </button>
          <button type="button" class="chip" data-testid="raw-toggle" onClick={() => setRaw({ open: !raw.open, messageId: null })}>
            {'{ }'} 原始请求
          </button>
        </header>
        <div class="messages" ref={list} data-testid="messages">
          {messages.length === 0 && (
            <div class="empty">
              {chat?.type === 'p2p' ? `给${state.bot.name}发送“帮助”试试` : `在群里发送“@${state.bot.name} 帮助”或直接发送指令`}
            </div>
          )}
          {messages.map((m) => (
            <MessageView
              key={m.messageId}
              message={m}
              me={person.openId}
              locale={locale}
              nameOf={nameOf}
              botName={state.bot.name}
              parent={m.parentId ? state.messages.find((p) => p.messageId === m.parentId) : undefined}
              onToast={toast}
              confirm={({ title, text }) => new Promise((resolve) => setConfirming({ title, text, resolve }))}
              onRaw={(messageId) => setRaw({ open: true, messageId })}
            />
          ))}
        </div>
        {chat && (
          <Composer
            me={person.openId}
            chatId={chat.chatId}
            botName={state.bot.name}
            group={chat.type === 'group'}
            onError={(m) => toast({ type: 'error', content: m })}
          />
        )}
      </main>
      {raw.open && (
        <RawPanel
          traffic={state.traffic}
          messageId={raw.messageId}
          onClear={() => setRaw({ open: true, messageId: null })}
          onClose={() => setRaw({ open: false, messageId: null })}
        />
      )}
      <div class="toasts">
        {toasts.map((t) => (
          <div class={`toast ${t.type}`} data-testid="toast" role="status">
            {locale === 'en_us' && t.i18n?.en_us ? t.i18n.en_us : t.content}
          </div>
        ))}
      </div>
      {confirming && (
        <div class="modal-backdrop">
          <div class="modal" role="dialog" data-testid="confirm-dialog">
            <div class="modal-title">{confirming.title}</div>
            <div class="modal-text">{confirming.text}</div>
            <div class="modal-actions">
              <button
                type="button"
                class="el-button type-default"
                onClick={() => {
                  confirming.resolve(false);
                  setConfirming(null);
                }}
              >
                取消
              </button>
              <button
                type="button"
                class="el-button type-primary_filled"
                onClick={() => {
                  confirming.resolve(true);
                  setConfirming(null);
                }}
              >
                确定
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
