// Shapes of what Lark pushes to us. Objects are loose: Lark adds fields over time and a new
// field must never make us drop a real event. Only the fields Duban acts on are required.
import { z } from 'zod';

const optString = z.string().optional();

/** Lark identifies a person three ways; which ones arrive depends on the app's scopes. */
export const userIdSchema = z.looseObject({
  open_id: optString,
  union_id: optString,
  user_id: z.string().nullish(),
});

// ---------------------------------------------------------------------------------------------
// Outer bodies

export const urlVerificationSchema = z.looseObject({
  type: z.literal('url_verification'),
  challenge: z.string(),
  token: z.string(),
});

export const eventHeaderSchema = z.looseObject({
  event_id: z.string().min(1),
  event_type: z.string().min(1),
  // Milliseconds since the epoch, sent as a string; some producers send a number.
  create_time: z.union([z.string(), z.number()]).optional(),
  token: z.string(),
  app_id: optString,
  tenant_key: optString,
});

export const eventEnvelopeSchema = z.looseObject({
  schema: z.literal('2.0'),
  header: eventHeaderSchema,
  event: z.looseObject({}),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

// ---------------------------------------------------------------------------------------------
// im.message.receive_v1

/**
 * Zero-width characters, which make text look like content when it has none, and bidi controls
 * (marks, embeddings, overrides, isolates), which reorder what others read: neither survives the
 * edge, so nothing a person typed can show differently to the people it is shown to.
 */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

function visible(s: string): string {
  return s.replace(INVISIBLE, '');
}

/** Every string in a form's values, cleaned the same way (multi-selects send arrays). */
function visibleValues(v: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [
      k,
      typeof x === 'string' ? visible(x) : Array.isArray(x) ? x.map((y) => (typeof y === 'string' ? visible(y) : y)) : x,
    ]),
  );
}

export const mentionSchema = z.looseObject({
  key: z.string(),
  id: userIdSchema,
  name: z.string().transform(visible).optional(),
  tenant_key: optString,
});

export const messageReceiveEventSchema = z.looseObject({
  sender: z.looseObject({
    sender_id: z.looseObject({
      // Duban keys every person on open_id; an event without one is of no use to us.
      open_id: z.string().min(1),
      union_id: optString,
      user_id: z.string().nullish(),
    }),
    sender_type: z.string(),
    tenant_key: optString,
  }),
  message: z.looseObject({
    message_id: z.string().min(1),
    root_id: optString,
    parent_id: optString,
    thread_id: optString,
    create_time: optString,
    chat_id: z.string().min(1),
    chat_type: z.enum(['p2p', 'group']),
    message_type: z.string(),
    // A JSON document in a string: {"text": …} for text, {"file_key", "file_name"} for files.
    content: z.string(),
    mentions: z.array(mentionSchema).optional(),
  }),
});
export type MessageReceiveEvent = z.infer<typeof messageReceiveEventSchema>;

// ---------------------------------------------------------------------------------------------
// card.action.trigger (card callback, delivered in the v2 event envelope)

const cardContextSchema = z.looseObject({
  open_message_id: optString,
  open_chat_id: optString,
});

export const cardActionEventSchema = z
  .looseObject({
    // Some tenants send only user_id, so none of the three is required here; callers decide.
    operator: z.looseObject({
      open_id: optString,
      user_id: z.string().nullish(),
      union_id: optString,
      tenant_key: optString,
    }),
    // The delayed-update token (valid 30 min) for POST /interactive/v1/card/update.
    token: optString,
    host: optString,
    context: cardContextSchema.optional(),
    // Older surfaces put the ids at the root instead of under context.
    open_message_id: optString,
    open_chat_id: optString,
    action: z.looseObject({
      tag: z.string(),
      // Whatever the card put in the component's value: an object for 2.0 cards, a string on old ones.
      value: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
      name: optString,
      // A form submit: each field's name → its value (string, or string[] for multi-selects).
      form_value: z.record(z.string(), z.unknown()).transform(visibleValues).optional(),
      input_value: optString.transform((s) => (s === undefined ? s : visible(s))),
      option: optString,
      options: z.array(z.string()).optional(),
      checked: z.boolean().optional(),
      timezone: optString,
    }),
  })
  .transform((e) => ({
    ...e,
    context: {
      ...e.context,
      open_message_id: e.context?.open_message_id ?? e.open_message_id,
      open_chat_id: e.context?.open_chat_id ?? e.open_chat_id,
    },
  }));
