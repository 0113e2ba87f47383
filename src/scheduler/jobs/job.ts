/** The shape every scheduled job has: given one tenant's day, the messages it decides to send. */
import type { OutboxCard, OutboxKind } from '../../outbox/enqueue';
import type { Db } from '../../store/db';
import type { OpenAssignment } from '../../store/reminders';
import type { DeliveryTarget } from '../../store/targets';
import type { SchedulerConfig } from '../config';
import type { JobReport } from '../report';

export interface TenantDay {
  db: Db;
  tenantKey: string;
  now: Date;
  /** Shanghai's date the decisions are for; part of every dedupe key. */
  today: string;
  config: SchedulerConfig;
  officeOpenIds: readonly string[];
  /** How each department is reached; absent: unreachable. */
  targets: Map<number, DeliveryTarget[]>;
  report: JobReport;
  /** Names of unreachable departments, for the log. */
  unreachable: Set<string>;
}

/** One decision: tell these recipients this card, once per dedupe key. */
export interface Plan {
  counts: { enqueued: number; duplicates: number };
  departmentId: number | null;
  kind: OutboxKind;
  messages: { key: string; target: DeliveryTarget }[];
  content: OutboxCard;
}

export interface Job {
  name: string;
  /** Reads what it needs for the tenant's day (in SQL, only what is due) and decides. */
  plan(day: TenantDay): Promise<Plan[]>;
}

export function groupByDepartment(rows: OpenAssignment[]): Map<number, OpenAssignment[]> {
  const out = new Map<number, OpenAssignment[]>();
  for (const r of rows) {
    const list = out.get(r.departmentId);
    if (list) list.push(r);
    else out.set(r.departmentId, [r]);
  }
  return out;
}
