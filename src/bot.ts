import type { Db } from './store/db';
import { processedEvents } from './store/schema';
import {
  parseEvent,
  parseTextContent,
  parseFileContent,
  type EventEnvelope,
  type MessageReceiveEvent,
  type CardActionEvent,
} from './lark/envelope';
import { importForPreview } from '../commands/publish';
import { can, refusal } from './roles';
import { cancelNotice, deliveryReport, publishNotice } from './publish';
import { reviewDecisionReply, reviewQueueReply } from '../commands/review';
import { returnReasonFrom } from '../cards/review';
import { summaryReply } from '../commands/summary';
import type { SchedulerConfig } from './scheduler/config';
import { cancelOutcomeMessage, deliveryReportCard, publishOutcomeMessage } from '../cards/publish';
import { resolveSender, type Sender, type TtlCache } from './identity';
import { adoptDefaultTenant } from './store/tenants';
import { help, matchCommand, type CommandContext, type Reply } from '../commands';
import { myTasksReply } from '../commands/my-tasks';
import { reportFormReply } from '../commands/report-progress';
import { taskReply } from '../commands/task';
import { messageCard } from '../cards';
import { parseActionValue, parseTaskOption, parseReportForm } from '../cards/action-value';
import { reportProgress } from './store/progress';
import type { Locale, RenderContext } from '../cards/views';

/** What the bot needs from the Lark open API; the real client and test doubles both fit. */
export interface LarkPort {
  replyMessage(input: {
    messageId: string;
    msgType: 'text' | 'interactive' | 'file';
    content: string;
    uuid?: string;
  }): Promise<{ messageId: string }>;
  sendMessage(input: {
    receiveIdType: 'chat_id' | 'open_id';
    receiveId: string;
    msgType: 'text' | 'interactive' | 'file';
    content: string;
    uuid?: string;
  }): Promise<{ messageId: string }>;
  getUserDepartmentIds(openId: string): Promise<string[] | null>;
  getDepartmentName(departmentId: string): Promise<string | null>;
  downloadMessageResource(input: { messageId: string; fileKey: string; type: 'file' }): Promise<Uint8Array>;
  uploadFile(input: { fileName: string; fileType: 'xls' | 'stream'; bytes: Uint8Array }): Promise<{ fileKey: string }>;
}

export interface BotDeps {
  db: Db;
  lark: LarkPort;
  now: () => Date;
  log: (line: string) => void;
  officeOpenIds: string[];
  contactCache: TtlCache<string[]>;
  /** Called after messages were put in the outbox, so the delivery loop sends them at once. */
  onEnqueued?: () => void;
  /** Working days and quiet hours: review results decided at night wait for the morning. */
  schedule?: SchedulerConfig;
}

/** Card callback answer: a toast and/or the card that replaces the clicked one. */
export interface CardActionResponse {
  toast?: { type: 'success' | 'info' | 'warning' | 'error'; content: string; i18n?: Record<string, string> };
  card?: { type: 'raw'; data: object };
}

const DEFAULT_TENANT = 'default';

/**
 * Marks an id as handled; false when it had been handled before. Kept in Postgres, so a
 * redelivery hours later, or to another instance, is still recognised.
 */
export async function firstDelivery(db: Db, key: string): Promise<boolean> {
  const rows = await db.insert(processedEvents).values({ key }).onConflictDoNothing().returning({ key: processedEvents.key });
  return rows.length > 0;
}

const adopted = new WeakMap<Db, Set<string>>();
async function tenantOf(deps: BotDeps, envelope: EventEnvelope): Promise<string> {
  const key = envelope.header.tenant_key || DEFAULT_TENANT;
  let seen = adopted.get(deps.db);
  if (!seen) adopted.set(deps.db, (seen = new Set()));
  if (!seen.has(key)) {
    if (await adoptDefaultTenant(deps.db, key)) deps.log(`tenant ${key} adopted the rows imported under "${DEFAULT_TENANT}"`);
    seen.add(key);
  }
  return key;
}

/** Chinese first for everyone; cards carry en_us too, and Lark shows it to English clients. */
const LOCALE: Locale = 'zh_cn';

async function contextFor(
  deps: BotDeps,
  tenantKey: string,
  openId: string,
  chat: CommandContext['chat'],
  mentions: CommandContext['mentions'] = [],
): Promise<CommandContext> {
  const sender: Sender = await resolveSender(
    { db: deps.db, tenantKey, contact: deps.lark, officeOpenIds: deps.officeOpenIds, cache: deps.contactCache },
    openId,
    chat.id,
  );
  return { db: deps.db, tenantKey, now: deps.now(), locale: LOCALE, sender, chat, mentions };
}

