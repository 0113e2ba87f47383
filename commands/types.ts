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
  /** People @-mentioned after the command word ("设置领导 @张三"); the bot's own mention is not among them. */
  mentions: { openId: string; name: string }[];
}

/** A file to send back in the chat (the ledger export). */
export interface ReplyFile {
  fileName: string;
  bytes: Uint8Array;
}

/**
 * Commands return what to show; the dispatcher decides how it reaches Lark (a reply card, an
 * uploaded file, or both). null: say nothing.
 */
export type Reply = { card: object; file?: ReplyFile } | { card?: object; file: ReplyFile } | null;

export interface Command {
  /** Chinese words first, then English aliases; matched at the start of the message. */
  names: string[];
  usage: string;
  summary: { zh_cn: string; en_us: string };
  run(ctx: CommandContext, args: string): Promise<Reply>;
}
