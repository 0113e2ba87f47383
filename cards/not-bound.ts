/**
 * Shown when the sender cannot be tied to a department. It explains the two ways in: bind the
 * group to the department (a department admin asks, the office confirms), or be registered as the
 * department's liaison by the office.
 */
import type { I18nText, RenderContext } from '../src/views/common';
import type { NotBoundView } from '../src/views/messages';
import { type Card, bilingual, card, markdown } from './format';

const GROUP: I18nText = bilingual(
  [
    '本群还没有绑定到具体单位，暂时无法查看或汇报任务。',
    '',
    '**如何绑定**',
    '1. 请本单位管理员在群内发送：**@督办 绑定 区财政局**（换成本单位名称）',
    '2. 政务公开办确认后即可使用，群内成员无需再单独登记。',
  ].join('\n'),
  [
    'This group is not linked to a department yet, so tasks cannot be viewed or reported here.',
    '',
    '**How to link it**',
    '1. An admin of your department sends in this group: **@Duban 绑定 区财政局** (use your department’s name)',
    '2. Once the office confirms, everyone in the group can use it; nobody needs to register separately.',
  ].join('\n'),
);

const P2P: I18nText = bilingual(
  [
    '暂时无法确认您所在的单位。',
    '',
    '**您可以：**',
    '- 请政务公开办为您登记为联络员（办公室发送：**设置联络员 @你 区财政局**）；或',
    '- 加入本单位已绑定的工作群，在群内 **@督办** 使用。',
  ].join('\n'),
  [
    'We could not tell which department you belong to.',
    '',
    '**You can:**',
    '- ask the office to register you as a liaison (the office sends: **设置联络员 @you 区财政局**); or',
    '- join your department’s linked work group and **@Duban** there.',
  ].join('\n'),
);

export function notBoundCard(view: NotBoundView, ctx: RenderContext): Card {
  const group = view.chatType === 'group';
  return card(
    {
      header: {
        title: group
          ? bilingual('本群尚未绑定单位', 'This group is not linked yet')
          : bilingual('尚未登记所在单位', 'Your department is not registered yet'),
        template: 'orange',
      },
      elements: [markdown(group ? GROUP : P2P, ctx)],
    },
    ctx,
  );
}
