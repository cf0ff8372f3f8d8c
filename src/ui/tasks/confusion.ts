/**
 * A confusion matrix: `counts[t * numClasses + p]` samples of true class `t` predicted as `p`
 * (rows are the truth, columns the prediction, as scikit-learn's `confusion_matrix`).
 */
export interface ConfusionMatrix {
  readonly numClasses: number
  readonly counts: Int32Array
  readonly total: number
  /** Samples on the diagonal. */
  readonly correct: number
}

/**
 * Counts predictions against the truth. A predicted or true id outside `0..numClasses-1` (a NaN
 * row's -1) is counted in `total` but in no cell, so accuracy never flatters a broken model.
 */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  numClasses: number,
): ConfusionMatrix {
  if (truth.length !== predicted.length)
    throw new Error(`confusion matrix: ${truth.length} true labels but ${predicted.length} predictions`)
  const counts = new Int32Array(numClasses * numClasses)
  let correct = 0
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!
    const p = predicted[i]!
    if (t < 0 || t >= numClasses || p < 0 || p >= numClasses) continue
    counts[t * numClasses + p]!++
    if (t === p) correct++
  }
  return { numClasses, counts, total: truth.length, correct }
}

/** The matrix's count for true class `t` predicted as `p`. */
export function cell(m: ConfusionMatrix, t: number, p: number): number {
  return m.counts[t * m.numClasses + p] ?? 0
}

/** The largest count off the diagonal and on it, for shading cells. */
export function largestCount(m: ConfusionMatrix): number {
  let max = 0
  for (const c of m.counts) if (c > max) max = c
  return max
}

/**
 * Sample indices in display order: mistakes first (most confident mistakes first, the ones worth
 * a look), then correct ones (least confident first), at most `limit`.
 */
export function mistakesFirst(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  confidence: ArrayLike<number>,
  limit: number,
): number[] {
  const order = Array.from({ length: truth.length }, (_, i) => i)
  const wrong = (i: number) => (truth[i] !== predicted[i] ? 0 : 1)
  order.sort((a, b) => {
    const byKind = wrong(a) - wrong(b)
    if (byKind !== 0) return byKind
    const ca = confidence[a]!
    const cb = confidence[b]!
    return wrong(a) === 0 ? cb - ca || a - b : ca - cb || a - b
  })
  return order.slice(0, Math.max(0, limit))
}
