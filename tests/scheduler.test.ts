import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { and, eq, inArray } from 'drizzle-orm';
import { openTestDb, engineName } from './support/db';
import type { OpenedDb } from '../src/store/db';
import { parseNoticeFile } from '../src/notice/parse';
import { importNotice, sourceHash } from '../src/store/notice-import';
import { findDepartmentByName } from '../src/store/directory';
import { requestBinding } from '../src/store/bindings';
import { assignments, members, outbox } from '../src/store/schema';
import { setMember } from '../src/store/members';
import { recordProgress } from '../src/store/progress';
import { publishNotice } from '../src/publish';
import { DEFAULT_SCHEDULER_CONFIG, formatJobReport, runScheduledJobs, type SchedulerConfig } from '../src/scheduler';
import { nextWorkingMoment, reminderDueDates } from '../src/scheduler/calendar';
import { DEPARTMENT_SPACING_MS } from '../src/scheduler/run';
import { parseSchedulerEnv, schedulerConfigSchema, type SchedulerConfigInput } from '../src/scheduler/config';
import { departmentReminderCard as renderReminder } from '../cards/department-reminder';
import { ragOf } from '../cards/rag';
import { weeklyDigestCard as renderDigest } from '../cards/weekly-digest';
import type { ReminderTask } from '../src/views/reminders';
import { renderContext } from './support/context';
import { reviewQueueCard as renderReviewQueue, reviewResultCard as renderReviewResult } from '../cards/review';
import { ActionValue } from '../cards/action-value';
import { CARD_BYTE_BUDGET, countElements, sendRequestBytes } from '../cards/format';
import { clockAt } from '../src/dates';
import { outboxText } from './support/outbox';
import { gated } from '../playground/lark/card-schema';

// Every card rendered here passes the Card JSON 2.0 gate (tests/support/card-schema.ts).
const departmentReminderCard = gated(renderReminder);
const weeklyDigestCard = gated(renderDigest);
const reviewQueueCard = gated(renderReviewQueue);
const reviewResultCard = gated(renderReviewResult);

const SEED = '002_1767bb79f9d560a4.txt';
/** 区直各部门 member: responsible for task 15 (due 2025-10-31, a Friday) and 1, 11, 17 (overdue by late October). */
const HOUSING = '区城乡建设和交通局';
const HOUSING_CHAT = 'oc_housing';

/** A Shanghai wall-clock time. */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const config = (over: SchedulerConfigInput = {}): SchedulerConfig => schedulerConfigSchema.parse(over);

