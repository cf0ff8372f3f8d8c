import { onnxInput } from '../../onnx/mapping'
import { perSample } from '../rules/dims'
import { notConnected } from '../rules/issues'
import { defineLayer, ok } from '../types'

/** torch.nn.Sigmoid: Logistic sigmoid: 1 / (1 + e^-x), elementwise. */
export const sigmoid = defineLayer({
  type: 'sigmoid',
  label: 'Sigmoid',
  category: 'activation',
  doc: 'Logistic sigmoid: 1 / (1 + e^-x), elementwise.',
  torch: 'torch.nn.Sigmoid',
  params: {},
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x] }) => (x ? ok(x) : notConnected('x')),
  paramCount: () => 0,
  flops: ({ inputs: [x] }) => 4 * perSample(x!),
  onnx: { emit: ({ b, inputs }) => b.node('Sigmoid', [onnxInput(inputs, 0, 'x').name]) },
})
