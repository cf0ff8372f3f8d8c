import { DataError } from '../io/dataError'
import type { Dataset } from './dataset'
import { iris } from './iris'
import { loadMnist, type MnistFiles } from './mnist'
import { type BlobsOptions, type CirclesOptions, type SpiralsOptions, SYNTHETIC } from './synthetic'

/** Every dataset Triad knows by name (`triad train --data <name>`, the run panel's list). */
export const DATASET_NAMES = ['spirals', 'moons', 'circles', 'xor', 'blobs', 'sine', 'iris', 'mnist'] as const

/** A built-in dataset's name. */
export type DatasetName = (typeof DATASET_NAMES)[number]

/** Options of the synthetic generators (ignored by iris and mnist). */
export type BuiltinOptions = SpiralsOptions & CirclesOptions & BlobsOptions

/** Where bytes that are not generated come from: MNIST's files, read by the caller's platform. */
export interface BuiltinSources {
  readonly mnist?: () => MnistFiles
}

/** True when `name` is a built-in dataset. */
export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name)
}

/**
 * A built-in dataset by name. MNIST needs its bytes from `sources.mnist` (Node reads them from
 * `data/generated/`, the browser fetches them). An unknown name is a one-line error listing the
 * known ones.
 */
export function builtinDataset(
  name: string,
  options: BuiltinOptions = {},
  sources: BuiltinSources = {},
): Dataset {
  if (!isDatasetName(name))
    throw new DataError(`unknown dataset '${name}' (known: ${DATASET_NAMES.join(', ')}; or give a .csv file)`)
  if (name === 'iris') return iris()
  if (name === 'mnist') {
    if (!sources.mnist) throw new DataError('mnist: no source for its files was given')
    return loadMnist(sources.mnist())
  }
  return SYNTHETIC[name](options)
}
