import { describe, expect, it } from 'vitest';
import { groupKinds, inferKind, isGroupTerm, splitUnits } from '../src/notice/units';
import { extractRoles } from '../src/notice/roles';

describe('splitUnits: separators', () => {
  it('splits on newlines, 、 ， , ； ; and keeps the order', () => {
    expect(splitUnits('区财政局、区税务局，区公安分局；区民政局;区水利局,区商务局')).toEqual([
      '区财政局',
      '区税务局',
      '区公安分局',
      '区民政局',
      '区水利局',
      '区商务局',
    ]);
    expect(splitUnits('区经济发展局\n\n市自然资源和规划局经开区分局')).toEqual(['区经济发展局', '市自然资源和规划局经开区分局']);
  });

  it('splits on spaces between complete names', () => {
    expect(splitUnits('区财政局 区税务局')).toEqual(['区财政局', '区税务局']);
    expect(splitUnits('区党政办公室\u3000\u3000区经济发展局')).toEqual(['区党政办公室', '区经济发展局']);
    expect(splitUnits('区经济发展局 文化传媒集团')).toEqual(['区经济发展局', '文化传媒集团']);
    expect(splitUnits('疃里镇 马集镇政府')).toEqual(['疃里镇政府', '马集镇政府']);
  });

  it('treats spaces inside a name as PDF line wraps (seed 003 cells)', () => {
    expect(splitUnits('区党政办公室、区经济 发展局、区财政金融 局、区行政审批服务局 等相关部门单位')).toEqual([
      '区党政办公室',
      '区经济发展局',
      '区财政金融局',
      '区行政审批服务局',
      '相关部门单位',
    ]);
    expect(splitUnits('区经济发展局、区财政 金融局、区行政审批服 务局、区生态环境分 局、园区规划建设服务 中心等相关部门单位')).toEqual([
      '区经济发展局',
      '区财政金融局',
      '区行政审批服务局',
      '区生态环境分局',
      '园区规划建设服务中心',
      '相关部门单位',
    ]);
    expect(splitUnits('区党政办公室、区公安 分局、文化传媒集团等 相关部门单位')).toEqual([
      '区党政办公室',
      '区公安分局',
      '文化传媒集团',
      '相关部门单位',
    ]);
  });

  it('strips list markers in front of each name', () => {
    expect(splitUnits('1.区财政局\n2.区税务局')).toEqual(['区财政局', '区税务局']);
    expect(splitUnits('(1)区财政局；(2)区税务局')).toEqual(['区财政局', '区税务局']);
  });

  it('removes duplicates, keeping the first occurrence', () => {
    expect(splitUnits('区财政局、区税务局、区 财政局')).toEqual(['区财政局', '区税务局']);
  });

  it('converts Traditional names and full-width punctuation', () => {
    expect(splitUnits('區財政局、區稅務局')).toEqual(['区财政局', '区税务局']);
    expect(splitUnits('区党工委组织部(人力资源部)')).toEqual(['区党工委组织部（人力资源部）']);
  });

  it('reads a cell that says "nobody" as an empty list', () => {
    for (const none of ['——', '—', '-', '无', '/', '', '   ', '\n']) expect(splitUnits(none)).toEqual([]);
  });
});

