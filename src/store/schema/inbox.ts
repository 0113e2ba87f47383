import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export type InboxStatus = 'pending' | 'done' | 'failed';

/**
 * Every verified event, written before Lark gets its 200: a crash, a restart or a database that
 * answers only after the ack can lose nothing, since an unwritten event is answered 503 and
 * redelivered. The unique event id is also the dedupe of Lark's redeliveries (about 7 hours).
 */
export const inbox = pgTable(
  'inbox',
  {
    id: serial('id').primaryKey(),
    eventId: text('event_id').notNull(),
    tenantKey: text('tenant_key').notNull(),
    eventType: text('event_type').notNull(),
    /** The verified, decrypted envelope as JSON. */
    envelope: text('envelope').notNull(),
    status: text('status').$type<InboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Set while a handler holds the row; a crashed handler's row comes back when it passes. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    handledAt: timestamp('handled_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('inbox_event').on(t.eventId), index('inbox_pending').on(t.status, t.receivedAt)],
);
