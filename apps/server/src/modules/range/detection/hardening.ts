/**
 * Hardened detection (R6): checks that do not trust the monitored data path alone, beside the
 * statistical detector that an attacker who controls that path can fool. Pure: no I/O.
 *
 * - `ReplayCheck`: real measurements carry noise that never repeats; a replayed recording repeats
 *   its sequence at a fixed lag, whether the attacker replays a whole row or one transmitter.
 *   Windows are remembered for a while (bounded memory), so a replay of something seen within
 *   that memory is caught — not one recorded long before.
 * - `TransmitterCrossCheck`: the monitored readings against an independent measurement path (the
 *   safety system's own transmitters, wired apart from SCADA): a falsified reading disagrees with
 *   the physical one beyond both instruments' noise.
 * - `AlertGate`: the raise/clear rule of every detector alert, live and measured.
 * @module
 */
import { rowScore, smoothingWeight, type BaselineModel } from '../dataset/index.js';

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

/**
 * Per reading: the last `windowS` values (as SCADA quantises them) seen before as the same
 * sequence at some lag, and again at that same lag `rowsInARow` seconds running — a recording
 * played back (a whole row or one transmitter). Windows without variety (a stopped pump reads 0
 * every second) are no evidence. Windows are kept as two rolling 32-bit hashes for `memoryS` seconds.
 */
export class ReplayCheck {
  /** Per reading, a ring of its last `windowS` values (and 32-bit codes) and the window's state. */
  private readonly tags: {
    codes: Uint32Array;
    values: Float64Array;
    filled: number;
    at: number;
    hashA: number;
    hashB: number;
    /** Changes between neighbouring values inside the window (its variety). */
    changes: number;
    seen: Map<string, number>;
    lastLag: number | undefined;
    streak: number;
  }[];
  /** Windows in the order seen, for forgetting (a queue: `head` is its first live entry). */
  private order: [number, string, number][] = [];
  private head = 0;
  private readonly powA: number;
  private readonly powB: number;
  private readonly bits = new Float64Array(1);
  private readonly words = new Uint32Array(this.bits.buffer);

  /**
   * @param tags how many readings a row holds
   * @param memoryS how long windows are remembered (a replayed loop must be shorter)
   * @param rowsInARow how many seconds running a window must repeat at one lag
   * @param windowS how many values make a window (long enough that quantised noise never repeats)
   */
  constructor(
    tags: number,
    private readonly memoryS = 1800,
    private readonly rowsInARow = 5,
    private readonly windowS = 60,
  ) {
    this.tags = Array.from({ length: tags }, () => ({
      codes: new Uint32Array(windowS),
      values: new Float64Array(windowS),
      filled: 0,
      at: 0,
      hashA: 0,
      hashB: 0,
      changes: 0,
      seen: new Map<string, number>(),
      lastLag: undefined,
      streak: 0,
    }));
    this.powA = power(BASE_A, windowS);
    this.powB = power(BASE_B, windowS);
  }

  /** A 32-bit code of a value (its float64 bits folded). */
  private code(value: number): number {
    this.bits[0] = value;
    return (this.words[0]! ^ Math.imul(this.words[1]!, 0x9e3779b1)) >>> 0;
  }

  /** Observes the row of second `timeS`; the index of a reading being replayed, or -1. */
  observe(timeS: number, row: readonly number[]): number {
    let replayed = -1;
    for (let index = 0; index < this.tags.length; index += 1) {
      const tag = this.tags[index]!;
      const value = row[index]!;
      const code = this.code(value);
      // Rolling polynomial hashes (mod 2^32, two bases): add the new value, drop the oldest.
      const full = tag.filled === this.windowS;
      const oldest = full ? tag.codes[tag.at]! : 0;
      tag.hashA = (Math.imul(tag.hashA, BASE_A) + code - Math.imul(oldest, this.powA)) >>> 0;
      tag.hashB = (Math.imul(tag.hashB, BASE_B) + code - Math.imul(oldest, this.powB)) >>> 0;
      if (tag.filled > 0 && tag.values[(tag.at + this.windowS - 1) % this.windowS] !== value) tag.changes += 1;
      // The change between the oldest value and its successor leaves the window with it.
      if (full && tag.values[tag.at] !== tag.values[(tag.at + 1) % this.windowS]) tag.changes -= 1;
      if (!full) tag.filled += 1;
      tag.codes[tag.at] = code;
      tag.values[tag.at] = value;
      tag.at = (tag.at + 1) % this.windowS;
      if (tag.filled < this.windowS || tag.changes < MIN_CHANGES) {
        tag.streak = 0;
        continue;
      }
      const key = `${tag.hashA}:${tag.hashB}`;
      const before = tag.seen.get(key);
      const lag = before === undefined ? undefined : timeS - before;
      tag.streak = lag === undefined ? 0 : lag === tag.lastLag ? tag.streak + 1 : 1;
      tag.lastLag = lag;
      tag.seen.set(key, timeS);
      this.order.push([index, key, timeS]);
      if (tag.streak >= this.rowsInARow && replayed < 0) replayed = index;
    }
    while (this.head < this.order.length && this.order[this.head]![2] <= timeS - this.memoryS) {
      const [index, key, at] = this.order[this.head++]!;
      const seen = this.tags[index]!.seen;
      if (seen.get(key) === at) seen.delete(key);
    }
    // Array.shift is linear in the queue's length: drop the forgotten part now and then instead.
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    return replayed;
  }
}

