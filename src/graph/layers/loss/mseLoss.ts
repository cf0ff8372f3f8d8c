import { choice } from '../params'
import { perSample } from '../rules/dims'
import { pointwiseLoss, REDUCTIONS } from '../rules/loss'
import { defineLayer } from '../types'

/** torch.nn.MSELoss: Mean squared error: (input - target)², reduced. */
export const mseLoss = defineLayer({
  type: 'mseLoss',
  label: 'MSE Loss',
  category: 'loss',
  doc: 'Mean squared error: (input - target)², reduced.',
  torch: 'torch.nn.MSELoss',
  params: {
    reduction: choice({
      default: 'mean',
      options: REDUCTIONS,
      doc: "'mean' or 'sum' of the elementwise losses (a scalar), or 'none' to keep them.",
    }),
  },
  inputs: [{ name: 'input' }, { name: 'target' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [input, target], params }) => pointwiseLoss(input, target, params.reduction),
  paramCount: () => 0,
  flops: ({ inputs: [input] }) => 3 * perSample(input!),
})
