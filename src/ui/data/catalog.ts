import { DATASET_NAMES, type DatasetName } from '../../engine/data/builtin'

/** How a dataset is best previewed: points on a plane, a grid of images, or a table. */
export type PreviewKind = 'scatter' | 'images' | 'table'

/** A built-in dataset as the data panel lists it. */
export interface BuiltinEntry {
  readonly name: DatasetName
  readonly label: string
  /** One line on what it is and which model it suits. */
  readonly description: string
}

const DESCRIPTIONS: Record<DatasetName, readonly [label: string, description: string]> = {
  spirals: ['Spirals', 'two interleaved spirals of 2-D points, 2 classes'],
  moons: ['Moons', 'two half moons of 2-D points, 2 classes'],
  circles: ['Circles', 'a circle inside a ring of 2-D points, 2 classes'],
  xor: ['XOR', '2-D points labelled by the sign of x·y, 2 classes'],
  blobs: ['Blobs', 'Gaussian clusters of 2-D points, one class each'],
  sine: ['Sine', 'y = sin(x) with noise: 1 input, 1 target (regression)'],
  iris: ['Iris', '150 flowers, 4 measurements, 3 species (table)'],
  mnist: ['MNIST', '10,000 handwritten digits, 28×28 grey images, 10 classes'],
}

/** Every built-in dataset, in the order `DATASET_NAMES` lists them. */
export const BUILTIN_DATASETS: readonly BuiltinEntry[] = DATASET_NAMES.map((name) => ({
  name,
  label: DESCRIPTIONS[name][0],
  description: DESCRIPTIONS[name][1],
}))
