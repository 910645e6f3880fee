/**
 * The baseline anomaly detector of the data-set labs: principal component analysis of the tags
 * on the training set's normal rows — the textbook method of multivariate statistical process
 * monitoring. A row scores by how far it leaves the normal plane (squared prediction error, Q)
 * and how unusual it is inside it (Hotelling's T²), each relative to training, smoothed over a
 * few rows so sustained deviations outrank single noisy samples. It is what a trainee's detector
 * is compared with, and what the plant bench uses to show that a data set trains detectors that
 * generalise across seeds. Also the ROC AUC that scores it. Pure: no I/O.
 * @module
 */

export interface BaselineModel {
  columns: string[];
  mean: number[];
  std: number[];
  /** Kept principal directions (unit vectors over standardised tags) and their variances. */
  components: number[][];
  variances: number[];
  /** Typical Q and T² of the training rows (their means), the units of the score. */
  typicalQ: number;
  typicalT2: number;
}

/** Share of the standardised variance the kept components explain. */
const EXPLAINED = 0.9;

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (small matrices only). */
function symmetricEigen(matrix: number[][]): { values: number[]; vectors: number[][] } {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = a.map((_, i) => a.map((__, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep += 1) {
    let off = 0;
    for (let p = 0; p < n; p += 1) for (let q = p + 1; q < n; q += 1) off += a[p]![q]! ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p += 1)
      for (let q = p + 1; q < n; q += 1) {
        if (Math.abs(a[p]![q]!) < 1e-15) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k += 1) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k += 1) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k += 1) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
  }
  const order = a.map((row, i) => ({ value: row[i]!, i })).sort((x, y) => y.value - x.value);
  return {
    values: order.map((entry) => Math.max(0, entry.value)),
    vectors: order.map((entry) => v.map((row) => row[entry.i]!)),
  };
}

function standardise(model: Pick<BaselineModel, 'mean' | 'std'>, row: readonly number[]): number[] {
  return model.mean.map((mean, i) => (row[i]! - mean) / model.std[i]!);
}

function statistics(model: Omit<BaselineModel, 'typicalQ' | 'typicalT2'>, row: readonly number[]) {
  const x = standardise(model, row);
  let t2 = 0;
  const projected = new Array<number>(x.length).fill(0);
  model.components.forEach((component, j) => {
    let score = 0;
    for (let i = 0; i < x.length; i += 1) score += component[i]! * x[i]!;
    t2 += (score * score) / Math.max(model.variances[j]!, 1e-9);
    for (let i = 0; i < x.length; i += 1) projected[i]! += score * component[i]!;
  });
  let q = 0;
  for (let i = 0; i < x.length; i += 1) q += (x[i]! - projected[i]!) ** 2;
  return { q, t2 };
}

/** Learns the normal plane of the tags from the rows labelled `normal`. */
export function trainBaseline(columns: string[], rows: readonly number[][], labels: readonly string[]): BaselineModel {
  const normal = rows.filter((_, index) => labels[index] === 'normal');
  if (normal.length < columns.length + 1) throw new Error('too few normal rows to train');
  const n = columns.length;
  const mean = new Array<number>(n).fill(0);
  for (const row of normal) for (let i = 0; i < n; i += 1) mean[i]! += row[i]! / normal.length;
  const std = mean.map((m, i) => {
    let sum = 0;
    for (const row of normal) sum += (row[i]! - m) ** 2;
    // A floor: a tag that never moved in training must not turn every rounding step into an alarm.
    return Math.max(Math.sqrt(sum / (normal.length - 1)), 1e-3 + Math.abs(m) * 0.001);
  });
  const covariance = mean.map(() => new Array<number>(n).fill(0));
  for (const row of normal) {
    const x = standardise({ mean, std }, row);
    for (let i = 0; i < n; i += 1)
      for (let j = i; j < n; j += 1) covariance[i]![j]! += (x[i]! * x[j]!) / (normal.length - 1);
  }
  for (let i = 0; i < n; i += 1) for (let j = 0; j < i; j += 1) covariance[i]![j] = covariance[j]![i]!;
  const { values, vectors } = symmetricEigen(covariance);
  const total = values.reduce((sum, value) => sum + value, 0);
  let kept = 0;
  for (let explained = 0; kept < n && explained < EXPLAINED * total; kept += 1) explained += values[kept]!;
  const partial = { columns, mean, std, components: vectors.slice(0, kept), variances: values.slice(0, kept) };
  let q = 0;
  let t2 = 0;
  for (const row of normal) {
    const stats = statistics(partial, row);
    q += stats.q / normal.length;
    t2 += stats.t2 / normal.length;
  }
  return { ...partial, typicalQ: Math.max(q, 1e-9), typicalT2: Math.max(t2, 1e-9) };
}

/** One row's raw score: Q and T² in units of their training means, summed (about 2 for a normal row). */
export function rowScore(model: BaselineModel, row: readonly number[]): number {
  const { q, t2 } = statistics(model, row);
  return q / model.typicalQ + t2 / model.typicalT2;
}

/** Weight of the newest row in the exponential smoothing over `window` rows. */
export function smoothingWeight(window = 6): number {
  return 2 / (window + 1);
}

/** Anomaly score per row: the raw score smoothed over `window` rows. */
export function scoreBaseline(model: BaselineModel, rows: readonly number[][], window = 6): number[] {
  const alpha = smoothingWeight(window);
  let smoothed = 0;
  return rows.map((row, index) => {
    const score = rowScore(model, row);
    smoothed = index === 0 ? score : alpha * score + (1 - alpha) * smoothed;
    return smoothed;
  });
}

/**
 * Area under the ROC curve of `scores` for positive against negative rows (Mann–Whitney U, ties
 * counted half): the chance that a random positive row scores above a random negative one.
 */
export function rocAuc(
  scores: readonly number[],
  isPositive: readonly boolean[],
  isNegative: readonly boolean[],
): number {
  const ranked: { score: number; positive: boolean }[] = [];
  scores.forEach((score, i) => {
    if (isPositive[i]) ranked.push({ score, positive: true });
    else if (isNegative[i]) ranked.push({ score, positive: false });
  });
  ranked.sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < ranked.length;) {
    let j = i;
    while (j < ranked.length && ranked[j]!.score === ranked[i]!.score) j += 1;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k += 1)
      if (ranked[k]!.positive) {
        positives += 1;
        rankSum += averageRank;
      }
    i = j;
  }
  const negatives = ranked.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
