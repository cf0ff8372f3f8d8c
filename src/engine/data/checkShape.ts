import type { Labels } from './dataset'

const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`
const same = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i])

/**
 * Does one data sample fit the model's Input (both without the batch dimension)? Returns null
 * when it does, else a one-line message with the fix, e.g.
 * `data rows have 4 features but the model input is [2]: set the Input shape to [4]`.
 */
export function checkDataShape(sampleShape: readonly number[], inputShape: readonly number[]): string | null {
  if (same(sampleShape, inputShape)) return null
  const fix = `set the Input shape to ${fmt(sampleShape)}`
  if (sampleShape.length === 1)
    return `data rows have ${sampleShape[0]} features but the model input is ${fmt(inputShape)}: ${fix}`
  return `data samples have shape ${fmt(sampleShape)} but the model input is ${fmt(inputShape)}: ${fix}`
}

/**
 * Do the labels fit the model's output (one sample's shape, batch excluded)? Class ids need
 * `[C]` logits with C at least the number of classes (or one logit for two classes, as
 * `bce_with_logits` takes them); float targets need the output's shape.
 * Returns null when they fit, else a one-line message with the fix.
 */
export function checkLabelShape(labels: Labels, outputShape: readonly number[]): string | null {
  if (labels.kind === 'classes') {
    const classes = outputShape.length === 1 ? outputShape[0]! : -1
    // [C] logits for cross_entropy, or one logit for a two-class bce_with_logits model.
    if (classes >= labels.numClasses || (classes === 1 && labels.numClasses <= 2)) return null
    return `labels have ${labels.numClasses} classes but the model output is ${fmt(outputShape)}: make the last layer output ${labels.numClasses} values (e.g. Dense out_features=${labels.numClasses})`
  }
  if (same(labels.shape, outputShape)) return null
  return `targets have shape ${fmt(labels.shape)} but the model output is ${fmt(outputShape)}: make the last layer output ${fmt(labels.shape)}`
}
