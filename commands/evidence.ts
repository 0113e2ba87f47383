/**
 * 佐证材料: pictures and files a department sends for a task, "佐证 N" to say which task they are
 * for, 要求佐证 on a notice, and opening a file from a card.
 */
import type { ActionValue } from '../cards/action-value';
import { formatBytes, oneLine, truncate } from '../cards/format';
import { toast } from '../src/lark/port';
import { allows } from '../src/permissions';
import {
  type EvidenceTarget,
  claimEvidence,
  evidenceById,
  openClaim,
  saveEvidence,
  setEvidenceRequired,
  targetByReportCard,
  targetBySeq,
} from '../src/store/evidence';
import { findNotice, latestPublishedNotice } from '../src/store/ledger-export';
import { message, say } from './reply';
import type { Action, Command, CommandContext, Reply } from './types';

/** im/v1/files takes at most 30 MB: anything bigger the bot could never send back to the office. */
export const EVIDENCE_MAX_BYTES = 30 * 1024 * 1024;
/** How long "佐证 N" waits for the files, and how far back it looks for files sent before it. */
export const CLAIM_MINUTES = 10;

/** A picture or file as its message carried it; `fileName` is '' for a picture. */
export interface IncomingResource {
  messageId: string;
  fileKey: string;
  type: 'image' | 'file';
  fileName: string;
}

const taskLine = (t: EvidenceTarget) => `第 ${t.seq} 项任务“${truncate(oneLine(t.requirement), 30)}”`;
const taskLineEn = (t: EvidenceTarget) => `task ${t.seq}`;
const claimSince = (ctx: CommandContext) => new Date(ctx.clock.now.getTime() - CLAIM_MINUTES * 60_000);

export const STICKER_REFUSED = message(
  'warning',
  ['表情包不能作为佐证', 'Stickers cannot be evidence'],
  [
    '飞书不允许机器人读取表情包，请发送截图或文件作为佐证材料。',
    'Lark does not let bots read stickers; send a screenshot or a file instead.',
  ],
);

/** The share a picture or file is for: the report card it answers (or its thread's root), else this person's open "佐证 N". */
export async function evidenceTarget(ctx: CommandContext, repliedTo: string[]): Promise<EvidenceTarget | null> {
  return (
    (await targetByReportCard(ctx.db, ctx.tenantKey, repliedTo)) ??
    (await openClaim(ctx.db, { tenantKey: ctx.tenantKey, chatId: ctx.chat.id ?? '', openId: ctx.sender.openId, since: claimSince(ctx) }))
  );
}

/** Why a resource cannot be kept, or null; `bytes` is what Lark served (nothing of it is stored). */
function refusal(ctx: CommandContext, resource: IncomingResource, bytes: Uint8Array | null): Reply | null {
  if (!bytes) {
    return say(
      ctx,
      message(
        'warning',
        ['无法读取这个文件', 'Lark would not hand over this file'],
        [
          '飞书未能提供这个文件（可能已撤回、超过 100 MB，或是表情包），未作为佐证材料保存。请重新发送原文件。',
          'Lark did not let the bot read this file (recalled, over 100 MB, or a sticker), so it was not kept as evidence. Please send the original file again.',
        ],
      ),
    );
  }
  if (bytes.length === 0) {
    return say(
      ctx,
      message('warning', ['文件是空的', 'The file is empty'], ['空文件不能作为佐证材料。', 'An empty file cannot be evidence.']),
    );
  }
  if (bytes.length > EVIDENCE_MAX_BYTES) {
    const name = resource.fileName || '图片';
    return say(
      ctx,
      message(
        'warning',
        ['文件过大', 'File too big'],
        [
          `${name}（${formatBytes(bytes.length)}）超过 30 MB，飞书不允许机器人转发给政务公开办查看，未作为佐证材料保存。请压缩或拆分后重新发送，或在汇报中填写网盘链接。`,
          `${name} (${formatBytes(bytes.length)}) is over 30 MB, which Lark does not let the bot pass on to the office, so it was not kept. Compress or split it and send it again, or give a link in the report.`,
        ],
      ),
    );
  }
  return null;
}

function fileType(resource: IncomingResource): string {
  if (resource.type === 'image') return 'image';
  const ext = /\.([a-z0-9]{1,8})$/i.exec(resource.fileName)?.[1];
  return ext ? ext.toLowerCase() : '';
}

function fileName(ctx: CommandContext, resource: IncomingResource): string {
  return resource.fileName.trim() || `图片 ${ctx.clock.format(ctx.clock.now, 'yyyy-MM-dd HH:mm')}`;
}

/** The bytes are kept only when the deployment says so (DUBAN_EVIDENCE_COPY). */
async function keep(ctx: CommandContext, resource: IncomingResource, bytes: Uint8Array, assignmentId: number | null): Promise<void> {
  await saveEvidence(ctx.db, {
    tenantKey: ctx.tenantKey,
    file: {
      messageId: resource.messageId,
      fileKey: resource.fileKey,
      resourceType: resource.type,
      fileName: fileName(ctx, resource),
      size: bytes.length,
      fileType: fileType(resource),
      senderOpenId: ctx.sender.openId,
      chatId: ctx.chat.id ?? '',
    },
    assignmentId,
    now: ctx.clock.now,
    copy: ctx.keepEvidenceCopy ? bytes : undefined,
  });
}