/**
 * The people a command is about: mentions that come after the message's opening mentions
 * ("@督办 设置领导 @张三" → 张三). Opening mentions address the bot.
 */
function targetMentions(event: MessageReceiveEvent): CommandContext['mentions'] {
  const all = event.message.mentions ?? [];
  let raw = '';
  try {
    raw = String((JSON.parse(event.message.content) as { text?: unknown }).text ?? '');
  } catch {
    return [];
  }
  const leading = new Set<string>();
  let rest = raw.trimStart();
  for (let m = rest.match(/^@_user_\d+/); m; m = rest.match(/^@_user_\d+/)) {
    leading.add(m[0]);
    rest = rest.slice(m[0].length).trimStart();
  }
  return all.filter((m) => !leading.has(m.key) && m.id.open_id).map((m) => ({ openId: m.id.open_id!, name: m.name ?? m.id.open_id! }));
}

/** Events other than card callbacks: run after the HTTP answer. */
export async function dispatchEvent(deps: BotDeps, envelope: EventEnvelope): Promise<void> {
  if (!(await firstDelivery(deps.db, `event:${envelope.header.event_id}`))) {
    deps.log(`duplicate event ${envelope.header.event_id} ignored`);
    return;
  }
  const parsed = parseEvent(envelope);
  const tenantKey = await tenantOf(deps, envelope);
  switch (parsed.type) {
    case 'im.message.receive_v1':
      return handleMessage(deps, tenantKey, parsed.event);
    case 'im.chat.member.bot.added_v1': {
      await deps.lark.sendMessage({
        receiveIdType: 'chat_id',
        receiveId: parsed.event.chat_id,
        msgType: 'interactive',
        content: JSON.stringify(greetingCard({ now: deps.now(), locale: LOCALE })),
        uuid: `greet-${envelope.header.event_id}`.slice(0, 50),
      });
      return;
    }
    case 'malformed':
      deps.log(`malformed ${parsed.eventType} event ${envelope.header.event_id}: ${parsed.error}`);
      return;
    default:
      return;
  }
}

function greetingCard(ctx: RenderContext): object {
  return messageCard(
    {
      tone: 'info',
      title: { zh_cn: '大家好，我是督办机器人', en_us: 'Hello, I am Duban' },
      body: {
        zh_cn:
          '我负责政务公开任务台账：各单位在这里查看任务、汇报进展，领导查看汇总。\n**第一步：绑定本群**——请单位联络员发送：@督办 绑定 单位名称（例如：绑定 区财政局），由政务公开办确认。\n之后发送“我的任务”“汇报进展”即可。发送“帮助”查看全部指令。',
        en_us:
          'I keep the task ledger: departments see their tasks and report progress here; leaders get summaries.\n**First, bind this group**: a coordinator sends "@Duban bind <department>", and the office confirms.\nThen use "my tasks" and "report progress". Send "help" for all commands.',
      },
    },
    ctx,
  );
}

async function handleMessage(deps: BotDeps, tenantKey: string, event: MessageReceiveEvent): Promise<void> {
  const msg = event.message;
  if (event.sender.sender_type !== 'user') return;
  if (!(await firstDelivery(deps.db, `message:${msg.message_id}`))) return;
  if (msg.message_type === 'file') return handleFile(deps, tenantKey, event);
  const mentioned = (msg.mentions?.length ?? 0) > 0;
  const text = msg.message_type === 'text' ? parseTextContent(msg.content) : '';
  let match = text ? matchCommand(text) : null;
  // In a group the bot speaks only when addressed: a mention, or a message that is plainly a
  // command. People also chat in the group ("任务3个都完成了"), and a card in reply to that is noise.
  if (match && msg.chat_type === 'group' && !mentioned && !looksLikeCommandArgs(match.args)) match = null;
  if (!match && msg.chat_type === 'group' && !mentioned) return;
  const ctx = await contextFor(
    deps,
    tenantKey,
    event.sender.sender_id.open_id,
    { id: msg.chat_id, type: msg.chat_type },
    targetMentions(event),
  );
  let reply: Reply;
  try {
    reply = match ? await match.command.run(ctx, match.args) : await help.run(ctx, '');
  } catch (e) {
    deps.log(`command failed for message ${msg.message_id}: ${e instanceof Error ? e.stack : String(e)}`);
    reply = failureReply(ctx);
  }
  await sendReply(deps, msg.message_id, reply);
}

/** Short arguments, no sentence punctuation, and a number only as a whole word ("任务 3", not "3个"). */
function looksLikeCommandArgs(args: string): boolean {
  return args.length <= 30 && !/[，。？！?!…、]/.test(args) && !/^\d+[^\d\s]/.test(args);
}

