/**
 * What the office checks before publishing: units, task counts per department, who will not be
 * reached, parser warnings, with 发布 / 取消.
 *
 * Budget: a bilingual text is stored three times (content, zh_cn, en_us), so long lists of data
 * (unit names) go into markdown without i18n, and only headings and fixed vocabulary are
 * bilingual. Lists are capped so that 150 departments still fit 28 KB / 200 elements.
 */
import type { NoticeStatus } from '../src/terms';
import type { I18nText, RenderContext } from '../src/views/common';
import type { NoticePreviewView } from '../src/views/publish';
import type { YearOverYearView, YearTaskRef } from '../src/views/year-over-year';
import {
  type Card,
  type CardElement,
  type HeaderTemplate,
  bilingual,
  button,
  fitCard,
  buttonRow,
  card,
  confirmDialog,
  divider,
  escapeMd,
  markdown,
  mdName,
  perLocale,
  shortName,
  snippet,
  truncate,
  oneLine,
} from './format';
import { UNDELIVERABLE_SHOWN, moreLine, nameList, plural, quotedTitle } from './notice-text';

/**
 * Caps keep a 150-department notice inside the card budget; the card says what it left out. Each
 * level lists less, tried in order until the send body fits (28 KB, 200 elements): an ordinary
 * notice gets level 0, and the last level fits even 2,000-character unit names everywhere.
 */
const LEVELS = [
  { departments: 20, warnings: 8, names: 30, doubtful: 12, undeliverable: UNDELIVERABLE_SHOWN, yearTasks: 10 },
  { departments: 15, warnings: 5, names: 20, doubtful: 10, undeliverable: 30, yearTasks: 8 },
  { departments: 10, warnings: 3, names: 12, doubtful: 8, undeliverable: 15, yearTasks: 5 },
  { departments: 6, warnings: 2, names: 6, doubtful: 6, undeliverable: 6, yearTasks: 3 },
] as const;
type Level = (typeof LEVELS)[number];

const STATUS_TEXT: Record<NoticeStatus, I18nText> = {
  draft: bilingual('草稿', 'Draft'),
  published: bilingual('已发布', 'Published'),
  cancelled: bilingual('已取消', 'Cancelled'),
};

// ---------------------------------------------------------------------------------------------
// The office's preview before publishing

export function noticePreviewCard(view: NoticePreviewView, ctx: RenderContext): Card {
  return fitCard(LEVELS.length, (i) => render(view, ctx, LEVELS[i]));
}

