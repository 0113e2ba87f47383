import type { Card } from '../cards/format';
import type { Sender } from '../src/identity';
import type { LarkPort, Toast } from '../src/lark/port';
import type { ParseNotice } from '../src/notice/parse';
import type { Need } from '../src/permissions';
import type { SchedulerConfig } from '../src/scheduler/config';
import type { Db } from '../src/store/db';
import type { RenderContext } from '../src/views/common';
import type { ScoreWeights } from '../src/views/scorecard';

/** Everything a command or a button handler may use; it is also the context cards render in. */
export interface CommandContext extends RenderContext {
  db: Db;
  tenantKey: string;
  sender: Sender;
  chat: { id: string | null; type: 'p2p' | 'group' };
  /** People @-mentioned after the command word ("设置领导 @张三"); the bot's own mention is not among them. */
  mentions: { openId: string; name: string }[];
  /** Working days and quiet hours: what a decision tells a department at night waits for the morning. */
  schedule?: SchedulerConfig;
  /** 考核 weights (DUBAN_SCORE_WEIGHTS); absent: the defaults. */
  scoreWeights?: ScoreWeights;
  /** DUBAN_EVIDENCE_COPY: keep the bytes of 佐证材料, so they open even after the message is recalled. */
  keepEvidenceCopy?: boolean;
  /** The contact book, for people's names on cards (src/people.ts); absent: member records only. */
  lark?: Pick<LarkPort, 'getUserName'>;
  /** How a notice file is parsed: the Node server's parse thread; absent, inline (the Worker, tests). */
  parseNotice?: ParseNotice;
}

/** A file to send back in the chat (the ledger export). */
export interface ReplyFile {
  fileName: string;
  bytes: Uint8Array;
}

/**
 * What a command or button answers; the dispatcher decides how it reaches Lark (a reply card, an
 * uploaded file, a callback's replacement card or toast). null: say nothing.
 */
export interface Reply {
  card?: Card;
  file?: ReplyFile;
  /** Button answers only: a toast over the card (a chat message has no toast). */
  toast?: Toast;
  /**
   * Button answers only: who the card is for. A card answering a click replaces the clicked card,
   * which Card 2.0 shares with everyone in the chat; so by default (`clicker`) the dispatcher shows
   * it to the clicker alone (a personal card in a group, the card itself in a private chat), and
   * only a change meant for everyone who sees the card (`everyone`: 发布 on the preview, the
   * office's decision on its review card) replaces it in place.
   */
  audience?: 'clicker' | 'everyone';
  /**
   * Button answers only: a picture or file someone sent in chat (佐证材料) that the dispatcher
   * downloads and sends to the clicker in a private chat.
   */
  resource?: { messageId: string; fileKey: string; type: 'image' | 'file'; fileName: string; copy?: Uint8Array };
}

export interface Command {
  /** Chinese words first, then English aliases; matched at the start of the message. */
  names: string[];
  usage: string;
  summary: { zh_cn: string; en_us: string };
  /** Checked by the dispatcher before `run`; a refusal never reaches the command. */
  need: Need;
  run(ctx: CommandContext, args: string): Promise<Reply | null>;
}

/** A button's context: the command context plus what the card's form sent. */
export interface ActionContext extends CommandContext {
  /** `event.action.form_value`: the submitted form's fields by name ({} for a plain button). */
  formValue: Record<string, unknown>;
  /** The clicked card's message (`context.open_message_id`): a report remembers the card it came from. */
  messageId?: string | null;
}

/** The handler of one card button (one action value), declared like a command. */
export interface Action<V> {
  need: Need;
  run(ctx: ActionContext, value: V): Promise<Reply>;
}
