import { describe, expect, it } from 'vitest';
import { deadlineInText, parseDeadline } from '../src/notice/deadline';

const d = (text: string, due: string | null, ongoing = false) => ({ text, due, ongoing });

describe('parseDeadline: month and day', () => {
  it('reads 月底 as the last day of that month in the notice year', () => {
    expect(parseDeadline('3月底前', 2025)).toEqual(d('3月底前', '2025-03-31'));
    expect(parseDeadline('3月底', 2025)).toEqual(d('3月底', '2025-03-31'));
    expect(parseDeadline('9月底前', 2025)).toEqual(d('9月底前', '2025-09-30'));
    expect(parseDeadline('12月底前', 2025)).toEqual(d('12月底前', '2025-12-31'));
  });

  it('gets February right in leap and common years', () => {
    expect(parseDeadline('2月底', 2024)).toEqual(d('2月底', '2024-02-29'));
    expect(parseDeadline('2月底', 2023)).toEqual(d('2月底', '2023-02-28'));
    expect(parseDeadline('2月底', 2000)).toEqual(d('2月底', '2000-02-29'));
    expect(parseDeadline('2月底', 1900)).toEqual(d('2月底', '1900-02-28'));
  });

  it('reads a day of the month', () => {
    expect(parseDeadline('6月15日前', 2022)).toEqual(d('6月15日前', '2022-06-15'));
    expect(parseDeadline('6月15号', 2022)).toEqual(d('6月15号', '2022-06-15'));
  });

  it('reads full-width digits and Chinese numerals', () => {
    expect(parseDeadline('３月底前', 2022)).toEqual(d('３月底前', '2022-03-31'));
    expect(parseDeadline('十月底前', 2022)).toEqual(d('十月底前', '2022-10-31'));
    expect(parseDeadline('十二月底', 2022)).toEqual(d('十二月底', '2022-12-31'));
    expect(parseDeadline('三月三十一日前', 2022)).toEqual(d('三月三十一日前', '2022-03-31'));
    expect(parseDeadline('二〇二二年十二月二十日前', null)).toEqual(d('二〇二二年十二月二十日前', '2022-12-20'));
  });

  it('rejects impossible dates instead of rolling them over', () => {
    expect(parseDeadline('2月30日', 2022)).toEqual(d('2月30日', null));
    expect(parseDeadline('13月底', 2022)).toEqual(d('13月底', null));
  });

  it('reads dates typed with digits and separators, as spreadsheets and web forms write them', () => {
    expect(parseDeadline('2025-06-30', 2024)).toEqual(d('2025-06-30', '2025-06-30'));
    expect(parseDeadline('2025/6/30前', null)).toEqual(d('2025/6/30前', '2025-06-30'));
    expect(parseDeadline('2025.6.30 前完成', 2025)).toEqual(d('2025.6.30 前完成', '2025-06-30'));
    expect(parseDeadline('２０２５－０６－３０', 2025).due).toBe('2025-06-30');
    expect(parseDeadline('2025-02-30', 2025)).toEqual(d('2025-02-30', null));
    expect(parseDeadline('版本 1.2.3', 2025).due).toBeNull();
    expect(deadlineInText('请于2025/9/15前报送', 2025)).toEqual({ text: '2025/9/15前', due: '2025-09-15', ongoing: false });
  });

  it('reads 旬 and a bare month', () => {
    expect(parseDeadline('6月上旬', 2022)).toEqual(d('6月上旬', '2022-06-10'));
    expect(parseDeadline('6月中旬', 2022)).toEqual(d('6月中旬', '2022-06-20'));
    expect(parseDeadline('6月下旬', 2022)).toEqual(d('6月下旬', '2022-06-30'));
    expect(parseDeadline('6月', 2022)).toEqual(d('6月', '2022-06-30'));
  });
});

