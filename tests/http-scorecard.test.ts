// 考核 / 排名 through the real webhook and the fake Lark: the ranking card for leaders and the
// office, computed from real reports, returns and deadlines; refusals; the export's 考核 sheet.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { engineName } from './support/db';
import { buttonValue, cardText, startHarness, type Harness, OFFICE_OPEN_ID } from './support/bot-harness';
import { cardAction, messageEvent, TEST_TENANT_KEY } from '../playground/lark/lark-payloads';
import { sendRequestBytes, CARD_BYTE_BUDGET } from '../cards/format';
import { assignments, tasks } from '../src/store/schema';
import { setMember } from '../src/store/members';
import { findDepartmentByName } from '../src/store/directory';

const COORD = 'ou_coord_housing';
const LEADER = 'ou_leader';

describe(`考核 in chat, on ${engineName}`, () => {
  let h: Harness;
  let housingId: number;
  beforeAll(async () => {
    h = await startHarness();
    await h.importSeed('002_1767bb79f9d560a4.txt');
    housingId = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区城乡建设和交通局'))!.id;
    await setMember(h.store.db, {
      tenantKey: TEST_TENANT_KEY,
      openId: COORD,
      role: 'coordinator',
      departmentId: housingId,
      name: '住建联络员',
    });
    await setMember(h.store.db, { tenantKey: TEST_TENANT_KEY, openId: LEADER, role: 'leader', name: '李局长' });
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.fake.reset());

  const say = async (text: string, openId: string) => {
    await h.post(messageEvent({ text, chatType: 'p2p', chatId: `oc_p2p_${openId}`, openId }));
    await h.app.idle();
    const replies = h.fake.sent().filter((m) => m.kind === 'reply');
    return replies[replies.length - 1];
  };

  it('ranks departments by their reports and returns, and shows the facts behind each score', async () => {
    const [first] = await h.store.db
      .select({ id: assignments.id, version: assignments.version })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .where(and(eq(assignments.departmentId, housingId)))
      .orderBy(asc(tasks.seq))
      .limit(1);
    await h.post(
      cardAction({
        openId: COORD,
        value: { a: 'report_submit' },
        formValue: { task: `${first.id}:${first.version}`, status: 'done', progress: '已完成' },
        messageId: 'om_form',
        chatId: 'oc_p2p_coord',
      }),
    );
    const queue = (await say('待审核', OFFICE_OPEN_ID)).content;
    await h.post(
      cardAction({
        openId: OFFICE_OPEN_ID,
        value: buttonValue(queue, '退回'),
        formValue: { [`reason_${first.id}`]: '请补充公开页面截图' },
        messageId: 'om_q',
        chatId: 'oc_office',
      }),
    );
    await h.app.idle();

    const reply = await say('考核', LEADER);
    const text = cardText(reply.content);
    expect(text).toContain('考核排名');
    expect(text).toContain('Scorecard');
    expect(text).toContain('区城乡建设和交通局');
    // The housing bureau reported once and was returned once; the weights are printed with the ranking.
    const housingLine = text.split('\n').find((l) => l.includes('区城乡建设和交通局') && l.includes('分'))!;
    expect(housingLine).toBeDefined();
    expect(text).toMatch(/汇报 1 · 退回 1/);
    expect(text).toContain('计分：按时完成 10');
    expect(sendRequestBytes(reply.content)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(cardText((await say('排名', OFFICE_OPEN_ID)).content)).toContain('考核排名');
  });

  it('refuses coordinators, and answers an unknown notice number', async () => {
    expect(cardText((await say('考核', COORD)).content)).toContain('汇总仅对领导和政务公开办开放');
    expect(cardText((await say('考核 999', LEADER)).content)).toContain('没有编号为 999 的已发布通知');
  });

  it("lets the office set this organisation's weights, which the ranking then uses, and go back to the defaults", async () => {
    expect(cardText((await say('考核权重', OFFICE_OPEN_ID)).content)).toContain('按时完成=10');
    expect(cardText((await say('考核权重 按时完成=12 silentWeek=-1', OFFICE_OPEN_ID)).content)).toContain('按时完成=12，逾期完成=5');
    expect(cardText((await say('考核', LEADER)).content)).toContain('计分：按时完成 12');
    const bad = cardText((await say('考核权重 速度=3', OFFICE_OPEN_ID)).content);
    expect(bad).toContain('无法识别权重');
    expect(cardText((await say('考核权重', OFFICE_OPEN_ID)).content)).toContain('按时完成=12');
    expect(cardText((await say('考核权重 按时完成=1', COORD)).content)).toContain('政务公开办');
    expect(cardText((await say('考核权重 默认', OFFICE_OPEN_ID)).content)).toContain('按时完成=10');
    expect(cardText((await say('考核', LEADER)).content)).toContain('计分：按时完成 10');
  });

  it('adds a 考核 sheet to the exported ledger', async () => {
    await say('导出台账', LEADER);
    const file = h.fake.sent().find((m) => m.kind === 'reply' && m.msgType === 'file')!;
    const upload = h.fake.uploads.get((file.content as { file_key: string }).file_key)!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(upload.bytes) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('考核')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '排名',
      '单位',
      '得分',
      '按时完成',
      '逾期完成',
      '当前逾期',
      '逾期天数合计',
      '汇报次数',
      '被退回',
      '无汇报周数',
    ]);
    const housing: unknown[][] = [];
    sheet.eachRow((r) => {
      if (r.getCell(2).value === '区城乡建设和交通局') housing.push((r.values as unknown[]).slice(1));
    });
    expect(housing).toHaveLength(1);
    expect(housing[0].slice(7, 9)).toEqual([1, 1]);
  });
});
