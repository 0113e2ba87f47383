/**
 * 使用说明: the command list. Entries come from the command registry (Chinese words first, then
 * English aliases), so the card never drifts from what the bot actually understands.
 */
import type { RenderContext } from '../src/views/common';
import type { HelpView } from '../src/views/messages';
import { type Card, type CardElement, bilingual, button, buttonRow, card, escapeMd, markdown, perLocale } from './format';

export function helpCard(view: HelpView, ctx: RenderContext): Card {
  const elements: CardElement[] = [
    markdown(
      bilingual(
        '在群聊中 **@督办** 后输入指令；私聊时直接输入即可。',
        'In a group chat, **@mention Duban** and type a command; in a private chat just type it.',
      ),
      ctx,
    ),
  ];

  for (const entry of view.entries) {
    const [main = '', ...aliases] = entry.names.map(escapeMd);
    const also = aliases.length ? ` <font color='grey'>${aliases.join(' / ')}</font>` : '';
    // Inline code shows the usage verbatim; a backtick inside would end the span early.
    const usage = entry.usage.trim() ? `\n\`${entry.usage.replace(/`/g, "'")}\`` : '';
    elements.push(
      markdown(
        perLocale((l) => `**${main}**${also}${usage}\n${escapeMd(entry.summary[l])}`),
        ctx,
      ),
    );
  }

  elements.push(
    buttonRow([
      button({ text: bilingual('我的任务', 'My tasks'), action: { a: 'my_tasks', filter: 'all', page: 1 }, type: 'primary' }, ctx),
      button({ text: bilingual('汇报进展', 'Report progress'), action: { a: 'report_open' } }, ctx),
    ]),
  );

  return card(
    {
      header: {
        title: bilingual('督办 · 使用说明', 'Duban · How to use'),
        subtitle: bilingual('政务公开任务台账', 'Government transparency task ledger'),
        template: 'blue',
      },
      elements,
    },
    ctx,
  );
}
