import type { Db } from '../src/store/db';
import type { Sender } from '../src/identity';
import type { Locale } from '../cards/views';

export interface CommandContext {
  db: Db;
  tenantKey: string;
  now: Date;
  locale: Locale;
  sender: Sender;
  chat: { id: string | null; type: 'p2p' | 'group' };
}

/** Commands return what to show; the dispatcher decides how it reaches Lark. */
export type Reply = { card: object } | null;

export interface Command {
  /** Chinese words first, then English aliases; matched at the start of the message. */
  names: string[];
  usage: string;
  summary: { zh_cn: string; en_us: string };
  run(ctx: CommandContext, args: string): Promise<Reply>;
}
