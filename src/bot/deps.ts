import type { TtlCache } from '../identity';
import type { LarkPort } from '../lark/port';
import type { ParseNotice } from '../notice/parse';
import type { SchedulerConfig } from '../scheduler/config';
import type { Db } from '../store/db';
import type { ScoreWeights } from '../views/scorecard';

/** What handling an event needs; src/app.ts builds it once per app. */
export interface BotDeps {
  db: Db;
  lark: LarkPort;
  now: () => Date;
  log: (line: string) => void;
  officeOpenIds: string[];
  contactCache: TtlCache<string[]>;
  /** chat_id → 'p2p' | 'group' | 'topic': Lark never changes it, so one lookup per chat. */
  chatModes: TtlCache<string>;
  /** Called after a command or button ran, so the delivery loop sends what it enqueued at once. */
  onEnqueued?: () => void;
  /** Working days and quiet hours: review results decided at night wait for the morning. */
  schedule?: SchedulerConfig;
  /** DUBAN_ADOPT_TENANT: the Lark tenant that takes over the CLI's "default" rows; unset, nobody does. */
  adoptTenant?: string;
  /** 考核 weights (DUBAN_SCORE_WEIGHTS); absent: the defaults. */
  scoreWeights?: ScoreWeights;
  /** DUBAN_EVIDENCE_COPY: keep the bytes of 佐证材料 (default: only Lark's keys). */
  keepEvidenceCopy?: boolean;
  /** How notice files are parsed (src/parse-thread.ts on Node); absent, inline. */
  parseNotice?: ParseNotice;
}
