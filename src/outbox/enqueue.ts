/**
 * What the domain writes when it decides to tell someone something: a card's view (rendered when
 * it is sent, src/outbox/render.ts) or plain text, addressed and keyed for dedupe. The decision
 * and its messages are written in one transaction by the caller.
 */
import type { Tx } from '../store/db';
import { insertOutboxRows, type NewOutboxRow } from '../store/outbox';
import type { MessageView } from '../views/messages';
import type { PublishedNoticeView } from '../views/publish';
import type { DepartmentReminderView, WeeklyDigestView } from '../views/reminders';
import type { ReviewResultView } from '../views/review';

/** The cards the outbox can render, by name; each carries the view its card function takes. */
export type OutboxCard =
  | { card: 'published_notice'; view: PublishedNoticeView }
  | { card: 'department_reminder'; view: DepartmentReminderView }
  | { card: 'weekly_digest'; view: WeeklyDigestView }
  | { card: 'review_result'; view: ReviewResultView }
  | { card: 'message'; view: MessageView };

export type OutboxKind = 'publish' | 'remind' | 'overdue' | 'checkin' | 'digest' | 'review' | 'reply';

/** How the message reaches people: see OutboxChannel (src/store/schema/outbox.ts). */
export type Delivery =
  | { channel: 'message'; receiveIdType: 'chat_id' | 'open_id'; receiveId: string }
  | { channel: 'reply'; replyTo: string; chatId: string }
  | { channel: 'ephemeral'; chatId: string; openId: string }
  | { channel: 'update'; messageId: string; chatId: string };

export interface OutgoingMessage {
  tenantKey: string;
  /** Unique per tenant: the same decision enqueued twice is one message ("publish:12:34"). */
  dedupeKey: string;
  kind: OutboxKind;
  noticeId?: number | null;
  departmentId?: number | null;
  receiveIdType: 'chat_id' | 'open_id';
  receiveId: string;
  /** A reply or a personal card instead of a new message; default: a message to receive_id. */
  delivery?: Exclude<Delivery, { channel: 'message' }>;
  /** A card the domain decided on (rendered when sent), plain text, or content the sender rendered already. */
  content: OutboxCard | { text: string } | { raw: object; msgType: 'interactive' | 'file' | 'image' };
  /** Not before this time (quiet hours push messages to the next morning). */
  notBefore?: Date;
}

/** The rows to write for these messages: for store transactions that take rows (src/store/publishing.ts). */
export function toOutboxRows(messages: OutgoingMessage[], now: Date): NewOutboxRow[] {
  return messages.map((m) => toRow(m, now));
}

function toRow(m: OutgoingMessage, now: Date): NewOutboxRow {
  const card = 'card' in m.content ? m.content : null;
  const raw = 'raw' in m.content ? m.content : null;
  return {
    tenantKey: m.tenantKey,
    dedupeKey: m.dedupeKey,
    kind: m.kind,
    noticeId: m.noticeId ?? null,
    departmentId: m.departmentId ?? null,
    channel: m.delivery?.channel ?? 'message',
    receiveIdType: m.receiveIdType,
    receiveId: m.receiveId,
    replyTo: m.delivery?.channel === 'reply' ? m.delivery.replyTo : m.delivery?.channel === 'update' ? m.delivery.messageId : null,
    userOpenId: m.delivery?.channel === 'ephemeral' ? m.delivery.openId : null,
    msgType: card ? 'interactive' : raw ? raw.msgType : 'text',
    render: card ? card.card : null,
    content: JSON.stringify(card ? card.view : raw ? raw.raw : m.content),
    nextAttemptAt: m.notBefore ?? now,
  };
}

/**
 * Records messages to be sent, inside the caller's transaction, a few hundred per statement.
 * Returns the dedupe keys written; one that existed already was decided before and is not sent again.
 */
export async function enqueueAll(tx: Tx, messages: OutgoingMessage[], now = new Date()): Promise<Set<string>> {
  return insertOutboxRows(tx, toOutboxRows(messages, now));
}
