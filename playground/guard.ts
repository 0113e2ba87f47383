// The playground must never reach a real tenant: it makes its own app id, secret and keys, talks
// only to its stand-in on loopback, and refuses to start when the environment says otherwise.

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class PlaygroundRefusal extends Error {}

export function isLoopbackUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

/**
 * LARK_DOMAIN set to anything but loopback means someone expects a real platform: stop rather
 * than ignore it. Real credentials in the environment are not used, and the start says so.
 */
export function checkEnvironment(env: Record<string, string | undefined>): string[] {
  const domain = env.LARK_DOMAIN?.trim();
  if (domain && !isLoopbackUrl(domain)) {
    throw new PlaygroundRefusal(
      `LARK_DOMAIN=${domain} 指向真实的飞书开放平台，Playground 只连接本机的模拟平台。请在不设置 LARK_DOMAIN 的环境中运行。\n` +
        `(LARK_DOMAIN points at a real Lark platform; the playground only talks to its own loopback stand-in. Unset it.)`,
    );
  }
  const ignored = ['LARK_APP_ID', 'LARK_APP_SECRET', 'LARK_VERIFICATION_TOKEN', 'LARK_ENCRYPT_KEY', 'DATABASE_URL'].filter((k) => env[k]);
  return ignored.length ? [`忽略 ignored: ${ignored.join(', ')} (the playground uses its own keys and its own PGlite)`] : [];
}

/** The last line of defence: the bot's client is built only for a loopback host. */
export function assertLoopback(url: string): string {
  if (!isLoopbackUrl(url)) throw new PlaygroundRefusal(`refusing a non-loopback Lark host: ${url}`);
  return url;
}
