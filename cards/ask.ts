/**
 * Answers to leaders' plain-word questions (src/ask.ts): a list of open tasks (逾期的有哪些, 本月到期),
 * the units that have not reported (哪些单位没报), two or three buttons when the question could
 * mean more than one thing, and what can be asked when it meant nothing Duban knows.
 */
import type { RenderContext } from '../src/views/common';
import type { AskChoicesView, AskHelpView, AskSilentView, AskTasksView } from '../src/views/ask';
import type { OverdueTask } from '../src/views/summary';
import {
  type Card,
  type CardElement,
  bilingual,
  button,
  buttonRow,
  card,
  escapeMd,
  fitCard,
  markdown,
  mdName,
  mdTag,
  oneLine,
  perLocale,
  shortName,
  snippet,
  truncate,
} from './format';

/** Tried in order until the card fits the budget: fewer tasks, shorter text. */
const LEVELS = [
  { tasks: 15, requirement: 60, units: 5, names: 80 },
  { tasks: 10, requirement: 40, units: 3, names: 40 },
  { tasks: 6, requirement: 24, units: 2, names: 20 },
] as const;
type Level = (typeof LEVELS)[number];

/** The summary behind every answer: one tap away. */
function summaryButton(ctx: RenderContext, departmentId?: number): CardElement {
  return button(
    { text: bilingual('查看汇总', 'Full summary'), action: departmentId ? { a: 'summary', departmentId } : { a: 'summary' } },
    ctx,
  );
}

export function askTasksCard(view: AskTasksView, ctx: RenderContext): Card {
  return fitCard(LEVELS.length, (i) => renderTasks(view, ctx, LEVELS[i]));
}

function renderTasks(view: AskTasksView, ctx: RenderContext, level: Level): Card {
  const overdue = view.kind === 'overdue';
  const month = view.asOf.slice(0, 7);
  const scope = view.department ? shortName(view.department.name) : '';
  const title = overdue
    ? bilingual(`${scope}逾期任务 · ${view.total} 项`, `${scope ? `${scope}: overdue` : 'Overdue'} tasks · ${view.total}`)
    : bilingual(`${scope}本月到期 · ${view.total} 项`, `${scope ? `${scope}: due` : 'Due'} this month · ${view.total}`);
  const elements: CardElement[] = [];
  if (view.total === 0) {
    elements.push(
      markdown(
        overdue
          ? bilingual("<font color='green'>没有逾期未完成的任务。</font>", "<font color='green'>Nothing is overdue.</font>")
          : bilingual(`${month} 没有未完成的到期任务。`, `Nothing unfinished is due in ${month}.`),
        ctx,
      ),
    );
  } else {
    elements.push(
      markdown(
        overdue
          ? bilingual(
              '截止日期已过、仍有单位未完成的任务，最早到期的在前：',
              'Past their due date with a unit still owing them, oldest first:',
            )
          : bilingual(`${month} 到期、仍有单位未完成的任务：`, `Due in ${month} with a unit still owing them:`),
        ctx,
        { size: 'notation' },
      ),
    );
    const shown = view.tasks.slice(0, level.tasks);
    for (const t of shown) elements.push(...taskLines(t, view, ctx, level));
    const more = view.total - shown.length;
    if (more > 0) {
      elements.push(
        markdown(bilingual(`另有 ${more} 项未列出，可导出台账查看。`, `${more} more not listed; export the ledger for all.`), ctx, {
          size: 'notation',
        }),
      );
    }
  }
  elements.push(buttonRow([summaryButton(ctx, view.department?.id)]));
  return card(
    {
      header: {
        title,
        subtitle: bilingual(`截至 ${view.asOf}`, `As of ${view.asOf}`),
        template: view.total === 0 ? 'green' : overdue ? 'red' : 'orange',
      },
      elements,
    },
    ctx,
  );
}

/** Requirement as data (stored once); the due mark and the owing units in a short bilingual line. */
function taskLines(t: OverdueTask, view: AskTasksView, ctx: RenderContext, level: Level): CardElement[] {
  const days = ctx.clock.daysBetween(t.dueOn, view.asOf) ?? 0;
  const names = t.departments.slice(0, level.units).map((n) => escapeMd(truncate(oneLine(n), 14)));
  const rest = t.departments.length - names.length;
  return [
    markdown(`**${t.seq}.** ${snippet(t.requirement, level.requirement)}`, ctx),
    markdown(
      perLocale((l) => {
        const zh = l === 'zh_cn';
        const mark =
          days > 0
            ? mdTag(zh ? `逾期 ${days} 天` : `${days} ${days === 1 ? 'day' : 'days'} overdue`, 'red')
            : mdTag(zh ? `还剩 ${-days} 天` : `${-days} ${days === -1 ? 'day' : 'days'} left`, 'orange');
        const owing = t.unassigned
          ? zh
            ? '无单位承担（单位未识别）'
            : 'nobody holds it (units not resolved)'
          : `${names.join('、')}${rest > 0 ? (zh ? ` 等 ${t.departments.length} 个单位` : ` +${rest}`) : ''}`;
        return `${mark} ${zh ? `截止 ${t.dueOn}` : `due ${t.dueOn}`} · ${owing}`;
      }),
      ctx,
      { size: 'notation' },
    ),
  ];
}

