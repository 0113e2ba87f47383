import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ActionValue } from '../cards/action-value';
import { actions } from '../commands/actions';
import { commands } from '../commands/index';
import { runAction, runCommand } from '../commands/run';
import type { Action, Command } from '../commands/types';
import type { Sender } from '../src/identity';
import { allows, type Need } from '../src/permissions';
import type { OpenedDb } from '../src/store/db';
import { commandContext } from './support/context';
import { engineName, openTestDb } from './support/db';

const NOW = new Date('2025-10-28T02:00:00Z');
const dept = { id: 1, name: '区财政局' };
const people: Record<string, Sender> = {
  stranger: { openId: 'ou_stranger', role: null, department: null, via: null },
  coordinator: { openId: 'ou_coord', role: 'coordinator', department: dept, via: 'chat' },
  leader: { openId: 'ou_leader', role: 'leader', department: null, via: 'member' },
  'leader with a department': { openId: 'ou_leader2', role: 'leader', department: dept, via: 'member' },
  office: { openId: 'ou_office', role: 'office', department: null, via: 'office-config' },
};

/** Someone who lacks what `need` asks for: the refusal each entry must give. */
function refusedBy(need: Need): [string, Sender] | null {
  if (need === 'anyone') return null;
  if (need === 'report') return ['leader with a department', people['leader with a department']];
  if (need === 'department') return ['stranger', people.stranger];
  return ['coordinator', people.coordinator];
}

/** A value for each action, as its button would send it. */
const VALUES: { [K in ActionValue['a']]: Extract<ActionValue, { a: K }> } = {
  my_tasks: { a: 'my_tasks', filter: 'all', page: 1 },
  report_open: { a: 'report_open', taskId: 1 },
  report_submit: { a: 'report_submit' },
  task_detail: { a: 'task_detail', taskId: 1 },
  publish: { a: 'publish', noticeId: 1 },
  cancel_notice: { a: 'cancel_notice', noticeId: 1 },
  delivery_report: { a: 'delivery_report', noticeId: 1 },
  resend_failed: { a: 'resend_failed', noticeId: 1 },
  review_queue: { a: 'review_queue', page: 1 },
  review_confirm: { a: 'review_confirm', assignmentId: 1, version: 1 },
  review_return: { a: 'review_return', assignmentId: 1, version: 1 },
  summary: { a: 'summary' },
  ledger_edit_apply: { a: 'ledger_edit_apply', editId: 1 },
  ledger_edit_cancel: { a: 'ledger_edit_cancel', editId: 1 },
  ask: { a: 'ask', intent: 'overdue' },
  evidence_open: { a: 'evidence_open', evidenceId: 1 },
  evidence_required: { a: 'evidence_required', noticeId: 1, required: true },
};

describe(`permissions, checked once by the dispatcher, on ${engineName}`, () => {
  let store: OpenedDb;
  beforeAll(async () => {
    store = await openTestDb();
  });
  afterAll(async () => store?.close());
  const ctx = (sender: Sender) => commandContext({ db: store.db, tenantKey: 't-permissions', now: NOW, sender });

  it('grants each role exactly its rights', () => {
    const needs: Need[] = ['publish', 'review', 'manage_roles', 'confirm_binding', 'summary', 'export', 'report', 'department'];
    const table = Object.fromEntries(Object.entries(people).map(([who, s]) => [who, needs.filter((n) => allows(s, n))]));
    expect(table).toEqual({
      stranger: [],
      coordinator: ['report', 'department'],
      leader: ['summary', 'export'],
      'leader with a department': ['summary', 'export', 'department'],
      office: ['publish', 'review', 'manage_roles', 'confirm_binding', 'summary', 'export'],
    });
  });

  const guarded = commands.filter((c) => refusedBy(c.need));
  it.each(guarded.map((c) => [c.names[0], c] as const))(
    'refuses 「%s」 to someone without the right, without running it',
    async (_name, command) => {
      const [, sender] = refusedBy(command.need)!;
      const spy: Command = { ...command, run: vi.fn(command.run) };
      const reply = await runCommand(ctx(sender), spy, '3');
      expect(spy.run).not.toHaveBeenCalled();
      const text = JSON.stringify(reply?.card);
      if (command.need === 'department') expect(text).toContain('绑定');
      else expect(text).toMatch(/政务公开办|联络员|领导/);
    },
  );

  it.each(commands.filter((c) => c.need === 'anyone').map((c) => [c.names[0], c] as const))(
    'lets anyone use 「%s」',
    async (_name, command) => {
      const spy: Command = { ...command, run: vi.fn(async () => null) };
      await runCommand(ctx(people.stranger), spy, '');
      expect(spy.run).toHaveBeenCalledOnce();
    },
  );

  const entries = Object.entries(actions) as [ActionValue['a'], Action<ActionValue>][];
  it.each(entries.filter(([, a]) => refusedBy(a.need)))(
    'refuses the %s button with a toast and leaves the card as it was',
    async (name, action) => {
      const [, sender] = refusedBy(action.need)!;
      const run = vi.spyOn(action, 'run');
      const reply = await runAction({ ...ctx(sender), formValue: {} }, VALUES[name]);
      expect(run).not.toHaveBeenCalled();
      run.mockRestore();
      expect(reply.card).toBeUndefined();
      expect(reply.toast).toMatchObject({ type: 'warning' });
    },
  );

  it('knows a value for every button, so no action escapes the test above', () => {
    expect(Object.keys(VALUES).sort()).toEqual(Object.keys(actions).sort());
  });

  it('tells a leader with a department that reporting is for coordinators, and an unbound person how to get bound', async () => {
    const [report] = commands.filter((c) => c.names[0] === '汇报进展');
    expect(JSON.stringify((await runCommand(ctx(people['leader with a department']), report, ''))?.card)).toContain(
      '汇报进展需要联络员或政务公开办身份',
    );
    expect(JSON.stringify((await runCommand(ctx(people.leader), report, ''))?.card)).toContain('绑定');
  });
});
