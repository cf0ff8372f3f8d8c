import type { Dataset } from '../../engine/data/dataset'

/**
 * What the data panel draws for a dataset: a scatter of 2-D points (or x against the target for
 * one input), a grid of images with their labels, or the first rows as a table. Plain data, so
 * it is computed (and tested) apart from the canvas that draws it.
 */
export type DataPreview =
  | {
      readonly kind: 'scatter'
      readonly xs: Float32Array
      readonly ys: Float32Array
      /** Class id per point, or null when the y axis is the target (regression). */
      readonly classes: Int32Array | null
      readonly xLabel: string
      readonly yLabel: string
    }
  | {
      readonly kind: 'images'
      readonly width: number
      readonly height: number
      /** One `width * height` greyscale image per sample, values in [0, 1]. */
      readonly images: readonly Float32Array[]
      readonly labels: readonly string[]
    }
  | { readonly kind: 'table'; readonly columns: readonly string[]; readonly rows: readonly string[][] }

/** Points drawn at most in a scatter. */
export const MAX_SCATTER_POINTS = 2000
/** Images in the grid. */
export const GRID_IMAGES = 32
/** Rows in the table. */
export const TABLE_ROWS = 8

const classText = (dataset: Dataset, id: number) =>
  dataset.labels.kind === 'classes' ? (dataset.labels.classNames?.[id] ?? String(id)) : String(id)

/** Column names of a table preview: the features', then the label's. */
function tableColumns(dataset: Dataset): string[] {
  const width = dataset.features.length / Math.max(1, dataset.size)
  const features = dataset.featureNames ?? Array.from({ length: width }, (_, i) => `x${i}`)
  const labels = dataset.labels
  const labelNames =
    labels.kind === 'classes'
      ? ['label']
      : (labels.names ?? Array.from({ length: labels.values.length / dataset.size }, (_, i) => `y${i}`))
  return [...features, ...labelNames]
}

const cell = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(4))

/** The preview that suits the dataset's sample shape (see `DataPreview`). */
export function previewOf(dataset: Dataset): DataPreview {
  const shape = dataset.sampleShape
  const n = dataset.size
  const { labels } = dataset
  if (shape.length === 1 && shape[0] === 2) {
    const count = Math.min(n, MAX_SCATTER_POINTS)
    const stride = n / count
    const xs = new Float32Array(count)
    const ys = new Float32Array(count)
    const classes = labels.kind === 'classes' ? new Int32Array(count) : null
    for (let i = 0; i < count; i++) {
      const r = Math.floor(i * stride)
      xs[i] = dataset.features[2 * r]!
      ys[i] = dataset.features[2 * r + 1]!
      if (classes && labels.kind === 'classes') classes[i] = labels.ids[r]!
    }
    const [xLabel, yLabel] = dataset.featureNames ?? ['x0', 'x1']
    return { kind: 'scatter', xs, ys, classes, xLabel: xLabel!, yLabel: yLabel! }
  }
  if (shape.length === 1 && shape[0] === 1 && labels.kind === 'targets' && labels.values.length === n) {
    const count = Math.min(n, MAX_SCATTER_POINTS)
    const stride = n / count
    const xs = new Float32Array(count)
    const ys = new Float32Array(count)
    for (let i = 0; i < count; i++) {
      const r = Math.floor(i * stride)
      xs[i] = dataset.features[r]!
      ys[i] = labels.values[r]!
    }
    return {
      kind: 'scatter',
      xs,
      ys,
      classes: null,
      xLabel: dataset.featureNames?.[0] ?? 'x',
      yLabel: labels.names?.[0] ?? 'target',
    }
  }
  const image = imageShape(shape)
  if (image) {
    const [height, width] = image
    const k = height * width
    const count = Math.min(n, GRID_IMAGES)
    return {
      kind: 'images',
      width,
      height,
      images: Array.from({ length: count }, (_, i) => dataset.features.slice(i * k, i * k + k)),
      labels: Array.from({ length: count }, (_, i) =>
        labels.kind === 'classes' ? classText(dataset, labels.ids[i]!) : '',
      ),
    }
  }
  const columns = tableColumns(dataset)
  const width = dataset.features.length / Math.max(1, n)
  const perLabel = labels.kind === 'classes' ? 1 : labels.values.length / Math.max(1, n)
  const rows = Array.from({ length: Math.min(n, TABLE_ROWS) }, (_, r) => [
    ...Array.from(dataset.features.subarray(r * width, r * width + width), cell),
    ...(labels.kind === 'classes'
      ? [classText(dataset, labels.ids[r]!)]
      : Array.from(labels.values.subarray(r * perLabel, r * perLabel + perLabel), cell)),
  ])
  return { kind: 'table', columns, rows }
}

/** `[H, W]` of a greyscale image sample (`[H, W]` or `[1, H, W]`), else null. */
function imageShape(shape: readonly number[]): readonly [number, number] | null {
  if (shape.length === 2) return [shape[0]!, shape[1]!]
  if (shape.length === 3 && shape[0] === 1) return [shape[1]!, shape[2]!]
  return null
}

/**
 * One line on a dataset: `1000 samples of [2] · 2 classes`, `200 samples of [1] · targets [1]`;
 * `total` counts the whole dataset when `dataset` holds only its first samples.
 */
export function describeDataset(dataset: Dataset, total = dataset.size): string {
  const { labels } = dataset
  const what =
    labels.kind === 'classes'
      ? `${labels.numClasses} classes${labels.classNames ? ` (${labels.classNames.slice(0, 4).join(', ')}${labels.classNames.length > 4 ? ', …' : ''})` : ''}`
      : `targets [${labels.shape.join(', ')}]`
  const shown = total > dataset.size ? ` (first ${dataset.size} shown)` : ''
  return `${total} samples of [${dataset.sampleShape.join(', ')}] · ${what}${shown}`
}
