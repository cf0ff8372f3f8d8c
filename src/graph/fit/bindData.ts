import { checkDataShape, checkLabelShape } from '../../engine/data/checkShape'
import type { Dataset } from '../../engine/data/dataset'
import type { Batch } from '../../engine/data/loader'
import { DataError } from '../../engine/io/dataError'
import type { ModelDocument } from '../document/schema'
import type { LossName, LossSpec } from '../lower/attachLoss'
import type { LoweredModel } from '../lower/lowerDocument'

/** Counts for an accuracy: `correct` out of `total` predictions. */
export interface Hits {
  readonly correct: number
  readonly total: number
}

/**
 * How a dataset feeds a model under a loss: which input takes the features, what the target feed
 * is (class ids for `cross_entropy`, floats shaped like the output otherwise: a class id becomes
 * one float for a one-output model, a one-hot row for a C-output one), and how a prediction is
 * scored. Built once the data is known to fit the model.
 */
export interface DataBinding {
  readonly inputName: string
  readonly inputShape: readonly number[]
  readonly outputName: string
  readonly outputShape: readonly number[]
  readonly loss: LossName
  /** The loss to attach when compiling (its target dtype follows the labels). */
  readonly lossSpec: LossSpec
  /** The target feed of a batch. */
  target(batch: Batch): Int32Array | Float32Array
  /** Correct predictions in a batch, or null when the task has no accuracy (regression). */
  hits(prediction: ArrayLike<number>, batch: Batch): Hits | null
}

const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`

/**
 * Checks that `dataset` fits the model's input (`probe`: the model at batch 1, `probeModel`) and output under `loss` and returns the binding.
 * A misfit is one `DataError` line with the fix (`data rows have 4 features but the model input
 * is [2]: set the Input shape to [4]`).
 */
export function bindData(
  doc: ModelDocument,
  probe: LoweredModel,
  dataset: Dataset,
  loss: LossName,
): DataBinding {
  const input = probe.inputs[0]!
  const outputName = doc.outputs[0]!.name
  const outputShape = probe.outputs[outputName]!.shape.slice(1)
  const inputShape = input.value.shape.slice(1)
  const sampleShape = dataset.sampleShape
  // a 1-D array or a one-column table feeds an Input of shape [1] as well as one of shape []
  const dataMisfit = checkDataShape(sampleShape, inputShape)
  if (dataMisfit) throw new DataError(`${dataset.name}: ${dataMisfit}`)
  const labels = dataset.labels
  if (labels.kind === 'classes') {
    const classes = outputShape.length === 1 ? outputShape[0]! : -1
    if (loss === 'cross_entropy' && classes < Math.max(2, labels.numClasses))
      throw new DataError(
        `${dataset.name}: labels have ${labels.numClasses} classes but the model output is ${fmt(outputShape)}: ` +
          `make the last layer output ${Math.max(2, labels.numClasses)} values${classes === 1 ? ', or use --loss bce_with_logits' : ''}`,
      )
    const misfit = checkLabelShape(labels, outputShape)
    if (misfit) throw new DataError(`${dataset.name}: ${misfit}`)
    if (loss !== 'cross_entropy' && classes !== 1 && classes !== labels.numClasses)
      throw new DataError(
        `${dataset.name}: ${loss} on ${labels.numClasses} class labels needs one output per class (one-hot targets), but the model output is ${fmt(outputShape)}: make the last layer output ${labels.numClasses} values, or use --loss cross_entropy`,
      )
    if (loss === 'bce_with_logits' && classes === 1 && labels.numClasses > 2)
      throw new DataError(
        `${dataset.name}: bce_with_logits with one output needs two classes, the labels have ${labels.numClasses}`,
      )
    return classBinding(input.name, inputShape, outputName, outputShape, loss)
  }
  if (loss === 'cross_entropy') {
    // float targets for cross_entropy are class probabilities shaped like the logits
    if (labels.shape.join() !== outputShape.join())
      throw new DataError(
        `${dataset.name}: cross_entropy needs class ids or probabilities shaped like the output ${fmt(outputShape)}, got targets ${fmt(labels.shape)}: use integer labels, or --loss mse`,
      )
  } else {
    const misfit = checkLabelShape(labels, outputShape)
    if (misfit) throw new DataError(`${dataset.name}: ${misfit}`)
  }
  return targetBinding(input.name, inputShape, outputName, outputShape, loss)
}

function argmaxRow(values: ArrayLike<number>, row: number, width: number): number {
  let best = 0
  for (let k = 1; k < width; k++) if (values[row * width + k]! > values[row * width + best]!) best = k
  return best
}

function classBinding(
  inputName: string,
  inputShape: readonly number[],
  outputName: string,
  outputShape: readonly number[],
  loss: LossName,
): DataBinding {
  const width = outputShape[0]!
  // one output: a logit for bce_with_logits (threshold 0), else a value read as the class (0.5)
  const threshold = loss === 'bce_with_logits' ? 0 : 0.5
  return {
    inputName,
    inputShape,
    outputName,
    outputShape,
    loss,
    lossSpec: { type: loss, output: outputName, targetDtype: loss === 'cross_entropy' ? 'int' : 'float' },
    target(batch) {
      const ids = batch.y as Int32Array
      if (loss === 'cross_entropy') return ids
      if (width === 1) return Float32Array.from(ids)
      const oneHot = new Float32Array(ids.length * width)
      ids.forEach((id, r) => {
        oneHot[r * width + id] = 1
      })
      return oneHot
    },
    hits(prediction, batch) {
      const ids = batch.y as Int32Array
      let correct = 0
      for (let r = 0; r < ids.length; r++) {
        const predicted = width === 1 ? Number(prediction[r]! > threshold) : argmaxRow(prediction, r, width)
        if (predicted === ids[r]) correct++
      }
      return { correct, total: ids.length }
    },
  }
}

function targetBinding(
  inputName: string,
  inputShape: readonly number[],
  outputName: string,
  outputShape: readonly number[],
  loss: LossName,
): DataBinding {
  const width = outputShape.reduce((a, b) => a * b, 1)
  return {
    inputName,
    inputShape,
    outputName,
    outputShape,
    loss,
    lossSpec: { type: loss, output: outputName, targetDtype: 'float' },
    target: (batch) => batch.y as Float32Array,
    hits(prediction, batch) {
      const y = batch.y as Float32Array
      if (loss === 'bce_with_logits') {
        let correct = 0
        for (let i = 0; i < y.length; i++) if (prediction[i]! > 0 === y[i]! >= 0.5) correct++
        return { correct, total: y.length }
      }
      if (loss === 'cross_entropy' && outputShape.length === 1) {
        let correct = 0
        const rows = y.length / width
        for (let r = 0; r < rows; r++)
          if (argmaxRow(prediction, r, width) === argmaxRow(y, r, width)) correct++
        return { correct, total: rows }
      }
      return null
    },
  }
}
