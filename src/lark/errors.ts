/** Lark's failures as one error type, and which of them are worth retrying. */

/** Lark codes that mean "slow down", whatever the HTTP status says (older APIs answer 400). */
const RATE_LIMIT_CODES = new Set([
  99991400, // request trigger frequency limit (gateway)
  230020, // group-level message rate limit
  11232, // message send frequency limit
]);
/** Final outcomes for a message: retrying cannot succeed. */
const FINAL_CODES = new Set([
  230031, // message too old (14 days) to update
  230011, // message was recalled
]);
/** The tenant token we sent is invalid/expired/missing: refetch it and try once more. */
export const TOKEN_CODES = new Set([99991663, 99991661]);
/** The person or department exists but lies outside the app's contact visibility. */
export const NOT_VISIBLE_CODES = new Set([41050, 40004]);

export interface LarkApiErrorInit {
  /** Lark's business code; -1 when the answer carried none (network failure, non-JSON body). */
  code: number;
  /** HTTP status; 0 when no HTTP answer arrived (network failure, timeout). */
  httpStatus: number;
  retryable?: boolean;
  /** From x-ogw-ratelimit-reset on rate-limited answers. */
  retryAfterSeconds?: number;
  /** Lark's request log id: what Lark support asks for. */
  logId?: string;
  /**
   * The app itself was refused (its tenant token could not be had: a wrong or reset app secret, a
   * disabled app). Nothing about the message is wrong, and an administrator's fix makes every
   * send good again, so such failures are retried until then rather than given up.
   */
  configuration?: boolean;
  cause?: unknown;
}

export class LarkApiError extends Error {
  readonly code: number;
  readonly httpStatus: number;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
  readonly logId?: string;
  readonly configuration: boolean;

  constructor(message: string, init: LarkApiErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'LarkApiError';
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.configuration = init.configuration ?? false;
    this.retryable = this.configuration || (init.retryable ?? isRetryableLarkFailure(init.httpStatus, init.code));
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.logId = init.logId;
  }
}

/** Whether a failure is worth retrying later (by a queue or outbox, not by this module). */
export function isRetryableLarkFailure(httpStatus: number, code: number): boolean {
  if (FINAL_CODES.has(code)) return false;
  if (RATE_LIMIT_CODES.has(code)) return true;
  if (httpStatus === 0) return true;
  return httpStatus === 429 || httpStatus >= 500;
}
