// The playground's clock: real time plus an offset that only grows, so the scheduler, the outbox
// and the cards all see the same moved day. The offset is kept beside the database, so a restart
// does not travel back before reminders that were already sent.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export interface PlaygroundClock {
  now(): Date;
  /** Moves forward to `to`; refuses the past (decisions taken "later" cannot be undone). */
  advanceTo(to: Date): void;
}

const savedClock = z.object({ offsetMs: z.number() });

/** `file` undefined: nothing is kept (a memory database). */
export function createClock(opts: { start: Date; file?: string }): PlaygroundClock {
  let offsetMs = opts.start.getTime() - Date.now();
  if (opts.file && existsSync(opts.file)) offsetMs = savedClock.parse(JSON.parse(readFileSync(opts.file, 'utf8'))).offsetMs;
  const save = () => opts.file && writeFileSync(opts.file, JSON.stringify({ offsetMs }));
  save();
  return {
    now: () => new Date(Date.now() + offsetMs),
    advanceTo(to) {
      const by = to.getTime() - (Date.now() + offsetMs);
      if (by <= 0) throw new RangeError('时间只能向前调（the clock only moves forward）');
      offsetMs += by;
      save();
    },
  };
}
