import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { cycles, type ImportEdge, importGraph } from './support/import-graph';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The direction of every dependency: entries → src/bot → commands → domain → store, with cards
 * rendered by those who send. Each rule names the files it holds for and what they may not import.
 */
interface Rule {
  name: string;
  files: (path: string) => boolean;
  forbidden: (edge: ImportEdge) => boolean;
}

const under =
  (...dirs: string[]) =>
  (path: string) =>
    dirs.some((d) => path.startsWith(d));
const isProject = (to: string) => to.endsWith('.ts');
/** Those who send render cards: the chat dispatcher, the outbox, the ledger export, commands. */
const SENDERS = under('src/bot/', 'src/outbox/', 'src/export/', 'commands/', 'cards/');

const RULES: Rule[] = [
  {
    name: 'the store imports only the store, the ledger terms, the calendar, view and parser types and the parser’s name rules',
    files: under('src/store/'),
    forbidden: (e) =>
      isProject(e.to) &&
      !under('src/store/', 'src/terms.ts', 'src/dates.ts', 'src/notice/normalize.ts', 'src/notice/units.ts')(e.to) &&
      !(e.typeOnly && under('src/views/', 'src/notice/')(e.to)),
  },
  {
    name: 'cards import nothing from src/ but types, and nothing from commands/',
    files: under('cards/'),
    forbidden: (e) => (under('src/')(e.to) && !e.typeOnly) || under('commands/')(e.to),
  },
  {
    name: 'only the chat dispatcher (src/bot/) reaches commands/',
    files: (p) => p.startsWith('src/') && !p.startsWith('src/bot/'),
    forbidden: (e) => under('commands/')(e.to),
  },
  {
    name: 'only senders render cards',
    files: (p) => p.startsWith('src/') && !SENDERS(p),
    forbidden: (e) => under('cards/')(e.to) && !e.typeOnly,
  },
  {
    name: 'queries live in src/store/: nobody else builds SQL or touches the tables',
    files: (p) => !p.startsWith('src/store/'),
    forbidden: (e) => e.to === 'drizzle-orm' || (under('src/store/schema')(e.to) && !e.typeOnly),
  },
  {
    name: 'the Lark edge (verification, envelopes, client) stands on its own',
    files: under('src/lark/'),
    forbidden: (e) => isProject(e.to) && !under('src/lark/')(e.to),
  },
  {
    name: 'the notice parser is pure: it imports only itself and the ledger terms',
    files: under('src/notice/'),
    forbidden: (e) => isProject(e.to) && !under('src/notice/', 'src/terms.ts')(e.to),
  },
  {
    name: 'views and the ledger terms are the bottom: types and rules only',
    files: under('src/views/', 'src/terms.ts', 'src/dates.ts'),
    forbidden: (e) => isProject(e.to) && !under('src/views/', 'src/terms.ts', 'src/dates.ts')(e.to),
  },
  {
    name: 'nothing imports an entry (the servers, the Worker, the CLI)',
    files: () => true,
    forbidden: (e) => ['src/node.ts', 'src/worker.ts', 'src/cli.ts'].includes(e.to),
  },
];

/** "<rule> ⇒ <from> → <to>" for every import a rule forbids. */
function violations(edges: ImportEdge[]): string[] {
  return RULES.flatMap((rule) =>
    edges
      .filter((e) => rule.files(e.from) && rule.forbidden(e))
      .map((e) => `${rule.name} ⇒ ${e.from} → ${e.to}${e.typeOnly ? ' (types)' : ''}`),
  );
}

const edges = importGraph(ROOT, ['src', 'commands', 'cards']);

describe('the layout of the code', () => {
  it('reads the imports of every source file', () => {
    expect(new Set(edges.map((e) => e.from)).size).toBeGreaterThan(80);
    expect(edges).toContainEqual({ from: 'commands/run.ts', to: 'commands/actions.ts', typeOnly: false });
  });

  it('keeps every dependency pointing one way', () => {
    expect(violations(edges)).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('catches a forbidden import and a cycle when one appears', () => {
    const bad: ImportEdge[] = [
      { from: 'src/store/ledger.ts', to: 'cards/my-tasks.ts', typeOnly: false },
      { from: 'cards/format.ts', to: 'src/dates.ts', typeOnly: false },
      { from: 'commands/task.ts', to: 'drizzle-orm', typeOnly: false },
      { from: 'src/publish.ts', to: 'cards/published-notice.ts', typeOnly: false },
      { from: 'src/outbox/render.ts', to: 'cards/published-notice.ts', typeOnly: false },
    ];
    expect(new Set(violations(bad).map((v) => v.split(' ⇒ ')[1]))).toEqual(
      new Set([
        'src/store/ledger.ts → cards/my-tasks.ts',
        'cards/format.ts → src/dates.ts',
        'src/publish.ts → cards/published-notice.ts',
        'commands/task.ts → drizzle-orm',
      ]),
    );
    expect(
      cycles([
        { from: 'a.ts', to: 'b.ts', typeOnly: true },
        { from: 'b.ts', to: 'a.ts', typeOnly: false },
      ]),
    ).toEqual([['a.ts', 'b.ts']]);
  });
});