describe('splitUnits: names glued together without a separator', () => {
  it('splits where a unit suffix is followed by a place-prefixed name', () => {
    expect(splitUnits('区城乡建设和交通局区农业服务中心')).toEqual(['区城乡建设和交通局', '区农业服务中心']);
    expect(splitUnits('区城乡建设和交通局区金融和国资管理局')).toEqual(['区城乡建设和交通局', '区金融和国资管理局']);
    expect(splitUnits('县委组织部县委宣传部')).toEqual(['县委组织部', '县委宣传部']);
    expect(splitUnits('区综合行政执法局区城管执法大队')).toEqual(['区综合行政执法局', '区城管执法大队']);
    expect(splitUnits('区人社局 区医保分局区卫健局')).toEqual(['区人社局', '区医保分局', '区卫健局']);
  });

  it('keeps a city bureau and its district/county branch as ONE unit', () => {
    expect(splitUnits('市生态环境局经开区分局')).toEqual(['市生态环境局经开区分局']);
    expect(splitUnits('市自然资源和规划局经开区分局')).toEqual(['市自然资源和规划局经开区分局']);
    expect(splitUnits('市公安局交通警察支队经开区勤务大队')).toEqual(['市公安局交通警察支队经开区勤务大队']);
    expect(splitUnits('市生态环境局汶上县分局')).toEqual(['市生态环境局汶上县分局']);
    expect(splitUnits('市公安局市中区分局')).toEqual(['市公安局市中区分局']);
  });

  it('does not split inside a name whose place word is not a prefix (市容, 园区, 区委区政府)', () => {
    expect(splitUnits('区综合行政执法局市容科')).toEqual(['区综合行政执法局市容科']);
    expect(splitUnits('济宁商贸物流园区商务工作部')).toEqual(['济宁商贸物流园区商务工作部']);
    expect(splitUnits('县委县政府督查室')).toEqual(['县委县政府督查室']);
    expect(splitUnits('区科技局')).toEqual(['区科技局']);
  });

  it('splits after a bracketed annotation but never inside brackets', () => {
    expect(splitUnits('区党工委组织部（人力资源部）区财政局')).toEqual(['区党工委组织部（人力资源部）', '区财政局']);
    expect(splitUnits('区党工委组织部（人力资源部）')).toEqual(['区党工委组织部（人力资源部）']);
    expect(splitUnits('各乡镇（街道）人民政府（办事处）')).toEqual(['各乡镇（街道）人民政府（办事处）']);
    expect(splitUnits('各镇（街道、开发区）、各部门单位')).toEqual(['各镇（街道、开发区）', '各部门单位']);
  });
});

describe('splitUnits: shared suffixes and 等 tails', () => {
  it('gives bare town names the suffix written once at the end', () => {
    expect(splitUnits('疃里镇、马集镇政府')).toEqual(['疃里镇政府', '马集镇政府']);
    expect(splitUnits('A街道、B街道办事处')).toEqual(['A街道办事处', 'B街道办事处']);
    expect(splitUnits('A镇、B乡人民政府')).toEqual(['A镇人民政府', 'B乡人民政府']);
  });

  it('does not give a 街道 the suffix of a 镇, nor touch group terms', () => {
    expect(splitUnits('东城街道、马集镇政府')).toEqual(['东城街道', '马集镇政府']);
    expect(splitUnits('两镇、马集镇政府')).toEqual(['两镇', '马集镇政府']);
  });

  it('splits "X等<group>" into the named units and the group', () => {
    expect(splitUnits('区经济发展局等相关部门单位')).toEqual(['区经济发展局', '相关部门单位']);
    expect(splitUnits('区经济发展局、自然资源和规划分局等相关 部门单位')).toEqual(['区经济发展局', '自然资源和规划分局', '相关部门单位']);
    expect(splitUnits('县发展和改革局、县行政审批服务局等县政府有关部门、单位')).toEqual([
      '县发展和改革局',
      '县行政审批服务局',
      '县政府有关部门、单位',
    ]);
  });

  it('drops a 等 tail that names nobody in particular', () => {
    expect(splitUnits('区财政局等部门')).toEqual(['区财政局']);
    expect(splitUnits('区财政局等')).toEqual(['区财政局']);
  });

  it('leaves 等 inside a name alone', () => {
    expect(splitUnits('区中等职业学校')).toEqual(['区中等职业学校']);
  });

  it('splits 和 only between two group terms', () => {
    expect(splitUnits('两镇和区直各部门、各派驻机构')).toEqual(['两镇', '区直各部门', '各派驻机构']);
    expect(splitUnits('区城乡建设和交通局')).toEqual(['区城乡建设和交通局']);
  });
});

