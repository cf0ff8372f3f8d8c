import { DataError } from '../io/dataError'
import { Rng } from '../random/rng'
import { type Dataset, prod } from './dataset'

/** `torch.utils.data.DataLoader`'s batching options, with its defaults. */
export interface DataLoaderOptions {
  /** Samples per batch. Default 1 (torch's default). */
  readonly batchSize?: number
  /** Reshuffle the rows at every epoch. Default false. */
  readonly shuffle?: boolean
  /** Drop the last batch when it is smaller than `batchSize`. Default false. */
  readonly dropLast?: boolean
  /** Seed of the shuffling stream. Default 0. */
  readonly seed?: number
}

/** One batch: inputs `[b, ...sampleShape]`, labels `[b]` (class ids) or `[b, ...targetShape]`. */
export interface Batch {
  readonly x: Float32Array
  readonly xShape: readonly number[]
  /** Class ids (int32) or float targets. */
  readonly y: Int32Array | Float32Array
  readonly yShape: readonly number[]
  /** The dataset rows in this batch, in order. */
  readonly indices: Int32Array
}

/**
 * Batches of a dataset with DataLoader semantics. Without shuffle, batch k of every epoch is rows
 * `k*B .. k*B+B-1`; with shuffle, each epoch has its own seeded permutation (a pure function of
 * seed and epoch, so a run resumed at epoch e sees the same order as one that never stopped).
 * The last partial batch is kept unless `dropLast`.
 *
 * @example
 * const loader = new DataLoader(train, { batchSize: 32, shuffle: true, seed: 0 })
 * for (let epoch = 0; epoch < 3; epoch++) for (const { x, y } of loader.epoch(epoch)) step(x, y)
 */
export class DataLoader {
  readonly batchSize: number
  readonly shuffle: boolean
  readonly dropLast: boolean
  readonly seed: number
  private cached: { epoch: number; order: Int32Array } | undefined

  constructor(
    readonly dataset: Dataset,
    options: DataLoaderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1
    this.shuffle = options.shuffle ?? false
    this.dropLast = options.dropLast ?? false
    this.seed = options.seed ?? 0
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new DataError(`batch size must be a positive integer, got ${this.batchSize}`)
    if (dataset.size === 0) throw new DataError(`${dataset.name}: the dataset is empty`)
  }

  /** Batches per epoch: `len(DataLoader)`. Zero when `dropLast` and the dataset is smaller than a batch. */
  get length(): number {
    const n = this.dataset.size
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize)
  }

  /** The row order of `epoch` (the identity without shuffle). */
  order(epoch: number): Int32Array {
    if (this.cached?.epoch === epoch) return this.cached.order
    const n = this.dataset.size
    const order = this.shuffle
      ? Rng.stream(this.seed, 'data.loader').fork(`epoch ${epoch}`).permutation(n)
      : Int32Array.from({ length: n }, (_, i) => i)
    this.cached = { epoch, order }
    return order
  }

  /** The rows of batch `k` of `epoch`. */
  batchIndices(epoch: number, k: number): Int32Array {
    if (!Number.isInteger(k) || k < 0 || k >= this.length)
      throw new RangeError(`batch ${k} does not exist: an epoch has ${this.length} batches`)
    const start = k * this.batchSize
    return this.order(epoch).slice(start, Math.min(start + this.batchSize, this.dataset.size))
  }

  /** Batch `k` of `epoch`, gathered into fresh arrays. */
  batch(epoch: number, k: number): Batch {
    return gatherBatch(this.dataset, this.batchIndices(epoch, k))
  }

  /** The batches of one epoch, in order. */
  *epoch(epoch: number): Generator<Batch, void, undefined> {
    for (let k = 0; k < this.length; k++) yield this.batch(epoch, k)
  }
}

/** Copies the rows `indices` of a dataset into one batch. */
export function gatherBatch(dataset: Dataset, indices: Int32Array): Batch {
  const b = indices.length
  const k = prod(dataset.sampleShape)
  const x = new Float32Array(b * k)
  for (let r = 0; r < b; r++) {
    const i = indices[r]!
    x.set(dataset.features.subarray(i * k, i * k + k), r * k)
  }
  const { labels } = dataset
  if (labels.kind === 'classes') {
    const y = new Int32Array(b)
    for (let r = 0; r < b; r++) y[r] = labels.ids[indices[r]!]!
    return { x, xShape: [b, ...dataset.sampleShape], y, yShape: [b], indices }
  }
  const t = prod(labels.shape)
  const y = new Float32Array(b * t)
  for (let r = 0; r < b; r++) {
    const i = indices[r]!
    y.set(labels.values.subarray(i * t, i * t + t), r * t)
  }
  return { x, xShape: [b, ...dataset.sampleShape], y, yShape: [b, ...labels.shape], indices }
}
