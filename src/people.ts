/**
 * People by name. Cards show who reported as a name resolved here, never an open_id, and never put
 * an id in a `<person>` tag or a `person` component:
 * - markdown `<person id='…'>` and the `person` component render from an id on Lark's side, but an
 *   id Lark cannot resolve shows as 未知用户 ("不填、为空、数据错误时展示为兜底的“未知用户”样式",
 *   https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/rich-text),
 *   `person_list` without `drop_invalid_user_id` fails the whole card
 *   (https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/user-list),
 *   an invalid user id in a card can fail the send (230099, sub-code 100290), and the sending app
 *   needs access to user ids or nothing shows
 *   (https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/user-profile).
 *   A name in text cannot fail a send.
 * - Names come, in this order, from member records (设置联络员 @张三 stores the name Lark put in the
 *   mention), then from the contact book (`GET /open-apis/contact/v3/users/:id` → `user.name`, which
 *   Lark returns only with contact:user.base:readonly or a wider contact scope,
 *   https://open.feishu.cn/document/server-docs/contact-v3/user/get). Contact answers are cached
 *   per tenant; a person Lark will not name (41050 outside visibility, 41012 invalid id, no name
 *   scope) is remembered for a while too.
 * - The contact lookup never fails or stalls a reply: a failure is no name, and the lookups get a
 *   fixed time budget (a card callback must be answered within 3 s). Anything still on its way
 *   then lands in the cache for the next card. Without a name the card says 联络员 / Coordinator
 *   (政务公开办 / Office for the office's review steps).
 */
import { TtlCache } from './identity';
import type { Db } from './store/db';
import { memberNames } from './store/members';
import type { ProgressLine } from './views/tasks';

/** The one contact-book call this needs (src/lark/api.ts `getUserName`). */
export interface UserNameLookup {
  getUserName(openId: string): Promise<string | null>;
}

export interface PeopleContext {
  db: Db;
  tenantKey: string;
  /** The contact book; without it, names come from member records only. */
  lark?: UserNameLookup | null;
}

/** open_id → name, for the ids a name was found for. */
export type Names = ReadonlyMap<string, string>;

/** Names change rarely; an hour keeps a busy group from asking Lark for the same person all day. */
const NAME_TTL_MS = 60 * 60_000;
/** Someone Lark would not name may become visible when an admin widens the app's contact scope. */
const MISS_TTL_MS = 10 * 60_000;
/** How long a reply waits for the contact book before it falls back to 联络员. */
export const LOOKUP_BUDGET_MS = 800;
/** Contact calls per card at most (a card shows a handful of people; history may list more). */
const MAX_LOOKUPS = 10;
/** Only ids shaped like open_ids are sent to Lark (anything else would be a 41012 anyway). */
const OPEN_ID = /^ou_[0-9A-Za-z_-]{1,64}$/;

let known = new TtlCache<string>(NAME_TTL_MS);
let unnamed = new TtlCache<true>(MISS_TTL_MS);

/** Forgets every cached contact answer (tests). */
export function clearNameCache(): void {
  known = new TtlCache<string>(NAME_TTL_MS);
  unnamed = new TtlCache<true>(MISS_TTL_MS);
}

/**
 * Names for the given open_ids: member records first, then the contact book (cached, bounded by
 * `budgetMs`). Ids without a name are simply absent from the map.
 */
export async function peopleNames(ctx: PeopleContext, openIds: Iterable<string>, budgetMs = LOOKUP_BUDGET_MS): Promise<Names> {
  const ids = [...new Set(openIds)].filter((id) => id.trim() !== '');
  const out = new Map<string, string>();
  if (!ids.length) return out;
  for (const [id, name] of await memberNames(ctx.db, ctx.tenantKey, ids)) out.set(id, name);

  const lark = ctx.lark;
  if (!lark) return out;
  const key = (id: string) => `${ctx.tenantKey}/${id}`;
  const ask: string[] = [];
  for (const id of ids) {
    if (out.has(id)) continue;
    const cached = known.get(key(id));
    if (cached !== undefined) out.set(id, cached);
    else if (!unnamed.get(key(id)) && OPEN_ID.test(id) && ask.length < MAX_LOOKUPS) ask.push(id);
  }
  if (!ask.length) return out;

  const lookups = Promise.all(
    ask.map(async (id) => {
      try {
        const name = (await lark.getUserName(id))?.trim();
        if (name) known.set(key(id), name);
        else unnamed.set(key(id), true);
      } catch {
        // Lark failed (5xx, timeout, a revoked scope…): no name this time, and ask again next time.
      }
    }),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, budgetMs);
  });
  await Promise.race([lookups, deadline]);
  clearTimeout(timer);
  for (const id of ask) {
    const name = known.get(key(id));
    if (name !== undefined) out.set(id, name);
  }
  return out;
}

/** Replaces a stored line's reporter open_id with the name found (or null). */
export function named<T extends { reporterOpenId: string }>(
  line: T,
  names: Names,
): Omit<T, 'reporterOpenId'> & { reporter: string | null } {
  const { reporterOpenId, ...rest } = line;
  return { ...rest, reporter: names.get(reporterOpenId) ?? null };
}

/** A task whose last progress carries an open_id, turned into the view (the name, or null). */
export function namedTask<T extends { lastProgress: { reporterOpenId: string } | null }>(
  task: T,
  names: Names,
): Omit<T, 'lastProgress'> & { lastProgress: ProgressLine | null } {
  return { ...task, lastProgress: task.lastProgress ? (named(task.lastProgress, names) as ProgressLine) : null };
}

/** The reporters of these tasks' last progress. */
export function reportersOf(tasks: readonly { lastProgress: { reporterOpenId: string } | null }[]): string[] {
  return tasks.flatMap((t) => (t.lastProgress ? [t.lastProgress.reporterOpenId] : []));
}
