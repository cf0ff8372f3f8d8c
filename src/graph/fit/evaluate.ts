import type { Dataset } from '../../engine/data/dataset'
import { DataLoader } from '../../engine/data/loader'
import type { DataBinding } from './bindData'
import type { CompiledModel, Weights } from './compiledModel'

/** Batch size of evaluation passes: large, as no gradients are kept. */
export const EVAL_BATCH = 500

/** Mean loss and accuracy of a model over a whole dataset. */
export interface EvalResult {
  readonly loss: number
  /** Fraction correct, or null when the task has none (regression). */
  readonly accuracy: number | null
  readonly samples: number
}

/**
 * Evaluates in eval mode over every sample, in order. The loss is the mean over samples (each
 * batch's mean weighted by its size, so the result does not depend on the batching), as
 * `reduction='mean'` over the whole set would give.
 */
export function evaluate(
  model: CompiledModel,
  weights: Weights,
  dataset: Dataset,
  binding: DataBinding,
): EvalResult {
  const loader = new DataLoader(dataset, { batchSize: Math.min(EVAL_BATCH, dataset.size) })
  let lossSum = 0
  let correct = 0
  let total = 0
  let scored = true
  for (const batch of loader.epoch(0)) {
    const b = batch.indices.length
    const out = model.evaluate(weights, { [binding.inputName]: batch.x, target: binding.target(batch) }, b)
    lossSum += out.loss!.data[0]! * b
    const hits = binding.hits(out.prediction.data, batch)
    if (hits) {
      correct += hits.correct
      total += hits.total
    } else scored = false
  }
  return {
    loss: lossSum / dataset.size,
    accuracy: scored && total > 0 ? correct / total : null,
    samples: dataset.size,
  }
}
