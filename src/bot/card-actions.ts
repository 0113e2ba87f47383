/**
 * Card callbacks (`card.action.trigger`): the button's value picks its handler from the action
 * registry (commands/actions.ts), which runs with the clicker's context. Lark shows an error
 * after 3 s, so everything here is a few queries.
 */
import { parseActionValue } from '../../cards/action-value';
import { runAction } from '../../commands/run';
import { type EventEnvelope, parseEvent } from '../lark/envelope';
import { type CardActionResponse, toast } from '../lark/port';
import { firstDelivery } from '../store/processed-events';
import { contextFor, tenantOf } from './context';
import type { BotDeps } from './deps';

const EXPIRED = toast('warning', '这个按钮已失效，请重新发送指令', 'This button has expired; send the command again');

export async function handleCardAction(deps: BotDeps, envelope: EventEnvelope): Promise<CardActionResponse> {
  const parsed = parseEvent(envelope);
  if (parsed.type !== 'card.action.trigger') return {};
  if (!(await firstDelivery(deps.db, `event:${envelope.header.event_id}`))) return {};
  const event = parsed.event;
  const openId = event.operator.open_id;
  if (!openId) return { toast: toast('error', '无法识别操作人，请稍后再试', 'Could not tell who you are; please try again') };
  const tenantKey = await tenantOf(deps, envelope);
  const value = parseActionValue(event.action.value);
  if (!value) return { toast: EXPIRED };
  const ctx = await contextFor(deps, tenantKey, openId, { id: event.context.open_chat_id ?? null, type: 'group' });
  try {
    const reply = await runAction({ ...ctx, formValue: event.action.form_value ?? {} }, value);
    return { ...(reply.card ? { card: { type: 'raw', data: reply.card } } : {}), ...(reply.toast ? { toast: reply.toast } : {}) };
  } finally {
    deps.onEnqueued?.();
  }
}
