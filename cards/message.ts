/**
 * A plain bilingual message for confirmations and polite refusals. The body is text with line
 * breaks and optional **bold**; anything else is escaped because bodies often quote what users
 * typed (an echoed `<at id=all>` would ping the whole group, or make Lark refuse the card).
 */
import type { RenderContext } from '../src/views/common';
import type { MessageView } from '../src/views/messages';
import { type Card, type HeaderTemplate, card, escapeMdKeepBold, markdown, truncate } from './format';

/**
 * Bodies quote what users typed (a unit name, a notice title); a message is a sentence or two, so
 * anything this long is pasted input, cut here rather than let it swell the card past Lark's limit.
 */
const BODY_MAX_CHARS = 1500;

const TONE_TEMPLATES: Record<MessageView['tone'], HeaderTemplate> = {
  info: 'blue',
  success: 'green',
  warning: 'orange',
  error: 'red',
};

export function messageCard(view: MessageView, ctx: RenderContext): Card {
  return card(
    {
      header: { title: view.title, template: TONE_TEMPLATES[view.tone] },
      elements: [
        markdown(
          {
            zh_cn: escapeMdKeepBold(truncate(view.body.zh_cn, BODY_MAX_CHARS)),
            en_us: escapeMdKeepBold(truncate(view.body.en_us, BODY_MAX_CHARS)),
          },
          ctx,
        ),
      ],
    },
    ctx,
  );
}
