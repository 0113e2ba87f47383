/** Events other than card callbacks, handled after the HTTP answer: messages and the bot joining a group. */
import { messageCard } from '../../cards/message';
import { clockAt } from '../dates';
import { type EventEnvelope, parseEvent } from '../lark/envelope';
import { enqueueAll } from '../outbox/enqueue';
import { tenantOf } from './context';
import type { BotDeps } from './deps';
import { GREETING } from './greeting';
import { handleMessage } from './messages';

/** Handles one stored event; the inbox has already dropped Lark's redeliveries of it. */
export async function dispatchEvent(deps: BotDeps, envelope: EventEnvelope): Promise<void> {
  const parsed = parseEvent(envelope);
  const tenantKey = await tenantOf(deps, envelope);
  switch (parsed.type) {
    case 'im.message.receive_v1':
      return handleMessage(deps, tenantKey, parsed.event);
    case 'im.chat.member.bot.added_v1':
      await enqueueAll(
        deps.db,
        [
          {
            tenantKey,
            dedupeKey: `greet:${envelope.header.event_id}`,
            kind: 'reply',
            receiveIdType: 'chat_id',
            receiveId: parsed.event.chat_id,
            content: { raw: messageCard(GREETING, { locale: 'zh_cn', clock: clockAt(deps.now()) }), msgType: 'interactive' },
          },
        ],
        deps.now(),
      );
      deps.onEnqueued?.();
      return;
    case 'malformed':
      deps.log(`malformed ${parsed.eventType} event ${envelope.header.event_id}: ${parsed.error}`);
      return;
    default:
      return;
  }
}
