/** Who is asking, in which tenant and chat: the context every command and button runs in. */
import type { CommandContext } from '../../commands/types';
import { clockAt } from '../dates';
import { resolveSender } from '../identity';
import type { EventEnvelope } from '../lark/envelope';
import { adoptDefaultTenant } from '../store/tenants';
import type { BotDeps } from './deps';

const DEFAULT_TENANT = 'default';

const adopted = new WeakMap<object, Set<string>>();

/**
 * The event's tenant. The first time a tenant is seen by this process, it may adopt the rows the
 * CLI imported under "default" (src/store/tenants.ts decides when that is allowed).
 */
export async function tenantOf(deps: BotDeps, envelope: EventEnvelope): Promise<string> {
  const key = envelope.header.tenant_key || DEFAULT_TENANT;
  let seen = adopted.get(deps.db);
  if (!seen) adopted.set(deps.db, (seen = new Set()));
  if (!seen.has(key)) {
    if (await adoptDefaultTenant(deps.db, key)) deps.log(`tenant ${key} adopted the rows imported under "${DEFAULT_TENANT}"`);
    seen.add(key);
  }
  return key;
}

export async function contextFor(
  deps: BotDeps,
  tenantKey: string,
  openId: string,
  chat: CommandContext['chat'],
  mentions: CommandContext['mentions'] = [],
): Promise<CommandContext> {
  const sender = await resolveSender(
    { db: deps.db, tenantKey, contact: deps.lark, officeOpenIds: deps.officeOpenIds, cache: deps.contactCache, log: deps.log },
    openId,
    chat.id,
  );
  // Chinese first for everyone; cards carry en_us too, and Lark shows it to English clients.
  return {
    db: deps.db,
    tenantKey,
    locale: 'zh_cn',
    clock: clockAt(deps.now()),
    sender,
    chat,
    mentions,
    schedule: deps.schedule,
    lark: deps.lark,
  };
}
