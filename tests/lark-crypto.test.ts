import { describe, expect, it } from 'vitest';
import { computeSignature, decryptEvent, timingSafeEqual } from '../src/lark/crypto';
import { encryptForLark, larkSignature } from '../playground/lark/lark-payloads';

describe('decryptEvent', () => {
  it('decrypts the published Lark test vector to "hello world"', async () => {
    await expect(decryptEvent('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', 'test key')).resolves.toBe('hello world');
  });

  it('reads what node:crypto encrypted the Lark way, including Chinese text', async () => {
    const plain = JSON.stringify({ text: '请各单位于3月31日前报送进展' });
    await expect(decryptEvent(encryptForLark(plain, 'k3y'), 'k3y')).resolves.toBe(plain);
  });

  it('rejects ciphertext made with another key instead of returning garbage', async () => {
    const other = encryptForLark(JSON.stringify({ a: 1 }), 'right key');
    // A wrong key almost always breaks the PKCS#7 padding or the UTF-8; either way it throws.
    await expect(decryptEvent(other, 'wrong key')).rejects.toThrow();
  });

  it('rejects input that is not base64 or not whole AES blocks', async () => {
    await expect(decryptEvent('not base64 !!', 'k')).rejects.toThrow();
    await expect(decryptEvent(Buffer.alloc(20).toString('base64'), 'k')).rejects.toThrow(/length/);
  });
});

describe('computeSignature', () => {
  it('is the hex SHA-256 of timestamp, nonce, key and raw body, as node:crypto computes it', async () => {
    const body = '{"encrypt":"abc=="}';
    const sig = await computeSignature('1700000000', 'nonce1', 'key', body);
    expect(sig).toBe(larkSignature('1700000000', 'nonce1', 'key', body));
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same answer for the body as string or as UTF-8 bytes', async () => {
    const body = '{"text":"督办"}';
    expect(await computeSignature('1', 'n', 'k', new TextEncoder().encode(body))).toBe(await computeSignature('1', 'n', 'k', body));
  });

  it('changes when a single byte of the body changes', async () => {
    expect(await computeSignature('1', 'n', 'k', '{"a":1}')).not.toBe(await computeSignature('1', 'n', 'k', '{"a":2}'));
  });
});

describe('timingSafeEqual', () => {
  it('is true only for identical strings', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual('', '')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
  });

  it('is false when one string is a prefix of the other', () => {
    expect(timingSafeEqual('abc', 'abcd')).toBe(false);
    expect(timingSafeEqual('abcd', 'abc')).toBe(false);
    expect(timingSafeEqual('', 'a')).toBe(false);
  });

  it('compares non-ASCII text by its bytes', () => {
    expect(timingSafeEqual('令牌', '令牌')).toBe(true);
    expect(timingSafeEqual('令牌', '令片')).toBe(false);
  });
});
