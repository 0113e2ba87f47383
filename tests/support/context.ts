// Contexts for calling commands, buttons and cards directly, as the dispatcher would build them.
import type { CommandContext } from '../../commands/types';
import { clockAt } from '../../src/dates';
import type { Sender } from '../../src/identity';
import type { Db } from '../../src/store/db';
import type { Locale, RenderContext } from '../../src/views/common';

export function renderContext(now: Date, locale: Locale = 'zh_cn'): RenderContext {
  return { locale, clock: clockAt(now) };
}

export function commandContext(input: {
  db: Db;
  tenantKey: string;
  now: Date;
  sender: Sender;
  chat?: CommandContext['chat'];
  mentions?: CommandContext['mentions'];
}): CommandContext {
  return {
    db: input.db,
    tenantKey: input.tenantKey,
    ...renderContext(input.now),
    sender: input.sender,
    chat: input.chat ?? { id: null, type: 'p2p' },
    mentions: input.mentions ?? [],
  };
}
