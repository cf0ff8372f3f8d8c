import { float } from '../params'
import { perSample } from '../rules/dims'
import { notConnected } from '../rules/issues'
import { defineLayer, ok } from '../types'

/** torch.nn.Dropout: zeroes elements with probability p in training, scales the rest by 1/(1-p). */
export const dropout = defineLayer({
  type: 'dropout',
  label: 'Dropout',
  category: 'core',
  doc: 'Randomly zeroes elements with probability p while training and scales the rest by 1/(1-p); identity in eval.',
  torch: 'torch.nn.Dropout',
  params: {
    p: float({ default: 0.5, min: 0, max: 1, doc: 'Probability of an element being zeroed.' }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x] }) => (x ? ok(x) : notConnected('x')),
  paramCount: () => 0,
  flops: ({ inputs: [x] }) => 2 * perSample(x!),
  // eval mode: the identity, so the input tensor passes straight through
  onnx: { emit: ({ inputs }) => inputs[0]?.name ?? '' },
})
