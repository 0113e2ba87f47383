// The size budget: Lark refuses a card message whose *request body* is over 30 KB (230025), and in
// that body the card is a JSON string inside JSON, so every quote is escaped again. This measures
// the body (`sendRequestBytes`, the same measure the cards budget on in cards/format.ts) for every
// card kind, ordinary and worst case, through the real card functions. Every worst case fits the
// 28 KB budget: names are capped where they enter titles, summaries and dialogs, and long lists
// degrade to shorter snippets and fewer items ("另有 N 项") before they could overflow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARK_CARD_BODY_LIMIT, checkCard } from '../playground/lark/card-schema';
import { type Extremes, WORST, allCards } from './support/card-views';
import { startFakeLark, type FakeLark } from '../playground/lark/fake-lark';
import { createLarkApi } from '../src/lark/api';
import { LarkApiError } from '../src/lark/errors';
import { CARD_BYTE_BUDGET as CARD_BODY_BUDGET, cardBytes, sendRequestBytes, type Card } from '../cards/format';

const SCENARIOS: Record<string, Extremes> = {
  /** A 2,000-character 单位名称 (and notice titles to match), otherwise ordinary. */
  'long unit name': { unit: 2000, requirement: 60, progress: 40, count: 4 },
  /** 200 tasks (or departments) with 1,000-character requirements. */
  '200 tasks': { unit: 6, requirement: 1000, progress: 40, count: 200 },
  /** 1,000-character progress texts on 20 tasks. */
  'long progress': { unit: 6, requirement: 60, progress: 1000, count: 20 },
  /** All of the above at once. */
  worst: WORST,
};

const cases = Object.entries(SCENARIOS).flatMap(([scenario, x]) =>
  allCards(x).map(([card, render]) => ({ key: `${scenario} / ${card}`, render })),
);

const rendered = new Map<string, { card: Card; bytes: number }>();
function measure(key: string, render: () => Card): { card: Card; bytes: number } {
  let m = rendered.get(key);
  if (!m) {
    const card = render();
    m = { card, bytes: sendRequestBytes(card) };
    rendered.set(key, m);
  }
  return m;
}

describe('ordinary cards', () => {
  it.each(allCards())('%s: the send request body is within the 28 KB budget', (_name, render) => {
    expect(sendRequestBytes(render())).toBeLessThanOrEqual(CARD_BODY_BUDGET);
  });
});

describe(`worst cases: request body under Lark's limit (${LARK_CARD_BODY_LIMIT} bytes)`, () => {
  for (const { key, render } of cases) {
    it(key, () => {
      const { bytes } = measure(key, render);
      expect(bytes, `${key}: ${bytes} bytes`).toBeLessThanOrEqual(LARK_CARD_BODY_LIMIT);
    });
  }
});

describe(`worst cases: request body within the budget (${CARD_BODY_BUDGET} bytes)`, () => {
  for (const { key, render } of cases) {
    it(key, () => {
      const { bytes } = measure(key, render);
      expect(bytes, `${key}: ${bytes} bytes`).toBeLessThanOrEqual(CARD_BODY_BUDGET);
    });
  }
});

describe('worst cases still pass the schema gate', () => {
  it.each(cases.map((c) => [c.key, c.render] as const))('%s', (key, render) => {
    expect(checkCard(measure(key, render).card)).toBeNull();
  });
});

describe('the measure', () => {
  let fake: FakeLark;
  beforeAll(async () => {
    fake = await startFakeLark();
  });
  afterAll(async () => fake?.close());

  const padded = (n: number): Card => ({
    schema: '2.0',
    config: { update_multi: true, locales: ['zh_cn', 'en_us'], summary: { content: 'x', i18n_content: { zh_cn: 'x', en_us: 'x' } } },
    header: { title: { tag: 'plain_text', content: '"引号" 会被再转义一次' } },
    body: { elements: [{ tag: 'markdown', content: 'a'.repeat(n) }] },
  });

  it('counts the doubly escaped body, not the card', () => {
    const card = allCards(WORST)[1][1]();
    expect(sendRequestBytes(card)).toBeGreaterThan(cardBytes(card));
  });

  it('counts exactly what the fake Lark counts: a body of 30,000 bytes is sent, 30,001 is refused with 230025', async () => {
    const api = createLarkApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url });
    const base = sendRequestBytes(padded(0), 'oc_1');
    const fits = padded(LARK_CARD_BODY_LIMIT - base);
    expect(sendRequestBytes(fits, 'oc_1')).toBe(LARK_CARD_BODY_LIMIT);
    await api.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc_1', msgType: 'interactive', content: JSON.stringify(fits) });

    const over = padded(LARK_CARD_BODY_LIMIT - base + 1);
    const e = await api
      .sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc_1', msgType: 'interactive', content: JSON.stringify(over) })
      .then(
        () => null,
        (x: unknown) => x,
      );
    expect(e).toBeInstanceOf(LarkApiError);
    expect((e as LarkApiError).code).toBe(230025);
  });
});
