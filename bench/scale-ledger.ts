/**
 * Builds a multi-tenant ledger by SQL (generate_series), the size the scale bench measures:
 * per tenant 200 departments, 10 published notices of 100 tasks, 10 departments per task
 * (10,000 shares), statuses as of late October, the reports behind them, a year's sent outbox
 * rows, processed events and handled inbox rows. Everything is derived from ids by a
 * multiplicative hash, so two runs build the same ledger.
 *
 * Also the publishing tenant: 1,000 departments, all bound, and draft notices that give every
 * department ten tasks, for timing 发布 on the same database.
 */
import type { Sql } from 'postgres';

export const DEPARTMENTS = 200;
export const NOTICES = 10;
export const TASKS_PER_NOTICE = 100;
export const SHARES_PER_TASK = 10;
/** The date statuses are generated for: the bench's "today" (a Tuesday). */
export const AS_OF = '2025-10-28';

export const PUBLISH_TENANT = 'publish-1000';
export const PUBLISH_DEPARTMENTS = 1000;
const PUBLISH_TASKS = 400;
const PUBLISH_SHARES_PER_TASK = 25;

export const tenantKey = (n: number) => `t${String(n).padStart(3, '0')}`;
const TENANT = (g: string) => `'t' || lpad(${g}::text, 3, '0')`;

/** A well-mixed 0 … 2^32-1 from an integer (Knuth's multiplicative hash). */
const hash = (x: string) => `((${x})::bigint * 2654435761 % 4294967296)`;

/**
 * Departments ending in 40 never report and have neither group nor coordinator (the silent and
 * unreachable ones); those ending in 20 are reached through a coordinator; the rest have a group.
 */
const SILENT = (sortOrder: string) => `${sortOrder} % 40 = 0`;
const VIA_COORDINATOR = (sortOrder: string) => `${sortOrder} % 40 = 20`;

/** The first report on a share (in progress) and the one that finished it, from the share's id. */
const firstReport = (id: string) =>
  `(timestamptz '2025-03-01 02:00+00' + (${hash(id)} / 100 % 150) * interval '1 day' + (${hash(id)} / 7 % 480) * interval '1 minute')`;
const finalReport = (id: string) => `(${firstReport(id)} + (1 + ${hash(id)} / 13 % 60) * interval '1 day')`;

