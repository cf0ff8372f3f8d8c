import { DataError } from '../io/dataError'

/**
 * What a model learns from: `size` samples of `sampleShape` (float32, C order, sample after
 * sample) and one label per sample. Class labels are ids (what `cross_entropy` takes); targets
 * are float tensors (what `mse`, `l1`, `huber` and `bce_with_logits` take).
 */
export interface Dataset {
  /** Where it came from, e.g. `spirals`, `mnist`, `iris.csv`. */
  readonly name: string
  /** Number of samples. */
  readonly size: number
  /** `size * prod(sampleShape)` values: sample i is `features[i*k .. i*k+k-1]`, k = prod(sampleShape). */
  readonly features: Float32Array
  /** The shape of one sample, batch dimension excluded (`[2]`, `[1, 28, 28]`). */
  readonly sampleShape: readonly number[]
  /** Column names, one per feature, when the data is a table (CSV, Iris). */
  readonly featureNames?: readonly string[]
  readonly labels: Labels
}

/** One label per sample: class ids, or float targets of a fixed shape. */
export type Labels = ClassLabels | TargetLabels

/** Class ids in `0..numClasses-1`, with their names where known (`['setosa', ...]`). */
export interface ClassLabels {
  readonly kind: 'classes'
  readonly ids: Int32Array
  readonly numClasses: number
  readonly classNames?: readonly string[]
}

/** Float targets: `size * prod(shape)` values (shape `[1]` for one regression output). */
export interface TargetLabels {
  readonly kind: 'targets'
  readonly values: Float32Array
  readonly shape: readonly number[]
  /** Target column names, when the targets come from a table. */
  readonly names?: readonly string[]
}

/** What `createDataset` checks and assembles; `xName`/`yName` name the sources in messages. */
export interface DatasetParts {
  readonly name: string
  readonly features: Float32Array
  readonly sampleShape: readonly number[]
  readonly featureNames?: readonly string[]
  readonly labels: Labels
  readonly xName?: string
  readonly yName?: string
}

/** Product of a shape's dimensions. */
export function prod(shape: readonly number[]): number {
  let n = 1
  for (const d of shape) n *= d
  return n
}

/** How many samples a label set holds. */
export function labelCount(labels: Labels): number {
  return labels.kind === 'classes'
    ? labels.ids.length
    : labels.values.length / Math.max(1, prod(labels.shape))
}

/**
 * Checks that features and labels agree and returns the dataset. A length mismatch is one line
 * naming both lengths (`x has 100 samples but y has 99: they must have the same length`); a class
 * id outside `0..numClasses-1` names its row.
 */
export function createDataset(parts: DatasetParts): Dataset {
  const { features, sampleShape, labels } = parts
  const xName = parts.xName ?? 'x'
  const yName = parts.yName ?? 'y'
  if (sampleShape.length === 0 || sampleShape.some((d) => !Number.isInteger(d) || d < 1))
    throw new DataError(`${xName}: sample shape [${sampleShape.join(', ')}] must list positive dimensions`)
  const perSample = prod(sampleShape)
  if (features.length % perSample !== 0)
    throw new DataError(`${xName}: ${features.length} values do not split into samples of ${perSample}`)
  const size = features.length / perSample
  if (labels.kind === 'targets') {
    const perTarget = prod(labels.shape)
    if (labels.shape.some((d) => !Number.isInteger(d) || d < 1) || labels.values.length % perTarget !== 0)
      throw new DataError(
        `${yName}: ${labels.values.length} values do not split into targets of shape [${labels.shape.join(', ')}]`,
      )
  }
  const count = labelCount(labels)
  if (count !== size)
    throw new DataError(
      `${xName} has ${size} samples but ${yName} has ${count}: they must have the same length`,
    )
  if (parts.featureNames && parts.featureNames.length !== perSample)
    throw new DataError(`${xName}: ${parts.featureNames.length} feature names for ${perSample} features`)
  if (labels.kind === 'classes') checkClassIds(labels, yName)
  return {
    name: parts.name,
    size,
    features,
    sampleShape: [...sampleShape],
    labels,
    ...(parts.featureNames ? { featureNames: [...parts.featureNames] } : {}),
  }
}

function checkClassIds(labels: ClassLabels, yName: string): void {
  const { ids, numClasses } = labels
  if (!Number.isInteger(numClasses) || numClasses < 1)
    throw new DataError(`${yName}: numClasses must be a positive integer, got ${numClasses}`)
  if (labels.classNames && labels.classNames.length !== numClasses)
    throw new DataError(`${yName}: ${labels.classNames.length} class names for ${numClasses} classes`)
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!
    if (id < 0 || id >= numClasses)
      throw new DataError(`${yName}: class id ${id} at row ${i} is outside 0..${numClasses - 1}`)
  }
}

/**
 * Class labels from ids, with `numClasses` = the largest id + 1 (or the number of names). A
 * negative id names its row: class ids start at 0, as PyTorch's `cross_entropy` expects.
 */
export function classLabels(ids: Int32Array, classNames?: readonly string[], yName = 'y'): ClassLabels {
  let max = -1
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!
    if (id < 0) throw new DataError(`${yName}: class id ${id} at row ${i} is negative (class ids start at 0)`)
    if (id > max) max = id
  }
  const numClasses = classNames ? classNames.length : Math.max(1, max + 1)
  return { kind: 'classes', ids, numClasses, ...(classNames ? { classNames: [...classNames] } : {}) }
}

/** A new dataset of the rows at `indices`, in that order (a copy: `torch.utils.data.Subset`, materialized). */
export function selectRows(dataset: Dataset, indices: ArrayLike<number>, name = dataset.name): Dataset {
  const k = prod(dataset.sampleShape)
  const n = indices.length
  const features = new Float32Array(n * k)
  for (let r = 0; r < n; r++) {
    const i = indices[r]!
    features.set(dataset.features.subarray(i * k, i * k + k), r * k)
  }
  const { labels } = dataset
  let picked: Labels
  if (labels.kind === 'classes') {
    const ids = new Int32Array(n)
    for (let r = 0; r < n; r++) ids[r] = labels.ids[indices[r]!]!
    picked = { ...labels, ids }
  } else {
    const t = prod(labels.shape)
    const values = new Float32Array(n * t)
    for (let r = 0; r < n; r++) {
      const i = indices[r]!
      values.set(labels.values.subarray(i * t, i * t + t), r * t)
    }
    picked = { ...labels, values }
  }
  return { ...dataset, name, size: n, features, labels: picked }
}
