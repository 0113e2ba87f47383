import { date, integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The scheduler's bookkeeping per tenant, so that a tick with nothing to decide costs one query
 * instead of a look at every tenant's work: the Shanghai date whose reminders were all decided,
 * and a count of the changes that can make something due on a day already decided (a notice
 * published, work reopened, a department newly reachable). A tenant is decided again when its
 * date is not today or a change came after its decision.
 */
export const schedulerTenants = pgTable('scheduler_tenants', {
  tenantKey: text('tenant_key').primaryKey(),
  decidedOn: date('decided_on'),
  changes: integer('changes').notNull().default(0),
  /** `changes` as read before the last complete decision: fewer than `changes` means decide again. */
  decidedChanges: integer('decided_changes').notNull().default(0),
});