describe(`the scheduler on ${engineName}`, () => {
  let store: OpenedDb;
  beforeAll(async () => {
    store = await openTestDb();
  });
  afterAll(async () => store?.close());

  /** A tenant with seed 002 published and, unless told otherwise, 区城乡建设和交通局's group bound. */
  async function tenant(key: string, opts: { bindHousing?: boolean } = {}) {
    const bytes = new Uint8Array(readFileSync(new URL(`./fixtures/seeds/${SEED}`, import.meta.url)));
    await importNotice(store.db, key, await parseNoticeFile(bytes, SEED), { hash: await sourceHash(bytes), name: SEED }, { publish: true });
    const housing = (await findDepartmentByName(store.db, key, HOUSING))!;
    if (opts.bindHousing ?? true) {
      await requestBinding(store.db, {
        tenantKey: key,
        chatId: HOUSING_CHAT,
        departmentId: housing.id,
        requestedBy: 'ou_office',
        active: true,
      });
    }
    const run = (local: string, cfg: SchedulerConfig = DEFAULT_SCHEDULER_CONFIG, officeOpenIds: string[] = []) =>
      runScheduledJobs({ db: store.db, now: at(local), config: cfg, officeOpenIds, tenantKeys: [key] });
    const rows = (kind: string) =>
      store.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.tenantKey, key), eq(outbox.kind, kind)))
        .orderBy(outbox.id);
    return { key, housing, run, rows };
  }

  describe('due reminders', () => {
    let t: Awaited<ReturnType<typeof tenant>>;
    beforeAll(async () => {
      t = await tenant('t-remind');
    });

    it('reminds a bound department once, in its group, at Tuesday 10:00 three days before a due date', async () => {
      const report = await t.run('2025-10-28 10:00');
      expect(report.skipped).toBeNull();
      const rows = await t.rows('remind');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        dedupeKey: `remind:d${t.housing.id}:2025-10-28`,
        departmentId: t.housing.id,
        receiveIdType: 'chat_id',
        receiveId: HOUSING_CHAT,
        msgType: 'interactive',
        status: 'pending',
      });
      const card = outboxText(rows[0]);
      expect(card).toContain('到期提醒');
      expect(card).toContain('**15.**');
      expect(card).toContain('黄 · 3 天后到期');
      // Only task 15 is three days from its deadline: one card for the department, not one per task.
      expect(report.remind).toMatchObject({ enqueued: 1, duplicates: 0 });
    });

    it('sends nothing more when run again the same day, and does not look at the ledger again', async () => {
      for (const time of ['2025-10-28 10:05', '2025-10-28 14:30', '2025-10-28 19:59']) {
        const report = await t.run(time);
        expect(report).toMatchObject({ tenants: 0, upToDate: 1, remind: { departments: 0, enqueued: 0 } });
        expect(formatJobReport(report)).toContain('nothing to decide; tenants up to date: 1');
      }
      expect(await t.rows('remind')).toHaveLength(1);
    });

    it('sends no reminder on the day between, and the 1-day reminder on the day before the due date', async () => {
      await t.run('2025-10-29 10:00');
      expect(await t.rows('remind')).toHaveLength(1);
      const report = await t.run('2025-10-30 09:00');
      expect(report.remind.enqueued).toBe(1);
      const rows = await t.rows('remind');
      expect(rows.map((r) => r.dedupeKey)).toEqual([`remind:d${t.housing.id}:2025-10-28`, `remind:d${t.housing.id}:2025-10-30`]);
      expect(outboxText(rows[1])).toContain('1 天后到期');
    });

    it('decides nothing at 22:00, before 08:30, or on a Saturday', async () => {
      const before = (await store.db.select().from(outbox).where(eq(outbox.tenantKey, t.key))).length;
      expect((await t.run('2025-10-28 22:00')).skipped).toBe('quiet_hours');
      expect((await t.run('2025-10-31 08:29')).skipped).toBe('quiet_hours');
      expect((await t.run('2025-11-01 10:00')).skipped).toBe('non_working_day');
      const after = (await store.db.select().from(outbox).where(eq(outbox.tenantKey, t.key))).length;
      expect(after).toBe(before);
    });
  });

  it('decides nothing on a configured holiday, even at 10:00 on a weekday', async () => {
    const t = await tenant('t-holiday');
    const report = await t.run('2025-10-28 10:00', config({ holidays: ['2025-10-28'] }));
    expect(report.skipped).toBe('non_working_day');
    expect(await store.db.select().from(outbox).where(eq(outbox.tenantKey, t.key))).toEqual([]);
  });

  it('moves a reminder that falls on a weekend to the next working day, a make-up Sunday (调休) included', async () => {
    // Task 11 is due Tuesday 2025-09-30; three days before is Saturday 09-27.
    const plain = await tenant('t-weekend');
    expect((await plain.run('2025-09-28 10:00')).skipped).toBe('non_working_day');
    await plain.run('2025-09-29 10:00');
    // Monday is both the moved 3-day and the 1-day reminder: one card, the more urgent.
    const monday = await plain.rows('remind');
    expect(monday.map((r) => r.dedupeKey)).toEqual([`remind:d${plain.housing.id}:2025-09-29`]);
    expect(outboxText(monday[0])).toContain('1 天后到期');

    const makeup = await tenant('t-makeup');
    const cfg = config({ makeupWorkdays: ['2025-09-28'] });
    expect((await makeup.run('2025-09-28 10:00', cfg)).skipped).toBeNull();
    await makeup.run('2025-09-29 10:00', cfg);
    const rows = await makeup.rows('remind');
    expect(rows.map((r) => r.dedupeKey)).toEqual([`remind:d${makeup.housing.id}:2025-09-28`, `remind:d${makeup.housing.id}:2025-09-29`]);
    expect(outboxText(rows[0])).toContain('2 天后到期');
  });

  it('escalates overdue tasks with one card per department per working day', async () => {
    const t = await tenant('t-overdue');
    await t.run('2025-10-28 10:00');
    await t.run('2025-10-28 15:00');
    let rows = await t.rows('overdue');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dedupeKey: `overdue:d${t.housing.id}:2025-10-28`, receiveId: HOUSING_CHAT });
    // Due by the deciding clock, not the wall clock: the run at 10:00 sends at 10:00.
    expect(rows[0].nextAttemptAt).toEqual(at('2025-10-28 10:00'));
    // Tasks 1 (due 03-31), 11 and 17 (due 09-30) are all on the one card, red.
    for (const seq of [1, 11, 17]) expect(outboxText(rows[0])).toContain(`**${seq}.**`);
    expect(outboxText(rows[0])).toContain('逾期督办');
    expect(outboxText(rows[0])).toContain('🔴');

    await t.run('2025-10-29 10:00');
    await t.run('2025-11-01 10:00'); // Saturday: nothing
    rows = await t.rows('overdue');
    expect(rows.map((r) => r.dedupeKey)).toEqual([`overdue:d${t.housing.id}:2025-10-28`, `overdue:d${t.housing.id}:2025-10-29`]);
  });

  it('asks for progress on ongoing tasks on the first working day of the month only', async () => {
    const t = await tenant('t-checkin');
    await t.run('2025-11-03 10:00'); // Monday: November 1-2 is a weekend
    await t.run('2025-11-04 10:00');
    const rows = await t.rows('checkin');
    expect(rows.map((r) => r.dedupeKey)).toEqual([`checkin:d${t.housing.id}:2025-11-03`]);
    expect(outboxText(rows[0])).toContain('请更新进展');
    // 长期坚持 tasks 5 and 47, and the undated task 22; no dated task is on it.
    for (const seq of [5, 47, 22]) expect(outboxText(rows[0])).toContain(`**${seq}.**`);
    expect(outboxText(rows[0])).not.toContain('**15.**');
  });

  it('moves the monthly check-in past the National Day holiday to the first working day of October', async () => {
    const t = await tenant('t-golden-week');
    const cfg = parseSchedulerEnv({ DUBAN_HOLIDAYS: '2025-10-01..2025-10-08', DUBAN_MAKEUP_WORKDAYS: '2025-09-28,2025-10-11' });
    expect((await t.run('2025-10-01 10:00', cfg)).skipped).toBe('non_working_day');
    await t.run('2025-10-09 10:00', cfg);
    await t.run('2025-10-10 10:00', cfg);
    await t.run('2025-10-11 10:00', cfg); // make-up Saturday: a working day, but not the first one
    expect((await t.rows('checkin')).map((r) => r.dedupeKey)).toEqual([`checkin:d${t.housing.id}:2025-10-09`]);
  });

  it('sends the weekly digest on the configured weekday only, to office and leader open ids', async () => {
    const t = await tenant('t-digest');
    await store.db.insert(members).values([
      { tenantKey: t.key, openId: 'ou_office_member', role: 'office' },
      { tenantKey: t.key, openId: 'ou_leader', role: 'leader' },
      { tenantKey: t.key, openId: 'ou_coordinator', role: 'coordinator', departmentId: t.housing.id },
    ]);
    const office = ['ou_env_office', 'ou_office_member'];
    const tuesday = await t.run('2025-10-28 10:00', DEFAULT_SCHEDULER_CONFIG, office);
    expect(tuesday.digest.due).toBe(false);
    expect(await t.rows('digest')).toEqual([]);

    const monday = await t.run('2025-11-03 10:00', DEFAULT_SCHEDULER_CONFIG, office);
    await t.run('2025-11-03 16:00', DEFAULT_SCHEDULER_CONFIG, office);
    expect(monday.digest).toMatchObject({ due: true, recipients: 3, enqueued: 3 });
    const rows = await t.rows('digest');
    expect(rows.map((r) => [r.receiveIdType, r.receiveId]).sort()).toEqual([
      ['open_id', 'ou_env_office'],
      ['open_id', 'ou_leader'],
      ['open_id', 'ou_office_member'],
    ]);
    expect(rows.every((r) => r.dedupeKey.endsWith(':2025-11-03'))).toBe(true);
    // The office sees the overdue tasks by department, and who cannot be reached.
    const content = outboxText(rows[0]);
    expect(content).toContain('每周逾期通报');
    expect(content).toContain(HOUSING);
    expect(content).toContain('无法送达');

    const wednesday = config({ digestWeekday: 3 });
    await t.run('2025-11-10 10:00', wednesday, office);
    expect(await t.rows('digest')).toHaveLength(3);
    await t.run('2025-11-12 10:00', wednesday, office);
    expect(await t.rows('digest')).toHaveLength(6);
  });

  it('reminds coordinators privately when there is no group, and counts a department with neither as unreachable', async () => {
    const t = await tenant('t-unreachable', { bindHousing: false });
    await store.db.insert(members).values([
      { tenantKey: t.key, openId: 'ou_c1', role: 'coordinator', departmentId: t.housing.id },
      { tenantKey: t.key, openId: 'ou_c2', role: 'coordinator', departmentId: t.housing.id },
    ]);
    // A pending (unconfirmed) binding is not a delivery target.
    const office = (await findDepartmentByName(store.db, t.key, '区党政办公室'))!;
    await requestBinding(store.db, { tenantKey: t.key, chatId: 'oc_pending', departmentId: office.id, requestedBy: 'ou_x', active: false });

    const report = await t.run('2025-10-28 10:00');
    const rows = await t.rows('overdue');
    expect(rows.map((r) => [r.receiveIdType, r.receiveId, r.dedupeKey])).toEqual([
      ['open_id', 'ou_c1', `overdue:d${t.housing.id}:2025-10-28:ou_c1`],
      ['open_id', 'ou_c2', `overdue:d${t.housing.id}:2025-10-28:ou_c2`],
    ]);
    expect(report.overdue.enqueued).toBe(2);
    expect(report.overdue.unreachable).toBe(report.overdue.departments - 1);
    expect(report.overdue.unreachable).toBeGreaterThan(0);
    expect(report.unreachable).toContain('区党政办公室');
    expect(report.unreachable).not.toContain(HOUSING);
    expect(formatJobReport(report)).toContain('unreachable');
  });

  describe('a day already decided is decided again after a change that makes something due', () => {
    it('a department given a group gets the cards it could not get this morning', async () => {
      const t = await tenant('t-bound-later', { bindHousing: false });
      const morning = await t.run('2025-10-28 10:00');
      expect(morning.unreachable).toContain(HOUSING);
      expect(await t.rows('overdue')).toEqual([]);

      await requestBinding(store.db, {
        tenantKey: t.key,
        chatId: HOUSING_CHAT,
        departmentId: t.housing.id,
        requestedBy: 'ou_office',
        active: true,
      });
      const later = await t.run('2025-10-28 10:35');
      expect(later.tenants).toBe(1);
      expect((await t.rows('overdue')).map((r) => r.dedupeKey)).toEqual([`overdue:d${t.housing.id}:2025-10-28`]);
      expect((await t.rows('remind')).map((r) => r.dedupeKey)).toEqual([`remind:d${t.housing.id}:2025-10-28`]);
      expect((await t.run('2025-10-28 10:40')).upToDate).toBe(1);
    });

    it('a department given a coordinator is told privately the same day', async () => {
      const t = await tenant('t-coordinator-later', { bindHousing: false });
      await t.run('2025-10-28 10:00');
      await setMember(store.db, { tenantKey: t.key, openId: 'ou_new', role: 'coordinator', departmentId: t.housing.id });
      await t.run('2025-10-28 11:00');
      expect((await t.rows('overdue')).map((r) => r.receiveId)).toEqual(['ou_new']);
    });

    it('work taken back from 已完成 is chased the same day', async () => {
      const t = await tenant('t-reopened');
      // Every overdue task of the department reported done before the morning tick.
      await store.db
        .update(assignments)
        .set({ status: 'done' })
        .where(and(eq(assignments.tenantKey, t.key), eq(assignments.departmentId, t.housing.id)));
      await t.run('2025-10-28 10:00');
      expect(await t.rows('overdue')).toEqual([]);

      const [share] = await store.db
        .select()
        .from(assignments)
        .where(and(eq(assignments.tenantKey, t.key), eq(assignments.departmentId, t.housing.id)))
        .orderBy(assignments.taskId)
        .limit(1);
      const outcome = await recordProgress(store.db, {
        tenantKey: t.key,
        assignmentId: share.id,
        version: share.version,
        departmentId: t.housing.id,
        reporterOpenId: 'ou_c',
        status: 'in_progress',
        text: '还需补充材料',
        evidenceUrl: null,
        now: at('2025-10-28 10:30'),
      });
      expect(outcome.ok).toBe(true);
      await t.run('2025-10-28 10:35');
      expect((await t.rows('overdue')).map((r) => r.dedupeKey)).toEqual([`overdue:d${t.housing.id}:2025-10-28`]);
    });

    it('a notice published after the morning tick has the day decided again', async () => {
      const t = await tenant('t-published-later');
      const second = '004_8f567bc9b8b33b76.txt';
      const bytes = new Uint8Array(readFileSync(new URL(`./fixtures/seeds/${second}`, import.meta.url)));
      const draft = await importNotice(store.db, t.key, await parseNoticeFile(bytes, second), {
        hash: await sourceHash(bytes),
        name: second,
      });
      await t.run('2025-10-28 10:00');
      expect((await t.run('2025-10-28 10:05')).upToDate).toBe(1);

      await publishNotice(store.db, { tenantKey: t.key, noticeId: draft.noticeId, byOpenId: 'ou_office', now: at('2025-10-28 10:30') });
      const later = await t.run('2025-10-28 10:35');
      expect(later).toMatchObject({ tenants: 1, upToDate: 0 });
      // The department told this morning is not told twice.
      expect(later.overdue.duplicates).toBeGreaterThan(0);
      expect((await t.rows('overdue')).filter((r) => r.departmentId === t.housing.id)).toHaveLength(1);
    });
  });

  it("spaces a tenant's department cards at Lark's pace from the tick's time, so tenants' cards interleave", async () => {
    const tenants = [await tenant('t-fair-a'), await tenant('t-fair-b')];
    for (const t of tenants) {
      const office = (await findDepartmentByName(store.db, t.key, '区党政办公室'))!;
      await requestBinding(store.db, {
        tenantKey: t.key,
        chatId: `oc_office_${t.key}`,
        departmentId: office.id,
        requestedBy: 'ou_x',
        active: true,
      });
    }
    const keys = tenants.map((t) => t.key);
    await runScheduledJobs({ db: store.db, now: at('2025-10-28 10:00'), config: DEFAULT_SCHEDULER_CONFIG, tenantKeys: keys });
    // The order the outbox claims them in: each tenant's first department in the directory
    // (区党政办公室, due soon and overdue), then one spacing later each tenant's second.
    const rows = await store.db.select().from(outbox).where(inArray(outbox.tenantKey, keys)).orderBy(outbox.nextAttemptAt, outbox.id);
    const department = (r: (typeof rows)[number]) => (r.receiveId === HOUSING_CHAT ? 'housing' : 'office');
    expect(rows.map((r) => `${r.tenantKey} ${department(r)} ${r.kind}`)).toEqual([
      't-fair-a office remind',
      't-fair-a office overdue',
      't-fair-b office remind',
      't-fair-b office overdue',
      't-fair-a housing remind',
      't-fair-a housing overdue',
      't-fair-b housing remind',
      't-fair-b housing overdue',
    ]);
    expect(rows[4].nextAttemptAt.getTime() - rows[0].nextAttemptAt.getTime()).toBe(DEPARTMENT_SPACING_MS);
    expect(rows[0].nextAttemptAt).toEqual(at('2025-10-28 10:00'));
  });

  it('runs for every tenant with a published notice unless told which', async () => {
    const report = await runScheduledJobs({ db: store.db, now: at('2025-10-28 10:00'), config: DEFAULT_SCHEDULER_CONFIG });
    expect(report.tenants).toBeGreaterThanOrEqual(6);
  });
});

