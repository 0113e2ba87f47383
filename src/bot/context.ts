/** Who is asking, in which tenant and chat: the context every command and button runs in. */
import type { CommandContext } from '../../commands/types';
import { clockAt } from '../dates';
import { resolveSender } from '../identity';
import type { EventEnvelope } from '../lark/envelope';
import { adoptCliTenant, CLI_TENANT, cliRowsWaiting } from '../store/tenants';
import type { BotDeps } from './deps';

const seenTenants = new WeakMap<object, Set<string>>();

/**
 * The event's tenant. The first time this process sees a tenant: the one the operator named
 * (DUBAN_ADOPT_TENANT) takes over the rows the CLI imported under "default" (src/store/tenants.ts);
 * any other gets a log line saying such rows wait, so nothing is adopted by whoever writes first.
 */
export async function tenantOf(deps: BotDeps, envelope: EventEnvelope): Promise<string> {
  const key = envelope.header.tenant_key || CLI_TENANT;
  let seen = seenTenants.get(deps.db);
  if (!seen) seenTenants.set(deps.db, (seen = new Set()));
  if (!seen.has(key)) {
    seen.add(key);
    if (deps.adoptTenant === key) {
      if (await adoptCliTenant(deps.db, key)) deps.log(`tenant ${key} took over the rows the CLI imported under "${CLI_TENANT}"`);
    } else if (key !== CLI_TENANT && (await cliRowsWaiting(deps.db))) {
      deps.log(
        `notices imported by the CLI under "${CLI_TENANT}" wait for a tenant: set DUBAN_ADOPT_TENANT=${key} to give them to this one`,
      );
    }
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
    scoreWeights: deps.scoreWeights,
    keepEvidenceCopy: deps.keepEvidenceCopy,
    lark: deps.lark,
    parseNotice: deps.parseNotice,
  };
}