describe('parseDeadline: halves, quarters and the year', () => {
  it('reads half years', () => {
    expect(parseDeadline('上半年', 2022)).toEqual(d('上半年', '2022-06-30'));
    expect(parseDeadline('上半年前', 2022)).toEqual(d('上半年前', '2022-06-30'));
    expect(parseDeadline('下半年', 2022)).toEqual(d('下半年', '2022-12-31'));
  });

  it('reads quarters, with or without 第', () => {
    expect(parseDeadline('第一季度', 2022)).toEqual(d('第一季度', '2022-03-31'));
    expect(parseDeadline('一季度', 2022)).toEqual(d('一季度', '2022-03-31'));
    expect(parseDeadline('第二季度', 2022)).toEqual(d('第二季度', '2022-06-30'));
    expect(parseDeadline('三季度', 2022)).toEqual(d('三季度', '2022-09-30'));
    expect(parseDeadline('第四季度', 2022)).toEqual(d('第四季度', '2022-12-31'));
  });

  it('reads year-end phrases as 31 December', () => {
    for (const t of ['年底前', '年底', '年内', '12月底前', '年末']) expect(parseDeadline(t, 2022)).toEqual(d(t, '2022-12-31'));
  });

  it('reads 全年 as due 31 December and NOT ongoing', () => {
    expect(parseDeadline('全年', 2022)).toEqual(d('全年', '2022-12-31', false));
  });

  it('lets a written year win over the notice year', () => {
    expect(parseDeadline('2022年底', 2021)).toEqual(d('2022年底', '2022-12-31'));
    expect(parseDeadline('2022年年底前', 2021)).toEqual(d('2022年年底前', '2022-12-31'));
    expect(parseDeadline('2023年1月底', 2022)).toEqual(d('2023年1月底', '2023-01-31'));
    expect(parseDeadline('2023年', 2022)).toEqual(d('2023年', '2023-12-31'));
  });

  it('resolves 次年 relative to the notice year', () => {
    expect(parseDeadline('次年1月底', 2022)).toEqual(d('次年1月底', '2023-01-31'));
    expect(parseDeadline('次年1月底', null)).toEqual(d('次年1月底', null));
  });

  it('does not guess a year: no notice year and none written means no due date', () => {
    expect(parseDeadline('3月底前', null)).toEqual(d('3月底前', null));
    expect(parseDeadline('年底前', null)).toEqual(d('年底前', null));
    expect(parseDeadline('2022年底', null)).toEqual(d('2022年底', '2022-12-31'));
  });

  it('takes the first date when the text holds several', () => {
    expect(parseDeadline('3月至6月', 2022)).toEqual(d('3月至6月', '2022-03-31'));
    expect(parseDeadline('6月底前完成初稿，10月底前印发', 2022)).toEqual(d('6月底前完成初稿，10月底前印发', '2022-06-30'));
  });
});

describe('parseDeadline: ongoing work and empty cells', () => {
  it('marks a date plus 长期坚持 as due AND ongoing (seed 004)', () => {
    expect(parseDeadline('2022年10月底前完成，长期坚持', 2022)).toEqual(d('2022年10月底前完成，长期坚持', '2022-10-31', true));
    expect(parseDeadline('2022年7月底前完成，并长期坚持', 2022)).toEqual(d('2022年7月底前完成，并长期坚持', '2022-07-31', true));
    expect(parseDeadline('2022年底前完成，并长期坚持', 2022)).toEqual(d('2022年底前完成，并长期坚持', '2022-12-31', true));
  });

  it('marks recurring or continuing work as ongoing with no due date', () => {
    for (const t of ['长期坚持', '持续推进', '常态化', '定期更新', '每季度', '每月', '每年', '及时', '动态更新']) {
      expect(parseDeadline(t, 2022)).toEqual(d(t, null, true));
    }
  });

  it('keeps a date written next to a recurrence', () => {
    expect(parseDeadline('每年3月底前', 2022)).toEqual(d('每年3月底前', '2022-03-31', true));
  });

  it('reads "none" cells as no deadline with empty text', () => {
    for (const t of ['——', '—', '/', '无', '', '   ']) expect(parseDeadline(t, 2022)).toEqual(d('', null, false));
  });

  it('keeps the text as written, only trimmed, and reads Traditional characters', () => {
    expect(parseDeadline('  9月底前 \n', 2025)).toEqual(d('9月底前', '2025-09-30'));
    expect(parseDeadline('長期堅持', 2022)).toEqual(d('長期堅持', null, true));
  });

  it('keeps unparseable text with no date and not ongoing', () => {
    expect(parseDeadline('按上级要求', 2022)).toEqual(d('按上级要求', null, false));
  });
});

