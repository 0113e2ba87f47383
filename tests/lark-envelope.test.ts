import { describe, expect, it } from 'vitest';
import { parseReportForm } from '../cards/action-value';
import { type EventEnvelope, parseEvent, parseTextContent } from '../src/lark/envelope';
import { cardAction, messageEvent } from '../playground/lark/lark-payloads';

const RLO = '\u202e';
const ZWSP = '\u200b';

describe('text as it enters from Lark', () => {
  it('drops bidi controls and zero-width characters from what people typed, so it reads the same to everyone', () => {
    expect(parseTextContent(JSON.stringify({ text: `绑定 区财政局${RLO}局政财` }))).toBe('绑定 区财政局局政财');
    const e = messageEvent({
      text: '设置领导 @_user_2',
      chatType: 'group',
      chatId: 'oc',
      openId: 'ou',
      mentions: [{ key: '@_user_2', openId: 'ou_z', name: `张${RLO}三${ZWSP}` }],
    });
    const parsed = parseEvent(e as unknown as EventEnvelope);
    expect(parsed.type === 'im.message.receive_v1' && parsed.event.message.mentions?.[0].name).toBe('张三');
  });

  it('refuses a report whose progress is only invisible characters, and keeps no control character in one that is not', () => {
    const click = (progress: string) => {
      const p = parseEvent(
        cardAction({
          openId: 'ou',
          value: { a: 'report_submit' },
          formValue: { task: '1:1', status: 'in_progress', progress },
          messageId: 'om',
          chatId: 'oc',
        }) as unknown as EventEnvelope,
      );
      if (p.type !== 'card.action.trigger') throw new Error('not a card action');
      return parseReportForm(p.event.action.form_value);
    };
    expect(click(`${ZWSP}${ZWSP}\u2060`)).toMatchObject({ ok: false, i18n: { zh_cn: '请填写进展情况' } });
    expect(click(`已完成${RLO}成完未`)).toMatchObject({ ok: true, value: { progress: '已完成成完未' } });
  });
});
