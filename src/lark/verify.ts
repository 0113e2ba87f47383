// Decide whether an HTTP push really comes from Lark, and what it is. We do this ourselves
// rather than through the node-sdk's EventDispatcher: the dispatcher checks nothing when no
// Encrypt Key is set, never compares the Verification Token, and hashes a re-serialised body.
import { computeSignature, decryptEvent, timingSafeEqual } from './crypto';
import { eventEnvelopeSchema, parseEvent, urlVerificationSchema, type EventEnvelope, type LarkEvent } from './envelope';

export interface LarkVerifyConfig {
  verificationToken: string;
  /** When set, Lark encrypts every push and signs every event (see verifyLarkRequest). */
  encryptKey?: string;
}

export interface VerifyInput {
  /** The body exactly as received: the signature covers these bytes, not a re-encoding. */
  rawBody: string;
  headers: Headers | Record<string, string | undefined>;
  config: LarkVerifyConfig;
  now: Date;
  /** How old (or how far in the future) X-Lark-Request-Timestamp may be. Default 300 s. */
  maxAgeSeconds?: number;
}

export type VerifyResult =
  | { ok: true; kind: 'challenge'; challenge: string }
  | { ok: true; kind: 'event'; envelope: EventEnvelope; event: LarkEvent }
  | { ok: false; reason: string };

const DEFAULT_MAX_AGE_SECONDS = 300;
/** An encrypted url_verification ({challenge, token, type}) is well under this, base64 and all. */
const MAX_UNSIGNED_CHALLENGE_CHARS = 1024;

function header(headers: VerifyInput['headers'], name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers as Record<string, string | undefined>)) {
    if (k.toLowerCase() === wanted) return v;
  }
  return undefined;
}

function refuse(reason: string): VerifyResult {
  return { ok: false, reason };
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Authenticate and classify one push to the event/callback URL. Never throws.
 *
 * With an Encrypt Key configured:
 * - the body must be `{"encrypt": …}`;
 * - X-Lark-Signature must equal SHA-256(timestamp + nonce + key + raw body), compared in
 *   constant time, and X-Lark-Request-Timestamp must lie within maxAgeSeconds of `now`
 *   either way (a far-future stamp is as suspect as a stale one: it would outlive replay
 *   windows);
 * - one exception: Lark's docs exclude the URL check ("请求网址校验") from signature
 *   verification, and in practice it arrives encrypted with no X-Lark-* headers at all. A
 *   request with none of the three headers is therefore accepted only if it decrypts with our
 *   key to a url_verification whose token matches. A request carrying some but not all
 *   headers, or a wrong signature, is refused even if it is a challenge. The blast radius of
 *   this exception is echoing a challenge, never dispatching an event.
 *
 * Without an Encrypt Key there is no signature: plain JSON is accepted when its token matches,
 * and an encrypted body is refused (we could not read it anyway).
 *
 * In both modes the Verification Token is compared in constant time: `token` on
 * url_verification, `header.token` on schema 2.0 events (card callbacks included).
 */
export async function verifyLarkRequest(input: VerifyInput): Promise<VerifyResult> {
  try {
    return await verify(input);
  } catch (e) {
    return refuse(`verification failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function verify(input: VerifyInput): Promise<VerifyResult> {
  const { rawBody, headers, config, now } = input;
  const maxAge = input.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
  // An empty token would make every unsigned, token-less body "match": fail closed instead.
  if (!config.verificationToken) return refuse('no verification token configured');

  const body = parseJsonObject(rawBody);
  if (!body) return refuse('body is not a JSON object');

  let payload: Record<string, unknown>;
  if (config.encryptKey) {
    if (typeof body.encrypt !== 'string' || body.encrypt === '') {
      return refuse('an Encrypt Key is configured but the body is not encrypted');
    }
    const timestamp = header(headers, 'x-lark-request-timestamp');
    const nonce = header(headers, 'x-lark-request-nonce');
    const signature = header(headers, 'x-lark-signature');
    const present = [timestamp, nonce, signature].filter((h) => h !== undefined && h !== '').length;

    if (present === 0) {
      // Only the URL check comes unsigned, and it is a few hundred bytes: anything longer is
      // refused before any decryption, so unsigned input cannot make us run AES on it at will.
      if (body.encrypt.length > MAX_UNSIGNED_CHALLENGE_CHARS) return refuse('missing signature headers');
      // Same reason for "does not decrypt" and "is not a challenge", so this path reveals
      // nothing about padding or content to a prober.
      const decrypted = await decryptOrNull(body.encrypt, config.encryptKey);
      if (decrypted === null) return refuse('missing signature headers');
      const challenge = urlVerificationSchema.safeParse(decrypted);
      if (!challenge.success) return refuse('missing signature headers');
      return answerChallenge(challenge.data.token, challenge.data.challenge, config);
    }
    if (present < 3) return refuse('incomplete signature headers');

    const expected = await computeSignature(timestamp!, nonce!, config.encryptKey, rawBody);
    if (!timingSafeEqual(expected, signature!.trim().toLowerCase())) {
      return refuse('signature mismatch');
    }
    const age = checkTimestamp(timestamp!, now, maxAge);
    if (age) return refuse(age);
    // Decrypt only once the signature holds, so forged ciphertext never reaches AES here.
    const decrypted = await decryptOrNull(body.encrypt, config.encryptKey);
    if (decrypted === null) return refuse('cannot decrypt body with the configured Encrypt Key');
    payload = decrypted;
  } else {
    if ('encrypt' in body) return refuse('body is encrypted but no Encrypt Key is configured');
    payload = body;
  }

  if (payload.type === 'url_verification') {
    const challenge = urlVerificationSchema.safeParse(payload);
    if (!challenge.success) return refuse('malformed url_verification');
    return answerChallenge(challenge.data.token, challenge.data.challenge, config);
  }

  if (payload.schema !== '2.0') {
    // v1 events and the old card.action.trigger_v1 callback: Duban subscribes to 2.0 only.
    return refuse('unsupported payload: not a schema 2.0 event');
  }
  const envelope = eventEnvelopeSchema.safeParse(payload);
  if (!envelope.success) return refuse('malformed event envelope');
  if (!timingSafeEqual(envelope.data.header.token, config.verificationToken)) {
    return refuse('verification token mismatch');
  }
  return { ok: true, kind: 'event', envelope: envelope.data, event: parseEvent(envelope.data) };
}

async function decryptOrNull(encrypt: string, key: string): Promise<Record<string, unknown> | null> {
  try {
    return parseJsonObject(await decryptEvent(encrypt, key));
  } catch {
    return null;
  }
}

function answerChallenge(token: string, challenge: string, config: LarkVerifyConfig): VerifyResult {
  if (!timingSafeEqual(token, config.verificationToken)) return refuse('verification token mismatch');
  return { ok: true, kind: 'challenge', challenge };
}

function checkTimestamp(raw: string, now: Date, maxAgeSeconds: number): string | null {
  // Lark sends whole seconds since the epoch.
  if (!/^\d{1,12}$/.test(raw.trim())) return 'malformed request timestamp';
  const skew = now.getTime() / 1000 - Number(raw.trim());
  if (skew > maxAgeSeconds) return 'stale request timestamp';
  if (-skew > maxAgeSeconds) return 'request timestamp is in the future';
  return null;
}