describe('parseDeadline: every 完成时限 value in the seed notices', () => {
  it('seed 002 (2025): month ends, 长期坚持 and an empty cell', () => {
    expect(parseDeadline('3月底前', 2025)).toEqual(d('3月底前', '2025-03-31'));
    expect(parseDeadline('9月底前', 2025)).toEqual(d('9月底前', '2025-09-30'));
    expect(parseDeadline('10月底前', 2025)).toEqual(d('10月底前', '2025-10-31'));
    expect(parseDeadline('12月底前', 2025)).toEqual(d('12月底前', '2025-12-31'));
    expect(parseDeadline('长期坚持', 2025)).toEqual(d('长期坚持', null, true));
    expect(parseDeadline('', 2025)).toEqual(d('', null));
  });

  it('seed 004 (2022): written years including one in the next year', () => {
    expect(parseDeadline('全年', 2022)).toEqual(d('全年', '2022-12-31'));
    expect(parseDeadline('定期更新', 2022)).toEqual(d('定期更新', null, true));
    expect(parseDeadline('2022年10月底', 2022)).toEqual(d('2022年10月底', '2022-10-31'));
    expect(parseDeadline('2022年6月底前完成，长期坚持', 2022)).toEqual(d('2022年6月底前完成，长期坚持', '2022-06-30', true));
    expect(parseDeadline('2022年底', 2022)).toEqual(d('2022年底', '2022-12-31'));
    expect(parseDeadline('2022年6月底', 2022)).toEqual(d('2022年6月底', '2022-06-30'));
    expect(parseDeadline('2022年5月底', 2022)).toEqual(d('2022年5月底', '2022-05-31'));
    expect(parseDeadline('2023年1月底', 2022)).toEqual(d('2023年1月底', '2023-01-31'));
  });
});

describe('deadlineInText', () => {
  it('finds a deadline phrase inside a requirement sentence', () => {
    expect(deadlineInText('2021年底前系统清理本机关现行有效的规章', 2021)).toEqual(d('2021年底前', '2021-12-31'));
    expect(deadlineInText('6月底前县级各行业主管部门要出台公共企事业单位信息公开实施细则', 2022)).toEqual(d('6月底前', '2022-06-30'));
    expect(deadlineInText('2022年7月底前，在政府门户网站建立公共企事业单位信息公开专栏', 2022)).toEqual(d('2022年7月底前', '2022-07-31'));
    expect(deadlineInText('以部门正式文件予以印发，于6月15日前通过县政府门户网站政府信息公开专栏向社会公开发布', 2022)).toEqual(
      d('6月15日前', '2022-06-15'),
    );
  });

  it('handles the PDF forms of seed 003 (half-width comma, 年年底)', () => {
    expect(
      deadlineInText(
        '全面推进规章、行政规范性文件、政策性文件集中统一公开,2021年年底前系统清理本机关现行有效的规章、行政规范性文件、政策性文件(2016年以后制定的)',
        2021,
      ),
    ).toEqual(d('2021年年底前', '2021-12-31'));
  });

  it('accepts 之前 / 以前 and a date followed by 完成', () => {
    expect(deadlineInText('9月30日之前报送', 2022)).toEqual(d('9月30日之前', '2022-09-30'));
    expect(deadlineInText('三季度以前完成清理', 2022)).toEqual(d('三季度以前', '2022-09-30'));
    expect(deadlineInText('确保10月底完成验收', 2022)).toEqual(d('10月底完成', '2022-10-31'));
  });

  it('uses the notice year for 年底前 with no year written', () => {
    expect(deadlineInText('年底前以村为单位通过村务公开栏公开', 2021)).toEqual(d('年底前', '2021-12-31'));
    expect(deadlineInText('年底前以村为单位通过村务公开栏公开', null)).toEqual(d('年底前', null));
  });

  it('ignores narrative dates that do not end like a deadline', () => {
    expect(deadlineInText('政策性文件（2016年以后制定的），通过政府网站公开', 2021)).toBeNull();
    expect(deadlineInText('主动公开区委、区政府2020年重点任务公开承诺事项的工作举措和落实情况', 2020)).toBeNull();
    expect(deadlineInText('确保年内认定国家级高新技术企业', 2021)).toBeNull();
    expect(deadlineInText('在2022年前三季度的基础上', 2022)).toBeNull();
    expect(deadlineInText('', 2022)).toBeNull();
  });

  it('marks a recurring deadline as ongoing', () => {
    expect(deadlineInText('每年3月底前报送年度报告', 2022)).toEqual(d('3月底前', '2022-03-31', true));
  });

  it('returns the first deadline phrase, skipping a range start that is not one', () => {
    expect(deadlineInText('3月至6月底前完成', 2022)).toEqual(d('6月底前', '2022-06-30'));
  });
});
