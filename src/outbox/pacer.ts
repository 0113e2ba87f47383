/**
 * Spaces out sends so one delivery run stays inside Lark's sending limits: an app-wide rate and
 * a per-recipient rate (5/s to one user, 5/s into one group, the latter shared by every bot in
 * it). Sends are spaced evenly rather than burst up to the limit, because Lark does not say how
 * its one-second windows are aligned; even spacing stays under any alignment.
 *
 * Time comes from the injected clock and waiting from the injected sleep, so tests can assert
 * the spacing on a fake clock instead of waiting for real.
 */
export interface PacerClock {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

export interface PacerLimits {
  /** Sends per second across all recipients. */
  perSecond: number;
  /** Sends per second to any one receive_id. */
  perReceiverPerSecond: number;
}

export class Pacer {
  private lastSlot = Number.NEGATIVE_INFINITY;
  private readonly lastSlotByReceiver = new Map<string, number>();
  private readonly gapMs: number;
  private readonly receiverGapMs: number;

  constructor(
    limits: PacerLimits,
    private readonly clock: PacerClock,
  ) {
    if (!(limits.perSecond > 0) || !(limits.perReceiverPerSecond > 0)) throw new RangeError('pacing rates must be positive');
    this.gapMs = 1000 / limits.perSecond;
    this.receiverGapMs = 1000 / limits.perReceiverPerSecond;
  }

  /** Waits until a send to `receiver` is allowed, and books that slot. */
  async acquire(receiver: string): Promise<void> {
    const previous = this.lastSlotByReceiver.get(receiver) ?? Number.NEGATIVE_INFINITY;
    const ready = Math.max(this.lastSlot + this.gapMs, previous + this.receiverGapMs);
    const now = this.clock.now().getTime();
    if (ready > now) await this.clock.sleep(Math.ceil(ready - now));
    const slot = this.clock.now().getTime();
    this.lastSlot = slot;
    this.lastSlotByReceiver.set(receiver, slot);
  }
}
