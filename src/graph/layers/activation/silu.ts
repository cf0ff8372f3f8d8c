import { onnxInput } from '../../onnx/mapping'
import { perSample } from '../rules/dims'
import { notConnected } from '../rules/issues'
import { defineLayer, ok } from '../types'

/** torch.nn.SiLU: Sigmoid linear unit (swish): x·σ(x), elementwise. */
export const silu = defineLayer({
  type: 'silu',
  label: 'SiLU',
  category: 'activation',
  doc: 'Sigmoid linear unit (swish): x·σ(x), elementwise.',
  torch: 'torch.nn.SiLU',
  params: {},
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x] }) => (x ? ok(x) : notConnected('x')),
  paramCount: () => 0,
  flops: ({ inputs: [x] }) => 5 * perSample(x!),
  onnx: {
    emit: ({ b, inputs }) => {
      const x = onnxInput(inputs, 0, 'x').name
      return b.node('Mul', [x, b.node('Sigmoid', [x])])
    },
  },
})
