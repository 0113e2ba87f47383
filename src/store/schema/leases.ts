import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Named leases, for work that one process at a time must do for the whole app: sending within
 * Lark's app-wide and per-chat limits ('delivery'). A holder renews its lease while it works; a
 * holder that dies loses it when `until` passes, and another process takes over.
 */
export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  until: timestamp('until', { withTimezone: true }).notNull(),
});
