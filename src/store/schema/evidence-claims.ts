import { pgTable, serial, text, integer, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { assignments } from './assignments';

/** "佐证 N" said before the files: the files this person sends in this chat soon after are for task N. */
export const evidenceClaims = pgTable(
  'evidence_claims',
  {
    id: serial('id').primaryKey(),
    tenantKey: text('tenant_key').notNull(),
    chatId: text('chat_id').notNull(),
    openId: text('open_id').notNull(),
    assignmentId: integer('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('evidence_claims_person').on(t.tenantKey, t.chatId, t.openId)],
);
