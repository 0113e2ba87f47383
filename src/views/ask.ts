/** Views of leaders' plain-word questions (src/ask.ts): the lists they ask for, choices, what can be asked. */
import type { DepartmentRef, I18nText } from './common';
import type { OverdueTask } from './summary';

/** 逾期的有哪些 / 本月到期: open tasks due in a window, most urgent first. */
export interface AskTasksView {
  kind: 'overdue' | 'due_month';
  /** Shanghai's date the list is for. */
  asOf: string;
  /** Narrowed to one department (财政局逾期的), else every department. */
  department: DepartmentRef | null;
  /** Every task in the window; `tasks` lists the first ones. */
  total: number;
  tasks: OverdueTask[];
}

/** 哪些单位没报: departments with tasks but not one report, in directory order. */
export interface AskSilentView {
  asOf: string;
  silent: DepartmentRef[];
  /** Departments with tasks in the published notices. */
  departmentCount: number;
}

/** Two or three readings of an unclear question, as buttons. */
export interface AskChoicesView {
  question: string;
  choices: { label: I18nText; value: { intent: 'overall' | 'department' | 'overdue' | 'due_month' | 'silent'; departmentId?: number } }[];
}

/** What can be asked; `unknownUnit` is a unit name the directory does not have. */
export interface AskHelpView {
  question: string;
  unknownUnit: string | null;
}
