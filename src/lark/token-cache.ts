import type { Cache } from '@larksuiteoapi/node-sdk';

export type LarkTokenCache = Cache & { clear(): void };

/**
 * A token cache we own. The SDK's default cache is one module-wide map keyed by appId, so
 * two clients with the same appId but different hosts (tests against different fakes, a
 * private deployment next to open.feishu.cn) would share tokens; and we need to drop a token
 * that Lark rejected, which the SDK's cache offers no way to do.
 */
export function createTokenCache(): LarkTokenCache {
  const values = new Map<string, { value: unknown; expiresAt?: number }>();
  const keyOf = (key: string | symbol, namespace?: string) => `${namespace ?? ''}/${key.toString()}`;
  return {
    async get(key, options) {
      const hit = values.get(keyOf(key as string | symbol, options?.namespace));
      if (!hit) return undefined;
      if (hit.expiresAt !== undefined && hit.expiresAt <= Date.now()) return undefined;
      return hit.value;
    },
    async set(key, value, expire, options) {
      values.set(keyOf(key as string | symbol, options?.namespace), { value, expiresAt: expire });
      return true;
    },
    clear() {
      values.clear();
    },
  };
}
