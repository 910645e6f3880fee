/**
 * Hardened detection (R6): checks that do not trust the monitored data path alone, beside the
 * statistical detector that an attacker who controls that path can fool. Pure: no I/O.
 *
 * - `ReplayCheck`: real measurements carry noise that never repeats; a replayed recording repeats
 *   row for row at a fixed lag. Rows are remembered for a while (bounded memory), so a replay of
 *   something seen within that memory is caught — not one recorded long before.
 * - `TransmitterCrossCheck`: the monitored readings against an independent measurement path (the
 *   safety system's own transmitters, wired apart from SCADA): a falsified reading disagrees with
 *   the physical one beyond both instruments' noise.
 * - `AlertGate`: the raise/clear rule of every detector alert, live and measured.
 * @module
 */

/**
 * Seconds above the threshold before an alert is raised, and below a deadband under it before it
 * clears (as ISA-18.2 alarms): one noisy second is no alert, and a score hovering at the
 * threshold while the plant recovers raises one alert, not many.
 */
export const RAISE_AFTER_S = 5;
export const CLEAR_AFTER_S = 30;
export const CLEAR_BELOW = 0.8;

/** An alert raised after RAISE_AFTER_S seconds of its condition and cleared after CLEAR_AFTER_S of its clearing one. */
export class AlertGate {
  private above = 0;
  private below = 0;
  alerting = false;

  /** What this second does to the alert: raises it, clears it, or nothing. */
  observe(raise: boolean, clear = !raise): 'raise' | 'clear' | undefined {
    this.above = raise ? this.above + 1 : 0;
    this.below = clear ? this.below + 1 : 0;
    if (!this.alerting && this.above >= RAISE_AFTER_S) {
      this.alerting = true;
      return 'raise';
    }
    if (this.alerting && this.below >= CLEAR_AFTER_S) {
      this.alerting = false;
      return 'clear';
    }
    return undefined;
  }
}

export class ReplayCheck {
  private readonly seen = new Map<string, number>();
  private readonly order: [string, number][] = [];
  private lastLag: number | undefined;
  private streak = 0;

  /**
   * @param memoryS how long rows are remembered (the window a replay must fall in)
   * @param rowsInARow how many consecutive rows must repeat at one lag to call it a replay
   */
  constructor(
    private readonly memoryS = 1800,
    private readonly rowsInARow = 20,
  ) {}

  /** Observes the row of second `timeS`; true when the recent rows are a replay. */
  observe(timeS: number, row: readonly number[]): boolean {
    const key = row.join(',');
    const before = this.seen.get(key);
    const lag = before === undefined ? undefined : timeS - before;
    this.streak = lag !== undefined && lag === this.lastLag ? this.streak + 1 : lag !== undefined ? 1 : 0;
    this.lastLag = lag;
    this.seen.set(key, timeS);
    this.order.push([key, timeS]);
    while (this.order.length > 0 && this.order[0]![1] <= timeS - this.memoryS) {
      const [oldKey, oldTime] = this.order.shift()!;
      if (this.seen.get(oldKey) === oldTime) this.seen.delete(oldKey);
    }
    return this.streak >= this.rowsInARow;
  }
}

export class TransmitterCrossCheck {
  /**
   * @param noise each compared reading's noise (standard deviation, the pair's own), in order
   * @param sigmas how many standard deviations of the difference count as disagreement
   */
  constructor(
    private readonly noise: readonly number[],
    private readonly sigmas = 6,
  ) {}

  /** True when any monitored reading disagrees with its independent counterpart. */
  disagrees(monitored: readonly number[], independent: readonly number[]): boolean {
    return this.noise.some((sigma, i) => Math.abs(monitored[i]! - independent[i]!) > this.sigmas * Math.SQRT2 * sigma);
  }
}
