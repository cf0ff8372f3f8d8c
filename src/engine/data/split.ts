import { DataError } from '../io/dataError'
import { Rng } from '../random/rng'
import { type Dataset, selectRows } from './dataset'

/**
 * Subset sizes as `torch.utils.data.random_split` computes them. Integer `lengths` must add up to
 * `n`; fractions (adding up to 1) become `floor(n * f)` each, and the remainder is handed out one
 * by one starting from the first subset.
 *
 * @example
 * splitLengths(10, [0.8, 0.2]) // [8, 2]
 * splitLengths(11, [0.5, 0.5]) // [6, 5]
 */
export function splitLengths(n: number, lengths: readonly number[]): number[] {
  if (lengths.length === 0) throw new DataError('split: give at least one length or fraction')
  const total = lengths.reduce((a, b) => a + b, 0)
  const fractions = lengths.every((f) => f >= 0 && f <= 1) && Math.abs(total - 1) < 1e-9
  if (fractions) {
    const sizes = lengths.map((f) => Math.floor(n * f))
    const remainder = n - sizes.reduce((a, b) => a + b, 0)
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length]! += 1
    return sizes
  }
  if (lengths.some((l) => !Number.isInteger(l) || l < 0) || total !== n)
    throw new DataError(
      `split: lengths [${lengths.join(', ')}] must be fractions adding up to 1 or counts adding up to ${n}`,
    )
  return [...lengths]
}

/**
 * `torch.utils.data.random_split(dataset, lengths, generator=torch.Generator().manual_seed(seed))`:
 * one seeded permutation of all rows, cut into consecutive pieces of `splitLengths(n, lengths)`.
 * Same sizes and structure as PyTorch; the rows picked differ because the generator differs
 * (Philox here, Mersenne Twister in torch). The same seed always gives the same split.
 */
export function randomSplit(dataset: Dataset, lengths: readonly number[], seed = 0): Dataset[] {
  const sizes = splitLengths(dataset.size, lengths)
  const order = Rng.stream(seed, 'data.split').permutation(dataset.size)
  let start = 0
  return sizes.map((size, i) => {
    const piece = selectRows(dataset, order.subarray(start, start + size), `${dataset.name}[${i}]`)
    start += size
    return piece
  })
}

/** How `trainValidationSplit` divides a dataset. */
export interface ValidationSplitOptions {
  /** Fraction of the rows held out for validation, in [0, 1). */
  readonly validation: number
  /**
   * `random` (default): `randomSplit(ds, [1 - f, f], seed)`, the PyTorch habit.
   * `tail`: the last `n - floor(n * (1 - f))` rows, unshuffled, as Keras' `validation_split`.
   */
  readonly mode?: 'random' | 'tail'
  readonly seed?: number
}

/**
 * Holds out a validation set. Default is the PyTorch habit (a seeded random split); `tail` keeps
 * the row order, for data whose order matters (time series) or to match Keras.
 *
 * @example
 * const { train, validation } = trainValidationSplit(mnist, { validation: 0.2, seed: 0 }) // 8000 / 2000
 */
export function trainValidationSplit(
  dataset: Dataset,
  options: ValidationSplitOptions,
): { train: Dataset; validation: Dataset } {
  const f = options.validation
  if (!(f >= 0 && f < 1)) throw new DataError(`validation split must be in [0, 1), got ${f}`)
  if (options.mode === 'tail') {
    const cut = Math.floor(dataset.size * (1 - f))
    const rows = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i)
    return {
      train: selectRows(dataset, rows(0, cut), `${dataset.name}[train]`),
      validation: selectRows(dataset, rows(cut, dataset.size), `${dataset.name}[validation]`),
    }
  }
  const [train, validation] = randomSplit(dataset, [1 - f, f], options.seed ?? 0) as [Dataset, Dataset]
  return {
    train: { ...train, name: `${dataset.name}[train]` },
    validation: { ...validation, name: `${dataset.name}[validation]` },
  }
}
