/**
 * Shared building blocks for every Duban card: bilingual text, labels, due-date marks, dates in
 * Asia/Shanghai, Markdown escaping, truncation and the size/element budget. Card files compose these
 * and never copy one another.
 *
 * i18n: Card JSON 2.0 dropped card-wide `i18n_elements`; the documented way is per-text
 * `i18n_content` (on plain_text, markdown and the `config.summary`). Every bilingual text below is
 * rendered as `{content: <ctx.locale text>, i18n_content: {zh_cn, en_us}}`, so a Chinese client shows
 * Chinese, an English client shows English, and `content` (Chinese by default) is the fallback.
 * User data (requirements, progress texts) is language-neutral and goes into markdown WITHOUT
 * i18n_content, so it is not stored three times in the payload.
 */
import type { DueBucket } from '../src/dates';
import type { AssignmentRole, TaskStatus } from '../src/terms';
import type { I18nText, Locale, RenderContext } from '../src/views/common';
import type { EvidenceItem } from '../src/views/evidence';
import type { TaskItem } from '../src/views/tasks';
import { ActionValue } from './action-value';

export const LOCALES: readonly Locale[] = ['zh_cn', 'en_us'];

/**
 * Lark refuses a card message whose *request body* is over 30 KB (230025, "卡片消息、富文本消息请求体
 * 最大不能超过 30 KB", https://open.feishu.cn/document/server-docs/im-v1/message/create). In that body
 * the card is a JSON string inside JSON, so every quote is escaped a second time: the budget is on
 * `sendRequestBytes`, 2 KB under the stricter reading of the limit (30,000 bytes) for the uuid and
 * whatever else rides along.
 */
export const CARD_BYTE_BUDGET = 28_000;
/** Card JSON 2.0 allows at most 200 elements (components and tagged text objects) per card. */
export const MAX_CARD_ELEMENTS = 200;
/** Documented upper bound of `input.max_length`. */
export const INPUT_MAX_LENGTH = 1000;

// ---------------------------------------------------------------------------------------------
// Card JSON shapes (loose on purpose: Lark validates the details, tests walk the JSON).

export type CardElement = { tag: string } & Record<string, unknown>;

export interface Card {
  schema: '2.0';
  config: {
    update_multi: true;
    locales: Locale[];
    summary: { content: string; i18n_content: I18nText };
  };
  header: Record<string, unknown>;
  body: { elements: CardElement[] };
}

export type HeaderTemplate =
  | 'blue'
  | 'wathet'
  | 'turquoise'
  | 'green'
  | 'yellow'
  | 'orange'
  | 'red'
  | 'carmine'
  | 'violet'
  | 'purple'
  | 'indigo'
  | 'grey'
  | 'default';

/** Colours accepted by `text_tag` (header tags and `<text_tag>` in markdown). */
export type TagColor =
  | 'neutral'
  | 'blue'
  | 'turquoise'
  | 'lime'
  | 'orange'
  | 'violet'
  | 'indigo'
  | 'wathet'
  | 'green'
  | 'yellow'
  | 'red'
  | 'purple'
  | 'carmine';

// ---------------------------------------------------------------------------------------------
// Bilingual text

export function bilingual(zh: string, en: string): I18nText {
  return { zh_cn: zh, en_us: en };
}

/** Builds the same line for each locale, e.g. `perLocale((l) => `${LABEL[l]}: ${data}`)`. */
export function perLocale(build: (locale: Locale) => string): I18nText {
  return { zh_cn: build('zh_cn'), en_us: build('en_us') };
}

export interface PlainText {
  tag: 'plain_text';
  content: string;
  i18n_content?: I18nText;
}

/** A plain_text object; a bare string is language-neutral data and gets no i18n_content. */
export function plainText(t: I18nText | string, ctx: RenderContext): PlainText {
  if (typeof t === 'string') return { tag: 'plain_text', content: t };
  return { tag: 'plain_text', content: t[ctx.locale], i18n_content: { zh_cn: t.zh_cn, en_us: t.en_us } };
}

export interface MarkdownOptions {
  size?: 'heading' | 'normal' | 'notation';
  align?: 'left' | 'center' | 'right';
  margin?: string;
}

/**
 * A markdown element. The content must already be escaped (see `escapeMd`): callers mix their own
 * markup (bold, text_tag) with user data.
 */