function render(view: NoticePreviewView, ctx: RenderContext, level: Level): Card {
  const { notice, departments } = view;
  const unreachable = departments.filter((d) => d.reach === null);
  const reachable = departments.length - unreachable.length;
  const meta = [notice.docNumber, notice.issuer, notice.issuedOn].filter(Boolean).map((s) => mdName(s!, 40));

  const elements: CardElement[] = [
    markdown(
      `**${escapeMd(truncate(oneLine(notice.title), 100))}**${meta.length ? `\n<font color='grey'>${meta.join(' · ')}</font>` : ''}`,
      ctx,
    ),
    markdown(
      bilingual(
        `共 **${view.taskCount}** 项任务，涉及 **${departments.length}** 个单位；发布后 **${reachable}** 个单位将收到通知` +
          (unreachable.length ? `，<font color='red'>**${unreachable.length}** 个单位尚未绑定群或联络员（标 ⚠）</font>。` : '。'),
        `**${view.taskCount}** tasks for **${departments.length}** departments; **${reachable}** will be notified` +
          (unreachable.length
            ? `, <font color='red'>**${unreachable.length}** have no bound group or coordinator (marked ⚠)</font>.`
            : '.'),
      ),
      ctx,
    ),
  ];
  if (view.doubtfulCount) {
    elements.push(
      markdown(
        bilingual(
          `<font color='orange'>⚠ **${view.doubtfulCount}** 项任务可能识别有误，请在下方“需核对的任务”中核对。</font>`,
          `<font color='orange'>⚠ **${view.doubtfulCount}** ${view.doubtfulCount === 1 ? 'task' : 'tasks'} may be misread: see "Tasks to check" below.</font>`,
        ),
        ctx,
      ),
    );
  }
  if (view.assumedYear !== null) {
    elements.push(
      markdown(
        bilingual(
          `<font color='orange'>⚠ 通知全文未写明年度，完成时限按导入日期推定为 **${view.assumedYear}** 年，请核对。</font>`,
          `<font color='orange'>⚠ The notice names no year: deadlines were read as **${view.assumedYear}**, the year of the import. Please check.</font>`,
        ),
        ctx,
      ),
    );
  }

  if (departments.length) {
    const shown = departments.slice(0, level.departments);
    elements.push(
      markdown(
        perLocale((l) =>
          shown
            .map((d, i) => {
              const counts =
                l === 'zh_cn' ? `牵头 ${d.lead} · 参与 ${d.participating}` : `lead ${d.lead} · participating ${d.participating}`;
              const warn = d.reach === null ? (l === 'zh_cn' ? ' ⚠ 未绑定' : ' ⚠ unbound') : '';
              return `${i + 1}. ${escapeMd(truncate(oneLine(d.name), 30))} — ${counts}${warn}`;
            })
            .join('\n'),
        ),
        ctx,
      ),
      ...moreLine(
        departments.length - shown.length,
        (n) => `…另有 ${n} 个单位`,
        (n) => `…and ${plural(n, 'more department', 'more departments')}`,
        ctx,
      ),
    );
    const hiddenUnreachable = unreachable.filter((d) => !shown.includes(d));
    if (hiddenUnreachable.length) {
      elements.push(
        markdown(bilingual('以下单位尚未绑定群或联络员：', 'Also without a bound group or coordinator:'), ctx, { size: 'notation' }),
        markdown(
          nameList(
            hiddenUnreachable.map((d) => d.name),
            level.undeliverable,
          ),
          ctx,
          { size: 'notation' },
        ),
        ...moreLine(
          hiddenUnreachable.length - level.undeliverable,
          (n) => `…另有 ${n} 个`,
          (n) => `…and ${n} more`,
          ctx,
        ),
      );
    }
  }

  if (view.yearOverYear) elements.push(...yearSection(view.yearOverYear, ctx, level.yearTasks));
  if (view.doubtfulCount) elements.push(...doubtfulSection(view, ctx, level.doubtful));

  if (view.created.length) {
    elements.push(
      divider(),
      markdown(
        bilingual(
          `**目录新增单位（${view.created.length}）**：如其中有目录中已有单位的另一种写法，请合并。`,
          `**New directory units (${view.created.length})**: if one is another spelling of an existing unit, merge it.`,
        ),
        ctx,
      ),
      markdown(nameList(view.created, level.names), ctx),
      ...moreLine(
        view.created.length - level.names,
        (n) => `…另有 ${n} 个`,
        (n) => `…and ${n} more`,
        ctx,
      ),
      markdown(bilingual('合并方法：**设置别名 新单位名称 = 目录中的单位名称**', 'To merge: **设置别名 new name = directory name**'), ctx, {
        size: 'notation',
      }),
    );
  }

  if (view.unresolved.length) {
    elements.push(
      divider(),
      markdown(
        bilingual(
          `**未能识别的单位（${view.unresolved.length}）**：这些名称下的任务不会派发给任何单位。`,
          `**Unrecognised units (${view.unresolved.length})**: their tasks will reach nobody.`,
        ),
        ctx,
      ),
      markdown(nameList(view.unresolved, level.names), ctx),
      ...moreLine(
        view.unresolved.length - level.names,
        (n) => `…另有 ${n} 个`,
        (n) => `…and ${n} more`,
        ctx,
      ),
      markdown(
        bilingual(
          '如是目录中单位的别称，请发送：**设置别名 原名称 = 目录中的单位名称**',
          'If one is another name for a directory unit, send: **设置别名 original name = directory name**',
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }

  if (view.warnings.length) {
    const shown = view.warnings.slice(0, level.warnings);
    elements.push(
      divider(),
      markdown(bilingual(`**解析提示（${view.warnings.length}）**`, `**Parser warnings (${view.warnings.length})**`), ctx),
      markdown(shown.map((w) => `- ${snippet(w, 100)}`).join('\n'), ctx, { size: 'notation' }),
      ...moreLine(
        view.warnings.length - shown.length,
        (n) => `…另有 ${n} 条`,
        (n) => `…and ${n} more`,
        ctx,
      ),
    );
  }

  elements.push(divider(), previewButtons(view, reachable, ctx));

  return card(
    {
      header: {
        title: bilingual('通知发布前预览', 'Notice preview'),
        subtitle: shortName(notice.docNumber ?? notice.sourceName, 40),
        template: PREVIEW_TEMPLATES[notice.status],
        tags: [
          {
            text: STATUS_TEXT[notice.status],
            color: notice.status === 'published' ? 'green' : notice.status === 'draft' ? 'blue' : 'neutral',
          },
          ...(view.doubtfulCount
            ? [{ text: bilingual(`需核对 ${view.doubtfulCount}`, `${view.doubtfulCount} to check`), color: 'orange' as const }]
            : []),
        ],
      },
      elements,
      summary: perLocale((l) =>
        l === 'zh_cn' ? `待发布：${quotedTitle(notice.title, l, 30, true)}` : `To publish: ${quotedTitle(notice.title, l, 30, true)}`,
      ),
    },
    ctx,
  );
}

/** The rows Duban is unsure of, one short line each: 序号, the start of the requirement, and every reason. */
function doubtfulSection(view: NoticePreviewView, ctx: RenderContext, listed: number): CardElement[] {
  const shown = view.doubtful.slice(0, listed);
  return [
    divider(),
    markdown(
      bilingual(
        `**需核对的任务（${view.doubtfulCount}）**：以下任务可能识别有误，请对照原文核对。`,
        `**Tasks to check (${view.doubtfulCount})**: these rows may be misread; compare them with the document.`,
      ),
      ctx,
    ),
    // Language-neutral, like the unit lists: the reasons are the parser's Chinese, kept once.
    markdown(
      shown
        .map(
          (t) =>
            `- **${t.seq}.** ${snippet(t.requirement, 24)}：<font color='orange'>${t.reasons.map((r) => snippet(r.zh_cn, 40)).join('；')}</font>`,
        )
        .join('\n'),
      ctx,
      { size: 'notation' },
    ),
    ...moreLine(
      view.doubtfulCount - shown.length,
      (n) => `…另有 ${n} 项`,
      (n) => `…and ${n} more`,
      ctx,
    ),
    markdown(
      bilingual(
        `如需更正：发送 **修改台账 ${view.notice.id}** 获取台账 Excel，在 Excel 或 WPS 中改好后发回给我，确认后生效。`,
        `To correct them: send **修改台账 ${view.notice.id}** for the ledger in Excel, fix it in Excel or WPS and send it back; changes apply once you confirm.`,
      ),
      ctx,
      { size: 'notation' },
    ),
  ];
}

/**
 * 与上年对比: counts of continuing, new and dropped tasks against the previous notice of the same
 * kind, then which ones (序号 and the start of the requirement; dropped ones by last year's 序号).
 */
function yearSection(y: YearOverYearView, ctx: RenderContext, listed: number): CardElement[] {
  const year = y.previous.year ?? '';
  const title = escapeMd(truncate(oneLine(y.previous.title), 40));
  const out: CardElement[] = [
    divider(),
    markdown(
      bilingual(
        `**与上年对比**（${year ? `${year}年` : ''}《${title}》，${y.previous.taskCount} 项）：延续 **${y.continuing.length}** · 新增 **${y.added.length}** · 删减 **${y.dropped.length}**`,
        `**Year over year** (${year ? `${year} ` : ''}"${title}", ${y.previous.taskCount} tasks): continuing **${y.continuing.length}** · new **${y.added.length}** · dropped **${y.dropped.length}**`,
      ),
      ctx,
    ),
  ];
  if (y.unrelated) {
    out.push(
      markdown(
        bilingual(
          `<font color='orange'>⚠ 两份通知几乎没有相同的任务，不像同一项工作的上下年度；延续关系仅供参考。</font>`,
          `<font color='orange'>⚠ The two notices have almost no tasks in common; they do not look like the same work a year apart.</font>`,
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }
  const lines = <T extends YearTaskRef>(label: string, tasks: readonly T[], mark: (t: T) => string) =>
    tasks.length
      ? [
          `**${label}**`,
          ...tasks.slice(0, listed).map((t) => `- **${t.seq}.** ${snippet(t.requirement, 24)}${mark(t)}`),
          ...(tasks.length > listed ? [`- …另有 ${tasks.length - listed} 项 (+${tasks.length - listed})`] : []),
        ]
      : [];
  // Language-neutral like the unit lists: requirement text is stored once, not per locale.
  const body = [
    ...lines(
      '延续 Continuing',
      y.continuing,
      (t) => `  <font color='grey'>← 上年第 ${t.previousSeq} 项${t.ongoing ? ' · 长期' : ''}</font>`,
    ),
    ...lines('新增 New', y.added, () => ''),
    ...lines('删减 Dropped（上年序号）', y.dropped, () => ''),
  ];
  if (body.length) out.push(markdown(body.join('\n'), ctx, { size: 'notation' }));
  return out;
}

const PREVIEW_TEMPLATES: Record<NoticeStatus, HeaderTemplate> = { draft: 'blue', published: 'green', cancelled: 'grey' };

/** A button with Card 2.0's confirmation dialog (`confirm`: title + text, Lark supplies OK/Cancel). */
function confirmed(el: CardElement, title: I18nText, text: I18nText, ctx: RenderContext): CardElement {
  return { ...el, confirm: confirmDialog(title, text, ctx) };
}

function previewButtons(view: NoticePreviewView, reachable: number, ctx: RenderContext): CardElement {
  const { id, status } = view.notice;
  if (status !== 'draft') {
    const tips =
      status === 'published' ? bilingual('该通知已发布', 'Already published') : bilingual('该通知已取消', 'This notice was cancelled');
    const buttons = [
      button({ text: bilingual('发布', 'Publish'), action: { a: 'publish', noticeId: id }, type: 'primary', disabledTips: tips }, ctx),
    ];
    if (status === 'published') {
      buttons.push(button({ text: bilingual('送达情况', 'Delivery report'), action: { a: 'delivery_report', noticeId: id } }, ctx));
    }
    return buttonRow(buttons);
  }
  return buttonRow([
    confirmed(
      button({ text: bilingual('发布', 'Publish'), action: { a: 'publish', noticeId: id }, type: 'primary' }, ctx),
      bilingual('确认发布？', 'Publish this notice?'),
      bilingual(
        `将向 ${reachable} 个单位发送任务通知，发布后不能撤回。`,
        `Tasks will be sent to ${plural(reachable, 'department', 'departments')}. This cannot be undone.`,
      ),
      ctx,
    ),
    confirmed(
      button({ text: bilingual('取消', 'Cancel notice'), action: { a: 'cancel_notice', noticeId: id }, type: 'danger' }, ctx),
      bilingual('确认取消该通知？', 'Cancel this notice?'),
      bilingual('取消后不会向任何单位发送，也不能再发布。', 'Nothing will be sent, and it cannot be published later.'),
      ctx,
    ),
  ]);
}
