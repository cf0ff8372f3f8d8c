import { numel, type Value } from '../../engine'
import type { LOSSES } from '../document/schema'
import { findLayer } from '../layers'
import { type ParamValue, withDefaults } from '../layers/params'
import type { LowerState } from './lowerContext'
import type { LoweredInput } from './lowerDocument'
import { findLowering } from './registry'

/** A loss of the training setup (`training.loss`). */
export type LossName = (typeof LOSSES)[number]

/** The catalogue layer behind each training-setup loss. */
export const LOSS_LAYERS: Readonly<Record<LossName, string>> = {
  cross_entropy: 'crossEntropy',
  mse: 'mseLoss',
  bce_with_logits: 'bceWithLogitsLoss',
  l1: 'l1Loss',
  huber: 'huberLoss',
}

/**
 * What to minimize: `{ output }` names a document output that already is the loss (a loss node
 * in the graph); `{ type }` applies a training-setup loss to an output (default the first) and
 * adds a target input: class indices [N, ...] (int) for cross_entropy unless `targetDtype` is
 * 'float' (probabilities), else a float tensor shaped like the output.
 */
export type LossSpec =
  | { readonly output: string }
  | {
      readonly type: LossName
      readonly output?: string
      /** The loss layer's params (reduction, label_smoothing, delta, ...); defaults otherwise. */
      readonly params?: Readonly<Record<string, ParamValue>>
      /** Feed name of the target (default 'target'). */
      readonly targetName?: string
      readonly targetDtype?: 'int' | 'float'
    }

/** The loss (and target input) a `LossSpec` adds to a lowered model. */
export function attachLoss(
  state: LowerState,
  outputs: Readonly<Record<string, Value>>,
  inputs: readonly LoweredInput[],
  spec: LossSpec,
): { loss: Value; target?: LoweredInput } {
  const names = Object.keys(outputs)
  if ('output' in spec && !('type' in spec)) {
    const loss = outputs[spec.output]
    if (!loss)
      throw new Error(
        `there is no output "${spec.output}" to use as the loss (outputs: ${names.join(', ')}).`,
      )
    if (numel(loss.shape) !== 1)
      throw new Error(`output "${spec.output}" [${loss.shape.join(', ')}] is not a single number; reduce it.`)
    return { loss }
  }
  const outName = spec.output ?? names[0]
  const prediction = outName === undefined ? undefined : outputs[outName]
  if (!prediction)
    throw new Error(`there is no output "${spec.output ?? ''}" to apply the ${spec.type} loss to.`)
  const targetName = spec.targetName ?? 'target'
  if (inputs.some((i) => i.name === targetName))
    throw new Error(`the model already has an input named "${targetName}"; pass another targetName.`)
  const indices = spec.type === 'cross_entropy' && spec.targetDtype !== 'float'
  const shape = indices ? [prediction.shape[0]!, ...prediction.shape.slice(2)] : prediction.shape
  const g = state.g
  const target = g.input(shape, { name: targetName, dtype: indices ? 'i32' : 'f32' })
  const layer = findLayer(LOSS_LAYERS[spec.type])!
  const lowering = findLowering(layer.type)!
  const [loss] = lowering.lower({
    g,
    ctx: state.node('loss'),
    params: withDefaults(layer.params, { ...spec.params }),
    inputs: [prediction, target],
    ports: ['input', 'target'],
    batch: prediction.shape[0]!,
  })
  return { loss: loss!, target: { name: targetName, value: target } }
}
