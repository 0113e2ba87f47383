// Everything that crossed the wire between the bot and the stand-in platform, newest last, for
// the page's raw-JSON panel: pushes to the webhook (decrypted, with the encrypted body and
// signature headers as sent) and the bot's open API calls with the platform's answers.

export interface TrafficRecord {
  id: number;
  /** By the playground clock (ms). */
  at: number;
  /** to_bot: the platform pushed an event or card callback; to_platform: the bot called the open API. */
  direction: 'to_bot' | 'to_platform';
  method: string;
  path: string;
  /** The JSON body: decrypted for pushes. */
  body: unknown;
  /** Pushes only: the request exactly as sent (encrypted body, X-Lark-* headers). */
  wire?: { headers: Record<string, string>; body: string };
  status: number;
  response: unknown;
  /** Messages the exchange created, changed or was about. */
  messageIds: string[];
}

export interface Traffic {
  add(record: Omit<TrafficRecord, 'id'>): TrafficRecord;
  all(): TrafficRecord[];
  subscribe(listener: (record: TrafficRecord) => void): () => void;
}

/** Keeps the last `limit` records: enough for a session at the page, bounded for a long-running one. */
export function createTraffic(limit = 400): Traffic {
  const records: TrafficRecord[] = [];
  const listeners = new Set<(record: TrafficRecord) => void>();
  let serial = 0;
  return {
    add(record) {
      const full = { ...record, id: ++serial };
      records.push(full);
      if (records.length > limit) records.splice(0, records.length - limit);
      for (const l of listeners) l(full);
      return full;
    },
    all: () => [...records],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