function failureReply(ctx: CommandContext): Reply {
  return {
    card: messageCard(
      {
        tone: 'error',
        title: { zh_cn: '处理失败', en_us: 'Something went wrong' },
        body: {
          zh_cn: '系统暂时无法处理，请稍后再试。如多次出现，请联系政务公开办。',
          en_us: 'Please try again later. If it keeps happening, tell the office.',
        },
      },
      ctx,
    ),
  };
}

/** A command's reply as Lark messages: the file first (uploaded, then sent), then the card. */
async function sendReply(deps: BotDeps, messageId: string, reply: Reply): Promise<void> {
  if (!reply) return;
  if (reply.file) {
    const { fileKey } = await deps.lark.uploadFile({ fileName: reply.file.fileName, fileType: 'xls', bytes: reply.file.bytes });
    await deps.lark.replyMessage({
      messageId,
      msgType: 'file',
      content: JSON.stringify({ file_key: fileKey }),
      uuid: `file-${messageId}`.slice(0, 50),
    });
  }
  if (reply.card) {
    // Lark makes a resend with the same uuid within an hour a no-op.
    await deps.lark.replyMessage({
      messageId,
      msgType: 'interactive',
      content: JSON.stringify(reply.card),
      uuid: `reply-${messageId}`.slice(0, 50),
    });
  }
}

/**
 * A file sent to the bot is a notice when the office sends it. Others get a polite word in a
 * private chat; in a group their files are none of the bot's business.
 */
async function handleFile(deps: BotDeps, tenantKey: string, event: MessageReceiveEvent): Promise<void> {
  const msg = event.message;
  const file = parseFileContent(msg.content);
  if (!file) return;
  const ctx = await contextFor(deps, tenantKey, event.sender.sender_id.open_id, { id: msg.chat_id, type: msg.chat_type });
  if (!can(ctx.sender, 'publish') && msg.chat_type === 'group') return;
  let reply: Reply;
  try {
    const bytes = can(ctx.sender, 'publish')
      ? await deps.lark.downloadMessageResource({ messageId: msg.message_id, fileKey: file.fileKey, type: 'file' })
      : new Uint8Array();
    reply = await importForPreview(ctx, bytes, file.fileName);
  } catch (e) {
    deps.log(`notice file ${file.fileName} failed: ${e instanceof Error ? e.stack : String(e)}`);
    reply = failureReply(ctx);
  }
  await sendReply(deps, msg.message_id, reply);
}

function toast(type: NonNullable<CardActionResponse['toast']>['type'], zh: string, en: string): CardActionResponse['toast'] {
  return { type, content: zh, i18n: { zh_cn: zh, en_us: en } };
}

/** The office's buttons on a notice preview and its delivery report. */
async function noticeAction(
  deps: BotDeps,
  ctx: CommandContext,
  action: 'publish' | 'cancel_notice' | 'delivery_report',
  noticeId: number,
): Promise<CardActionResponse> {
  if (!can(ctx.sender, 'publish')) {
    const r = refusal('publish');
    return { toast: toast('warning', r.zh_cn, r.en_us) };
  }
  const report = async (): Promise<CardActionResponse> => {
    const view = await deliveryReport(ctx.db, ctx.tenantKey, noticeId);
    return view
      ? { card: { type: 'raw', data: deliveryReportCard(view, ctx) } }
      : { toast: toast('error', '没有找到这份通知', 'Notice not found') };
  };
  if (action === 'delivery_report') return report();
  if (action === 'cancel_notice') {
    const r = await cancelNotice(ctx.db, { tenantKey: ctx.tenantKey, noticeId });
    return { card: { type: 'raw', data: messageCard(cancelOutcomeMessage(r.status), ctx) } };
  }
  const r = await publishNotice(ctx.db, { tenantKey: ctx.tenantKey, noticeId, byOpenId: ctx.sender.openId, now: ctx.now });
  if (r.status === 'published' || r.status === 'already') {
    deps.log(`notice ${noticeId} ${r.status} by ${ctx.sender.openId}`);
    deps.onEnqueued?.();
    return {
      ...(await report()),
      toast: toast(
        'success',
        r.status === 'published' ? '已发布，正在下发各单位' : '该通知已发布',
        r.status === 'published' ? 'Published; sending to departments' : 'Already published',
      ),
    };
  }
  return { card: { type: 'raw', data: messageCard(publishOutcomeMessage(r), ctx) } };
}

/** A command's card as the card that replaces the clicked one. */
function asRaw(reply: Reply): CardActionResponse {
  return reply?.card ? { card: { type: 'raw', data: reply.card } } : {};
}

