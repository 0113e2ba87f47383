// People by name (src/people.ts): member records first, then the contact book through the real
// client against the fake Lark, cached, bounded in time, and never an error.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLarkApi, type LarkApi } from '../src/lark/api';
import { clearNameCache, named, peopleNames, type UserNameLookup } from '../src/people';
import { setMember } from '../src/store/members';
import type { OpenedDb } from '../src/store/db';
import { engineName, openTestDb } from './support/db';
import { startFakeLark, type FakeLark } from '../playground/lark/fake-lark';

const TENANT = 't-people';

describe(`names for open_ids, on ${engineName}`, () => {
  let store: OpenedDb;
  let lark: FakeLark;
  let api: LarkApi;
  const userCalls = () => lark.requests.filter((r) => r.path.startsWith('/open-apis/contact/v3/users/')).length;

  beforeAll(async () => {
    store = await openTestDb();
    lark = await startFakeLark();
    await setMember(store.db, { tenantKey: TENANT, openId: 'ou_member', role: 'coordinator', name: ' 李红 ' });
    await setMember(store.db, { tenantKey: TENANT, openId: 'ou_nameless_member', role: 'leader', name: null });
  });
  afterAll(async () => {
    await lark?.close();
    await store?.close();
  });
  beforeEach(() => {
    lark.reset();
    clearNameCache();
    api = createLarkApi({ appId: lark.appId, appSecret: lark.appSecret, domain: lark.url });
  });
  const ctx = (over: Partial<{ lark: UserNameLookup | null }> = {}) => ({ db: store.db, tenantKey: TENANT, lark: api, ...over });

  it('names people from member records without asking Lark', async () => {
    lark.users.set('ou_member', { department_ids: [], name: '别的名字' });
    const names = await peopleNames(ctx(), ['ou_member', 'ou_member']);
    expect([...names]).toEqual([['ou_member', '李红']]);
    expect(userCalls()).toBe(0);
    expect(named({ reporterOpenId: 'ou_member', text: 'x' }, names)).toEqual({ reporter: '李红', text: 'x' });
    expect(named({ reporterOpenId: 'ou_other', text: 'x' }, names)).toEqual({ reporter: null, text: 'x' });
  });

  it('asks the contact book for the rest, once per person, and remembers the answer', async () => {
    lark.users.set('ou_a', { department_ids: [], name: '张晓明' });
    lark.users.set('ou_nameless_member', { department_ids: [], name: '王局长' });
    const first = await peopleNames(ctx(), ['ou_a', 'ou_nameless_member', 'ou_member']);
    expect(Object.fromEntries(first)).toEqual({ ou_a: '张晓明', ou_nameless_member: '王局长', ou_member: '李红' });
    expect(userCalls()).toBe(2);
    const again = await peopleNames(ctx(), ['ou_a']);
    expect(again.get('ou_a')).toBe('张晓明');
    expect(userCalls()).toBe(2);
    // Names are per tenant: the same open_id elsewhere is asked again.
    await peopleNames({ ...ctx(), tenantKey: 't-other' }, ['ou_a']);
    expect(userCalls()).toBe(3);
  });

  it('leaves out whom Lark will not name (outside visibility, no name scope, not an open_id) and does not ask again soon', async () => {
    lark.users.set('ou_hidden', { department_ids: [], invisible: true });
    lark.users.set('ou_no_scope', { department_ids: [] });
    const names = await peopleNames(ctx(), ['ou_hidden', 'ou_no_scope', 'ou_unknown', 'cli-import', '']);
    expect(names.size).toBe(0);
    // 'cli-import' is not shaped like an open_id and never reaches Lark.
    expect(userCalls()).toBe(3);
    await peopleNames(ctx(), ['ou_hidden', 'ou_no_scope', 'ou_unknown']);
    expect(userCalls()).toBe(3);
  });

  it('turns a Lark failure into no name, and asks again next time', async () => {
    lark.users.set('ou_a', { department_ids: [], name: '张晓明' });
    lark.failNext('/contact/v3/users/', 1, { status: 500, code: 500 });
    expect((await peopleNames(ctx(), ['ou_a'])).size).toBe(0);
    expect((await peopleNames(ctx(), ['ou_a'])).get('ou_a')).toBe('张晓明');
  });

  it('answers within its time budget when Lark is slow, and uses the late answer next time', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow: UserNameLookup = {
      getUserName: async () => {
        await gate;
        return '迟到的名字';
      },
    };
    const started = Date.now();
    const names = await peopleNames(ctx({ lark: slow }), ['ou_slow'], 50);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(names.size).toBe(0);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect((await peopleNames(ctx({ lark: slow }), ['ou_slow'], 50)).get('ou_slow')).toBe('迟到的名字');
  });

  it('asks about at most ten people for one card', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `ou_p${i}`);
    for (const id of ids) lark.users.set(id, { department_ids: [], name: id.toUpperCase() });
    const names = await peopleNames(ctx(), ids);
    expect(names.size).toBe(10);
    expect(userCalls()).toBe(10);
  });

  it('uses member records alone without a contact book', async () => {
    expect(Object.fromEntries(await peopleNames(ctx({ lark: null }), ['ou_member', 'ou_a']))).toEqual({ ou_member: '李红' });
    expect(userCalls()).toBe(0);
  });
});
