// Lark's event encryption and request signature, on Web Crypto only: the same code runs
// under Node 20 and in Cloudflare Workers, where node:crypto is not a given.

const encoder = new TextEncoder();

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('Web Crypto (crypto.subtle) is not available in this runtime');
  return s;
}

function base64ToBytes(b64: string): Uint8Array {
  // atob accepts whitespace and rejects anything outside the alphabet, which is what we want
  // for a value that arrives from the network.
  const bin = atob(b64.trim());
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toHex(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

async function sha256(data: Uint8Array): Promise<ArrayBuffer> {
  return subtle().digest('SHA-256', data as BufferSource);
}

/**
 * Decrypt the `encrypt` field of a Lark push. Throws on anything that is not a well-formed
 * ciphertext for this key (bad base64, wrong length, bad padding, invalid UTF-8), so a caller
 * can treat "it decrypted" as "it was produced with our Encrypt Key".
 */
export async function decryptEvent(encryptB64: string, encryptKey: string): Promise<string> {
  const data = base64ToBytes(encryptB64);
  // IV (16) plus at least one AES block, and whole blocks only.
  if (data.length < 32 || data.length % 16 !== 0) {
    throw new Error('encrypted payload has an invalid length');
  }
  const keyBytes = await sha256(encoder.encode(encryptKey));
  const key = await subtle().importKey('raw', keyBytes, { name: 'AES-CBC' }, false, ['decrypt']);
  // Web Crypto strips and checks the PKCS#7 padding itself and rejects bad padding.
  const plain = await subtle().decrypt({ name: 'AES-CBC', iv: data.slice(0, 16) as BufferSource }, key, data.slice(16) as BufferSource);
  return new TextDecoder('utf-8', { fatal: true }).decode(plain);
}

/**
 * X-Lark-Signature: hex SHA-256 over timestamp + nonce + encryptKey + the body exactly as
 * received. Pass the raw body (string or bytes), never a re-serialised object: any
 * difference in whitespace or key order changes the hash.
 */
export async function computeSignature(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: string | Uint8Array,
): Promise<string> {
  const head = encoder.encode(timestamp + nonce + encryptKey);
  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody;
  const all = new Uint8Array(head.length + body.length);
  all.set(head, 0);
  all.set(body, head.length);
  return toHex(await sha256(all));
}

/**
 * Compare two secrets without an early exit: the loop always runs over the longer input and
 * a length difference is folded into the same accumulator, so the time taken does not tell
 * an attacker how many leading characters were right.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const len = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < len; i++) {
    diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  }
  return diff === 0;
}