export type CardActionEvent = z.infer<typeof cardActionEventSchema>;

// ---------------------------------------------------------------------------------------------
// im.chat.member.bot.added_v1

export const botAddedEventSchema = z.looseObject({
  chat_id: z.string().min(1),
  operator_id: userIdSchema.optional(),
  external: z.boolean().optional(),
  operator_tenant_key: optString,
  // The docs call this the chat's name; the node-sdk's own types call it the bot's name.
  // Treat it as display-only and fetch the chat if the name matters.
  name: optString,
  i18n_names: z.record(z.string(), z.string()).optional(),
});
export type BotAddedEvent = z.infer<typeof botAddedEventSchema>;

// ---------------------------------------------------------------------------------------------
// Classification

export type LarkEvent =
  | { type: 'im.message.receive_v1'; event: MessageReceiveEvent }
  | { type: 'card.action.trigger'; event: CardActionEvent }
  | { type: 'im.chat.member.bot.added_v1'; event: BotAddedEvent }
  /** Authentic, but not an event Duban handles: acknowledge and ignore. */
  | { type: 'unsupported'; eventType: string }
  /** Authentic and of a type we handle, but its body does not have the fields we need. */
  | { type: 'malformed'; eventType: string; error: string };

/**
 * Parse the event body by its header type. Kept apart from authentication on purpose: a
 * genuine push whose body we cannot use is a bug to log, not a forgery to refuse.
 */
export function parseEvent(envelope: EventEnvelope): LarkEvent {
  const eventType = envelope.header.event_type;
  const body = envelope.event;
  switch (eventType) {
    case 'im.message.receive_v1': {
      const r = messageReceiveEventSchema.safeParse(body);
      return r.success ? { type: eventType, event: r.data } : malformed(eventType, r.error);
    }
    case 'card.action.trigger': {
      const r = cardActionEventSchema.safeParse(body);
      return r.success ? { type: eventType, event: r.data } : malformed(eventType, r.error);
    }
    case 'im.chat.member.bot.added_v1': {
      const r = botAddedEventSchema.safeParse(body);
      return r.success ? { type: eventType, event: r.data } : malformed(eventType, r.error);
    }
    default:
      return { type: 'unsupported', eventType };
  }
}

function malformed(eventType: string, error: z.ZodError): LarkEvent {
  return { type: 'malformed', eventType, error: z.prettifyError(error) };
}

// ---------------------------------------------------------------------------------------------
// Message content helpers

function parseJsonObject(content: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(content);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The text a user typed, without the mention placeholders Lark puts in its place
 * (`@_user_1`, and `@_all` for @everyone). Returns '' for content that is not a text
 * message body, so a garbled message reads as "no command" rather than crashing a handler.
 */
export function parseTextContent(content: string): string {
  const obj = parseJsonObject(content);
  const text = obj && typeof obj.text === 'string' ? visible(obj.text) : '';
  // Swallow the spaces after a placeholder too, so "请 @_user_1 查看" reads "请 查看",
  // but keep newlines: multi-line progress reports must keep their shape.
  return text.replace(/@_(?:user_\d+|all)[ \t\u00a0\u3000]*/g, '').trim();
}

/** A picture, file, video or voice message's resource: what `GET …/resources/:file_key?type=` needs. */
export type MessageResource = { fileKey: string; fileName: string; type: 'image' | 'file' };

/**
 * The resource of an image ({image_key}), file ({file_key, file_name}), media (a video:
 * {file_key, image_key, file_name, duration}) or audio ({file_key, duration}) message. A sticker
 * is 'unsupported': Lark does not let bots download stickers. null for anything else.
 */
export function parseResourceContent(messageType: string, content: string): MessageResource | 'unsupported' | null {
  const obj = parseJsonObject(content);
  if (messageType === 'sticker') return 'unsupported';
  if (!obj) return null;
  const key = (k: string) => (typeof obj[k] === 'string' && obj[k] !== '' ? (obj[k] as string) : null);
  const name = typeof obj.file_name === 'string' ? visible(obj.file_name) : '';
  if (messageType === 'image') {
    const imageKey = key('image_key');
    return imageKey ? { fileKey: imageKey, fileName: '', type: 'image' } : null;
  }
  if (messageType === 'file' || messageType === 'media' || messageType === 'audio') {
    const fileKey = key('file_key');
    return fileKey ? { fileKey, fileName: name, type: 'file' } : null;
  }
  return null;
}
