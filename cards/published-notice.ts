/**
 * The one card each department gets when a notice is published: its lead and participating
 * counts, the nearest due date, and its most urgent tasks, with 查看我的任务 / 汇报进展.
 */
import type { Locale, RenderContext } from '../src/views/common';
import type { PublishedNoticeView } from '../src/views/publish';
import type { TaskItem } from '../src/views/tasks';
import {
  type Card,
  type CardElement,
  bilingual,
  button,
  card,
  divider,
  dueMark,
  dueTag,
  markdown,
  perLocale,
  roleTag,
  shortName,
  snippet,
  oneLine,
} from './format';
import { moreLine, plural, quotedTitle } from './notice-text';

// ---------------------------------------------------------------------------------------------
// The department's card

export function publishedNoticeCard(view: PublishedNoticeView, ctx: RenderContext): Card {
  const { leadCount: lead, participatingCount: part } = view;
  const headline = perLocale((l) => {
    const title = quotedTitle(view.notice.title, l);
    if (l === 'zh_cn') {
      return `**新通知${title}**：贵单位牵头 **${lead}** 项、参与 **${part}** 项，${nearestText(view, l)}。`;
    }
    return `**New notice ${title}**: your department leads **${lead}** and participates in **${part}** ${part === 1 ? 'task' : 'tasks'}; ${nearestText(view, l)}.`;
  });

  const elements: CardElement[] = [markdown(headline, ctx)];
  if (view.pastDueCount > 0 && view.nearest) {
    const n = view.pastDueCount;
    elements.push(
      markdown(
        bilingual(
          `<font color='red'>另有 ${n} 项的截止日期已过，请尽快办理。</font>`,
          `<font color='red'>${plural(n, 'task is', 'tasks are')} already past the deadline; please act promptly.</font>`,
        ),
        ctx,
      ),
    );
  }

  if (view.tasks.length) {
    elements.push(divider());
    for (const task of view.tasks) elements.push(taskLine(task, ctx));
    elements.push(
      ...moreLine(
        view.total - view.tasks.length,
        (n) => `另有 ${n} 项，请点击“查看我的任务”查看全部。`,
        (n) => `${plural(n, 'more task', 'more tasks')}: tap “View my tasks” to see them all.`,
        ctx,
      ),
    );
  }
  elements.push(
    button({ text: bilingual('查看我的任务', 'View my tasks'), action: { a: 'my_tasks', filter: 'all', page: 1 }, type: 'primary' }, ctx),
    // Lark keeps a card's buttons working for 14 days; the tasks run all year, and the commands do too.
    markdown(
      bilingual(
        '卡片按钮 14 天内有效；此后随时发送“我的任务”“汇报进展”即可。',
        'The buttons work for 14 days; after that, just send "my tasks" or "report progress".',
      ),
      ctx,
      { size: 'notation' },
    ),
  );

  const summary = perLocale((l) =>
    l === 'zh_cn'
      ? `新通知${quotedTitle(view.notice.title, l, 30, true)}：牵头 ${lead} 项、参与 ${part} 项`
      : `New notice ${quotedTitle(view.notice.title, l, 30, true)}: lead ${lead}, participate ${part}`,
  );
  return card(
    {
      header: {
        title: bilingual('新通知 · 请查收本单位任务', 'New notice · your department’s tasks'),
        subtitle: [shortName(view.department.name), view.notice.docNumber && shortName(view.notice.docNumber, 30)]
          .filter(Boolean)
          .join(' · '),
        template: view.pastDueCount > 0 ? 'orange' : 'blue',
        tags: [
          { text: bilingual(`牵头 ${lead}`, `Lead ${lead}`), color: 'red' },
          { text: bilingual(`参与 ${part}`, `Participating ${part}`), color: 'neutral' },
        ],
      },
      elements,
      summary,
    },
    ctx,
  );
}

/** "最近截止 2025-07-31（7月底前）", or why there is no date to show. */
function nearestText(view: PublishedNoticeView, l: Locale): string {
  if (view.nearest) {
    const { dueOn, deadlineText } = view.nearest;
    const text = oneLine(deadlineText);
    const note = text && text !== dueOn ? (l === 'zh_cn' ? `（${snippet(text, 20)}）` : ` (${snippet(text, 20)})`) : '';
    return l === 'zh_cn' ? `最近截止 **${dueOn}**${note}` : `nearest deadline **${dueOn}**${note}`;
  }
  if (view.pastDueCount > 0) {
    const n = view.pastDueCount;
    return l === 'zh_cn' ? `其中 ${n} 项的截止日期已过，请尽快办理` : `${plural(n, 'task is', 'tasks are')} already past the deadline`;
  }
  return l === 'zh_cn' ? '均为长期或未定时限任务' : 'all are ongoing or undated';
}

function taskLine(task: TaskItem, ctx: RenderContext): CardElement {
  const mark = dueMark(task, ctx);
  const deadline = task.deadlineText.trim() ? ` ⏰ ${snippet(task.deadlineText, 16)}` : '';
  return markdown(
    perLocale(
      (l) =>
        `**${task.seq}.** ${snippet(task.requirement, 48)}\n${roleTag(task.role, l)} ${dueTag(mark, l)}<font color='grey'>${deadline}</font>`,
    ),
    ctx,
  );
}
