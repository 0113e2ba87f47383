import { pgTable, serial, text, integer, timestamp, uniqueIndex, index } from 'drizzle-orm/pg-core';
import { tasks } from './tasks';
import { departments } from './departments';

import type { AssignmentRole, TaskStatus } from '../../terms';

/** One department's share of one task: status and progress are kept per department. */
export const assignments = pgTable(
  'assignments',
  {
    id: serial('id').primaryKey(),
    tenantKey: text('tenant_key').notNull(),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    role: text('role').$type<AssignmentRole>().notNull(),
    /** The group term ("区直各部门") this assignment came from, when it was not named directly. */
    viaGroup: text('via_group'),
    status: text('status').$type<TaskStatus>().notNull().default('not_started'),
    /** Bumped on every change: a card carrying an older version is stale. */
    version: integer('version').notNull().default(1),
    lastReportAt: timestamp('last_report_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('assignments_task_department').on(t.taskId, t.departmentId),
    index('assignments_department').on(t.tenantKey, t.departmentId),
    // 汇总 counts a notice's shares per task and per department from this index alone, so the
    // planner walks the tenant's tasks instead of a parallel scan of every tenant's.
    index('assignments_task_shares').on(t.taskId, t.departmentId, t.status, t.lastReportAt),
    // 汇总's latest reports: the tenant's shares newest report first, read until enough are found.
    index('assignments_last_report').on(t.tenantKey, t.lastReportAt),
  ],
);
