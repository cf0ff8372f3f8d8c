import { choice } from '../params'
import { perSample } from '../rules/dims'
import { pointwiseLoss, REDUCTIONS } from '../rules/loss'
import { defineLayer } from '../types'

/** torch.nn.L1Loss: Mean absolute error: |input - target|, reduced. */
export const l1Loss = defineLayer({
  type: 'l1Loss',
  label: 'L1 Loss',
  category: 'loss',
  doc: 'Mean absolute error: |input - target|, reduced.',
  torch: 'torch.nn.L1Loss',
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