/** Tenants from … to (1-based), in one transaction per table. */
export async function buildTenants(sql: Sql, from: number, to: number): Promise<void> {
  const inRange = (col: string) => `${col} between ${TENANT(String(from))} and ${TENANT(String(to))}`;

  await sql.unsafe(`
    insert into departments (tenant_key, name, kind, sort_order)
    select ${TENANT('g')}, case when d % 10 = 0 then '第' || d || '街道办事处' else '区第' || d || '委办局' end,
      (array['office','department','agency','town','enterprise'])[1 + d % 5], d
    from generate_series(${from}, ${to}) g, generate_series(1, ${DEPARTMENTS}) d
    order by g, d`);

  await sql.unsafe(`
    insert into notices (tenant_key, source_hash, source_name, doc_number, title, issuer, issued_on, year, status, created_at, published_at)
    select ${TENANT('g')}, 'bench-' || n, 'notice-' || n || '.docx', '区政办发〔2025〕' || n || '号',
      '关于印发2025年政务公开工作要点任务分解表（第' || n || '批）的通知', '区人民政府办公室', date '2025-02-01', 2025,
      'published', timestamptz '2025-02-01 02:00+00', timestamptz '2025-02-01 02:00+00'
    from generate_series(${from}, ${to}) g, generate_series(1, ${NOTICES}) n
    order by g, n`);

  // Month ends through the year; every tenth task is ongoing (长期坚持) without a date.
  await sql.unsafe(`
    insert into tasks (tenant_key, notice_id, seq, section, requirement, lead, responsible, deadline_text, due_on, ongoing)
    select n.tenant_key, n.id, s, '["一、加强政策解读","（一）主动公开"]'::jsonb,
      '持续完善并动态更新主动公开事项目录，确保目录内容与政府网站实际公开信息一致，及时回应社会关切（第' || s || '项）。',
      '["区政府办公室"]'::jsonb, '["区直各部门"]'::jsonb,
      case when s % 10 = 0 then '长期坚持' else m || '月底前' end,
      case when s % 10 = 0 then null else (make_date(2025, m, 1) + interval '1 month - 1 day')::date end,
      s % 10 = 0
    from notices n, generate_series(1, ${TASKS_PER_NOTICE}) s, lateral (select 1 + (s * 7 + n.id) % 12 as m) month
    where ${inRange('n.tenant_key')}
    order by n.id, s`);

  // Ten departments per task, spread so that every department holds about fifty shares. Past
  // due: 55 % closed, 15 % awaiting review, 15 % in progress, 15 % not started (overdue); not yet
  // due: 10 % done, 40 % in progress, 50 % not started. The silent departments never started.
  await sql.unsafe(`
    insert into assignments (id, tenant_key, task_id, department_id, role, via_group, status, version, last_report_at, updated_at)
    select id, tenant_key, task_id, department_id, role, via_group, status,
      case status when 'not_started' then 1 when 'in_progress' then 2 when 'done' then 3 else 4 end,
      case status when 'not_started' then null when 'in_progress' then ${firstReport('id')} else ${finalReport('id')} end,
      case status when 'not_started' then timestamptz '2025-02-01 02:00+00' when 'in_progress' then ${firstReport('id')}
        when 'done' then ${finalReport('id')} else ${finalReport('id')} + interval '2 days' end
    from (
      select id, tenant_key, task_id, department_id, role, via_group,
        case
          when silent then 'not_started'
          when past_due then (case when r < 55 then 'closed' when r < 70 then 'done' when r < 85 then 'in_progress' else 'not_started' end)
          else (case when r < 10 then 'done' when r < 50 then 'in_progress' else 'not_started' end)
        end as status
      from (
        select nextval('assignments_id_seq') as id, t.tenant_key, t.id as task_id, d.id as department_id,
          case when k = 0 then 'lead' else 'responsible' end as role, case when k >= 4 then '区直各部门' end as via_group,
          ${SILENT('d.sort_order')} as silent, t.due_on < date '${AS_OF}' as past_due, ${hash('t.id * 10 + k')} % 100 as r
        from tasks t
        cross join generate_series(0, ${SHARES_PER_TASK - 1}) k
        join departments d on d.tenant_key = t.tenant_key and d.sort_order = 1 + (t.seq * 7 + t.notice_id * 3 + k * 20) % ${DEPARTMENTS}
        where ${inRange('t.tenant_key')}
        order by t.id, k
      ) drawn
    ) shares`);

  // One report when work started, one when it was finished, and the office's confirmation.
  await sql.unsafe(`
    insert into progress_reports (tenant_key, assignment_id, reporter_open_id, kind, status, text, created_at)
    select a.tenant_key, a.id, 'ou_c_' || a.department_id, 'report', 'in_progress', '已召开专题会议研究部署，正在逐项落实。', ${firstReport('a.id')}
    from assignments a where ${inRange('a.tenant_key')} and a.status <> 'not_started'
    union all
    select a.tenant_key, a.id, 'ou_c_' || a.department_id, 'report', 'done', '已按要求完成，相关材料已在政府网站公开。', ${finalReport('a.id')}
    from assignments a where ${inRange('a.tenant_key')} and a.status in ('done', 'closed')
    union all
    select a.tenant_key, a.id, 'ou_office_' || a.tenant_key, 'confirm', 'closed', '确认办结', ${finalReport('a.id')} + interval '2 days'
    from assignments a where ${inRange('a.tenant_key')} and a.status = 'closed'`);

  await sql.unsafe(`
    insert into chat_bindings (tenant_key, chat_id, department_id, status, requested_by, created_at)
    select d.tenant_key, 'oc_' || d.tenant_key || '_' || d.sort_order, d.id, 'active', 'ou_office_' || d.tenant_key, timestamptz '2025-01-15 02:00+00'
    from departments d
    where ${inRange('d.tenant_key')} and not ${SILENT('d.sort_order')} and not ${VIA_COORDINATOR('d.sort_order')}`);
  await sql.unsafe(`
    insert into members (tenant_key, open_id, name, role, department_id)
    select d.tenant_key, 'ou_c_' || d.id, '联络员' || d.sort_order, 'coordinator', d.id
    from departments d where ${inRange('d.tenant_key')} and ${VIA_COORDINATOR('d.sort_order')}
    union all
    select ${TENANT('g')}, 'ou_office_' || ${TENANT('g')}, '政务公开办', 'office', null from generate_series(${from}, ${to}) g
    union all
    select ${TENANT('g')}, 'ou_leader_' || ${TENANT('g')} || '_' || l, '领导' || l, 'leader', null
    from generate_series(${from}, ${to}) g, generate_series(1, 3) l`);

  // Sent: every notice's card to every department, and two weeks of daily overdue cards.
  await sql.unsafe(`
    insert into outbox (tenant_key, dedupe_key, kind, notice_id, department_id, receive_id_type, receive_id, msg_type, render, content,
      status, attempts, next_attempt_at, sent_message_id, created_at, sent_at)
    select n.tenant_key, 'publish:' || n.id || ':' || d.id, 'publish', n.id, d.id, 'chat_id', 'oc_' || d.tenant_key || '_' || d.sort_order,
      'interactive', 'published_notice',
      json_build_object('notice', json_build_object('id', n.id, 'title', n.title, 'docNumber', n.doc_number),
        'department', json_build_object('id', d.id, 'name', d.name), 'leadCount', 1, 'participatingCount', 4, 'total', 5)::text,
      'sent', 1, n.published_at, 'om_' || n.id || '_' || d.id, n.published_at, n.published_at + interval '1 minute'
    from notices n join departments d on d.tenant_key = n.tenant_key
    where ${inRange('n.tenant_key')} and not ${SILENT('d.sort_order')}
    union all
    select d.tenant_key, 'overdue:d' || d.id || ':' || day::date, 'overdue', null, d.id, 'chat_id', 'oc_' || d.tenant_key || '_' || d.sort_order,
      'interactive', 'department_reminder',
      json_build_object('kind', 'overdue', 'department', json_build_object('id', d.id, 'name', d.name),
        'tasks', json_build_array(json_build_object('seq', 1, 'requirement', repeat('持续完善主动公开事项目录', 8))))::text,
      'sent', 1, day + interval '2 hours', 'om_o_' || d.id || '_' || day::date, day + interval '2 hours', day + interval '2 hours 3 minutes'
    from departments d, generate_series(timestamptz '2025-10-14 00:00+08', timestamptz '2025-10-27 00:00+08', interval '1 day') day
    where ${inRange('d.tenant_key')} and not ${SILENT('d.sort_order')} and not ${VIA_COORDINATOR('d.sort_order')}
      and extract(isodow from day at time zone 'Asia/Shanghai') < 6`);

  // Lark's event ids seen (kept for redelivery dedupe) and the events handled through the inbox.
  await sql.unsafe(`
    insert into processed_events (key, received_at)
    select 'ev_' || ${TENANT('g')} || '_' || i, timestamptz '2025-02-01 02:00+00' + i * interval '5 minutes'
    from generate_series(${from}, ${to}) g, generate_series(1, 1000) i`);
  await sql.unsafe(`
    insert into inbox (event_id, tenant_key, event_type, envelope, status, attempts, received_at, handled_at)
    select 'ev_' || ${TENANT('g')} || '_' || i, ${TENANT('g')}, 'im.message.receive_v1',
      json_build_object('header', json_build_object('event_id', 'ev_' || i, 'tenant_key', ${TENANT('g')}),
        'event', json_build_object('message', json_build_object('content', '{"text":"我的任务"}')))::text,
      'done', 1, timestamptz '2025-10-20 02:00+00' + i * interval '1 minute', timestamptz '2025-10-20 02:00+00' + i * interval '1 minute'
    from generate_series(${from}, ${to}) g, generate_series(1, 200) i`);

  // As autovacuum eventually would: planner statistics and the visibility map.
  await sql.unsafe('vacuum analyze');
}

