/**
 * A plain bilingual message for confirmations and polite refusals. The body is text with line
 * breaks and optional **bold**; anything else is escaped because bodies often quote what users
 * typed (an echoed `<at id=all>` would ping the whole group, or make Lark refuse the card).
 */
import type { RenderContext } from '../src/views/common';
import type { MessageView } from '../src/views/messages';
import { type Card, type HeaderTemplate, card, escapeMdKeepBold, markdown } from './format';

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
      elements: [markdown({ zh_cn: escapeMdKeepBold(view.body.zh_cn), en_us: escapeMdKeepBold(view.body.en_us) }, ctx)],
    },
    ctx,
  );
}
