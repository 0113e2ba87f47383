import { customType, integer, pgTable } from 'drizzle-orm/pg-core';
import { evidence } from './evidence';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  // postgres.js hands back a Buffer, PGlite a Uint8Array: a plain Uint8Array either way.
  fromDriver: (v) => new Uint8Array(v),
});

/**
 * The bytes of a 佐证材料, kept only when DUBAN_EVIDENCE_COPY is on: the file still opens after
 * the message is recalled. A table of its own, so listing evidence never reads the bytes.
 */
export const evidenceCopies = pgTable('evidence_copies', {
  evidenceId: integer('evidence_id')
    .primaryKey()
    .references(() => evidence.id, { onDelete: 'cascade' }),
  bytes: bytea('bytes').notNull(),
});
