import { onnxInput } from '../../onnx/mapping'
import { perSample } from '../rules/dims'
import { notConnected } from '../rules/issues'
import { defineLayer, ok } from '../types'

/** torch.nn.Tanh: Hyperbolic tangent, elementwise. */
export const tanh = defineLayer({
  type: 'tanh',
  label: 'Tanh',
  category: 'activation',
  doc: 'Hyperbolic tangent, elementwise.',
  torch: 'torch.nn.Tanh',
  params: {},
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x] }) => (x ? ok(x) : notConnected('x')),
  paramCount: () => 0,
  flops: ({ inputs: [x] }) => 6 * perSample(x!),
  onnx: { emit: ({ b, inputs }) => b.node('Tanh', [onnxInput(inputs, 0, 'x').name]) },
})
