/** The one way commands and buttons answer with a plain message card. */
import { messageCard } from '../cards/message';
import type { RenderContext } from '../src/views/common';
import type { MessageView } from '../src/views/messages';
import type { Reply } from './types';

/** A bilingual message: [Chinese, English] title and body, Chinese first. */
export function message(tone: MessageView['tone'], title: [string, string], body: [string, string]): MessageView {
  return { tone, title: { zh_cn: title[0], en_us: title[1] }, body: { zh_cn: body[0], en_us: body[1] } };
}

export function say(ctx: RenderContext, view: MessageView): Reply {
  return { card: messageCard(view, ctx) };
}
