import type { Command, CommandContext, Reply } from './types';
import { messageCard } from '../cards';
import { noticePreviewCard } from '../cards/publish';
import { can, refusal } from '../src/roles';
import { parseNoticeFile, NoticeError } from '../src/notice/parse';
import { importNotice, sourceHash } from '../src/store/notice-import';
import { noticePreview } from '../src/publish';

function say(ctx: CommandContext, tone: 'info' | 'warning' | 'error', title: [string, string], body: [string, string]): Reply {
  return { card: messageCard({ tone, title: { zh_cn: title[0], en_us: title[1] }, body: { zh_cn: body[0], en_us: body[1] } }, ctx) };
}

/**
 * A notice the office sent (file or pasted text) → a draft in the ledger → the preview card.
 * Nothing reaches departments until 发布 is pressed on the preview. Sending the same file again
 * shows the same draft (or says it is already published) instead of importing it twice.
 */
export async function importForPreview(ctx: CommandContext, bytes: Uint8Array, fileName: string): Promise<Reply> {
  if (!can(ctx.sender, 'publish')) {
    const r = refusal('publish');
    return say(ctx, 'warning', ['没有权限', 'Not allowed'], [r.zh_cn, r.en_us]);
  }
  let parsed: Awaited<ReturnType<typeof parseNoticeFile>>;
  try {
    parsed = await parseNoticeFile(bytes, fileName);
  } catch (e) {
    if (!(e instanceof NoticeError)) throw e;
    return say(
      ctx,
      'error',
      ['无法识别这份通知', 'Could not read this notice'],
      [e.message, 'See the Chinese message above for the reason.'],
    );
  }
  const result = await importNotice(ctx.db, ctx.tenantKey, parsed, { hash: await sourceHash(bytes), name: fileName });
  if (result.status === 'published') {
    return say(
      ctx,
      'info',
      ['这份通知已经发布过', 'Already published'],
      [
        `《${result.title}》已发布，不会重复下发。发送“汇总”查看进展。`,
        `"${result.title}" was published before and will not be sent again.`,
      ],
    );
  }
  const view = await noticePreview(ctx.db, ctx.tenantKey, result.noticeId);
  return view ? { card: noticePreviewCard(view, ctx) } : null;
}

export const publishNotice: Command = {
  names: ['发布通知', '导入通知', 'import notice', 'publish notice'],
  usage: '发布通知（附通知文件，或在后面粘贴通知全文）',
  summary: { zh_cn: '政务公开办导入通知，预览后发布给各单位', en_us: 'The office imports a notice, previews it, then publishes it' },
  run: async (ctx, args) => {
    if (!args.trim()) {
      if (!can(ctx.sender, 'publish')) {
        const r = refusal('publish');
        return say(ctx, 'warning', ['没有权限', 'Not allowed'], [r.zh_cn, r.en_us]);
      }
      return say(
        ctx,
        'info',
        ['请发送通知', 'Send the notice'],
        [
          '请直接把通知文件（Word、WPS、PDF、Excel、网页或文本）发给我，或在“发布通知”后粘贴通知全文或表格。',
          'Send the notice file (Word, WPS, PDF, Excel, a saved web page or text), or paste its full text or table after "publish notice".',
        ],
      );
    }
    return importForPreview(ctx, new TextEncoder().encode(args), 'pasted.txt');
  },
};
