// The playground clock: on to the next morning, through a week of mornings, or to the next due
// date; the scheduler runs at each stop, so reminders, overdue cards and the weekly digest appear.
import { useState } from 'preact/hooks';
import type { ClockState } from '../protocol';
import { post } from './api';
import { clockText } from './format';

const JUMPS = [
  { jump: 'day', label: '+1 天' },
  { jump: 'week', label: '+1 周' },
  { jump: 'deadline', label: '到下一个截止日' },
] as const;

export function TimeControl(props: { clock: ClockState; onNote(note: string): void; onError(message: string): void }) {
  const [moving, setMoving] = useState(false);
  const move = async (jump: string) => {
    setMoving(true);
    try {
      const c = await post<ClockState>('/api/clock', { jump });
      if (c.note) props.onNote(c.note);
    } catch (e) {
      props.onError(e instanceof Error ? e.message : String(e));
    } finally {
      setMoving(false);
    }
  };
  return (
    <div class="time-control" title="调快后，每个经过的工作日 09:30 都运行一次提醒调度">
      <span class="muted">模拟时间（北京时间）</span>
      <span class="clock" data-testid="clock">
        {clockText(props.clock.now)}
      </span>
      <div class="time-jumps">
        {JUMPS.map((j) => (
          <button type="button" class="chip" disabled={moving} onClick={() => move(j.jump)}>
            {j.label}
          </button>
        ))}
      </div>
    </div>
  );
}
