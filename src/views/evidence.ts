/** 佐证材料 as cards and the export show them: what it is called, how big, when; opened by its id. */
export interface EvidenceItem {
  id: number;
  fileName: string;
  /** Bytes, as Lark served the resource when it was attached. */
  size: number;
  resourceType: 'image' | 'file';
  /** ISO timestamp. */
  at: string;
}

/** Evidence of one department's share of a task (task detail lists every department's). */
export type DepartmentEvidence = EvidenceItem & { department: string };

/** One row of the export's 佐证材料 sheet; the sender by name (src/people.ts), '' when unknown. */
export interface EvidenceExportRow {
  seq: number;
  department: string;
  fileName: string;
  fileType: string;
  size: number;
  sender: string;
  at: string;
  messageId: string;
  fileKey: string;
}