export function askSilentCard(view: AskSilentView, ctx: RenderContext): Card {
  return fitCard(LEVELS.length, (i) => renderSilent(view, ctx, LEVELS[i]));
}

function renderSilent(view: AskSilentView, ctx: RenderContext, level: Level): Card {
  const n = view.silent.length;
  const shown = view.silent.slice(0, level.names);
  const elements: CardElement[] = [
    markdown(
      n === 0
        ? bilingual(
            `<font color='green'>${view.departmentCount} 个有任务的单位都已汇报过进展。</font>`,
            `<font color='green'>All ${view.departmentCount} departments with tasks have reported.</font>`,
          )
        : bilingual(
            `${view.departmentCount} 个有任务的单位中，**${n}** 个至今没有汇报过任何进展（按目录顺序）：`,
            `Of ${view.departmentCount} departments with tasks, **${n}** have never reported (directory order):`,
          ),
      ctx,
    ),
  ];
  // Names are data: one language-neutral list, not one per locale.
  if (n) elements.push(markdown(shown.map((d) => mdName(d.name, 30)).join('、'), ctx));
  if (n > shown.length) {
    elements.push(markdown(bilingual(`…另有 ${n - shown.length} 个单位`, `…and ${n - shown.length} more`), ctx, { size: 'notation' }));
  }
  elements.push(buttonRow([summaryButton(ctx)]));
  return card(
    {
      header: {
        title: bilingual(`未汇报单位 · ${n} 个`, `Not reported · ${n}`),
        subtitle: bilingual(`截至 ${view.asOf}`, `As of ${view.asOf}`),
        template: n === 0 ? 'green' : 'orange',
      },
      elements,
    },
    ctx,
  );
}

export function askChoicesCard(view: AskChoicesView, ctx: RenderContext): Card {
  return card(
    {
      header: { title: bilingual('您想看哪一项？', 'Which did you mean?'), template: 'blue' },
      elements: [
        markdown(
          bilingual(
            `“${escapeMd(truncate(oneLine(view.question), 60))}”可能指以下几项，请选择：`,
            `“${escapeMd(truncate(oneLine(view.question), 60))}” could mean any of these:`,
          ),
          ctx,
        ),
        buttonRow(
          view.choices.map((c, i) =>
            // A button's text is capped by Lark (100 characters); a unit's name is cut well before.
            button(
              {
                text: perLocale((l) => shortName(c.label[l], 24)),
                action: { a: 'ask', ...c.value },
                type: i === 0 ? 'primary' : 'default',
              },
              ctx,
            ),
          ),
        ),
        markdown(bilingual('如都不是，请写单位全称再问一次。', 'If none is right, ask again with the full unit name.'), ctx, {
          size: 'notation',
        }),
      ],
    },
    ctx,
  );
}

/** The questions leaders can ask, as examples: the answer to a question Duban did not understand. */
const ASK_EXAMPLES: readonly [string, string][] = [
  ['财政局怎么样', 'how a unit is doing (full name, alias or short form: 财政局, 发改局)'],
  ['逾期的有哪些', 'overdue tasks'],
  ['本月到期', 'tasks due this month'],
  ['哪些单位没报', 'units that have not reported'],
  ['整体情况怎么样', 'the overall summary'],
];

export function askHelpCard(view: AskHelpView, ctx: RenderContext): Card {
  const q = escapeMd(truncate(oneLine(view.question), 60));
  const intro = view.unknownUnit
    ? bilingual(
        `单位目录中没有“${escapeMd(truncate(view.unknownUnit, 30))}”。请使用单位全称、别名或常用简称。`,
        `There is no unit “${escapeMd(truncate(view.unknownUnit, 30))}” in the directory. Use its full name, an alias or a usual short form.`,
      )
    : bilingual(`没有看懂“${q}”。可以这样问：`, `Duban did not understand “${q}”. You can ask:`);
  return card(
    {
      header: { title: bilingual('可以这样问', 'What you can ask'), template: 'blue' },
      elements: [
        markdown(intro, ctx),
        markdown(
          perLocale((l) => ASK_EXAMPLES.map(([zh, en]) => (l === 'zh_cn' ? `- **${zh}**` : `- **${zh}** — ${en}`)).join('\n')),
          ctx,
        ),
        markdown(
          bilingual('发送“帮助”查看全部指令。在群里请先 @督办。', 'Send “help” for every command. In a group, @mention Duban first.'),
          ctx,
          { size: 'notation' },
        ),
      ],
    },
    ctx,
  );
}
