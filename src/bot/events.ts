/** Events other than card callbacks, handled after the HTTP answer: messages and the bot joining a group. */
import { messageCard } from '../../cards/message';
import { clockAt } from '../dates';
import { type EventEnvelope, parseEvent } from '../lark/envelope';
import { firstDelivery } from '../store/processed-events';
import { tenantOf } from './context';
import type { BotDeps } from './deps';
import { GREETING } from './greeting';
import { handleMessage } from './messages';

export async function dispatchEvent(deps: BotDeps, envelope: EventEnvelope): Promise<void> {
  if (!(await firstDelivery(deps.db, `event:${envelope.header.event_id}`))) {
    deps.log(`duplicate event ${envelope.header.event_id} ignored`);
    return;
  }
  const parsed = parseEvent(envelope);
  const tenantKey = await tenantOf(deps, envelope);
  switch (parsed.type) {
    case 'im.message.receive_v1':
      return handleMessage(deps, tenantKey, parsed.event);
    case 'im.chat.member.bot.added_v1':
      await deps.lark.sendMessage({
        receiveIdType: 'chat_id',
        receiveId: parsed.event.chat_id,
        msgType: 'interactive',
        content: JSON.stringify(messageCard(GREETING, { locale: 'zh_cn', clock: clockAt(deps.now()) })),
        uuid: `greet-${envelope.header.event_id}`.slice(0, 50),
      });
      return;
    case 'malformed':
      deps.log(`malformed ${parsed.eventType} event ${envelope.header.event_id}: ${parsed.error}`);
      return;
    default:
      return;
  }
}
