/**
 * What the bot needs from Lark, and what it answers to a card callback. The real client
 * (src/lark/api.ts) fits `LarkPort`; everything above src/lark/ is written against these types.
 */
import type { LarkApi } from './api';

export type LarkPort = Pick<
  LarkApi,
  | 'sendMessage'
  | 'replyMessage'
  | 'sendEphemeral'
  | 'patchMessage'
  | 'getChatMode'
  | 'getUserDepartmentIds'
  | 'getDepartmentName'
  | 'getUserName'
  | 'downloadMessageResource'
  | 'uploadFile'
  | 'uploadImage'
>;

export interface Toast {
  type: 'success' | 'info' | 'warning' | 'error';
  /** Chinese: what a client without i18n shows. */
  content: string;
  i18n: { zh_cn: string; en_us: string };
}

/** Card callback answer: a toast and/or the card that replaces the clicked one. */
export interface CardActionResponse {
  toast?: Toast;
  card?: { type: 'raw'; data: object };
}

/** Chinese first; English clients get the English text. */
export function toast(type: Toast['type'], zh: string, en: string): Toast {
  return { type, content: zh, i18n: { zh_cn: zh, en_us: en } };
}