describe('splitUnits: real cells from the seed notices', () => {
  it('seed 000 (济宁经开区): groups, town suffix, 等 tail and dispatched branches', () => {
    expect(splitUnits('区直有关部门、相关派驻机构，疃里镇、马集镇政府')).toEqual([
      '区直有关部门',
      '相关派驻机构',
      '疃里镇政府',
      '马集镇政府',
    ]);
    expect(
      splitUnits(
        '区社会事业中心、区农业服务中心、市生态环境局经开区分局、市自然资源和规划局经开区分局等区直有关部门、相关派驻机构，疃里镇、马集镇政府',
      ),
    ).toEqual([
      '区社会事业中心',
      '区农业服务中心',
      '市生态环境局经开区分局',
      '市自然资源和规划局经开区分局',
      '区直有关部门',
      '相关派驻机构',
      '疃里镇政府',
      '马集镇政府',
    ]);
    expect(splitUnits('区农业服务中心、济宁商贸物流园区交通运输工作部等区直有关部门、相关派驻机构，疃里镇、马集镇政府')).toEqual([
      '区农业服务中心',
      '济宁商贸物流园区交通运输工作部',
      '区直有关部门',
      '相关派驻机构',
      '疃里镇政府',
      '马集镇政府',
    ]);
    expect(splitUnits('区乡村振兴指挥部\n\n区城乡建设和交通局区农业服务中心\n\n区扶贫工作中心')).toEqual([
      '区乡村振兴指挥部',
      '区城乡建设和交通局',
      '区农业服务中心',
      '区扶贫工作中心',
    ]);
    expect(splitUnits('区党政办公室\n\n区社会事业中心\n\n区市场监管中心\n\n市公安局经开区分局\n\n\n')).toEqual([
      '区党政办公室',
      '区社会事业中心',
      '区市场监管中心',
      '市公安局经开区分局',
    ]);
  });

  it('seed 001 (淄川区): plain lists and the 各镇（街道、开发区） group', () => {
    expect(splitUnits('区扶贫办、区生态环境分局、区地方金融监管局、区民政局、区应急管理局、区公安分局')).toEqual([
      '区扶贫办',
      '区生态环境分局',
      '区地方金融监管局',
      '区民政局',
      '区应急管理局',
      '区公安分局',
    ]);
    expect(splitUnits('各镇（街道、开发区）、各部门单位')).toEqual(['各镇（街道、开发区）', '各部门单位']);
    expect(splitUnits('各有法定行政执法权的单位')).toEqual(['各有法定行政执法权的单位']);
  });

  it('seed 002 (济宁高新区): bracketed annotations and 驻区 groups', () => {
    expect(splitUnits('区直各部门、驻区各单位，各街道')).toEqual(['区直各部门', '驻区各单位', '各街道']);
    expect(splitUnits('区自然资源和规划分局\n区城乡建设和交通局\n区党工委组织部（人力资源部）')).toEqual([
      '区自然资源和规划分局',
      '区城乡建设和交通局',
      '区党工委组织部（人力资源部）',
    ]);
    expect(splitUnits('区经济运行局\n区党政办公室（宣传）\n区发展软环境和保障局')).toEqual([
      '区经济运行局',
      '区党政办公室（宣传）',
      '区发展软环境和保障局',
    ]);
  });

  it('seed 003 (临沂临港, PDF): half-width commas between groups', () => {
    expect(splitUnits('区直各部门、各派驻单位,各中心,各专业运营公司')).toEqual(['区直各部门', '各派驻单位', '各中心', '各专业运营公司']);
  });

  it('seed 004 (汶上县): the town group, 等 tail and a trailing space', () => {
    expect(splitUnits('各乡镇（街道）人民政府（办事处），县行政审批服务局等县政府有关部门、单位 ')).toEqual([
      '各乡镇（街道）人民政府（办事处）',
      '县行政审批服务局',
      '县政府有关部门、单位',
    ]);
    expect(splitUnits('各乡镇（街道）人民政府（办事处），县政府各部门、单位')).toEqual([
      '各乡镇（街道）人民政府（办事处）',
      '县政府各部门、单位',
    ]);
    expect(
      splitUnits('县教育和体育局、县卫生健康局、县住房和城乡建设局、县水务局、市生态环境局汶上县分局、县交通运输局、县供电公司'),
    ).toEqual(['县教育和体育局', '县卫生健康局', '县住房和城乡建设局', '县水务局', '市生态环境局汶上县分局', '县交通运输局', '县供电公司']);
  });
});

describe('isGroupTerm', () => {
  it('recognises collective terms', () => {
    const groups = [
      '区直各部门',
      '区直有关部门',
      '相关派驻机构',
      '各派驻机构',
      '驻区各单位',
      '驻区有关单位',
      '各街道',
      '各乡镇（街道）人民政府（办事处）',
      '各镇（街道、开发区）',
      '各部门单位',
      '县政府各部门、单位',
      '县政府有关部门、单位',
      '相关部门单位',
      '区直相关部门单位',
      '各中心',
      '各专业运营公司',
      '各科室',
      '两镇',
      '各级各部门',
      '各派驻单位',
      '区直部门单位',
      '县委各部门',
      '各有法定行政执法权的单位',
      '有关部门',
    ];
    expect(groups.filter((g) => !isGroupTerm(g))).toEqual([]);
  });

  it('does not mistake named units or prose for groups', () => {
    const named = [
      '区社会事业中心',
      '区党群工作中心',
      '区农业服务中心',
      '区直机关工委',
      '区两新组织党工委',
      '区财政局',
      '疃里镇政府',
      '全面梳理编写公布各级政府行政机关机构职能目录',
      '',
    ];
    expect(named.filter((n) => isGroupTerm(n))).toEqual([]);
  });
});

