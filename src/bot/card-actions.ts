/**
 * Card callbacks (`card.action.trigger`). The click is stored first (the inbox row is also the
 * dedupe), then its handler runs from the action registry (commands/actions.ts) with the clicker's
 * context, and its answer goes where it belongs:
 *
 * - a change meant for everyone who sees the card (`audience: 'everyone'`: 发布, the office's
 *   review decisions) replaces the card, which Card 2.0 shares with the whole chat;
 * - anything else is the clicker's own view (paging, filters, the report form, task detail): in a
 *   private chat the card is theirs alone, so it is replaced in place; in a group it goes to a
 *   personal card only the clicker sees (仅特定人可见), so nobody else's card or half-typed form
 *   changes; in a topic group, where personal cards do not exist, to a private message;
 * - refusals and form mistakes are a toast, never a replaced card.
 * - a 📎 (佐证材料) click sends the file itself to the clicker's private chat (send-resource.ts)
 *   and answers with a toast.
 *
 * Lark shows the clicker an error after 3 s. A handler that has not finished within the inline
 * budget keeps running, the answer is a "working on it" toast, and its result is delivered through
 * the outbox the same way (a card update instead of the inline replacement). A process that dies
 * meanwhile leaves the stored click to the inbox worker, which runs it again the deferred way.
 */
import { parseActionValue } from '../../cards/action-value';
import { messageCard } from '../../cards/message';
import { runAction } from '../../commands/run';
import type { CommandContext, Reply } from '../../commands/types';
import { type CardActionEvent, type EventEnvelope, parseEvent } from '../lark/envelope';
import { type CardActionResponse, type Toast, toast } from '../lark/port';
import { enqueueAll, type OutgoingMessage } from '../outbox/enqueue';
import { claimEvent, finishEvent, type InboxRow, storeEvent } from '../store/inbox';
import type { MessageView } from '../views/messages';
import { contextFor, tenantOf } from './context';
import { sendResource } from './send-resource';
import type { BotDeps } from './deps';

/** Leaves Lark's 3 s for the network and the answer itself. */
const INLINE_BUDGET_MS = 2_000;
const LEASE_MS = 60_000;

const EXPIRED = toast('warning', '这个按钮已失效，请重新发送指令', 'This button has expired; send the command again');
const WORKING = toast('info', '正在处理，结果稍后显示', 'Working on it; the result will appear shortly');

type ChatMode = 'p2p' | 'group' | 'topic';

interface Click {
  eventId: string;
  event: CardActionEvent;
  messageId: string | null;
  chatId: string | null;
  mode: ChatMode;
  ctx: CommandContext;
  reply: Reply;
}

/**
 * The callback's HTTP answer. `background` keeps work alive after the answer (Workers'
 * waitUntil; on Node the promise simply runs on).
 */
export async function answerCardAction(
  deps: BotDeps,
  envelope: EventEnvelope,
  background: (work: Promise<unknown>) => void,
): Promise<CardActionResponse> {
  const now = deps.now();
  const fresh = await storeEvent(deps.db, {
    eventId: envelope.header.event_id,
    tenantKey: envelope.header.tenant_key ?? '',
    eventType: envelope.header.event_type,
    envelope: JSON.stringify(envelope),
    now,
  });
  if (!fresh) return {};
  const row = await claimEvent(deps.db, { eventId: envelope.header.event_id, now, leaseMs: LEASE_MS });
  if (!row) return {};

  const work = click(deps, envelope);
  const first = await Promise.race([work, new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), INLINE_BUDGET_MS))]);
  if (first !== 'late') {
    const answer = await present(deps, first, 'inline');
    await finishEvent(deps.db, row.id, deps.now());
    return answer;
  }
  background(
    work
      .then(async (late) => {
        await present(deps, late, 'deferred');
        await finishEvent(deps.db, row.id, deps.now());
      })
      .catch((e) => deps.log(`card action ${row.eventId} failed after its answer: ${e instanceof Error ? e.stack : String(e)}`)),
  );
  return { toast: WORKING };
}

/** A stored click whose handling never finished (the process died): run it and deliver its result. */
export async function replayCardAction(deps: BotDeps, _row: InboxRow, envelope: EventEnvelope): Promise<void> {
  await present(deps, await click(deps, envelope), 'deferred');
}

