// The demo district: who is who, which chats exist, and the seed that fills a fresh playground
// database the way an office would with the CLI (import the notice, set roles, bind the groups).
import { readFileSync } from 'node:fs';
import type { Db } from '../src/store/db';
import { parseNoticeFile } from '../src/notice/parse';
import { importNotice, sourceHash } from '../src/store/notice-import';
import { findDepartmentByName, listDepartments } from '../src/store/directory';
import { setMember } from '../src/store/members';
import { requestBinding } from '../src/store/bindings';
import type { MemberRole } from '../src/terms';
import type { Chat } from './lark/conversations';
import type { FakeLark } from './lark/fake-lark';

/** A real 政务公开任务分解表 (济宁高新区, 2025) with a two-level task table and group terms. */
export const SEED_NOTICE = new URL('../tests/fixtures/seeds/002_1767bb79f9d560a4.txt', import.meta.url);
export const SEED_NOTICE_NAME = '济宁高新区2025年政务公开任务分解表.txt';

export const BOT = { openId: 'ou_pg_bot_duban', name: '督办' };

export interface DemoPerson {
  openId: string;
  name: string;
  /** What the person picker says about them. */
  title: string;
  role: MemberRole | null;
  /** Directory department (coordinators), also their department in the contact book. */
  department?: string;
  /** A contact-book department outside the directory: the person cannot be resolved. */
  contactDepartment?: string;
}

export const OFFICE_OPEN_ID = 'ou_pg_office_wang';

export const PEOPLE: DemoPerson[] = [
  { openId: OFFICE_OPEN_ID, name: '王敏', title: '政务公开办', role: 'office' },
  { openId: 'ou_pg_leader_li', name: '李建国', title: '分管领导', role: 'leader' },
  { openId: 'ou_pg_coord_zhang', name: '张丽', title: '联络员 · 区党政办公室', role: 'coordinator', department: '区党政办公室' },
  { openId: 'ou_pg_coord_liu', name: '刘洋', title: '联络员 · 区城乡建设和交通局', role: 'coordinator', department: '区城乡建设和交通局' },
  { openId: 'ou_pg_coord_chen', name: '陈静', title: '联络员 · 区市场监管局', role: 'coordinator', department: '区市场监管局' },
  { openId: 'ou_pg_new_zhao', name: '赵磊', title: '新同事（未绑定）', role: null, contactDepartment: '区统计局' },
];

interface DemoGroup {
  chatId: string;
  name: string;
  members: string[];
  /** The department the group is bound to (绑定), if any. */
  department?: string;
}

const [office, leader, zhang, liu, chen, zhao] = PEOPLE.map((p) => p.openId);

const GROUPS: DemoGroup[] = [
  { chatId: 'oc_pg_dangzheng', name: '区党政办公室工作群', members: [zhang, office], department: '区党政办公室' },
  { chatId: 'oc_pg_jianjiao', name: '区城乡建设和交通局工作群', members: [liu, office], department: '区城乡建设和交通局' },
  { chatId: 'oc_pg_shijian', name: '区市场监管局工作群', members: [chen, zhao, office], department: '区市场监管局' },
  { chatId: 'oc_pg_lianluo', name: '政务公开联络群', members: [office, leader, zhang, liu, chen, zhao] },
];

/** Every group, then each person's private chat with the bot. */
export function demoChats(): Chat[] {
  return [
    ...GROUPS.map((g) => ({ chatId: g.chatId, type: 'group' as const, name: g.name, members: g.members })),
    ...PEOPLE.map((p) => ({ chatId: `oc_pg_p2p_${p.openId.slice(6)}`, type: 'p2p' as const, name: BOT.name, members: [p.openId] })),
  ];
}

/** The platform side: chats, and the contact book the bot may consult for unbound people. */
export function registerDemoOrg(fake: FakeLark): void {
  for (const chat of demoChats()) fake.conversations.addChat(chat);
  const departmentIds = new Map<string, string>();
  for (const p of PEOPLE) {
    const dept = p.department ?? p.contactDepartment;
    if (!dept) continue;
    if (!departmentIds.has(dept)) departmentIds.set(dept, `od_pg_${departmentIds.size + 1}`);
    fake.departments.set(departmentIds.get(dept)!, dept);
    fake.users.set(p.openId, { name: p.name, department_ids: [departmentIds.get(dept)!] });
  }
}

/**
 * The bot side, on first start only (a directory exists afterwards): the notice as a draft for
 * the office to publish, the roles, and the department groups bound. Later starts keep whatever
 * was changed in the chats.
 */
export async function seedDemo(db: Db, tenantKey: string): Promise<boolean> {
  if ((await listDepartments(db, tenantKey)).length > 0) return false;
  const bytes = new Uint8Array(readFileSync(SEED_NOTICE));
  const parsed = await parseNoticeFile(bytes, SEED_NOTICE_NAME);
  await importNotice(db, tenantKey, parsed, { hash: await sourceHash(bytes), name: SEED_NOTICE_NAME });
  const departmentId = async (name: string) => {
    const d = await findDepartmentByName(db, tenantKey, name);
    if (!d) throw new Error(`the seed notice has no department ${name}`);
    return d.id;
  };
  for (const p of PEOPLE) {
    if (!p.role) continue;
    const id = p.department ? await departmentId(p.department) : null;
    await setMember(db, { tenantKey, openId: p.openId, role: p.role, departmentId: id, name: p.name });
  }
  for (const g of GROUPS) {
    if (!g.department) continue;
    await requestBinding(db, {
      tenantKey,
      chatId: g.chatId,
      departmentId: await departmentId(g.department),
      requestedBy: office,
      active: true,
    });
  }
  return true;
}
