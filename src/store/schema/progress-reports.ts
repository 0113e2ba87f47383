import { pgTable, serial, text, integer, timestamp, index } from 'drizzle-orm/pg-core';
import { assignments } from './assignments';
import type { TaskStatus } from '../../terms';

export const progressReports = pgTable(
  'progress_reports',
  {
    id: serial('id').primaryKey(),
    tenantKey: text('tenant_key').notNull(),
    assignmentId: integer('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    reporterOpenId: text('reporter_open_id').notNull(),
    /** report: a department's progress; confirm / return: the office's review of a 已完成 report. */
    kind: text('kind').$type<'report' | 'confirm' | 'return'>().notNull().default('report'),
    status: text('status').$type<TaskStatus>().notNull(),
    text: text('text').notNull(),
    evidenceUrl: text('evidence_url'),
    /** The card the report was submitted from: a picture or file sent in reply to it is evidence for this report. */
    cardMessageId: text('card_message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('progress_assignment').on(t.assignmentId, t.createdAt), index('progress_card_message').on(t.tenantKey, t.cardMessageId)],
);