/** Runs the clicked button's handler; a click that cannot be read answers with a toast. */
async function click(deps: BotDeps, envelope: EventEnvelope): Promise<Click | Toast> {
  const parsed = parseEvent(envelope);
  if (parsed.type !== 'card.action.trigger') return EXPIRED;
  const event = parsed.event;
  const openId = event.operator.open_id;
  if (!openId) return toast('error', '无法识别操作人，请稍后再试', 'Could not tell who you are; please try again');
  const value = parseActionValue(event.action.value);
  if (!value) return EXPIRED;
  const tenantKey = await tenantOf(deps, envelope);
  const chatId = event.context?.open_chat_id ?? event.open_chat_id ?? null;
  const messageId = event.context?.open_message_id ?? event.open_message_id ?? null;
  const mode = chatId ? await chatModeOf(deps, chatId) : 'p2p';
  const ctx = await contextFor(deps, tenantKey, openId, { id: chatId, type: mode === 'p2p' ? 'p2p' : 'group' });
  try {
    const reply = await runAction({ ...ctx, formValue: event.action.form_value ?? {}, messageId }, value);
    return {
      eventId: envelope.header.event_id,
      event,
      messageId,
      chatId,
      mode,
      ctx,
      reply: await sendResource(deps, ctx, reply, envelope.header.event_id),
    };
  } finally {
    deps.onEnqueued?.();
  }
}

/** Lark never changes a chat's mode; an unknown one is treated as a group, where nothing shared is replaced. */
async function chatModeOf(deps: BotDeps, chatId: string): Promise<ChatMode> {
  const known = deps.chatModes.get(chatId);
  if (known) return known as ChatMode;
  let mode: ChatMode = 'group';
  try {
    mode = (await deps.lark.getChatMode(chatId)) ?? 'group';
  } catch (e) {
    deps.log(`chat ${chatId}: mode unknown (${e instanceof Error ? e.message : String(e)}); treated as a group`);
    return mode;
  }
  deps.chatModes.set(chatId, mode);
  return mode;
}

/** Where a click's answer goes (see the file comment), inline in the HTTP answer or through the outbox. */
async function present(deps: BotDeps, result: Click | Toast, when: 'inline' | 'deferred'): Promise<CardActionResponse> {
  if (!('reply' in result)) return when === 'inline' ? { toast: result } : {};
  const { reply, ctx, mode, chatId, messageId, eventId } = result;
  const sharedInPlace = reply.audience === 'everyone' || mode === 'p2p' || !chatId;
  const card = reply.card ?? (when === 'deferred' && reply.toast ? messageCard(toastAsMessage(reply.toast), ctx) : undefined);

  if (when === 'inline') {
    if (!reply.card) return reply.toast ? { toast: reply.toast } : {};
    if (sharedInPlace) return { card: { type: 'raw', data: reply.card }, ...(reply.toast ? { toast: reply.toast } : {}) };
  }
  if (!card) return {};

  const base = {
    tenantKey: ctx.tenantKey,
    dedupeKey: `click:${eventId}`,
    kind: 'reply' as const,
    content: { raw: card, msgType: 'interactive' as const },
  };
  let message: OutgoingMessage;
  if (sharedInPlace && messageId && reply.card) {
    message = {
      ...base,
      receiveIdType: 'chat_id',
      receiveId: chatId ?? '',
      delivery: { channel: 'update', messageId, chatId: chatId ?? '' },
    };
  } else if (mode === 'group' && chatId) {
    message = {
      ...base,
      receiveIdType: 'chat_id',
      receiveId: chatId,
      delivery: { channel: 'ephemeral', chatId, openId: ctx.sender.openId },
    };
  } else {
    message = { ...base, receiveIdType: 'open_id', receiveId: ctx.sender.openId };
  }
  await enqueueAll(deps.db, [message], deps.now());
  deps.onEnqueued?.();
  if (when === 'deferred') return {};
  return { toast: reply.toast ?? (mode === 'topic' ? toast('info', '已私信发送给你', 'Sent to you in a private chat') : undefined) };
}

/** A toast that can no longer be shown (the click was answered already) becomes a small personal card. */
function toastAsMessage(t: Toast): MessageView {
  return { tone: t.type, title: { zh_cn: '操作结果', en_us: 'Result' }, body: t.i18n };
}
