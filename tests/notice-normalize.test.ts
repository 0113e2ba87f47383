import { describe, expect, it } from 'vitest';
import { cleanText, cleanTextKeepSpaces, normalizeName, toSimplified } from '../src/notice/normalize';

describe('toSimplified', () => {
  it('converts Traditional unit names and deadlines to Simplified', () => {
    expect(toSimplified('濟寧經濟技術開發區黨政辦公室')).toBe('济宁经济技术开发区党政办公室');
    expect(toSimplified('區財政局與發展和改革局')).toBe('区财政局与发展和改革局');
    expect(toSimplified('長期堅持')).toBe('长期坚持');
    expect(toSimplified('鎮 鄉 街道辦事處 縣')).toBe('镇 乡 街道办事处 县');
  });

  it('handles Taiwan and Hong Kong variant forms with the one converter', () => {
    expect(toSimplified('裡面 裏面 為 爲 臺灣 綫上')).toBe('里面 里面 为 为 台湾 线上');
  });

  it('converts characters that only change inside a phrase (答覆, 沈默)', () => {
    expect(toSimplified('答覆')).toBe('答复');
    expect(toSimplified('沈默')).toBe('沉默');
  });

  it('returns the very same string for Simplified text, ASCII text and the empty string', () => {
    const simplified = '区城乡建设和交通局、乾隆、著作';
    expect(toSimplified(simplified)).toBe(simplified);
    expect(toSimplified('abc 123')).toBe('abc 123');
    expect(toSimplified('')).toBe('');
  });

  it('leaves every line of the seed notices unchanged (they are all Simplified already)', () => {
    const lines = [
      '各乡镇（街道）人民政府（办事处），县发展和改革局、县行政审批服务局等县政府有关部门、单位',
      '区直各部门、驻区各单位，各街道',
      '2022年10月底前完成，长期坚持',
    ];
    for (const line of lines) expect(toSimplified(line)).toBe(line);
  });
});

describe('cleanText', () => {
  it('strips Word bookmark artefacts wherever they sit', () => {
    expect(cleanText('[bookmark: _GoBack]全区政务公开工作任务分解表')).toBe('全区政务公开工作任务分解表');
    expect(cleanText('[bookmark: BKsubject][bookmark: Content]关于印发的通知')).toBe('关于印发的通知');
    expect(cleanText('（十三）[bookmark: X]强化引领作用')).toBe('（十三）强化引领作用');
  });

  it('folds full-width letters and digits but keeps Chinese full-width punctuation', () => {
    expect(cleanText('ＡＢＣ１２３，（一）：；')).toBe('ABC123，（一）：；');
    expect(cleanText('２０２２年１０月底前')).toBe('2022年10月底前');
  });

  it('removes PDF line-wrap spaces between Chinese characters', () => {
    expect(cleanText('区财政 金融局')).toBe('区财政金融局');
    expect(cleanText('立足实施 重大战略 推进政务 公开')).toBe('立足实施重大战略推进政务公开');
    expect(cleanText('区经济 发展局、区财政金融 局')).toBe('区经济发展局、区财政金融局');
  });

  it('removes ideographic spaces and NBSP between Chinese characters and Chinese punctuation', () => {
    expect(cleanText('区财政局\u3000、\u00a0区税务局')).toBe('区财政局、区税务局');
    expect(cleanText('政策咨询渠 道。 有条件的地方')).toBe('政策咨询渠道。有条件的地方');
  });

  it('keeps spaces between Latin words and collapses runs of spaces', () => {
    expect(cleanText('Hello    world  VR 技术')).toBe('Hello world VR 技术');
  });

  it('trims every line and keeps the line breaks that separate units in a cell', () => {
    expect(cleanText('  区经济发展局  \n\n  市自然资源和规划局经开区分局 ')).toBe('区经济发展局\n\n市自然资源和规划局经开区分局');
    expect(cleanText('a\r\nb')).toBe('a\nb');
  });

  it('drops zero-width characters', () => {
    expect(cleanText('区\u200b财政局\ufeff')).toBe('区财政局');
  });

  it('returns an empty string for empty input', () => {
    expect(cleanText('')).toBe('');
    expect(cleanText('   \n  ')).toBe('');
  });
});

describe('cleanTextKeepSpaces', () => {
  it('does the same cleanup but keeps spaces between Chinese characters for the unit splitter', () => {
    expect(cleanTextKeepSpaces('[bookmark: _GoBack]区党政办公室\u3000区经济 发展局')).toBe('区党政办公室 区经济 发展局');
  });
});

describe('normalizeName', () => {
  it('removes all whitespace, including PDF wraps and ideographic spaces', () => {
    expect(normalizeName(' 区 财政局 ')).toBe('区财政局');
    expect(normalizeName('区行政审批服 务局')).toBe('区行政审批服务局');
    expect(normalizeName('区\u3000财政局')).toBe('区财政局');
  });

  it('turns half-width brackets and list punctuation into their full-width forms', () => {
    expect(normalizeName('区党工委组织部(人力资源部)')).toBe('区党工委组织部（人力资源部）');
    expect(normalizeName('县政府有关部门,单位')).toBe('县政府有关部门，单位');
    expect(normalizeName('各镇(街道;开发区:园区)')).toBe('各镇（街道；开发区：园区）');
  });

  it('strips list markers and dangling punctuation at either end', () => {
    expect(normalizeName('1.区财政局、')).toBe('区财政局');
    expect(normalizeName('（1）区财政局；')).toBe('区财政局');
    expect(normalizeName('(2)区税务局')).toBe('区税务局');
    expect(normalizeName('一、县委办公室')).toBe('县委办公室');
    expect(normalizeName('— 区 财政局；')).toBe('区财政局');
    expect(normalizeName('①区财政局')).toBe('区财政局');
    expect(normalizeName('１．区财政局')).toBe('区财政局');
  });

  it('keeps a closing bracket that belongs to the name', () => {
    expect(normalizeName('各乡镇（街道）人民政府（办事处）')).toBe('各乡镇（街道）人民政府（办事处）');
    expect(normalizeName('区党政办公室（宣传）。')).toBe('区党政办公室（宣传）');
  });

  it('converts Traditional names to Simplified', () => {
    expect(normalizeName('區財政局')).toBe('区财政局');
    expect(normalizeName('縣稅務局')).toBe('县税务局');
  });

  it('removes Word artefacts from a name', () => {
    expect(normalizeName('[bookmark: _GoBack]区党政办公室')).toBe('区党政办公室');
  });
});