describe('scheduler rules without a database', () => {
  const now = at('2025-10-28 10:00');
  const reminderTask = (dueOn: string | null, status: ReminderTask['status']): ReminderTask => ({
    taskId: 1,
    seq: 1,
    noticeTitle: '',
    requirement: '',
    deadlineText: '',
    dueOn,
    ongoing: false,
    status,
    role: 'lead',
    lastReportAt: null,
  });

  it('lights 红 for overdue, 黄 within 7 days, 绿 otherwise', () => {
    expect(ragOf(reminderTask('2025-10-27', 'in_progress'), renderContext(now))).toBe('red');
    expect(ragOf(reminderTask('2025-10-27', 'done'), renderContext(now))).toBe('green');
    expect(ragOf(reminderTask('2025-10-28', 'not_started'), renderContext(now))).toBe('yellow');
    expect(ragOf(reminderTask('2025-11-04', 'not_started'), renderContext(now))).toBe('yellow');
    expect(ragOf(reminderTask('2025-11-05', 'not_started'), renderContext(now))).toBe('green');
    expect(ragOf(reminderTask(null, 'not_started'), renderContext(now))).toBe('green');
  });

  it('defaults to 7/3/1 days, 20:00–08:30 quiet hours, Monday to Friday, Monday digest and monthly check-ins', () => {
    expect(DEFAULT_SCHEDULER_CONFIG).toEqual({
      remindDaysBefore: [7, 3, 1],
      quietHours: { start: '20:00', end: '08:30' },
      workingWeekdays: [1, 2, 3, 4, 5],
      holidays: [],
      makeupWorkdays: [],
      digestWeekday: 1,
      checkIn: 'monthly',
    });
  });

  it('reads its environment variables the way the office writes them', () => {
    const cfg = parseSchedulerEnv({
      DUBAN_REMIND_DAYS_BEFORE: '1, 3，14',
      DUBAN_QUIET_HOURS: '21:00-8:00',
      DUBAN_WORKING_WEEKDAYS: 'mon-fri',
      DUBAN_HOLIDAYS: '2025-10-01~2025-10-03 2026-01-01',
      DUBAN_DIGEST_WEEKDAY: '周三',
      DUBAN_CHECKIN: 'Quarterly',
      DUBAN_MAKEUP_WORKDAYS: '',
    });
    expect(cfg).toEqual({
      remindDaysBefore: [14, 3, 1],
      quietHours: { start: '21:00', end: '08:00' },
      workingWeekdays: [1, 2, 3, 4, 5],
      holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2026-01-01'],
      makeupWorkdays: [],
      digestWeekday: 3,
      checkIn: 'quarterly',
    });
    expect(parseSchedulerEnv({})).toEqual(DEFAULT_SCHEDULER_CONFIG);
    expect(() => parseSchedulerEnv({ DUBAN_HOLIDAYS: '2025-02-30' })).toThrow();
    expect(() => parseSchedulerEnv({ DUBAN_QUIET_HOURS: 'evenings' })).toThrow();
  });

  it('finds the due dates a reminder falls on today, weekends and holidays moved forward', () => {
    expect(reminderDueDates('2025-10-28', DEFAULT_SCHEDULER_CONFIG)).toEqual(['2025-10-29', '2025-10-31', '2025-11-04']);
    // Monday after a weekend: thresholds falling on Saturday or Sunday are moved here; never past the due date.
    expect(reminderDueDates('2025-09-29', DEFAULT_SCHEDULER_CONFIG)).toEqual([
      '2025-09-29',
      '2025-09-30',
      '2025-10-01',
      '2025-10-02',
      '2025-10-04',
      '2025-10-05',
      '2025-10-06',
    ]);
    expect(reminderDueDates('2025-11-01', DEFAULT_SCHEDULER_CONFIG)).toEqual([]);
    const goldenWeek = parseSchedulerEnv({ DUBAN_HOLIDAYS: '2025-10-01..2025-10-08', DUBAN_MAKEUP_WORKDAYS: '2025-09-28,2025-10-11' });
    expect(reminderDueDates('2025-10-09', goldenWeek)).toContain('2025-10-10');
    expect(reminderDueDates('2025-10-09', goldenWeek)).not.toContain('2025-10-08');
  });

  it('holds a message decided on Friday night until Monday 08:30', () => {
    expect(nextWorkingMoment(at('2025-10-31 21:30'), DEFAULT_SCHEDULER_CONFIG).toISOString()).toBe(at('2025-11-03 08:30').toISOString());
    expect(nextWorkingMoment(at('2025-10-28 07:00'), DEFAULT_SCHEDULER_CONFIG).toISOString()).toBe(at('2025-10-28 08:30').toISOString());
    expect(nextWorkingMoment(now, DEFAULT_SCHEDULER_CONFIG)).toBe(now);
  });

  const long = (len: number, seed: string) => seed.repeat(Math.ceil(len / seed.length)).slice(0, len);
  const tasks = (n: number): ReminderTask[] =>
    Array.from({ length: n }, (_, i) => ({
      taskId: 100 + i,
      seq: i + 1,
      noticeTitle: i % 2 ? '2025年政务公开工作要点' : '2025年政务公开工作要点任务分解表（补充）',
      requirement: long(500, '持续完善并动态更新主动公开事项目录，确保目录与实际公开内容一致，'),
      deadlineText: long(40, '12月底前完成并长期坚持'),
      dueOn: i % 3 ? '2025-10-20' : null,
      ongoing: i % 3 === 0,
      status: 'in_progress',
      role: i % 2 ? 'lead' : 'responsible',
      lastReportAt: i % 4 ? '2025-10-01T02:00:00Z' : null,
    }));

  it.each([1, 12, 13, 56])('keeps a department card of %i long tasks under 28 KB and 200 elements', (n) => {
    const c = departmentReminderCard(
      { kind: 'overdue', department: { id: 1, name: HOUSING }, tasks: tasks(n) },
      { locale: 'zh_cn', clock: clockAt(now) },
    );
    expect(sendRequestBytes(c)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(countElements(c)).toBeLessThanOrEqual(200);
    const json = JSON.stringify(c);
    // A report button per task while they fit, else one 汇报进展 and one 我的任务 button.
    const reportButtons = json.split('"a":"report_open"').length - 1;
    expect(reportButtons).toBe(n <= 12 ? n : 1);
    expect(json).toContain('"a":"my_tasks"');
  });

  it('keeps a digest of 120 departments under 28 KB and with valid buttons only', () => {
    const departments = Array.from({ length: 120 }, (_, i) => ({
      department: { id: i + 1, name: `区某某很长名称的委员会办公室第${i + 1}分部` },
      overdue: Array.from({ length: 20 }, (_, j) => ({ taskId: j + 1, seq: j + 1 })),
      reachable: i % 5 !== 0,
    }));
    const c = weeklyDigestCard(
      { date: '2025-11-03', audience: 'office', departments, pendingReview: 4, unreachable: departments.map((d) => d.department.name) },
      { locale: 'zh_cn', clock: clockAt(now) },
    );
    expect(sendRequestBytes(c)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(countElements(c)).toBeLessThanOrEqual(200);
    const values = JSON.stringify(c).match(/"value":\{[^}]*\}/g) ?? [];
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(ActionValue.parse(JSON.parse(v.slice('"value":'.length)))).not.toBeNull();
    expect(JSON.stringify(c)).toContain('"a":"review_queue"');
  });

  it('gives leaders the digest without the review button', () => {
    const c = weeklyDigestCard(
      { date: '2025-11-03', audience: 'leader', departments: [], pendingReview: 4, unreachable: [] },
      { locale: 'zh_cn', clock: clockAt(now) },
    );
    expect(JSON.stringify(c)).not.toContain('review_queue');
    expect(JSON.stringify(c)).toContain('没有逾期任务');
  });
});

describe('the new cards follow the card conventions', () => {
  const zh = { locale: 'zh_cn' as const, clock: clockAt(at('2025-10-28 10:00')) };
  const task: ReminderTask = {
    taskId: 15,
    seq: 15,
    noticeTitle: '2025年政务公开工作要点',
    requirement: '积极组织开展政府开放活动，形成规模效应。',
    deadlineText: '10月底前',
    dueOn: '2025-10-31',
    ongoing: false,
    status: 'not_started',
    role: 'responsible',
    lastReportAt: null,
  };
  const item = {
    assignmentId: 9,
    version: 4,
    taskId: 15,
    seq: 15,
    noticeTitle: '2025年政务公开工作要点',
    requirement: task.requirement,
    deadlineText: '10月底前',
    dueOn: '2025-10-31',
    role: 'lead' as const,
    department: { id: 3, name: HOUSING },
    report: {
      text: '已开展两场开放活动。',
      evidenceUrl: 'https://www.example.gov.cn/x',
      reporter: '张晓明',
      at: '2025-10-27T02:00:00Z',
    },
  };
  const cards = {
    remind: () => departmentReminderCard({ kind: 'remind', department: { id: 3, name: HOUSING }, tasks: [task] }, zh),
    overdue: () =>
      departmentReminderCard({ kind: 'overdue', department: { id: 3, name: HOUSING }, tasks: [{ ...task, dueOn: '2025-09-30' }] }, zh),
    checkin: () =>
      departmentReminderCard(
        { kind: 'checkin', department: { id: 3, name: HOUSING }, tasks: [{ ...task, dueOn: null, ongoing: true }] },
        zh,
      ),
    digest: () =>
      weeklyDigestCard(
        {
          date: '2025-11-03',
          audience: 'office',
          departments: [{ department: { id: 3, name: HOUSING }, overdue: [{ taskId: 1, seq: 1 }], reachable: true }],
          pendingReview: 2,
          unreachable: ['区市场监管局'],
        },
        zh,
      ),
    'review queue': () => reviewQueueCard({ items: [item], total: 1, page: 1, pageCount: 1 }, zh),
    'review result (return)': () =>
      reviewResultCard(
        {
          decision: 'return',
          department: { id: 3, name: HOUSING },
          task: { taskId: 15, seq: 15, requirement: task.requirement, noticeTitle: item.noticeTitle },
          reason: '请补充截图',
        },
        zh,
      ),
    'review result (confirm)': () =>
      reviewResultCard(
        {
          decision: 'confirm',
          department: { id: 3, name: HOUSING },
          task: { taskId: 15, seq: 15, requirement: task.requirement, noticeTitle: item.noticeTitle },
          reason: null,
        },
        zh,
      ),
  };

  type Node = Record<string, unknown>;
  const nodes = (n: unknown, out: Node[] = []): Node[] => {
    if (Array.isArray(n)) for (const c of n) nodes(c, out);
    else if (n && typeof n === 'object') {
      out.push(n as Node);
      for (const c of Object.values(n)) nodes(c, out);
    }
    return out;
  };

  it.each(Object.entries(cards))('%s: Card 2.0, Chinese content with both locales, valid callbacks, no 1.0 tags', (_name, render) => {
    const c = render();
    expect(c.schema).toBe('2.0');
    const all = nodes(c);
    const localised = all.filter((n) => n.i18n_content !== undefined);
    expect(localised.length).toBeGreaterThan(0);
    for (const n of localised) {
      const i18n = n.i18n_content as Record<string, string>;
      expect(Object.keys(i18n).sort()).toEqual(['en_us', 'zh_cn']);
      expect(i18n.en_us.length).toBeGreaterThan(0);
      expect(n.content).toBe(i18n.zh_cn);
    }
    for (const n of all.filter((x) => Array.isArray(x.behaviors))) {
      for (const b of n.behaviors as Node[]) expect(ActionValue.parse(b.value)).not.toBeNull();
    }
    const tags = all.map((n) => n.tag);
    for (const old of ['note', 'action', 'div']) expect(tags).not.toContain(old);
    // Forms sit at the root of the body, as Lark requires.
    for (const f of all.filter((n) => n.tag === 'form')) expect(c.body.elements).toContain(f);
  });
});
