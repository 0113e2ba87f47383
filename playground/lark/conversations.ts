// The chats and messages the fake Lark platform keeps, as Lark's servers would: what the bot
// sends through the open API and what people send from their clients land here, and listeners
// (the playground page) hear about every change. Tests that never register a chat still work:
// an unknown chat id is taken as given.

export type MessageSender = { kind: 'user'; openId: string } | { kind: 'app' };

export interface MessageMention {
  /** The placeholder in the text, e.g. "@_user_1". */
  key: string;
  openId: string;
  name: string;
}

export interface ChatMessage {
  messageId: string;
  chatId: string;
  sender: MessageSender;
  /** text | interactive | file */
  msgType: string;
  /** The content, JSON-parsed: {text} for text, the card for interactive, {file_key, file_name} for files. */
  content: unknown;
  mentions?: MessageMention[];
  /** Milliseconds since the epoch, by the platform's clock. */
  createTime: number;
  updateTime: number;
  /** The message this one replies to. */
  parentId?: string;
  /** A "仅特定人可见" card: only this person sees it. */
  visibleTo?: string;
  deleted?: boolean;
}

export interface Chat {
  chatId: string;
  type: 'p2p' | 'group';
  name: string;
  /** Open ids of the people in the chat (the bot is in every chat). */
  members: string[];
}

export type ConversationChange = { type: 'message'; message: ChatMessage; change: 'created' | 'updated' };

export interface Conversations {
  chats: Map<string, Chat>;
  addChat(chat: Chat): void;
  /** The private chat between a person and the bot, created on first use as Lark does. */
  p2pChatOf(openId: string): Chat;
  get(messageId: string): ChatMessage | undefined;
  /** Every message in order of creation. */
  all(): ChatMessage[];
  add(message: ChatMessage): ChatMessage;
  /** Puts back a message kept from an earlier run, telling no listener. */
  restore(message: ChatMessage): void;
  update(messageId: string, change: Partial<Pick<ChatMessage, 'content' | 'deleted'>>, at: number): ChatMessage | undefined;
  subscribe(listener: (change: ConversationChange) => void): () => void;
  clear(): void;
}

export function createConversations(): Conversations {
  const chats = new Map<string, Chat>();
  const byId = new Map<string, ChatMessage>();
  const listeners = new Set<(change: ConversationChange) => void>();
  const emit = (change: ConversationChange) => {
    for (const l of listeners) l(change);
  };

  return {
    chats,
    addChat(chat) {
      chats.set(chat.chatId, chat);
    },
    p2pChatOf(openId) {
      for (const c of chats.values()) if (c.type === 'p2p' && c.members.length === 1 && c.members[0] === openId) return c;
      const chat: Chat = { chatId: `oc_p2p_${openId}`, type: 'p2p', name: openId, members: [openId] };
      chats.set(chat.chatId, chat);
      return chat;
    },
    get: (messageId) => byId.get(messageId),
    all: () => [...byId.values()],
    add(message) {
      byId.set(message.messageId, message);
      emit({ type: 'message', message, change: 'created' });
      return message;
    },
    restore(message) {
      byId.set(message.messageId, message);
    },
    update(messageId, change, at) {
      const current = byId.get(messageId);
      if (!current) return undefined;
      const next = { ...current, ...change, updateTime: at };
      byId.set(messageId, next);
      emit({ type: 'message', message: next, change: 'updated' });
      return next;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      chats.clear();
      byId.clear();
    },
  };
}
