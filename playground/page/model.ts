// The page's copy of the platform: a full state on (re)connect, then changes applied in order.
import type { ChatMessage, PageEvent, PageState } from '../protocol';

const TRAFFIC_KEPT = 400;

export function applyEvent(state: PageState | null, e: PageEvent): PageState | null {
  if (e.type === 'state') return e.state;
  if (!state) return state;
  switch (e.type) {
    case 'message': {
      const i = state.messages.findIndex((m) => m.messageId === e.message.messageId);
      const messages = i < 0 ? [...state.messages, e.message] : state.messages.map((m, j) => (j === i ? e.message : m));
      return { ...state, messages };
    }
    case 'traffic':
      return { ...state, traffic: [...state.traffic, e.record].slice(-TRAFFIC_KEPT) };
    case 'clock':
      return { ...state, clock: e.clock };
  }
}

/** What this person sees in this chat: not deleted, and 仅特定人可见 cards only when meant for them. */
export function visibleMessages(state: PageState, chatId: string, openId: string): ChatMessage[] {
  return state.messages.filter((m) => m.chatId === chatId && !m.deleted && (!m.visibleTo || m.visibleTo === openId));
}

/** A line for the chat list: the card's summary or title, the text, or the file name. */
export function preview(m: ChatMessage): string {
  const c = (m.content ?? {}) as Record<string, unknown>;
  if (m.msgType === 'text')
    return String(c.text ?? '').replace(/@_user_\d+/g, (key) => `@${m.mentions?.find((x) => x.key === key)?.name ?? ''}`);
  if (m.msgType === 'file') return `[文件] ${String(c.file_name ?? '')}`;
  if (m.msgType === 'interactive') {
    const summary = (c.config as { summary?: { content?: string } } | undefined)?.summary?.content;
    const title = (c.header as { title?: { content?: string } } | undefined)?.title?.content;
    return `[卡片] ${summary ?? title ?? ''}`;
  }
  return `[${m.msgType}]`;
}
