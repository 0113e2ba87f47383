import { pgTable, serial, text, integer, timestamp, jsonb, uniqueIndex } from 'drizzle-orm/pg-core';

import type { DepartmentKind } from '../../terms';

export const departments = pgTable(
  'departments',
  {
    id: serial('id').primaryKey(),
    tenantKey: text('tenant_key').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<DepartmentKind>().notNull(),
    aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
    /** Directory order: leaders read "not reported" lists in this order. */
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('departments_tenant_name').on(t.tenantKey, t.name)],
);