const BASE_A = 0x01000193;
const BASE_B = 0x5bd1e995;
/** A window with fewer changes than this is no evidence (a stopped pump, a held set-point). */
const MIN_CHANGES = 5;

/** base^exponent mod 2^32. */
function power(base: number, exponent: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i += 1) result = Math.imul(result, base) >>> 0;
  return result;
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

/** What one second did to a detector's alerts. */
export interface WatchStep {
  /** The statistical score, smoothed. */
  smoothed: number;
  statistical: 'raise' | 'clear' | undefined;
  /** The replay check (hardened only), with the reading replayed while it holds. */
  replay: 'raise' | 'clear' | undefined;
  replayedTag: number;
  /** The cross-check with independent transmitters (where they are given). */
  crossCheck: 'raise' | 'clear' | undefined;
}

/**
 * A trained detector watching a plant second by second, as live detection and the evasion
 * measurement both run it: the PCA score smoothed and gated, and with hardened detection the
 * replay check and (given independent readings) the transmitter cross-check, each with its alert.
 */
export class DetectorWatch {
  smoothed: number | undefined;
  private readonly alpha = smoothingWeight();
  private readonly statisticalGate = new AlertGate();
  private readonly replay: { check: ReplayCheck; gate: AlertGate } | undefined;
  private readonly cross: { check: TransmitterCrossCheck; indexes: readonly number[]; gate: AlertGate } | undefined;

  constructor(
    private readonly model: BaselineModel,
    private readonly threshold: number,
    options: {
      hardened: boolean;
      /** The monitored readings that independent transmitters also measure, and those transmitters' noise. */
      crossCheck?: { indexes: readonly number[]; noise: readonly number[] };
    },
  ) {
    this.replay = options.hardened
      ? { check: new ReplayCheck(model.columns.length), gate: new AlertGate() }
      : undefined;
    this.cross =
      options.hardened && options.crossCheck
        ? {
            check: new TransmitterCrossCheck(options.crossCheck.noise),
            indexes: options.crossCheck.indexes,
            gate: new AlertGate(),
          }
        : undefined;
  }

  get alerting(): boolean {
    return (
      this.statisticalGate.alerting || (this.replay?.gate.alerting ?? false) || (this.cross?.gate.alerting ?? false)
    );
  }

  /** Observes the row of second `timeS` (and, for the cross-check, the independent readings). */
  observe(timeS: number, row: readonly number[], independent?: readonly number[]): WatchStep {
    const score = rowScore(this.model, row);
    const smoothed = this.smoothed === undefined ? score : this.alpha * score + (1 - this.alpha) * this.smoothed;
    this.smoothed = smoothed;
    const statistical = this.statisticalGate.observe(
      smoothed > this.threshold,
      smoothed < CLEAR_BELOW * this.threshold,
    );
    const replayedTag = this.replay ? this.replay.check.observe(timeS, row) : -1;
    const replay = this.replay?.gate.observe(replayedTag >= 0);
    const cross = this.cross;
    const crossCheck =
      cross && independent
        ? cross.gate.observe(
            cross.check.disagrees(
              cross.indexes.map((index) => row[index]!),
              independent,
            ),
          )
        : undefined;
    return { smoothed, statistical, replay, replayedTag, crossCheck };
  }
}
