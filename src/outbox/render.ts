/**
 * Turns an outbox row into what Lark takes. Cards are rendered here, when the row is sent, from
 * the view the domain decided on: a reminder sent the next morning shows that morning's due marks.
 */
import { departmentReminderCard } from '../../cards/department-reminder';
import { messageCard } from '../../cards/message';
import { publishedNoticeCard } from '../../cards/published-notice';
import { reviewResultCard } from '../../cards/review';
import { weeklyDigestCard } from '../../cards/weekly-digest';
import type { Card } from '../../cards/format';
import { clockAt } from '../dates';
import type { OutboxRow } from '../store/outbox';
import type { RenderContext } from '../views/common';
import type { OutboxCard } from './enqueue';

type Renderers = { [K in OutboxCard['card']]: (view: Extract<OutboxCard, { card: K }>['view'], ctx: RenderContext) => Card };

const RENDERERS: Renderers = {
  published_notice: publishedNoticeCard,
  department_reminder: departmentReminderCard,
  weekly_digest: weeklyDigestCard,
  review_result: reviewResultCard,
  message: messageCard,
};

/** A row's content as Lark takes it (a JSON string). Throws only on a row no version of Duban wrote. */
export function outboxContent(row: Pick<OutboxRow, 'render' | 'content'>, now: Date): string {
  if (row.render === null) return row.content;
  const render = RENDERERS[row.render as OutboxCard['card']] as ((view: unknown, ctx: RenderContext) => Card) | undefined;
  if (!render) throw new Error(`no card named ${row.render}`);
  return JSON.stringify(render(JSON.parse(row.content), { locale: 'zh_cn', clock: clockAt(now) }));
}
