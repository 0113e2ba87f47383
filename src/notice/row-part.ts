import type { ColumnRole } from './header-words';

/** A table row laid onto its header: a heading row, or data cells by column role (see table.ts layoutRow). */
export type RowPart =
  | { kind: 'heading'; text: string }
  | { kind: 'data'; line: number; middle: string[]; cells: Partial<Record<ColumnRole, string[]>> };
