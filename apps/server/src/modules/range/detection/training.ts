/**
 * The detector's training pipeline, pure: which rows it learns from, the training-data
 * validation defence, and the alert threshold. Trainees feed it (a window of their plant's
 * history, rows a "contractor" contributes as normal operation), so it is also where poisoning
 * happens; validation is the switch that resists it. No I/O.
 * @module
 */
import { scoreBaseline, trainBaseline, type BaselineModel } from '../dataset/index.js';

/** Rows whose tag differs from the reference median by more than this many robust deviations are refused. */
const MAX_ROBUST_Z = 5;

export interface TrainingSet {
  /** The tags, in the model's column order. */
  tags: readonly string[];
  /** Rows of the plant's own history (values in tag order; trips true drop the row when validating). */
  history: readonly { values: number[]; tripped: boolean }[];
  /** Rows contributed by someone as normal operation (the poisoning surface). */
  contributed: readonly number[][];
}

export interface TrainedDetector {
  model: BaselineModel;
  threshold: number;
  trainingRows: number;
  rejectedRows: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Training-data validation (the defence): rows with a trip active are dropped, and every row
 * (history and contributed) must lie within MAX_ROBUST_Z robust deviations (median, 1.4826 × MAD)
 * of the plant's own history on every tag — a poisoner's rows stand out against the plant's
 * bulk even when they are a large minority, which the mean and variance would absorb.
 */
export function validateRows(set: TrainingSet): { accepted: number[][]; rejected: number } {
  const reference = set.history.filter((row) => !row.tripped).map((row) => row.values);
  const base = reference.length > 0 ? reference : [...set.contributed];
  const centre = set.tags.map((_, i) => median(base.map((row) => row[i]!)));
  const spread = set.tags.map((_, i) => {
    const mad = median(base.map((row) => Math.abs(row[i]! - centre[i]!)));
    return Math.max(1.4826 * mad, 1e-3 + Math.abs(centre[i]!) * 0.01);
  });
  const accepted: number[][] = [];
  let rejected = set.history.length - reference.length;
  for (const row of [...reference, ...set.contributed]) {
    if (row.every((value, i) => Math.abs(value - centre[i]!) / spread[i]! <= MAX_ROBUST_Z)) accepted.push(row);
    else rejected += 1;
  }
  return { accepted, rejected };
}

/** Learns the plant's normal operation from the set; `validate` switches the defence on. */
export function trainDetector(set: TrainingSet, validate: boolean): TrainedDetector {
  const { accepted, rejected } = validate
    ? validateRows(set)
    : { accepted: [...set.history.map((row) => row.values), ...set.contributed], rejected: 0 };
  const model = trainBaseline(
    [...set.tags],
    accepted,
    accepted.map(() => 'normal'),
  );
  // The threshold: a quarter above the highest smoothed score of the training rows but one in a
  // thousand, so normal operation like the training data raises no alert.
  const scores = scoreBaseline(model, accepted).sort((a, b) => a - b);
  const threshold = 1.25 * scores[Math.min(scores.length - 1, Math.floor(0.999 * scores.length))]!;
  return { model, threshold, trainingRows: accepted.length, rejectedRows: rejected };
}