/** Attaching is only for the department's own, open shares. */
function targetRefusal(ctx: CommandContext, target: EvidenceTarget): Reply | null {
  if (target.departmentId !== ctx.sender.department?.id) {
    return say(
      ctx,
      message(
        'warning',
        ['不能为其他单位提交佐证', 'Not your department’s task'],
        ['只能为本单位的任务提交佐证材料。', 'You can only send evidence for your own department’s tasks.'],
      ),
    );
  }
  if (target.status === 'closed') {
    return say(
      ctx,
      message(
        'info',
        ['任务已办结', 'Task closed'],
        [`${taskLine(target)}已办结，无需再提交佐证材料。`, `${taskLineEn(target)} is closed; no more evidence is needed.`],
      ),
    );
  }
  return null;
}

/**
 * A picture or file for a known share (sent in reply to its report card, or after "佐证 N"). `read`
 * fetches it from Lark only to check it can be passed on (its size); its bytes are not kept.
 */
export async function attachResource(
  ctx: CommandContext,
  target: EvidenceTarget,
  resource: IncomingResource,
  read: () => Promise<Uint8Array | null>,
): Promise<Reply> {
  const refused = targetRefusal(ctx, target);
  if (refused) return refused;
  const bytes = await read();
  const bad = refusal(ctx, resource, bytes);
  if (bad || !bytes) return bad!;
  await keep(ctx, resource, bytes, target.assignmentId);
  const name = fileName(ctx, resource);
  return say(
    ctx,
    message(
      'success',
      ['已收到佐证材料', 'Evidence received'],
      [
        `${name}（${formatBytes(bytes.length)}）已作为${taskLine(target)}的佐证材料，政务公开办可在任务详情和待审核中查看。`,
        `${name} (${formatBytes(bytes.length)}) is attached to ${taskLineEn(target)}; the office sees it in the task details and the review queue.`,
      ],
    ),
  );
}

/**
 * A picture or file nobody said the task of: kept for "佐证 N" within CLAIM_MINUTES. In a private
 * chat the person is told how; in a group the bot says nothing (people share files there).
 */
export async function keepUnclaimed(
  ctx: CommandContext,
  resource: IncomingResource,
  read: () => Promise<Uint8Array | null>,
): Promise<Reply | null> {
  const bytes = await read();
  const bad = refusal(ctx, resource, bytes);
  if (bad || !bytes) return ctx.chat.type === 'p2p' ? bad : null;
  await keep(ctx, resource, bytes, null);
  if (ctx.chat.type !== 'p2p') return null;
  return say(
    ctx,
    message(
      'info',
      ['请说明是哪项任务的佐证', 'Which task is this for?'],
      [
        `已收到 ${fileName(ctx, resource)}。如是佐证材料，请在 ${CLAIM_MINUTES} 分钟内发送“佐证 序号”（如“佐证 3”），或直接回复汇报进展的卡片发送文件。`,
        `Received ${fileName(ctx, resource)}. If it is evidence, send "evidence N" (e.g. "evidence 3") within ${CLAIM_MINUTES} minutes, or send the file in reply to your report card.`,
      ],
    ),
  );
}

export const evidenceCommand: Command = {
  names: ['佐证', '佐证材料', 'evidence'],
  usage: '佐证 序号（再发送图片或文件）',
  summary: {
    zh_cn: '为本单位的一项任务提交佐证材料：发送“佐证 序号”，再发送图片或文件（先发文件也可）',
    en_us: 'Attach evidence to a task: send "evidence N", then pictures or files (or the files first)',
  },
  need: 'report',
  run: async (ctx, args) => {
    const n = /\d{1,6}/.exec(args)?.[0];
    const dept = ctx.sender.department!;
    if (!n) {
      return say(
        ctx,
        message(
          'info',
          ['请写明任务序号', 'Which task?'],
          [
            '请发送“佐证 序号”，如“佐证 3”，再发送图片或文件。发送“我的任务”查看序号。',
            'Send "evidence N", e.g. "evidence 3", then the pictures or files. Send "my tasks" to see the numbers.',
          ],
        ),
      );
    }
    const target = await targetBySeq(ctx.db, ctx.tenantKey, dept.id, Number(n));
    if (!target) {
      return say(
        ctx,
        message(
          'warning',
          ['没有找到这项任务', 'Task not found'],
          [
            `${dept.name}没有序号为 ${n} 的任务。发送“我的任务”查看序号。`,
            `${dept.name} has no task numbered ${n}. Send "my tasks" to see the numbers.`,
          ],
        ),
      );
    }
    const refused = targetRefusal(ctx, target);
    if (refused) return refused;
    const { attached } = await claimEvidence(ctx.db, {
      tenantKey: ctx.tenantKey,
      chatId: ctx.chat.id ?? '',
      openId: ctx.sender.openId,
      assignmentId: target.assignmentId,
      since: claimSince(ctx),
      now: ctx.clock.now,
    });
    if (attached.length) {
      const names = attached.map((a) => a.fileName).join('、');
      return say(
        ctx,
        message(
          'success',
          ['已收到佐证材料', 'Evidence received'],
          [
            `${names} 已作为${taskLine(target)}的佐证材料，共 ${attached.length} 个。`,
            `${attached.length} file(s) attached to ${taskLineEn(target)}: ${names}.`,
          ],
        ),
      );
    }
    return say(
      ctx,
      message(
        'info',
        ['请发送佐证材料', 'Send the evidence'],
        [
          `请在 ${CLAIM_MINUTES} 分钟内在这里发送图片或文件（可多个），将作为${taskLine(target)}的佐证材料。单个文件不超过 30 MB。`,
          `Send the pictures or files here within ${CLAIM_MINUTES} minutes (several are fine); they will be attached to ${taskLineEn(target)}. At most 30 MB each.`,
        ],
      ),
    );
  },
};

