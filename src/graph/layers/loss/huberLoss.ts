import { choice, float } from '../params'
import { perSample } from '../rules/dims'
import { pointwiseLoss, REDUCTIONS } from '../rules/loss'
import { defineLayer, fail } from '../types'

/** torch.nn.HuberLoss: Huber loss: squared error below delta, linear (delta·(|d| - delta/2)) above, reduced. */
export const huberLoss = defineLayer({
  type: 'huberLoss',
  label: 'Huber Loss',
  category: 'loss',
  doc: 'Huber loss: squared error below delta, linear (delta·(|d| - delta/2)) above, reduced.',
  torch: 'torch.nn.HuberLoss',
  params: {
    reduction: choice({
      default: 'mean',
      options: REDUCTIONS,
      doc: "'mean' or 'sum' of the elementwise losses (a scalar), or 'none' to keep them.",
    }),
    delta: float({
      default: 1,
      min: 0,
      doc: 'Where the loss turns from quadratic to linear; must be positive.',
    }),
  },
  inputs: [{ name: 'input' }, { name: 'target' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [input, target], params }) =>
    params.delta > 0
      ? pointwiseLoss(input, target, params.reduction)
      : fail({
          message: `delta must be positive but is ${params.delta}.`,
          expected: 'delta > 0',
          actual: String(params.delta),
          fix: { kind: 'setParam', param: 'delta', value: 1, label: 'set delta to 1' },
        }),
  paramCount: () => 0,
  flops: ({ inputs: [input] }) => 5 * perSample(input!),
})
