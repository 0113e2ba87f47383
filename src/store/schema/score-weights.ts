import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { ScoreWeights } from '../../views/scorecard';

/** 考核权重 a tenant's office set in chat: over DUBAN_SCORE_WEIGHTS and the defaults, for this tenant only. */
export const scoreWeights = pgTable('score_weights', {
  tenantKey: text('tenant_key').primaryKey(),
  weights: jsonb('weights').$type<ScoreWeights>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
