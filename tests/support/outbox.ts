// What an outbox row will send: the card rendered as the delivery loop renders it, when the row is due.
import type { Card } from '../../cards/format';
import { outboxContent } from '../../src/outbox/render';
import type { OutboxRow } from '../../src/store/outbox';

/** The row's content as Lark will receive it (a JSON string). */
export function outboxText(row: OutboxRow): string {
  return outboxContent(row, row.nextAttemptAt);
}

export function outboxCard(row: OutboxRow): Card {
  return JSON.parse(outboxText(row)) as Card;
}