export function markdown(t: I18nText | string, ctx: RenderContext, opts: MarkdownOptions = {}): CardElement {
  const el: CardElement = { tag: 'markdown', content: typeof t === 'string' ? t : t[ctx.locale] };
  if (typeof t !== 'string') el.i18n_content = { zh_cn: t.zh_cn, en_us: t.en_us };
  if (opts.size && opts.size !== 'normal') el.text_size = opts.size;
  if (opts.align && opts.align !== 'left') el.text_align = opts.align;
  if (opts.margin) el.margin = opts.margin;
  return el;
}

// ---------------------------------------------------------------------------------------------
// Markdown escaping and truncation

const entity = (ch: string): string => `&#${ch.codePointAt(0)};`;

/**
 * Escapes user text for a Card 2.0 markdown element. Lark documents HTML entities (`&#42;`) as the
 * way to show Markdown specials literally. Inline specials are always escaped; list/heading/quote
 * markers only where CommonMark reads them (line start), so ordinary dates like 2025-06-30 stay
 * short. `:` is escaped before letters because `:OK:` is Lark emoji syntax. Leading spaces are
 * dropped so four of them never start a code block.
 */
export function escapeMd(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\\`*_~<>[\]|$&]/g, entity)
    .replace(/:(?=[A-Za-z])/g, '&#58;')
    .split('\n')
    .map((line) =>
      line
        .replace(/^[ \t\u3000]+/, '')
        .replace(/^[#+=-]/, entity)
        .replace(/^(\d+)([.)])/, (_m, digits: string, mark: string) => digits + entity(mark)),
    )
    .join('\n');
}

/**
 * Like `escapeMd`, but balanced `**bold**` survives: for bodies the commands author (which may
 * quote names users typed). Everything else, notably `<at>` tags, stays inert.
 */
export function escapeMdKeepBold(text: string): string {
  const parts = text.split('**');
  if (parts.length % 2 === 0) return escapeMd(text);
  // Park the markers in a character escapeMd leaves alone, then put them back.
  return escapeMd(parts.map((p) => p.replace(/\u0000/g, '')).join('\u0000')).replace(/\u0000/g, '**');
}

/** Collapses all whitespace (including newlines) to single spaces, for one-line summaries. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Cuts to at most `max` characters (code points, so emoji are never split) and marks the cut
 * with an ellipsis. `max <= 0` yields ''.
 */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, Math.max(0, max - 1))
    .join('')
    .trimEnd()}…`;
}

/** One-line, truncated, escaped: the usual path for user data inside a list card. */
export function snippet(text: string, max: number): string {
  return escapeMd(truncate(oneLine(text), max));
}

// ---------------------------------------------------------------------------------------------
// Caps on text users or notices supply. A 2,000-character 单位名称 is legal input; in a header it
// would be stored three times (content, zh_cn, en_us) and push the card over Lark's limit, and on a
// phone a title that long is unreadable anyway. Cards cap names where they put them (so the cut
// lands in the name, not in the fixed words around it); header(), card() and confirmDialog() cap
// again as a safety net.

/** Characters of a unit name in a header title, a summary or a confirm dialog. */
export const TITLE_NAME_CHARS = 20;
/** Characters of a unit name in a list line. */
export const LINE_NAME_CHARS = 30;
/** Characters of a person's name (a reporter). */
export const PERSON_NAME_CHARS = 12;
/** Safety caps, per locale: header title, subtitle, header tag, chat-list summary, dialog text. */
const CAPS = { title: 60, subtitle: 80, tag: 24, summary: 80, dialogTitle: 40, dialogText: 160 } as const;

/** A name as one capped line of plain text (headers, summaries, dialogs: no markdown there). */
export function shortName(name: string, max = TITLE_NAME_CHARS): string {
  return truncate(oneLine(name), max);
}

/** A name for markdown: one line, capped, escaped. */
export function mdName(name: string, max = LINE_NAME_CHARS): string {
  return escapeMd(shortName(name, max));
}

const UNNAMED: Record<'department' | 'office', I18nText> = {
  department: { zh_cn: '联络员', en_us: 'Coordinator' },
  office: { zh_cn: '政务公开办', en_us: 'Office' },
};

/**
 * Who wrote a progress line, for markdown: the name (capped, escaped), or, when no name is known,
 * the role (联络员 for a department's report, 政务公开办 for the office's review). Never an id.
 */
export function personName(name: string | null | undefined, locale: Locale, who: 'department' | 'office' = 'department'): string {
  const n = name?.trim();
  return n ? mdName(n, PERSON_NAME_CHARS) : UNNAMED[who][locale];
}

