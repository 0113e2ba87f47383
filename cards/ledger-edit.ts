/**
 * What an edited 台账 changes, for the office to confirm (确认修改 / 取消), and the same card once
 * applied. Counts first (tasks added, removed, edited; departments added and removed; deadlines
 * moved; leaders changed), then what will not be done and why, then the changes task by task.
 *
 * Budget: task texts are data (snippets, language-neutral where they are long); the list is capped
 * in levels until the send body fits 28 KB / 200 elements, and says how many it left out.
 */
import type { I18nText, Locale, RenderContext } from '../src/views/common';
import type { FieldChange, LedgerEditView, TaskChange } from '../src/views/ledger-edit';
import {
  type Card,
  type CardElement,
  type TagColor,
  bilingual,
  button,
  buttonRow,
  card,
  fitCard,
  divider,
  escapeMd,
  markdown,
  oneLine,
  perLocale,
  plainText,
  snippet,
  truncate,
} from './format';
import { moreLine, nameList, quotedTitle } from './notice-text';

const LEVELS = [
  { changes: 30, text: 40, names: 30 },
  { changes: 15, text: 30, names: 15 },
  { changes: 8, text: 20, names: 8 },
  { changes: 4, text: 12, names: 4 },
] as const;
type Level = (typeof LEVELS)[number];

const FIELD_LABELS: Record<FieldChange['field'], I18nText> = {
  section: bilingual('工作任务', 'Task'),
  requirement: bilingual('具体要求', 'Requirement'),
  lead: bilingual('牵头部门', 'Lead'),
  responsible: bilingual('责任单位', 'Responsible'),
  leaders: bilingual('责任领导', 'Leaders'),
  deadline: bilingual('完成时限', 'Deadline'),
};

const KIND_LABELS: Record<TaskChange['kind'], I18nText> = {
  added: bilingual('新增', 'Added'),
  removed: bilingual('删除', 'Removed'),
  edited: bilingual('修改', 'Edited'),
  kept: bilingual('保留', 'Kept'),
};

export function ledgerEditCard(view: LedgerEditView, ctx: RenderContext): Card {
  return fitCard(LEVELS.length, (i) => render(view, ctx, LEVELS[i]));
}

