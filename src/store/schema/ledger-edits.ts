import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { notices } from './notices';

export type LedgerEditStatus = 'pending' | 'applied' | 'cancelled' | 'superseded';

/**
 * An edited 台账 the office sent back, waiting for 确认: the returned rows as read (JSON) and the
 * digest of the changes the office was shown. 确认 recomputes the changes against the ledger as it
 * stands and applies them only when they are still the ones shown (same digest); otherwise the
 * office is shown the new ones. A decided row is kept, as a record of who changed the ledger.
 */
export const ledgerEdits = pgTable(
  'ledger_edits',
  {
    id: serial('id').primaryKey(),
    tenantKey: text('tenant_key').notNull(),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    sourceName: text('source_name').notNull(),
    /** The returned ledger as read (src/export/ledger-read.ts ReturnedLedger). */
    returned: jsonb('returned').$type<unknown>().notNull(),
    /** SHA-256 of the changes shown in the preview. */
    digest: text('digest').notNull(),
    status: text('status').$type<LedgerEditStatus>().notNull().default('pending'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [index('ledger_edits_notice').on(t.tenantKey, t.noticeId)],
);