/** Card callbacks must be answered within 3 s: everything here is a few queries. */
export async function handleCardAction(deps: BotDeps, envelope: EventEnvelope): Promise<CardActionResponse> {
  const parsed = parseEvent(envelope);
  if (parsed.type !== 'card.action.trigger') return {};
  if (!(await firstDelivery(deps.db, `event:${envelope.header.event_id}`))) return {};
  const event: CardActionEvent = parsed.event;
  const openId = event.operator.open_id;
  if (!openId) return { toast: toast('error', '无法识别操作人，请稍后再试', 'Could not tell who you are; please try again') };
  const tenantKey = await tenantOf(deps, envelope);
  const chatId = event.context.open_chat_id ?? null;
  const ctx = await contextFor(deps, tenantKey, openId, { id: chatId, type: 'group' });
  const value = parseActionValue(event.action.value);
  if (!value) return { toast: toast('warning', '这个按钮已失效，请重新发送指令', 'This button has expired; send the command again') };

  switch (value.a) {
    case 'my_tasks':
      return asRaw(await myTasksReply(ctx, value.filter, value.page));
    case 'report_open':
      return asRaw(await reportFormReply(ctx, value.taskId ?? null, null));
    case 'task_detail':
      return asRaw(await taskReply(ctx, value.taskId));
    case 'report_submit':
      return submitReport(deps, ctx, event.action.form_value ?? {});
    case 'review_queue':
      return asRaw(await reviewQueueReply(ctx, value.page));
    case 'review_confirm':
    case 'review_return': {
      const decision = value.a === 'review_confirm' ? 'confirm' : 'return';
      const reason = decision === 'return' ? returnReasonFrom(event.action.form_value, value.assignmentId) : undefined;
      const r = await reviewDecisionReply(
        ctx,
        { assignmentId: value.assignmentId, version: value.version, decision, reason },
        { schedule: deps.schedule },
      );
      if (r.card) deps.onEnqueued?.();
      return { ...(r.card ? { card: { type: 'raw', data: r.card } } : {}), ...(r.toast ? { toast: r.toast } : {}) };
    }
    case 'summary':
      return asRaw(await summaryReply(ctx, value.noticeId, value.departmentId));
    case 'publish':
    case 'cancel_notice':
    case 'delivery_report':
      return noticeAction(deps, ctx, value.a, value.noticeId);
    default:
      return { toast: toast('warning', '这个按钮已失效，请重新发送指令', 'This button has expired; send the command again') };
  }
}

async function submitReport(deps: BotDeps, ctx: CommandContext, formValue: Record<string, unknown>): Promise<CardActionResponse> {
  const dept = ctx.sender.department;
  if (!dept) return { toast: toast('error', '您尚未绑定单位，无法汇报', 'You are not bound to a department') };
  const form = parseReportForm(formValue);
  if (!form.ok) return { toast: toast('warning', form.i18n.zh_cn, form.i18n.en_us) };
  const option = parseTaskOption(form.value.task);
  if (!option) return { toast: toast('warning', '请选择任务', 'Choose a task') };
  const outcome = await reportProgress(ctx.db, {
    tenantKey: ctx.tenantKey,
    assignmentId: option.assignmentId,
    version: option.version,
    departmentId: dept.id,
    reporterOpenId: ctx.sender.openId,
    status: form.value.status,
    text: form.value.progress,
    evidenceUrl: form.value.evidence || null,
    now: ctx.now,
  });
  if (outcome.ok) {
    deps.log(`progress reported: assignment ${outcome.assignmentId} → ${outcome.status} by ${ctx.sender.openId}`);
    const detail = await taskReply(ctx, outcome.taskId);
    return { ...asRaw(detail), toast: toast('success', '进展已提交，台账已更新', 'Progress saved to the ledger') };
  }
  switch (outcome.reason) {
    case 'stale': {
      // Someone reported in between: show the fresh form rather than overwrite their report.
      const fresh = await reportFormReply(ctx, null, null);
      return {
        ...asRaw(fresh),
        toast: toast(
          'error',
          '该任务刚刚被他人更新，请查看最新进展后重新提交',
          'Someone updated this task meanwhile; check the latest progress and submit again',
        ),
      };
    }
    case 'forbidden':
      return { toast: toast('error', '只能汇报本单位的任务', 'You can only report on your own department’s tasks') };
    case 'closed':
      return { toast: toast('info', '该任务已办结，无需再汇报', 'This task is already closed') };
    default:
      return { toast: toast('error', '没有找到这项任务', 'Task not found') };
  }
}
