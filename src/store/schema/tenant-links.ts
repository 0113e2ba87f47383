import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Rows the CLI stored under its own tenant key ("default") that a Lark tenant took over, once
 * (DUBAN_ADOPT_TENANT). Kept so later CLI runs write to that tenant too.
 */
export const tenantLinks = pgTable('tenant_links', {
  fromKey: text('from_key').primaryKey(),
  toKey: text('to_key').notNull(),
  linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
});