function capI18n(t: I18nText, max: number): I18nText {
  return { zh_cn: truncate(t.zh_cn, max), en_us: truncate(t.en_us, max) };
}

function capText(t: I18nText | string, max: number): I18nText | string {
  return typeof t === 'string' ? truncate(oneLine(t), max) : capI18n(t, max);
}

/** `<text_tag>` inside markdown; the label is escaped here. */
export function mdTag(label: string, color: TagColor): string {
  return `<text_tag color='${color}'>${escapeMd(label)}</text_tag>`;
}

/** Only http(s) URLs become links; parentheses and spaces are percent-encoded so `[..](..)` holds. */
export function safeHttpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
  } catch {
    return null;
  }
}

/** A markdown link whose visible text is the host (language-neutral and short). */
export function evidenceLink(raw: string | null | undefined): string | null {
  const href = safeHttpUrl(raw);
  if (!href) return null;
  const host = new URL(href).host;
  return `🔗 [${escapeMd(host)}](${href})`;
}

// ---------------------------------------------------------------------------------------------
// Labels

export const STATUS_LABELS: Record<TaskStatus, I18nText> = {
  not_started: bilingual('未开始', 'Not started'),
  in_progress: bilingual('进行中', 'In progress'),
  done: bilingual('待审核', 'Awaiting review'),
  closed: bilingual('已办结', 'Closed'),
};

export const STATUS_COLORS: Record<TaskStatus, TagColor> = {
  not_started: 'neutral',
  in_progress: 'blue',
  done: 'orange',
  closed: 'green',
};

export const ROLE_LABELS: Record<AssignmentRole, I18nText> = {
  lead: bilingual('牵头', 'Lead'),
  responsible: bilingual('参与', 'Participating'),
};

/** Lead is what a department is chased for, so it is shown loud (red); participation is neutral. */
export const ROLE_COLORS: Record<AssignmentRole, TagColor> = {
  lead: 'red',
  responsible: 'neutral',
};

export function statusTag(status: TaskStatus, locale: Locale): string {
  return mdTag(STATUS_LABELS[status][locale], STATUS_COLORS[status]);
}

export function roleTag(role: AssignmentRole, locale: Locale): string {
  return mdTag(ROLE_LABELS[role][locale], ROLE_COLORS[role]);
}

/** "（按“区直各部门”分配）": why a department got a task it is not named in. */
export function viaGroupNote(viaGroup: string | null, locale: Locale): string {
  if (!viaGroup) return '';
  // Group terms are short ("区直各部门"); the cap only guards the card budget.
  const name = escapeMd(truncate(oneLine(viaGroup), 10));
  return locale === 'zh_cn' ? `（按“${name}”分配）` : ` (via “${name}”)`;
}

// ---------------------------------------------------------------------------------------------
// Due-date marks

export interface DueMark {
  bucket: DueBucket;
  color: TagColor;
  label: I18nText;
  /** Days from today to the due date (negative when past); null without a due date. */
  days: number | null;
}

/** Bucket names for legends and counts; `soon` names the window the clock uses. */
export function bucketLabels(ctx: RenderContext): Record<DueBucket, I18nText> {
  const n = ctx.clock.dueSoonDays;
  return {
    overdue: bilingual('已逾期', 'Overdue'),
    soon: bilingual(`${n} 天内到期`, `Due within ${n} days`),
    ok: bilingual('进度正常', 'On track'),
    ongoing: bilingual('长期任务', 'Ongoing'),
    undated: bilingual('未定时限', 'No due date'),
  };
}

/** Colour per bucket for `<font>` (yellow text is unreadable on white, so soon uses orange there). */
export const BUCKET_FONT_COLORS: Record<DueBucket, string> = {
  overdue: 'red',
  soon: 'orange',
  ok: 'green',
  ongoing: 'blue',
  undated: 'grey',
};

/**
 * The deadline mark for one task as of the render clock (src/dates.ts decides the bucket): red
 * 已逾期 N 天, yellow within the due-soon window, green otherwise; 长期 for ongoing tasks without a
 * due date.
 */
