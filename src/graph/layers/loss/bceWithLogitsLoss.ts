import { choice } from '../params'
import { perSample } from '../rules/dims'
import { pointwiseLoss, REDUCTIONS } from '../rules/loss'
import { defineLayer } from '../types'

/** torch.nn.BCEWithLogitsLoss: Binary cross-entropy on logits (sigmoid folded in, numerically stable); target holds probabilities in [0, 1]. */
export const bceWithLogitsLoss = defineLayer({
  type: 'bceWithLogitsLoss',
  label: 'BCE With Logits Loss',
  category: 'loss',
  doc: 'Binary cross-entropy on logits (sigmoid folded in, numerically stable); target holds probabilities in [0, 1].',
  torch: 'torch.nn.BCEWithLogitsLoss',
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
  flops: ({ inputs: [input] }) => 6 * perSample(input!),
})
