import { type AnyPgColumn, pgTable, serial, text, integer, jsonb, date, boolean, uniqueIndex, index } from 'drizzle-orm/pg-core';
import { notices } from './notices';
import type { Doubt } from '../../notice/types';

export const tasks = pgTable(
  'tasks',
  {
    id: serial('id').primaryKey(),
    tenantKey: text('tenant_key').notNull(),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    /** 1-based order within the notice (序号). */
    seq: integer('seq').notNull(),
    section: jsonb('section').$type<string[]>().notNull().default([]),
    requirement: text('requirement').notNull(),
    /** Unit names exactly as the notice wrote them (split), kept for display and export. */
    lead: jsonb('lead').$type<string[]>().notNull().default([]),
    responsible: jsonb('responsible').$type<string[]>().notNull().default([]),
    deadlineText: text('deadline_text').notNull().default(''),
    dueOn: date('due_on'),
    ongoing: boolean('ongoing').notNull().default(false),
    /** Leaders (牵头领导 / 责任领导 / 分管领导 …) as the notice named them: people, never units. */
    leaders: jsonb('leaders').$type<string[]>().notNull().default([]),
    /** Why the parser was unsure of this row (no units, unreadable deadline, two tasks in one). */
    doubts: jsonb('doubts').$type<Doubt[]>().notNull().default([]),
    /**
     * The task of the previous year's notice this one continues (src/year-over-year.ts); null for
     * a new task. Its reports stay readable from here (去年进展).
     */
    previousTaskId: integer('previous_task_id').references((): AnyPgColumn => tasks.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('tasks_notice_seq').on(t.noticeId, t.seq),
    index('tasks_tenant_due').on(t.tenantKey, t.dueOn),
    index('tasks_previous').on(t.previousTaskId),
  ],
);