/** The publishing tenant and `drafts` draft notices, each giving every one of its 1,000 departments ten tasks. */
export async function buildPublishTenant(sql: Sql, drafts: number): Promise<number[]> {
  const key = `'${PUBLISH_TENANT}'`;
  await sql.unsafe(`
    insert into departments (tenant_key, name, kind, sort_order)
    select ${key}, '第' || d || '单位', 'department', d from generate_series(1, ${PUBLISH_DEPARTMENTS}) d order by d`);
  await sql.unsafe(`
    insert into chat_bindings (tenant_key, chat_id, department_id, status, requested_by)
    select ${key}, 'oc_p_' || d.sort_order, d.id, 'active', 'ou_office' from departments d where d.tenant_key = ${key}`);
  const notices = await sql.unsafe<{ id: number }[]>(`
    insert into notices (tenant_key, source_hash, source_name, title, status, year)
    select ${key}, 'publish-' || n, 'publish-' || n || '.docx', '关于开展第' || n || '批政务公开专项工作的通知', 'draft', 2025
    from generate_series(1, ${drafts}) n
    returning id`);
  await sql.unsafe(`
    insert into tasks (tenant_key, notice_id, seq, requirement, deadline_text, due_on)
    select ${key}, n.id, s, '按要求完成第' || s || '项政务公开专项工作。', m || '月底前', (make_date(2025, m, 1) + interval '1 month - 1 day')::date
    from notices n, generate_series(1, ${PUBLISH_TASKS}) s, lateral (select 1 + s % 12 as m) month
    where n.tenant_key = ${key}`);
  await sql.unsafe(`
    insert into assignments (tenant_key, task_id, department_id, role)
    select ${key}, t.id, d.id, case when k = 0 then 'lead' else 'responsible' end
    from tasks t cross join generate_series(0, ${PUBLISH_SHARES_PER_TASK - 1}) k
    join departments d on d.tenant_key = ${key} and d.sort_order = 1 + (t.seq * ${PUBLISH_SHARES_PER_TASK} + k) % ${PUBLISH_DEPARTMENTS}
    where t.tenant_key = ${key}`);
  await sql.unsafe('analyze');
  return notices.map((n) => n.id).sort((a, b) => a - b);
}

/** Removes the publishing tenant, so the next phase's tick and summary see only the districts. */
export async function dropPublishTenant(sql: Sql): Promise<void> {
  const key = `'${PUBLISH_TENANT}'`;
  for (const table of ['outbox', 'chat_bindings', 'assignments', 'tasks', 'notices', 'departments']) {
    await sql.unsafe(`delete from ${table} where tenant_key = ${key}`);
  }
}
