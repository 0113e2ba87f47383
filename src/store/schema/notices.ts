import { type AnyPgColumn, pgTable, serial, text, integer, timestamp, jsonb, date, boolean, uniqueIndex } from 'drizzle-orm/pg-core';

import type { NoticeStatus } from '../../terms';

export interface UnitResolution {
  name: string;
  outcome: 'matched' | 'created' | 'alias' | 'group' | 'unresolved';
  department?: string;
  members?: number;
}

export const notices = pgTable(
  'notices',
  {
    id: serial('id').primaryKey(),
    tenantKey: text('tenant_key').notNull(),
    /** SHA-256 of the normalised source text: the same file imported twice is one notice. */
    sourceHash: text('source_hash').notNull(),
    sourceName: text('source_name').notNull(),
    docNumber: text('doc_number'),
    title: text('title').notNull(),
    issuer: text('issuer'),
    issuedOn: date('issued_on'),
    year: integer('year'),
    /**
     * Where the year came from when neither the title nor the number names it: 'text' (years the
     * text mentions) or 'import-date' (none at all: the import date decided); null otherwise.
     */
    yearSource: text('year_source').$type<'text' | 'import-date'>(),
    status: text('status').$type<NoticeStatus>().notNull().default('draft'),
    warnings: jsonb('warnings').$type<string[]>().notNull().default([]),
    resolutions: jsonb('resolutions').$type<UnitResolution[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** The previous notice of the same kind its tasks were compared with (year over year); null: none. */
    previousNoticeId: integer('previous_notice_id').references((): AnyPgColumn => notices.id, { onDelete: 'set null' }),
    /** 要求佐证: a 已完成 report on this notice is refused until evidence is attached. */
    evidenceRequired: boolean('evidence_required').notNull().default(false),
  },
  (t) => [uniqueIndex('notices_tenant_source').on(t.tenantKey, t.sourceHash)],
);