describe('groupKinds', () => {
  it('maps each group term to the department kinds it covers', () => {
    expect(groupKinds('区直各部门')).toEqual(['office', 'department']);
    expect(groupKinds('区直有关部门')).toEqual(['office', 'department']);
    expect(groupKinds('相关派驻机构')).toEqual(['agency']);
    expect(groupKinds('各派驻机构')).toEqual(['agency']);
    expect(groupKinds('驻区各单位')).toEqual(['agency']);
    expect(groupKinds('驻区有关单位')).toEqual(['agency']);
    expect(groupKinds('各街道')).toEqual(['town']);
    expect(groupKinds('两镇')).toEqual(['town']);
    expect(groupKinds('各乡镇（街道）人民政府（办事处）')).toEqual(['town']);
    expect(groupKinds('各镇（街道、开发区）')).toEqual(['town']);
    expect(groupKinds('各部门单位')).toEqual(['office', 'department', 'agency']);
    expect(groupKinds('县政府各部门、单位')).toEqual(['office', 'department', 'agency']);
    expect(groupKinds('县政府有关部门、单位')).toEqual(['office', 'department', 'agency']);
    expect(groupKinds('相关部门单位')).toEqual(['office', 'department', 'agency']);
    expect(groupKinds('区直相关部门单位')).toEqual(['office', 'department', 'agency']);
    expect(groupKinds('各专业运营公司')).toEqual(['enterprise']);
    expect(groupKinds('各科室')).toEqual(['department']);
    expect(groupKinds('各中心')).toEqual(['department']);
  });

  it('covers every kind for 各级各部门 and 全体', () => {
    const all = ['office', 'department', 'agency', 'town', 'enterprise'];
    expect(groupKinds('各级各部门')).toEqual(all);
    expect(groupKinds('全体单位')).toEqual(all);
  });

  it('returns [] for a term it cannot place, so the caller can warn', () => {
    expect(groupKinds('区两新组织党工委')).toEqual([]);
  });
});

describe('inferKind', () => {
  it('classifies the issuing offices as office', () => {
    for (const n of [
      '区党政办公室',
      '区党政办公室（宣传）',
      '县政府办公室',
      '区政府办公室',
      '济宁高新区管委会办公室',
      '区委办公室',
      '办公室',
    ]) {
      expect([n, inferKind(n)]).toEqual([n, 'office']);
    }
  });

  it('classifies towns and sub-district offices as town', () => {
    for (const n of ['疃里镇', '马集镇政府', '马集镇人民政府', '东城街道', '东城街道办事处', '义桥乡']) {
      expect([n, inferKind(n)]).toEqual([n, 'town']);
    }
  });

  it('classifies vertically managed and dispatched units as agency', () => {
    for (const n of [
      '市生态环境局经开区分局',
      '市自然资源和规划局经开区分局',
      '市公安局交通警察支队经开区勤务大队',
      '市生态环境局汶上县分局',
      '市公安局经开区分局',
      '区公安分局',
      '区医保分局',
      '区自然资源和规划分局',
      '县税务局',
      '县公安局',
      '区气象局',
      '区消防救援大队',
      '中国人民银行汶上县支行',
      '驻区某单位',
    ]) {
      expect([n, inferKind(n)]).toEqual([n, 'agency']);
    }
  });

  it('classifies public enterprises and service providers as enterprise', () => {
    for (const n of ['县供电公司', '区供电中心', '文化传媒集团', '县农商银行', '县人民医院']) {
      expect([n, inferKind(n)]).toEqual([n, 'enterprise']);
    }
  });

  it('classifies everything else, including topical 办公室, as department', () => {
    for (const n of [
      '区财政局',
      '区社会事业中心',
      '济宁商贸物流园区商务工作部',
      '区扶贫办公室',
      '县残联',
      '县档案馆',
      '区党工委组织部（人力资源部）',
    ]) {
      expect([n, inferKind(n)]).toEqual([n, 'department']);
    }
  });
});

