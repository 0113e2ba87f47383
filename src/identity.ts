import { bindingOf } from './store/bindings';
import type { Db } from './store/db';
import { getDepartment, listDepartments, matchDepartment } from './store/directory';
import { findMember } from './store/members';

import type { DepartmentRef } from './views/common';
import type { MemberRole } from './terms';

export interface Sender {
  openId: string;
  role: MemberRole | null;
  department: DepartmentRef | null;
  /** How the department was found: shown in help and logs when someone asks "why this department?". */
  via: 'member' | 'chat' | 'contact' | 'office-config' | null;
}

/** The part of the Lark API identity needs; null answers mean "cannot tell", never an error. */
export interface ContactLookup {
  getUserDepartmentIds(openId: string): Promise<string[] | null>;
  getDepartmentName(departmentId: string): Promise<string | null>;
}

/** Contact answers change rarely and cost an API call each: keep them for a while. */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until < this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }
  set(key: string, value: V): void {
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
  }
}

export interface IdentityDeps {
  db: Db;
  tenantKey: string;
  contact: ContactLookup | null;
  officeOpenIds: string[];
  cache: TtlCache<string[]>;
  log?: (line: string) => void;
}

/**
 * Who is asking, in this order: an explicit member record (set by the office), the department
 * the chat is bound to, then the sender's departments in the Lark contact book matched against
 * the directory by name. Anyone not found gets role null and a card explaining how to get bound.
 */
export async function resolveSender(deps: IdentityDeps, openId: string, chatId: string | null): Promise<Sender> {
  const { db, tenantKey } = deps;
  const member = await findMember(db, tenantKey, openId);
  const isOffice = deps.officeOpenIds.includes(openId);
  const memberDept = member?.departmentId ? await getDepartment(db, tenantKey, member.departmentId) : null;
  if (member && (memberDept || member.role !== 'coordinator')) {
    return { openId, role: isOffice ? 'office' : member.role, department: ref(memberDept), via: 'member' };
  }
  if (chatId) {
    const binding = await bindingOf(db, tenantKey, chatId);
    if (binding?.status === 'active') {
      const d = await getDepartment(db, tenantKey, binding.departmentId);
      if (d) return { openId, role: isOffice ? 'office' : 'coordinator', department: ref(d), via: 'chat' };
    }
  }
  const fromContact = await contactDepartment(deps, openId).catch((e) => {
    // The contact book being down must not leave the person without an answer: they are simply
    // not resolved this time (and not cached, so the next message asks again).
    deps.log?.(`contact look-up for ${openId} failed: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  });
  if (fromContact) return { openId, role: isOffice ? 'office' : 'coordinator', department: fromContact, via: 'contact' };
  if (isOffice) return { openId, role: 'office', department: null, via: 'office-config' };
  return { openId, role: null, department: null, via: null };
}

async function contactDepartment(deps: IdentityDeps, openId: string): Promise<DepartmentRef | null> {
  if (!deps.contact) return null;
  let names = deps.cache.get(`${deps.tenantKey}/${openId}`);
  if (!names) {
    const ids = (await deps.contact.getUserDepartmentIds(openId)) ?? [];
    names = (await Promise.all(ids.map((id) => deps.contact!.getDepartmentName(id)))).filter((n): n is string => !!n);
    deps.cache.set(`${deps.tenantKey}/${openId}`, names);
  }
  if (!names.length) return null;
  const all = await listDepartments(deps.db, deps.tenantKey);
  for (const n of names) {
    const hit = matchDepartment(all, n);
    if (hit) return ref(hit.dept);
  }
  return null;
}

function ref(d: { id: number; name: string } | null): DepartmentRef | null {
  return d ? { id: d.id, name: d.name } : null;
}
