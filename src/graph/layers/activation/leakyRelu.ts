import { onnxFloat, onnxInput } from '../../onnx/mapping'
import { float } from '../params'
import { perSample } from '../rules/dims'
import { notConnected } from '../rules/issues'
import { defineLayer, ok } from '../types'

/** torch.nn.LeakyReLU: x for x >= 0, negative_slope·x below. */
export const leakyRelu = defineLayer({
  type: 'leakyRelu',
  label: 'LeakyReLU',
  category: 'activation',
  doc: 'Leaky rectifier: x where x >= 0, negative_slope·x elsewhere.',
  torch: 'torch.nn.LeakyReLU',
  params: {
    negative_slope: float({ default: 0.01, doc: 'Slope for negative inputs.' }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x] }) => (x ? ok(x) : notConnected('x')),
  paramCount: () => 0,
  flops: ({ inputs: [x] }) => 2 * perSample(x!),
  onnx: {
    emit: ({ b, params, inputs }) =>
      b.node('LeakyRelu', [onnxInput(inputs, 0, 'x').name], { alpha: onnxFloat(params.negative_slope) }),
  },
})