export function dueMark(task: Pick<TaskItem, 'dueOn' | 'ongoing' | 'status'>, ctx: RenderContext): DueMark {
  const { bucket, days, finished } = ctx.clock.due(task);
  if (days === null) {
    if (bucket === 'ongoing') return { bucket, color: 'blue', label: bilingual('长期', 'Ongoing'), days };
    return { bucket, color: 'neutral', label: bilingual('未定时限', 'No due date'), days };
  }
  if (finished) return { bucket, color: 'green', label: bilingual('已完成', 'Completed'), days };
  if (bucket === 'overdue') {
    const n = -days;
    return { bucket, color: 'red', label: bilingual(`已逾期 ${n} 天`, `Overdue ${n} ${n === 1 ? 'day' : 'days'}`), days };
  }
  if (bucket === 'soon') {
    const label =
      days === 0 ? bilingual('今日到期', 'Due today') : bilingual(`${days} 天后到期`, `Due in ${days} ${days === 1 ? 'day' : 'days'}`);
    return { bucket, color: 'yellow', label, days };
  }
  return { bucket, color: 'green', label: bilingual(`剩 ${days} 天`, `${days} days left`), days };
}

export function dueTag(mark: DueMark, locale: Locale): string {
  return mdTag(mark.label[locale], mark.color);
}

// ---------------------------------------------------------------------------------------------
// Components

export interface HeaderOptions {
  title: I18nText;
  subtitle?: I18nText | string;
  template: HeaderTemplate;
  /** At most three are shown by Lark; extra ones are dropped here. */
  tags?: { text: I18nText; color: TagColor }[];
}

export function header(opts: HeaderOptions, ctx: RenderContext): Record<string, unknown> {
  const h: Record<string, unknown> = { title: plainText(capI18n(opts.title, CAPS.title), ctx), template: opts.template };
  if (opts.subtitle) h.subtitle = plainText(capText(opts.subtitle, CAPS.subtitle), ctx);
  if (opts.tags?.length) {
    h.text_tag_list = opts.tags
      .slice(0, 3)
      .map((t) => ({ tag: 'text_tag', text: plainText(capI18n(t.text, CAPS.tag), ctx), color: t.color }));
  }
  return h;
}

/** The card envelope. The chat-list preview (`summary`) repeats the title unless told otherwise. */
export function card(opts: { header: HeaderOptions; elements: CardElement[]; summary?: I18nText }, ctx: RenderContext): Card {
  const summary = capI18n(opts.summary ?? opts.header.title, CAPS.summary);
  return {
    schema: '2.0',
    config: {
      update_multi: true,
      locales: [...LOCALES],
      summary: { content: summary[ctx.locale], i18n_content: { zh_cn: summary.zh_cn, en_us: summary.en_us } },
    },
    header: header(opts.header, ctx),
    body: { elements: opts.elements },
  };
}

export interface ButtonOptions {
  text: I18nText;
  action: ActionValue;
  type?: 'primary' | 'default' | 'danger';
  size?: 'tiny' | 'small' | 'medium' | 'large';
  width?: 'default' | 'fill';
  /** When set the button is greyed out and the tip explains why. */
  disabledTips?: I18nText;
}

/** `behaviors` for anything clickable; the value is validated so a bad action fails in tests, not in Lark. */
export function callbackBehaviors(action: ActionValue): { type: 'callback'; value: Record<string, unknown> }[] {
  return [{ type: 'callback', value: ActionValue.encode(action) }];
}

/** A callback button (2.0 has no `action` wrapper: buttons sit directly among the elements). */
export function button(opts: ButtonOptions, ctx: RenderContext): CardElement {
  const el: CardElement = {
    tag: 'button',
    text: plainText(opts.text, ctx),
    type: opts.type ?? 'default',
    behaviors: callbackBehaviors(opts.action),
  };
  if (opts.size) el.size = opts.size;
  if (opts.width) el.width = opts.width;
  if (opts.disabledTips) {
    el.disabled = true;
    el.disabled_tips = plainText(opts.disabledTips, ctx);
  }
  return el;
}

/**
 * Card 2.0's confirmation dialog (`confirm`: title + text, Lark supplies OK/Cancel). Both are
 * capped: a dialog that quotes a unit name must not carry 2,000 characters of it.
 */
export function confirmDialog(title: I18nText, text: I18nText, ctx: RenderContext): { title: PlainText; text: PlainText } {
  return { title: plainText(capI18n(title, CAPS.dialogTitle), ctx), text: plainText(capI18n(text, CAPS.dialogText), ctx) };
}

/** Buttons side by side, wrapping on narrow screens (`flex_mode: flow`). */
export function buttonRow(buttons: CardElement[]): CardElement {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: 'small',
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}

