import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Lark redelivers for ~7 hours: every event id (and message id) seen is kept, so a retry does nothing twice. */
export const processedEvents = pgTable('processed_events', {
  key: text('key').primaryKey(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});
