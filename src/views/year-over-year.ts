/** Year over year: how a notice's tasks relate to the previous notice of the same kind (preview, `duban diff`). */

export interface YearTaskRef {
  /** 序号 in its own notice. */
  seq: number;
  requirement: string;
  ongoing: boolean;
}

export interface YearOverYearView {
  previous: { title: string; year: number | null; taskCount: number };
  taskCount: number;
  /** 新增: this notice's tasks that continue none of the previous one's. */
  added: YearTaskRef[];
  /** 延续: this notice's tasks with the previous notice's task they continue. */
  continuing: (YearTaskRef & { previousSeq: number; similarity: number | null })[];
  /** 删减: the previous notice's tasks nothing continues. */
  dropped: YearTaskRef[];
  /** So few tasks continue that the two notices are not last year's and this year's of the same work. */
  unrelated: boolean;
}