describe('extractRoles', () => {
  it('reads "X牵头，Y配合"', () => {
    expect(extractRoles('办公室牵头，各科室配合')).toEqual({ lead: ['办公室'], responsible: ['各科室'], rest: '' });
  });

  it('reads a bracketed labelled clause and removes it from the text', () => {
    expect(extractRoles('（牵头单位：区财政局；责任单位：各街道）')).toEqual({
      lead: ['区财政局'],
      responsible: ['各街道'],
      rest: '',
    });
    expect(extractRoles('完善主动公开目录。(牵头单位:区财政局;责任单位:各街道、区税务局)')).toEqual({
      lead: ['区财政局'],
      responsible: ['各街道', '区税务局'],
      rest: '完善主动公开目录。',
    });
  });

  it('reads 牵头部门 / 配合单位 labels separated by spaces', () => {
    expect(extractRoles('牵头部门：区党政办公室  配合单位：区直各部门、驻区各单位')).toEqual({
      lead: ['区党政办公室'],
      responsible: ['区直各部门', '驻区各单位'],
      rest: '',
    });
  });

  it('reads a 责任单位 label on its own', () => {
    expect(extractRoles('责任单位：区财政局、区税务局')).toEqual({
      lead: [],
      responsible: ['区财政局', '区税务局'],
      rest: '',
    });
  });

  it('cuts a verb clause out of a sentence and tidies the punctuation left behind', () => {
    expect(extractRoles('做好X工作，区财政局牵头，各街道配合。')).toEqual({
      lead: ['区财政局'],
      responsible: ['各街道'],
      rest: '做好X工作。',
    });
    expect(extractRoles('做好依申请公开（区党政办公室牵头，区直各部门配合）')).toEqual({
      lead: ['区党政办公室'],
      responsible: ['区直各部门'],
      rest: '做好依申请公开',
    });
    expect(extractRoles('由区财政局牵头负责')).toEqual({ lead: ['区财政局'], responsible: [], rest: '' });
  });

  it('returns null when there is no role marker or the "units" are prose', () => {
    expect(extractRoles('区直各部门')).toBeNull();
    expect(extractRoles('')).toBeNull();
    // seed 000 running text: 牵头单位 without a colon is a noun, not a label.
    expect(extractRoles('政务公开工作任务牵头单位要及时更新主动公开目录和指南')).toBeNull();
    expect(extractRoles('各部门要牵头做好相关工作')).toBeNull();
  });
});

describe('roles written as verbs after unit names', () => {
  it.each([
    ['（市规划国土委负责落实）', [], ['市规划国土委']],
    ['（区财政局、区审计局分别负责落实）', [], ['区财政局', '区审计局']],
    ['由区司法局负责', [], ['区司法局']],
    ['市发改委牵头落实', ['市发改委'], []],
    ['区教委、区卫健委、区民政局分别牵头落实', ['区教委', '区卫健委', '区民政局'], []],
    ['区直各部门等按职责分工落实', [], ['区直各部门']],
    ['区财政局会区审计局', ['区财政局'], ['区审计局']],
    ['区财政局会同区税务局负责落实', ['区财政局'], ['区税务局']],
    ['区民政局配合', [], ['区民政局']],
    ['[牵头单位:区政务服务局;责任单位:各街道]', ['区政务服务局'], ['各街道']],
  ])('reads %s as lead %j and responsible %j, with nothing of the verb left in a name', (text, lead, responsible) => {
    expect(extractRoles(text)).toMatchObject({ lead, responsible, rest: '' });
  });

  it('lets a lead column decide the role of units that simply do the work ("X负责")', () => {
    expect(extractRoles('区财政局负责', 'lead')).toMatchObject({ lead: ['区财政局'], responsible: [] });
  });

  it('leaves 会 alone where it ends a name (常委会, 协会, 工会)', () => {
    expect(extractRoles('区人大常委会区政协')).toBeNull();
    expect(extractRoles('区总工会')).toBeNull();
  });

  it('keeps prose that merely mentions a role word', () => {
    expect(extractRoles('主要负责人要定期听取政务公开工作汇报')).toBeNull();
    expect(extractRoles('牵头单位要及时更新主动公开目录')).toBeNull();
  });
});
