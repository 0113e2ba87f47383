import { pgTable, serial, text, integer, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { departments } from './departments';

/** pending: asked for in the department's group; active: confirmed by the office. */
export type BindingStatus = 'pending' | 'active';

export const chatBindings = pgTable(
  'chat_bindings',
  {
    id: serial('id').primaryKey(),
    tenantKey: text('tenant_key').notNull(),
    chatId: text('chat_id').notNull(),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    status: text('status').$type<BindingStatus>().notNull().default('pending'),
    requestedBy: text('requested_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('chat_bindings_tenant_chat').on(t.tenantKey, t.chatId)],
);
