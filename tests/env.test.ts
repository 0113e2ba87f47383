import { describe, expect, it } from 'vitest';
import { parseServerEnv, EnvError, schedulerConfig, officeOpenIds } from '../src/env';

const base = { LARK_APP_ID: 'cli_a', LARK_APP_SECRET: 's', LARK_VERIFICATION_TOKEN: 'vt' };

describe('configuration from the environment', () => {
  it('fills defaults for a minimal Lark setup: PGlite, Feishu, port 3000', () => {
    const env = parseServerEnv(base);
    expect(env).toMatchObject({
      LARK_DOMAIN: 'https://open.feishu.cn',
      PORT: 3000,
      DUBAN_TENANT: 'default',
      DUBAN_DATA_DIR: './data/pglite',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(schedulerConfig(env).remindDaysBefore).toEqual([7, 3, 1]);
  });

  it('names the variable that is missing or wrong', () => {
    expect(() => parseServerEnv({ ...base, LARK_APP_SECRET: undefined })).toThrow(/LARK_APP_SECRET/);
    expect(() => parseServerEnv({ ...base, DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(() => parseServerEnv({ ...base, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseServerEnv({ ...base, DUBAN_QUIET_HOURS: 'late' })).toThrow(EnvError);
  });

  it('reads 考核 weights over the defaults and the evidence copy switch, and names a bad one', () => {
    expect(parseServerEnv(base).DUBAN_SCORE_WEIGHTS.onTime).toBe(10);
    expect(parseServerEnv({ ...base, DUBAN_SCORE_WEIGHTS: 'onTime=12,silentWeek=-1' }).DUBAN_SCORE_WEIGHTS).toMatchObject({
      onTime: 12,
      silentWeek: -1,
      late: 5,
    });
    expect(() => parseServerEnv({ ...base, DUBAN_SCORE_WEIGHTS: 'onTime=many' })).toThrow(/DUBAN_SCORE_WEIGHTS.*onTime=many/);
    expect(parseServerEnv(base).DUBAN_EVIDENCE_COPY).toBe(false);
    expect(parseServerEnv({ ...base, DUBAN_EVIDENCE_COPY: 'on' }).DUBAN_EVIDENCE_COPY).toBe(true);
    expect(() => parseServerEnv({ ...base, DUBAN_EVIDENCE_COPY: 'yes please' })).toThrow(/DUBAN_EVIDENCE_COPY/);
  });

  it('reads scheduler settings and office ids', () => {
    const env = parseServerEnv({
      ...base,
      DUBAN_REMIND_DAYS_BEFORE: '5,1',
      DUBAN_HOLIDAYS: '2025-10-01..2025-10-03',
      DUBAN_OFFICE_OPEN_IDS: ' ou_a, ou_b ,',
    });
    expect(schedulerConfig(env).remindDaysBefore).toEqual([5, 1]);
    expect(schedulerConfig(env).holidays).toEqual(['2025-10-01', '2025-10-02', '2025-10-03']);
    expect(officeOpenIds(env)).toEqual(['ou_a', 'ou_b']);
  });
});
