/** For the office: how a notice's broadcast went (sent / failed / pending / unreachable). */

import type { RenderContext } from '../src/views/common';
import type { DeliveryProblem, DeliveryReportView } from '../src/views/publish';
import {
  type Card,
  type CardElement,
  bilingual,
  button,
  buttonRow,
  card,
  divider,
  escapeMd,
  fitCard,
  markdown,
  mdName,
  perLocale,
  snippet,
  truncate,
  oneLine,
} from './format';
import { UNDELIVERABLE_SHOWN, moreLine, nameList, plural } from './notice-text';

// ---------------------------------------------------------------------------------------------
// The office's delivery report

/**
 * Detail levels for the problem lists, tried until the card fits: a mass failure (the bot
 * removed from every group) lists fewer rows with shorter errors rather than being refused.
 */
const REPORT_LEVELS: readonly { shown: number; error: number }[] = [
  { shown: 15, error: 90 },
  { shown: 10, error: 50 },
  { shown: 6, error: 0 },
];

export function deliveryReportCard(view: DeliveryReportView, ctx: RenderContext): Card {
  return fitCard(REPORT_LEVELS.length, (i) => renderReport(view, ctx, REPORT_LEVELS[i]));
}

function renderReport(view: DeliveryReportView, ctx: RenderContext, level: { shown: number; error: number }): Card {
  const { counts, notice } = view;
  const total = counts.sent + counts.failed + counts.pending;
  const undeliverable = view.undeliverable.length;
  const elements: CardElement[] = [
    markdown(
      `**${escapeMd(truncate(oneLine(notice.title), 100))}**${notice.docNumber ? `\n<font color='grey'>${mdName(notice.docNumber, 40)}</font>` : ''}`,
      ctx,
    ),
    markdown(
      bilingual(
        `共 **${total}** 条：<font color='green'>已送达 **${counts.sent}**</font> · <font color='red'>失败 **${counts.failed}**</font> · 发送中 **${counts.pending}**` +
          (undeliverable ? `\n<font color='orange'>无法送达 **${undeliverable}** 个单位</font>（未绑定群或联络员）` : ''),
        `**${total}** ${total === 1 ? 'message' : 'messages'}: <font color='green'>delivered **${counts.sent}**</font> · <font color='red'>failed **${counts.failed}**</font> · in progress **${counts.pending}**` +
          (undeliverable
            ? `\n<font color='orange'>**${undeliverable}** departments unreachable</font> (no bound group or coordinator)`
            : ''),
      ),
      ctx,
    ),
  ];
  if (notice.publishedAt) {
    elements.push(
      markdown(
        bilingual(
          `发布时间 ${ctx.clock.format(notice.publishedAt, 'yyyy-MM-dd HH:mm')}`,
          `Published ${ctx.clock.format(notice.publishedAt, 'yyyy-MM-dd HH:mm')}`,
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }

  if (view.failed.length) {
    elements.push(
      divider(),
      markdown(bilingual(`**发送失败（${view.failed.length}）**`, `**Failed (${view.failed.length})**`), ctx),
      problemList(view.failed.slice(0, level.shown), level.error, ctx),
      ...moreLine(
        view.failed.length - level.shown,
        (n) => `…另有 ${n} 条`,
        (n) => `…and ${n} more`,
        ctx,
      ),
      markdown(
        bilingual(
          '常见原因：机器人未加入或已被移出该群、群已解散、联络员不在应用的可用范围内。处理后请联系技术人员重新发送。',
          'Usual causes: the bot is not (or no longer) in the group, the group was dissolved, or the coordinator is outside the app’s availability. Once fixed, ask the administrator to resend.',
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }

  if (view.pending.length) {
    elements.push(
      divider(),
      markdown(bilingual(`**发送中（${view.pending.length}）**`, `**In progress (${view.pending.length})**`), ctx),
      problemList(view.pending.slice(0, level.shown), level.error, ctx),
      ...moreLine(
        view.pending.length - level.shown,
        (n) => `…另有 ${n} 条`,
        (n) => `…and ${n} more`,
        ctx,
      ),
    );
  }

  if (undeliverable) {
    elements.push(
      divider(),
      markdown(bilingual(`**无法送达的单位（${undeliverable}）**`, `**Unreachable departments (${undeliverable})**`), ctx),
      markdown(
        nameList(
          view.undeliverable.map((d) => d.name),
          UNDELIVERABLE_SHOWN,
        ),
        ctx,
      ),
      ...moreLine(
        undeliverable - UNDELIVERABLE_SHOWN,
        (n) => `…另有 ${n} 个`,
        (n) => `…and ${n} more`,
        ctx,
      ),
      markdown(
        bilingual(
          '请单位联络员在本单位群内发送“@督办 绑定 单位名称”，或由政务公开办登记联络员。',
          'Ask the department’s coordinator to send “@Duban bind <department>” in its group, or have the office register a coordinator.',
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }

  const refresh = button({ text: bilingual('刷新', 'Refresh'), action: { a: 'delivery_report', noticeId: notice.id }, size: 'small' }, ctx);
  // Failures an administrator can fix (the bot re-added to a group, the app's secret corrected):
  // once fixed, the office sends them again from here.
  const resend =
    counts.failed > 0
      ? [
          button(
            {
              text: bilingual(`重新发送失败的 ${counts.failed} 条`, `Resend ${counts.failed} failed`),
              action: { a: 'resend_failed', noticeId: notice.id },
              type: 'primary',
              size: 'small',
            },
            ctx,
          ),
        ]
      : [];
  // 要求佐证 is decided per notice, here where the office watches it go out.
  const evidence =
    notice.status === 'published'
      ? [
          button(
            {
              text: notice.evidenceRequired
                ? bilingual('取消要求佐证', 'Evidence not required')
                : bilingual('要求“已完成”附佐证', 'Require evidence for done'),
              action: { a: 'evidence_required', noticeId: notice.id, required: !notice.evidenceRequired },
              size: 'small',
            },
            ctx,
          ),
        ]
      : [];
  elements.push(resend.length || evidence.length ? buttonRow([...resend, ...evidence, refresh]) : refresh);
  if (notice.evidenceRequired) {
    elements.push(
      markdown(bilingual('📎 本通知要求报“已完成”时附佐证材料。', '📎 Tasks of this notice need evidence to be reported done.'), ctx, {
        size: 'notation',
      }),
    );
  }

  const done = counts.pending === 0;
  return card(
    {
      header: {
        title: bilingual('送达情况', 'Delivery report'),
        subtitle: truncate(oneLine(notice.title), 40),
        template: counts.failed > 0 ? 'red' : !done ? 'blue' : undeliverable ? 'orange' : 'green',
        tags: [
          done
            ? { text: bilingual('发送完毕', 'Finished'), color: counts.failed > 0 ? 'red' : 'green' }
            : { text: bilingual('发送中', 'In progress'), color: 'blue' },
        ],
      },
      elements,
    },
    ctx,
  );
}

/** One line per problem; the department and error text are data (no i18n), the labels are not. */
function problemList(problems: DeliveryProblem[], errorChars: number, ctx: RenderContext): CardElement {
  return markdown(
    perLocale((l) =>
      problems
        .map((p) => {
          const who = p.recipient === 'chat' ? (l === 'zh_cn' ? '群' : 'group') : l === 'zh_cn' ? '联络员' : 'coordinator';
          const tries =
            p.attempts === 0
              ? l === 'zh_cn'
                ? '排队中'
                : 'queued'
              : l === 'zh_cn'
                ? `已尝试 ${p.attempts} 次`
                : plural(p.attempts, 'attempt', 'attempts');
          const next = p.nextAttemptAt ? ` · ${l === 'zh_cn' ? '下次' : 'next'} ${ctx.clock.format(p.nextAttemptAt, 'HH:mm:ss')}` : '';
          const error = p.error && errorChars > 0 ? `\n<font color='grey'>${snippet(p.error, errorChars)}</font>` : '';
          return `- ${escapeMd(truncate(oneLine(p.department), 30))}（${who}）· ${tries}${next}${error}`;
        })
        .join('\n'),
    ),
    ctx,
  );
}
