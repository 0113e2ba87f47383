import type { Db } from '../store/db';
import { outbox } from '../store/schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface OutgoingMessage {
  tenantKey: string;
  /** Unique per tenant: the same decision enqueued twice is one message ("publish:12:34"). */
  dedupeKey: string;
  kind: 'publish' | 'remind' | 'overdue' | 'checkin' | 'digest' | 'review';
  noticeId?: number | null;
  departmentId?: number | null;
  receiveIdType: 'chat_id' | 'open_id';
  receiveId: string;
  msgType: 'text' | 'interactive';
  /** Card or text object; stored as the JSON string Lark takes. */
  content: object;
  /**
   * Not before this time: the deciding code's `now`, or later (quiet hours push messages to the
   * next morning). Required, so an injected clock holds end to end: a wall-clock default would
   * put a message decided on a moved clock out of the delivery loop's reach.
   */
  notBefore: Date;
}

/**
 * Records a message to be sent, inside the caller's transaction. Returns false when a message
 * with the same dedupe key already exists, so deciding twice never sends twice.
 */
export async function enqueue(tx: Tx, m: OutgoingMessage): Promise<boolean> {
  const rows = await tx
    .insert(outbox)
    .values({
      tenantKey: m.tenantKey,
      dedupeKey: m.dedupeKey,
      kind: m.kind,
      noticeId: m.noticeId ?? null,
      departmentId: m.departmentId ?? null,
      receiveIdType: m.receiveIdType,
      receiveId: m.receiveId,
      msgType: m.msgType,
      content: JSON.stringify(m.content),
      nextAttemptAt: m.notBefore,
    })
    .onConflictDoNothing({ target: [outbox.tenantKey, outbox.dedupeKey] })
    .returning({ id: outbox.id });
  return rows.length > 0;
}
