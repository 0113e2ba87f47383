/** Views of the bot's plain messages: confirmations, refusals, help and "how to get bound". */
import type { I18nText } from './common';

export interface MessageView {
  title: I18nText;
  /** Text with line breaks and optional **bold**; anything else is shown literally. */
  body: I18nText;
  tone: 'info' | 'success' | 'warning' | 'error';
}

export interface HelpEntry {
  /** Chinese command words first, then English aliases. */
  names: string[];
  usage: string;
  summary: I18nText;
}

export interface HelpView {
  entries: HelpEntry[];
}

/** The sender could not be tied to a department: explain how to get bound. */
export interface NotBoundView {
  chatType: 'p2p' | 'group';
}
