/** The weekly overdue digest for the office and leaders: who is late, who cannot be reached, what awaits review. */
import type { I18nText, RenderContext } from '../src/views/common';
import type { DigestDepartment, WeeklyDigestView } from '../src/views/reminders';
import {
  type Card,
  type CardElement,
  type TagColor,
  bilingual,
  button,
  buttonRow,
  card,
  escapeMd,
  fitCard,
  markdown,
  oneLine,
  truncate,
  withinLimits,
} from './format';
import { RAG_EMOJI } from './rag';

interface DigestLevel {
  seqs: number;
  maxDepartments: number;
  names: number;
}

const DIGEST_LEVELS: DigestLevel[] = [
  { seqs: 12, maxDepartments: 80, names: 400 },
  { seqs: 5, maxDepartments: 80, names: 200 },
  { seqs: 0, maxDepartments: 60, names: 120 },
  { seqs: 0, maxDepartments: 30, names: 60 },
];

export function weeklyDigestCard(view: WeeklyDigestView, ctx: RenderContext): Card {
  const fitted = fitCard(DIGEST_LEVELS.length, (i) => renderDigest(view, ctx, DIGEST_LEVELS[i]));
  if (withinLimits(fitted)) return fitted;
  // Hundreds of departments with very long names: keep halving the list until it fits.
  const last = DIGEST_LEVELS[DIGEST_LEVELS.length - 1];
  for (let n = last.maxDepartments; n >= 1; n = Math.floor(n / 2)) {
    const c = renderDigest(view, ctx, { ...last, maxDepartments: n });
    if (withinLimits(c)) return c;
  }
  return renderDigest(view, ctx, { ...last, maxDepartments: 0 });
}

function renderDigest(view: WeeklyDigestView, ctx: RenderContext, level: DigestLevel): Card {
  const depts = view.departments.filter((d) => d.overdue.length > 0);
  const total = depts.reduce((n, d) => n + d.overdue.length, 0);
  const elements: CardElement[] = [];

  elements.push(
    markdown(
      depts.length
        ? bilingual(
            `截至 ${view.date}，**${depts.length}** 个单位共 **${total}** 项任务逾期（同一任务按单位分别计）。各单位逾期项数及任务序号：`,
            `As of ${view.date}, **${depts.length}** ${depts.length === 1 ? 'department has' : 'departments have'} **${total}** overdue ${total === 1 ? 'task' : 'tasks'} (counted per department). Count and task numbers:`,
          )
        : bilingual(`截至 ${view.date}，没有逾期任务。`, `As of ${view.date}, nothing is overdue.`),
      ctx,
    ),
  );

  const shown = depts.slice(0, level.maxDepartments);
  if (shown.length) elements.push(markdown(shown.map((d) => digestLine(d, level)).join('\n'), ctx));
  const hidden = depts.length - shown.length;
  if (hidden > 0) {
    elements.push(
      markdown(bilingual(`另有 ${hidden} 个单位未列出。`, `${hidden} more departments not listed.`), ctx, { size: 'notation' }),
    );
  }

  if (view.unreachable.length) {
    const names = escapeMd(truncate(view.unreachable.map(oneLine).join('、'), level.names));
    elements.push(
      markdown(
        bilingual(
          `⚠️ 以下 ${view.unreachable.length} 个单位未绑定工作群且没有联络员，提醒无法送达：${names}`,
          `⚠️ ${view.unreachable.length} ${view.unreachable.length === 1 ? 'department has' : 'departments have'} no bound group and no coordinator, so reminders cannot reach them: ${names}`,
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }

  if (view.pendingReview > 0) {
    elements.push(
      markdown(
        bilingual(
          `📥 待审核 **${view.pendingReview}** 项：各单位已报完成，待政务公开办确认办结。`,
          `📥 **${view.pendingReview}** ${view.pendingReview === 1 ? 'report awaits' : 'reports await'} the office’s review.`,
        ),
        ctx,
      ),
    );
  }

  const buttons = [button({ text: bilingual('查看汇总', 'Summary'), action: { a: 'summary' }, size: 'small' }, ctx)];
  if (view.audience === 'office' && view.pendingReview > 0) {
    buttons.unshift(
      button({ text: bilingual('去审核', 'Review'), action: { a: 'review_queue', page: 1 }, type: 'primary', size: 'small' }, ctx),
    );
  }
  elements.push(buttonRow(buttons));

  const tags: { text: I18nText; color: TagColor }[] = [];
  if (depts.length) tags.push({ text: bilingual(`逾期单位 ${depts.length}`, `${depts.length} depts overdue`), color: 'red' });
  if (view.pendingReview)
    tags.push({ text: bilingual(`待审核 ${view.pendingReview}`, `${view.pendingReview} to review`), color: 'orange' });
  if (view.unreachable.length)
    tags.push({ text: bilingual(`无法送达 ${view.unreachable.length}`, `${view.unreachable.length} unreachable`), color: 'neutral' });

  return card(
    {
      header: {
        title: bilingual('每周逾期通报', 'Weekly overdue digest'),
        subtitle: view.date,
        template: depts.length ? 'red' : 'green',
        tags,
      },
      elements,
      summary: depts.length
        ? bilingual(`【每周通报】${depts.length} 个单位 ${total} 项逾期`, `[Weekly] ${total} overdue in ${depts.length} departments`)
        : bilingual('【每周通报】无逾期任务', '[Weekly] Nothing overdue'),
    },
    ctx,
  );
}

/** "🔴 **区财政局** · 3 · #1 #11 #17 ⚠️": language-neutral, so the lines are stored once. */
function digestLine(d: DigestDepartment, level: DigestLevel): string {
  const seqs = [...new Set(d.overdue.map((t) => t.seq))].sort((a, b) => a - b);
  const listed = seqs.slice(0, level.seqs).map((s) => `#${s}`);
  if (listed.length && seqs.length > listed.length) listed.push('…');
  const parts = [`${RAG_EMOJI.red} **${escapeMd(truncate(oneLine(d.department.name), 30))}**`, String(d.overdue.length)];
  if (listed.length) parts.push(listed.join(' '));
  return `${parts.join(' · ')}${d.reachable ? '' : ' ⚠️'}`;
}
