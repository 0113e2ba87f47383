import { pgTable, serial, text, integer, timestamp, jsonb, uniqueIndex } from 'drizzle-orm/pg-core';

/** office: 党政办公室 / 政府办公室; department: 区直部门; agency: 派驻/垂管机构; town: 镇街; enterprise: 公共企事业单位. */
export const DEPARTMENT_KINDS = ['office', 'department', 'agency', 'town', 'enterprise'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

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
