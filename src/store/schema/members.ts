import { pgTable, serial, text, integer, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { departments } from './departments';

import type { MemberRole } from '../../terms';

/** An explicit member record: who someone is, when the contact API cannot tell. */
export const members = pgTable(
  'members',
  {
    id: serial('id').primaryKey(),
    tenantKey: text('tenant_key').notNull(),
    openId: text('open_id').notNull(),
    name: text('name'),
    role: text('role').$type<MemberRole>().notNull(),
    departmentId: integer('department_id').references(() => departments.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('members_tenant_open_id').on(t.tenantKey, t.openId)],
);