function render(view: LedgerEditView, ctx: RenderContext, level: Level): Card {
  const n = view.counts;
  const published = view.notice.status === 'published';
  const elements: CardElement[] = [
    markdown(
      perLocale(
        (l) =>
          `**${quotedTitle(view.notice.title, l, 80)}**\n<font color='grey'>${l === 'zh_cn' ? '修改后的台账：' : 'Edited ledger: '}${escapeMd(truncate(oneLine(view.sourceName), 60))}</font>`,
      ),
      ctx,
    ),
    markdown(summary(n, view), ctx),
  ];

  if (view.renumbered) {
    elements.push(
      markdown(
        bilingual(
          `因插入或删除行，**${view.renumbered}** 项已有任务的序号随之调整。`,
          `Rows were inserted or deleted: **${view.renumbered}** existing tasks get a new 序号.`,
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }

  if (view.newDepartments.length) {
    elements.push(
      markdown(
        bilingual(
          `**新增承担任务的单位（${view.newDepartments.length}）**${published ? (view.state === 'applied' ? '：已向其发送本通知。' : '：确认后将向其发送本通知。') : ''}`,
          `**Departments new to this notice (${view.newDepartments.length})**${published ? (view.state === 'applied' ? ': they have been sent the notice.' : ': they will be sent the notice on confirm.') : ''}`,
        ),
        ctx,
      ),
      markdown(nameList(view.newDepartments, level.names), ctx, { size: 'notation' }),
      ...moreLine(
        view.newDepartments.length - level.names,
        (k) => `…另有 ${k} 个`,
        (k) => `…and ${k} more`,
        ctx,
      ),
    );
  }
  if (view.delivery?.unreachable.length) {
    elements.push(
      markdown(
        bilingual(
          `<font color='red'>其中 **${view.delivery.unreachable.length}** 个单位尚未绑定群或联络员，暂未送达：</font>${nameList(view.delivery.unreachable, level.names)}`,
          `<font color='red'>**${view.delivery.unreachable.length}** of them have no bound group or coordinator yet:</font> ${nameList(view.delivery.unreachable, level.names)}`,
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }
  if (view.droppedDepartments.length) {
    elements.push(
      markdown(
        bilingual(
          `修改后不再承担本通知任务的单位（${view.droppedDepartments.length}）：`,
          `Departments left with no task in this notice (${view.droppedDepartments.length}):`,
        ),
        ctx,
        { size: 'notation' },
      ),
      markdown(nameList(view.droppedDepartments, level.names), ctx, { size: 'notation' }),
    );
  }

  const refused = view.changes.filter((c) => c.kind === 'kept' || c.unitsKept.length || c.conflicts.length);
  if (refused.length) {
    const shown = refused.slice(0, level.changes);
    elements.push(
      divider(),
      markdown(
        bilingual(
          `<font color='red'>**以下修改不会执行（${n.refused}）**</font>：已有进展汇报的任务和单位不会删除，汇报记录全部保留；导出后已在督办中改过的内容以督办为准。`,
          `<font color='red'>**Not done (${n.refused})**</font>: tasks and departments with progress reports stay, with every report; cells changed in Duban since the export keep Duban's value.`,
        ),
        ctx,
      ),
      markdown(
        perLocale((l) => shown.map((c) => refusedLine(c, l, level)).join('\n')),
        ctx,
        { size: 'notation' },
      ),
      ...moreLine(
        refused.length - shown.length,
        (k) => `…另有 ${k} 项`,
        (k) => `…and ${k} more`,
        ctx,
      ),
    );
  }

  const listed = view.changes.filter(
    (c) => c.kind !== 'kept' && (c.kind !== 'edited' || c.fields.length || c.unitsAdded.length || c.unitsRemoved.length),
  );
  if (listed.length) {
    const shown = listed.slice(0, level.changes);
    elements.push(
      divider(),
      markdown(bilingual(`**逐项变化（${listed.length}）**`, `**Changes (${listed.length})**`), ctx),
      markdown(
        perLocale((l) => shown.map((c) => changeLine(c, l, level)).join('\n')),
        ctx,
        { size: 'notation' },
      ),
      ...moreLine(
        listed.length - shown.length,
        (k) => `…另有 ${k} 项`,
        (k) => `…and ${k} more`,
        ctx,
      ),
    );
  }

  const unresolved = [...new Set(view.changes.flatMap((c) => c.unresolved))];
  if (unresolved.length) {
    elements.push(
      divider(),
      markdown(
        bilingual(
          `**未能识别的单位（${unresolved.length}）**：这些名称下的任务不会派发给任何单位；如是目录中单位的别称，请发送 **设置别名 原名称 = 目录中的单位名称**。`,
          `**Unrecognised units (${unresolved.length})**: their tasks reach nobody; map one with **设置别名 name = directory name**.`,
        ),
        ctx,
      ),
      markdown(nameList(unresolved, level.names), ctx, { size: 'notation' }),
    );
  }
  if (view.createdUnits.length) {
    elements.push(
      markdown(
        bilingual(`**目录新增单位（${view.createdUnits.length}）**：`, `**New directory units (${view.createdUnits.length})**:`),
        ctx,
        { size: 'notation' },
      ),
      markdown(nameList(view.createdUnits, level.names), ctx, { size: 'notation' }),
    );
  }
  if (view.ignored.length) {
    elements.push(
      markdown(
        perLocale((l) =>
          view.ignored
            .slice(0, level.names)
            .map((x) => (l === 'zh_cn' ? `- 第 ${x.row} 行：${x.reason.zh_cn}` : `- Row ${x.row}: ${x.reason.en_us}`))
            .join('\n'),
        ),
        ctx,
        { size: 'notation' },
      ),
    );
  }

  const actionable = view.state === 'preview' && view.editId !== null;
  if (actionable) elements.push(divider(), buttons(view.editId!, n, ctx));
  else if (view.state === 'preview') {
    elements.push(markdown(bilingual('台账没有需要修改的内容。', 'Nothing in the ledger needs to change.'), ctx, { size: 'notation' }));
  }

  const tags: { text: I18nText; color: TagColor }[] = [];
  if (n.added) tags.push({ text: bilingual(`新增 ${n.added}`, `+${n.added}`), color: 'green' });
  if (n.removed) tags.push({ text: bilingual(`删除 ${n.removed}`, `−${n.removed}`), color: 'red' });
  if (n.edited) tags.push({ text: bilingual(`修改 ${n.edited}`, `${n.edited} edited`), color: 'blue' });

  return card(
    {
      header: {
        title:
          view.state === 'applied'
            ? bilingual('台账已按修改更新', 'Ledger updated')
            : view.state === 'cancelled'
              ? bilingual('已取消台账修改', 'Ledger change cancelled')
              : bilingual('台账修改确认', 'Confirm ledger changes'),
        subtitle: view.notice.docNumber ?? truncate(oneLine(view.notice.title), 40),
        template: view.state === 'applied' ? 'green' : view.state === 'cancelled' ? 'grey' : 'orange',
        tags,
      },
      elements,
      summary: perLocale((l) =>
        l === 'zh_cn'
          ? `台账修改：${quotedTitle(view.notice.title, l, 30, true)}`
          : `Ledger changes: ${quotedTitle(view.notice.title, l, 30, true)}`,
      ),
    },
    ctx,
  );
}

function summary(n: LedgerEditView['counts'], view: LedgerEditView): I18nText {
  const zh = [
    n.added && `新增任务 **${n.added}** 项`,
    n.removed && `删除任务 **${n.removed}** 项`,
    n.edited && `修改任务 **${n.edited}** 项`,
    n.unitsAdded && `增加责任单位 **${n.unitsAdded}** 个次`,
    n.unitsRemoved && `移除责任单位 **${n.unitsRemoved}** 个次`,
    n.deadlinesMoved && `调整完成时限 **${n.deadlinesMoved}** 项`,
    n.leadersChanged && `变更责任领导 **${n.leadersChanged}** 项`,
  ].filter(Boolean);
  const en = [
    n.added && `**${n.added}** ${n.added === 1 ? 'task' : 'tasks'} added`,
    n.removed && `**${n.removed}** removed`,
    n.edited && `**${n.edited}** edited`,
    n.unitsAdded && `**${n.unitsAdded}** ${n.unitsAdded === 1 ? 'department' : 'departments'} given a task`,
    n.unitsRemoved && `**${n.unitsRemoved}** taken off one`,
    n.deadlinesMoved && `**${n.deadlinesMoved}** ${n.deadlinesMoved === 1 ? 'deadline' : 'deadlines'} moved`,
    n.leadersChanged && `**${n.leadersChanged}** ${n.leadersChanged === 1 ? 'leader line' : 'leader lines'} changed`,
  ].filter(Boolean);
  if (!zh.length) return bilingual('与台账现状相比，没有需要修改的内容。', 'Compared with the ledger as it stands, nothing changes.');
  const done = view.state === 'applied';
  return bilingual(
    `${done ? '已' : '将'}${zh.join('，')}。${done ? '' : '进展汇报和审核记录均保留。'}`,
    `${en.join(', ')}${done ? '.' : ' on confirm. Progress reports and reviews are kept.'}`,
  );
}

const SEP: Record<Locale, string> = { zh_cn: '；', en_us: '; ' };
const COLON: Record<Locale, string> = { zh_cn: '：', en_us: ': ' };

function changeLine(c: TaskChange, l: Locale, level: Level): string {
  const head = `**${KIND_LABELS[c.kind][l]} ${l === 'zh_cn' ? `第 ${c.seq} 项` : `No. ${c.seq}`}**`;
  const moved =
    c.oldSeq !== null && c.oldSeq !== c.seq && c.kind !== 'removed'
      ? l === 'zh_cn'
        ? `（原第 ${c.oldSeq} 项）`
        : ` (was ${c.oldSeq})`
      : '';
  const parts: string[] = [];
  for (const f of c.fields) {
    if (f.field === 'requirement' && c.kind === 'edited') parts.push(`${FIELD_LABELS[f.field][l]}${COLON[l]}${snippet(f.to, level.text)}`);
    else if ((f.field === 'lead' || f.field === 'responsible') && (c.unitsAdded.length || c.unitsRemoved.length)) continue;
    else if (c.kind === 'added') parts.push(`${FIELD_LABELS[f.field][l]}${COLON[l]}${snippet(f.to, level.text)}`);
    else parts.push(`${FIELD_LABELS[f.field][l]}${COLON[l]}${snippet(f.from, level.text)} → ${snippet(f.to, level.text)}`);
  }
  if (c.unitsAdded.length) parts.push(`${l === 'zh_cn' ? '增加单位' : 'Adds'} ${snippet(c.unitsAdded.join('、'), level.text * 2)}`);
  if (c.unitsRemoved.length) parts.push(`${l === 'zh_cn' ? '移除单位' : 'Removes'} ${snippet(c.unitsRemoved.join('、'), level.text * 2)}`);
  if (c.doubts.length) parts.push(`<font color='orange'>⚠ ${c.doubts.map((d) => snippet(d[l], level.text)).join(SEP[l])}</font>`);
  const text = c.kind === 'edited' && c.fields.some((f) => f.field === 'requirement') ? '' : ` ${snippet(c.requirement, level.text)}`;
  return `- ${head}${moved}${text}${parts.length ? `${COLON[l]}${parts.join(SEP[l])}` : ''}`;
}

function refusedLine(c: TaskChange, l: Locale, level: Level): string {
  const head = `**${l === 'zh_cn' ? `第 ${c.seq} 项` : `No. ${c.seq}`}** ${snippet(c.requirement, level.text)}`;
  const why: string[] = [];
  if (c.kind === 'kept') {
    const by = snippet(c.unitsKept.join('、'), level.text * 2);
    why.push(l === 'zh_cn' ? `整行已删除，但 ${by} 已汇报进展，任务保留` : `row deleted, but ${by} reported on it: the task stays`);
  } else if (c.unitsKept.length) {
    const by = snippet(c.unitsKept.join('、'), level.text * 2);
    why.push(l === 'zh_cn' ? `${by} 已汇报进展，不移除` : `${by} reported on it: not removed`);
  }
  if (c.conflicts.length) {
    const fields = c.conflicts.map((f) => FIELD_LABELS[f][l]).join(l === 'zh_cn' ? '、' : ', ');
    why.push(l === 'zh_cn' ? `${fields}在导出后已被修改，以督办为准` : `${fields} changed in Duban since the export: Duban's value stays`);
  }
  return `- ${head}${COLON[l]}${why.join(SEP[l])}`;
}

function buttons(editId: number, n: LedgerEditView['counts'], ctx: RenderContext): CardElement {
  const total = n.added + n.removed + n.edited;
  return buttonRow([
    {
      ...button({ text: bilingual('确认修改', 'Apply changes'), action: { a: 'ledger_edit_apply', editId }, type: 'primary' }, ctx),
      confirm: {
        title: plainText(bilingual('确认按台账修改？', 'Apply these changes?'), ctx),
        text: plainText(
          bilingual(
            `将修改 ${total} 项任务，已有的进展汇报和审核记录都会保留。`,
            `${total} tasks change; every progress report and review is kept.`,
          ),
          ctx,
        ),
      },
    },
    button({ text: bilingual('取消', 'Cancel'), action: { a: 'ledger_edit_cancel', editId } }, ctx),
  ]);
}
