import { builtinDataset, isDatasetName } from '../../engine/data/builtin'
import { createDataset, type Dataset, prod } from '../../engine/data/dataset'
import { readIdx } from '../../engine/data/idx'
import { MNIST_FILES, type MnistFiles } from '../../engine/data/mnist'
import { splitValidation } from '../../graph/fit/split'

/** Which views a dataset gets: a decision boundary, image results, or a table of inputs. */
export type TaskKind = 'plane' | 'images' | 'table'

/** The rows predictions are shown for: the run's validation split (or all rows when it has none). */
export interface HeldOut {
  readonly size: number
  /** `size * prod(sampleShape)` values, as the model takes them. */
  readonly features: Float32Array
  /** True class ids; null for regression targets. */
  readonly ids: Int32Array | null
}

/** What the task views show of a run's data, as the engine worker splits it. */
export interface TaskData {
  readonly kind: TaskKind
  readonly name: string
  readonly sampleShape: readonly number[]
  /** Classes of a classification dataset; null for regression. */
  readonly numClasses: number | null
  readonly classNames?: readonly string[]
  readonly featureNames?: readonly string[]
  /** The training rows (2-D data only: the points drawn over the boundary). */
  readonly train?: { readonly xy: Float32Array; readonly ids: Int32Array | null }
  readonly heldOut: HeldOut
  /** Mean of each feature over the training rows (the tabular playground's starting values). */
  readonly featureMeans: readonly number[]
}

/** The part of a run's setup that decides its data and split (the document's `training`). */
export interface DataSetup {
  readonly dataset: string
  readonly validationSplit: number
  readonly seed: number
}

/** Where MNIST's bytes come from: the page fetches them from the app's `data/`, a test reads files. */
export interface TaskSources {
  readonly mnist?: () => Promise<MnistFiles>
}

/** What kind of views a dataset's samples call for. */
export function taskKind(sampleShape: readonly number[], classes: boolean): TaskKind {
  if (sampleShape.length >= 2) return 'images'
  if (classes && sampleShape.length === 1 && sampleShape[0] === 2) return 'plane'
  return 'table'
}

/**
 * Loads a built-in dataset and splits it exactly as the engine worker does (`splitValidation`
 * with the run's fraction and seed), so the held-out rows shown are the ones the run validates
 * on. MNIST is not converted whole on the page: only its held-out images are (the split is made
 * over row numbers, which is the same permutation).
 * @throws Error naming the dataset when it is not a built-in one.
 */
export async function loadTaskData(setup: DataSetup, sources: TaskSources = {}): Promise<TaskData> {
  const { dataset: name, validationSplit, seed } = setup
  if (!isDatasetName(name))
    throw new Error(`task views know the built-in datasets only, not "${name}": pick one in the data panel.`)
  if (name === 'mnist') {
    if (!sources.mnist) throw new Error('mnist: no source for its files on this page.')
    return mnistTask(await sources.mnist(), validationSplit, seed)
  }
  const dataset = builtinDataset(name)
  const { train, validation } = splitValidation(dataset, validationSplit, seed)
  const held = validation ?? dataset
  const classes = dataset.labels.kind === 'classes'
  const kind = taskKind(dataset.sampleShape, classes)
  return {
    kind,
    name,
    sampleShape: dataset.sampleShape,
    numClasses: dataset.labels.kind === 'classes' ? dataset.labels.numClasses : null,
    ...(dataset.labels.kind === 'classes' && dataset.labels.classNames
      ? { classNames: dataset.labels.classNames }
      : {}),
    ...(dataset.featureNames ? { featureNames: dataset.featureNames } : {}),
    ...(kind === 'plane' ? { train: { xy: train.features, ids: idsOf(train) } } : {}),
    heldOut: { size: held.size, features: held.features, ids: idsOf(held) },
    featureMeans: featureMeans(train),
  }
}

function idsOf(d: Dataset): Int32Array | null {
  return d.labels.kind === 'classes' ? d.labels.ids : null
}

function featureMeans(d: Dataset): number[] {
  const k = prod(d.sampleShape)
  if (k > 64) return []
  const sums = new Array<number>(k).fill(0)
  for (let i = 0; i < d.features.length; i++) sums[i % k]! += d.features[i]!
  return sums.map((s) => (d.size > 0 ? s / d.size : 0))
}

/** MNIST's held-out rows: the split is made on row numbers, then only those images are scaled to [0, 1]. */
function mnistTask(files: MnistFiles, validationSplit: number, seed: number): TaskData {
  const images = readIdx(files.images, MNIST_FILES.images)
  const labels = readIdx(files.labels, MNIST_FILES.labels)
  const [n, rows, cols] = images.shape as [number, number, number]
  const ids = Int32Array.from(labels.data as Uint8Array)
  const rowNumbers = createDataset({
    name: 'mnist',
    features: Float32Array.from({ length: n }, (_, i) => i),
    sampleShape: [1],
    labels: { kind: 'classes', ids, numClasses: 10 },
  })
  const { validation } = splitValidation(rowNumbers, validationSplit, seed)
  const held = validation ?? rowNumbers
  const pixels = rows * cols
  const features = new Float32Array(held.size * pixels)
  const data = images.data as Uint8Array
  for (let r = 0; r < held.size; r++) {
    const from = held.features[r]! * pixels
    for (let p = 0; p < pixels; p++) features[r * pixels + p] = data[from + p]! / 255
  }
  return {
    kind: 'images',
    name: 'mnist',
    sampleShape: [1, rows, cols],
    numClasses: 10,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    heldOut: { size: held.size, features, ids: idsOf(held) },
    featureMeans: [],
  }
}