/**
 * 上一页 / 下一页 for any paged card. The page is clamped to 1..pageCount, so an odd view (page 0,
 * pageCount 0) still renders valid actions; the buttons at either end are disabled with a tip.
 */
export function pagingRow(
  view: { page: number; pageCount: number },
  actionFor: (page: number) => ActionValue,
  ctx: RenderContext,
): CardElement {
  const go = (page: number) => actionFor(Math.max(1, Math.min(Math.max(view.pageCount, 1), page)));
  return buttonRow([
    button(
      {
        text: bilingual('上一页', 'Previous'),
        action: go(view.page - 1),
        size: 'small',
        disabledTips: view.page <= 1 ? bilingual('已是第一页', 'This is the first page') : undefined,
      },
      ctx,
    ),
    button(
      {
        text: bilingual('下一页', 'Next'),
        action: go(view.page + 1),
        size: 'small',
        disabledTips: view.page >= view.pageCount ? bilingual('已是最后一页', 'This is the last page') : undefined,
      },
      ctx,
    ),
  ]);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * 佐证材料 as small buttons (📎 name · size) that make the bot send the file to the clicker; past
 * `max`, a line counts the rest. [] when there is none.
 */
export function evidenceButtons(items: readonly EvidenceItem[], ctx: RenderContext, max: number): CardElement[] {
  if (!items.length) return [];
  const shown = items.slice(0, max);
  const out: CardElement[] = [
    buttonRow(
      shown.map((e) =>
        button(
          {
            text: bilingual(
              `📎 ${truncate(oneLine(e.fileName), 24)} · ${formatBytes(e.size)}`,
              `📎 ${truncate(oneLine(e.fileName), 24)} · ${formatBytes(e.size)}`,
            ),
            action: { a: 'evidence_open', evidenceId: e.id },
            size: 'small',
          },
          ctx,
        ),
      ),
    ),
  ];
  const more = items.length - shown.length;
  if (more > 0)
    out.push(
      markdown(bilingual(`…另有 ${more} 个佐证材料（见导出台账）`, `…and ${more} more (see the exported ledger)`), ctx, {
        size: 'notation',
      }),
    );
  return out;
}

export function divider(): CardElement {
  return { tag: 'hr' };
}

// ---------------------------------------------------------------------------------------------
// Limits

const encoder = new TextEncoder();

/** A chat id as Lark issues them ("oc_" + 32 hex): what a send to a group carries. */
const SAMPLE_CHAT_ID = `oc_${'0'.repeat(32)}`;

/** UTF-8 size of the card JSON alone (what a callback answer or an ephemeral send carries as an object). */
export function cardBytes(c: unknown): number {
  return encoder.encode(JSON.stringify(c)).length;
}

/**
 * UTF-8 bytes of the request body that sends `card` (im/v1/messages), which is what Lark's 30 KB
 * limit counts: `{receive_id, msg_type: 'interactive', content: JSON.stringify(card)}`, so every
 * quote and backslash of the card is escaped a second time. Cards budget on this; tests and the
 * fake Lark measure with it too.
 */
export function sendRequestBytes(card: unknown, receiveId = SAMPLE_CHAT_ID): number {
  return encoder.encode(JSON.stringify({ receive_id: receiveId, msg_type: 'interactive', content: JSON.stringify(card) })).length;
}

/** Counts every object carrying a string `tag` (components and text objects alike), as Lark does. */
export function countElements(node: unknown): number {
  if (Array.isArray(node)) return node.reduce<number>((n, child) => n + countElements(child), 0);
  if (node === null || typeof node !== 'object') return 0;
  const own = typeof (node as { tag?: unknown }).tag === 'string' ? 1 : 0;
  return own + Object.values(node).reduce<number>((n, child) => n + countElements(child), 0);
}

/** Within the send-body budget and the element limit. */
export function withinLimits(c: Card): boolean {
  return countElements(c) <= MAX_CARD_ELEMENTS && sendRequestBytes(c) <= CARD_BYTE_BUDGET;
}

/**
 * Renders at detail level 0, 1, … until the card fits Lark's limits, so a page of long
 * requirements degrades to shorter snippets instead of a rejected message. The last level is
 * returned even if it still does not fit (each card's last level is designed to).
 */
export function fitCard(levels: number, render: (level: number) => Card): Card {
  let last: Card | undefined;
  for (let level = 0; level < levels; level++) {
    last = render(level);
    if (withinLimits(last)) return last;
  }
  if (!last) throw new Error('fitCard needs at least one level');
  return last;
}
