/** How a failed send is recorded on its outbox row, and read back for the delivery report. */
import { LarkApiError } from '../lark/errors';

const LAST_ERROR_MAX = 500;

/** `lastError` as stored: the Lark code first, so the delivery report can explain it. */
export function describeFailure(e: unknown): string {
  const text =
    e instanceof LarkApiError
      ? `[code ${e.code}, HTTP ${e.httpStatus}] ${e.message}${e.logId ? ` (log_id ${e.logId})` : ''}`
      : `[unexpected] ${e instanceof Error ? e.message : String(e)}`;
  return text.length > LAST_ERROR_MAX ? `${text.slice(0, LAST_ERROR_MAX - 1)}…` : text;
}

/** The Lark code recorded by `describeFailure`, or null. */
export function larkCodeOfFailure(lastError: string | null): number | null {
  const m = lastError ? /^\[code (-?\d+),/.exec(lastError) : null;
  return m ? Number(m[1]) : null;
}
