import { choice } from '../params'
import { perSample } from '../rules/dims'
import { notConnected } from '../rules/issues'
import { defineLayer, ok } from '../types'

/** torch.nn.GELU: x·Φ(x), exact (erf) or with the tanh approximation. */
export const gelu = defineLayer({
  type: 'gelu',
  label: 'GELU',
  category: 'activation',
  doc: 'Gaussian error linear unit: x·Φ(x), elementwise.',
  torch: 'torch.nn.GELU',
  params: {
    approximate: choice({
      default: 'none',
      options: ['none', 'tanh'],
      doc: "'none' for the exact erf form, 'tanh' for the tanh approximation.",
    }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x] }) => (x ? ok(x) : notConnected('x')),
  paramCount: () => 0,
  flops: ({ inputs: [x] }) => 8 * perSample(x!),
})
