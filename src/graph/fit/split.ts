import type { Dataset } from '../../engine/data/dataset'
import { trainValidationSplit } from '../../engine/data/split'

/**
 * The seeded train/validation split of a run (`random_split`, as `trainValidationSplit` makes
 * it). No validation set when the fraction is 0, or when either side would be empty (a dataset
 * too small to split trains on every row rather than failing).
 *
 * @example
 * const { train, validation } = splitValidation(spirals(), 0.2, 0) // 160 / 40
 */
export function splitValidation(
  dataset: Dataset,
  fraction: number,
  seed: number,
): { train: Dataset; validation?: Dataset } {
  if (fraction <= 0) return { train: dataset }
  const { train, validation } = trainValidationSplit(dataset, { validation: fraction, seed })
  if (validation.size === 0 || train.size === 0) return { train: dataset }
  return { train, validation }
}