/** 要求佐证 / 取消要求佐证 [通知编号]: the newest published notice when no number is given. */
function evidenceRequirement(required: boolean): Command['run'] {
  return async (ctx, args) => {
    const id = /\d{1,9}/.exec(args)?.[0];
    const notice = id ? await findNotice(ctx.db, ctx.tenantKey, Number(id)) : await latestPublishedNotice(ctx.db, ctx.tenantKey);
    if (!notice || notice.status === 'cancelled') {
      return say(
        ctx,
        message(
          'warning',
          ['没有找到这份通知', 'Notice not found'],
          id
            ? [`没有编号为 ${id} 的通知。`, `There is no notice numbered ${id}.`]
            : ['还没有已发布的通知。', 'No notice has been published yet.'],
        ),
      );
    }
    await setEvidenceRequired(ctx.db, ctx.tenantKey, notice.id, required);
    const title = truncate(oneLine(notice.title), 40);
    return say(
      ctx,
      required
        ? message(
            'success',
            ['已要求佐证材料', 'Evidence required'],
            [
              `《${title}》（编号 ${notice.id}）的任务报“已完成”时须附佐证材料（图片、文件或链接），否则不予提交。发送“取消要求佐证 ${notice.id}”可取消。`,
              `Tasks of “${title}” (no. ${notice.id}) can be reported done only with evidence (pictures, files or a link). Send "no evidence required ${notice.id}" to lift it.`,
            ],
          )
        : message(
            'success',
            ['已取消佐证要求', 'Evidence no longer required'],
            [
              `《${title}》（编号 ${notice.id}）的任务报“已完成”时不再强制附佐证材料。`,
              `Tasks of “${title}” (no. ${notice.id}) can be reported done without evidence again.`,
            ],
          ),
    );
  };
}

export const requireEvidenceCommand: Command = {
  names: ['要求佐证', 'require evidence'],
  usage: '要求佐证 [通知编号]',
  summary: {
    zh_cn: '政务公开办：要求该通知的任务报“已完成”时必须附佐证材料',
    en_us: 'Office: require evidence before a task of the notice can be reported done',
  },
  need: 'publish',
  run: evidenceRequirement(true),
};

export const noEvidenceRequiredCommand: Command = {
  names: ['取消要求佐证', 'no evidence required'],
  usage: '取消要求佐证 [通知编号]',
  summary: { zh_cn: '政务公开办：取消佐证要求', en_us: 'Office: lift the evidence requirement' },
  need: 'publish',
  run: evidenceRequirement(false),
};

/** 📎 on a card: the bot sends the picture or file to the clicker in a private chat. */
export const evidenceOpenAction: Action<Extract<ActionValue, { a: 'evidence_open' }>> = {
  // Leaders and the office open every department's files; anyone else only their own
  // department's (the same 📎 shows on the task detail in the department's group). Leaders and the
  // office may have no department, so the scope is checked here rather than by a `need`.
  need: 'anyone',
  async run(ctx, value) {
    const e = await evidenceById(ctx.db, ctx.tenantKey, value.evidenceId);
    if (!e) return { toast: toast('warning', '没有找到这份佐证材料', 'This evidence is no longer there') };
    if (!allows(ctx.sender, 'summary') && (!ctx.sender.department || e.departmentId !== ctx.sender.department.id)) {
      return {
        toast: toast('warning', '只能查看本单位的佐证材料', "You can open your own department's evidence only"),
      };
    }
    return {
      resource: { messageId: e.messageId, fileKey: e.fileKey, type: e.resourceType, fileName: e.fileName, copy: e.copy ?? undefined },
      toast: toast('success', `已私信发送给你：${truncate(e.fileName, 30)}`, `Sent to you in a private chat: ${truncate(e.fileName, 30)}`),
    };
  },
};
