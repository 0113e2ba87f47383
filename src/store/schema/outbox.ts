import { pgTable, serial, text, integer, timestamp, uniqueIndex, index } from 'drizzle-orm/pg-core';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/**
 * message: a new message to receive_id; reply: an answer to the message `reply_to`, in its chat;
 * ephemeral: a card in the chat receive_id that only `user_open_id` sees (仅特定人可见);
 * update: the card of the bot's message `reply_to` replaced for everyone in its chat.
 */
export type OutboxChannel = 'message' | 'reply' | 'ephemeral' | 'update';

/**
 * Messages the bot owes someone (notice broadcasts, reminders, digests, review results). A row is
 * written in the same transaction as the decision to send, and a delivery loop drains the table
 * within Lark's rate limits, so a crash or restart halfway loses nothing and sends nothing twice:
 * the unique dedupe key ("publish:12:34", "remind:56:2025-06-01") makes the decision idempotent.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: serial('id').primaryKey(),
    tenantKey: text('tenant_key').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    /** What the message is for: 'publish' | 'remind' | 'overdue' | 'checkin' | 'digest' | 'review'. */
    kind: text('kind').notNull(),
    /** Groups a fan-out for its delivery report (the notice being published). */
    noticeId: integer('notice_id'),
    departmentId: integer('department_id'),
    channel: text('channel').$type<OutboxChannel>().notNull().default('message'),
    receiveIdType: text('receive_id_type').$type<'chat_id' | 'open_id'>().notNull(),
    receiveId: text('receive_id').notNull(),
    replyTo: text('reply_to'),
    userOpenId: text('user_open_id'),
    msgType: text('msg_type').$type<'text' | 'interactive' | 'file' | 'image'>().notNull(),
    /**
     * Which card renders `content` at send time (src/outbox/render.ts), so a card shows the state
     * and the rules of the moment it is sent; null: `content` is already what Lark takes.
     */
    render: text('render'),
    /** A JSON string: the view for `render`, or the message content as Lark takes it. */
    content: text('content').notNull(),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set while a sender holds the row, so two loops never send it twice at once. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    sentMessageId: text('sent_message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_tenant_dedupe').on(t.tenantKey, t.dedupeKey),
    index('outbox_due').on(t.status, t.nextAttemptAt),
    index('outbox_notice').on(t.noticeId),
  ],
);
