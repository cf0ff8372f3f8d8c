import { argmaxRows, probabilities } from './classColors'
import { type PredictFn, predictInChunks } from './predictInChunks'
import type { TaskData } from './taskData'

/** Rows per predict request: the worker trains between requests. */
export const PREDICT_CHUNK = 100

/** The model's answers on the held-out rows, at one step. */
export interface HeldOutPredictions {
  readonly step: number
  /** Predicted class per row (classification), else null. */
  readonly predicted: Int32Array | null
  /** Probability of the predicted class per row. */
  readonly confidence: Float32Array | null
  /** The raw outputs, `rows * width`. */
  readonly output: Float32Array
  readonly width: number
}

/**
 * Predicts every held-out row of `task` through the worker (in chunks) and reads classes and
 * confidences off the outputs when the task is a classification.
 */
export async function predictHeldOut(
  predict: PredictFn,
  task: TaskData,
  step: number,
): Promise<HeldOutPredictions> {
  const { heldOut } = task
  const rowSize = task.sampleShape.reduce((a, b) => a * b, 1)
  const { output, width } = await predictInChunks(
    predict,
    heldOut.features,
    heldOut.size,
    rowSize,
    PREDICT_CHUNK,
  )
  if (task.numClasses === null) return { step, predicted: null, confidence: null, output, width }
  const classes = Math.max(2, width)
  const probs = probabilities(output, heldOut.size, width)
  const predicted = argmaxRows(probs, heldOut.size, classes)
  const confidence = new Float32Array(heldOut.size)
  for (let i = 0; i < heldOut.size; i++) confidence[i] = probs[i * classes + Math.max(0, predicted[i]!)]!
  return { step, predicted, confidence, output, width }
}
