import { findNotice, type NoticeRef } from '../src/store/ledger-export';
import type { CommandContext } from './types';

/** "12", "#12", "第12号": a notice number; anything else matches no notice. */
export async function publishedNoticeByNumber(ctx: CommandContext, wanted: string): Promise<NoticeRef | null> {
  const id = /^(?:#|＃|第)?\s*(\d{1,9})\s*号?$/.exec(wanted)?.[1];
  const found = id ? await findNotice(ctx.db, ctx.tenantKey, Number(id)) : null;
  return found?.status === 'published' ? found : null;
}
