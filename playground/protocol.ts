// What the page and the playground server say to each other. Requests from the page are parsed
// with these schemas; the page imports the answer types only (no zod in its bundle).
import { z } from 'zod';
import { TIME_JUMPS } from './time-travel';
import type { Chat, ChatMessage } from './lark/conversations';
import type { TrafficRecord } from './traffic';
import type { Toast } from './lark/lark-client';

const openId = z.string().regex(/^ou_[\w-]+$/);
const chatId = z.string().regex(/^oc_[\w-]+$/);

/** Who acts, and in which chat. */
export const senderRequest = z.object({ openId, chatId });
export const sendTextRequest = senderRequest.extend({ text: z.string().trim().min(1).max(20_000) });
export const cardActionRequest = z.object({
  openId,
  messageId: z.string().min(1),
  tag: z.string().min(1),
  name: z.string().optional(),
  value: z.record(z.string(), z.unknown()),
  formValue: z.record(z.string(), z.unknown()).optional(),
});
export const clockRequest = z.object({ jump: z.enum(TIME_JUMPS) });

export interface Person {
  openId: string;
  name: string;
  title: string;
}

export interface PageState {
  bot: { openId: string; name: string };
  people: Person[];
  chats: Chat[];
  messages: ChatMessage[];
  traffic: TrafficRecord[];
  clock: ClockState;
}

export interface ClockState {
  now: number;
  /** What the last move did: the scheduler's one-line report. */
  note?: string;
}

/** Server-sent events after the first `state`. */
export type PageEvent =
  | { type: 'state'; state: PageState }
  | { type: 'message'; message: ChatMessage }
  | { type: 'traffic'; record: TrafficRecord }
  | { type: 'clock'; clock: ClockState };

export type CardActionAnswer = { toast: Toast | null };
export type { Chat, ChatMessage, TrafficRecord, Toast };
