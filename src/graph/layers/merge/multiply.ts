import { perSample } from '../rules/dims'
import { broadcastAll } from '../rules/elementwise'
import { defineLayer } from '../types'

/** torch.mul: the elementwise product of any number of inputs, with broadcasting (gates). */
export const multiply = defineLayer({
  type: 'multiply',
  label: 'Multiply',
  category: 'merge',
  doc: 'Elementwise product of two or more inputs, with PyTorch broadcasting.',
  torch: 'torch.mul',
  params: {},
  inputs: [{ name: 'in', variadic: { minCount: 2 } }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs }) => broadcastAll(inputs, 'Multiply'),
  paramCount: () => 0,
  flops: ({ inputs, outputs: [out] }) => (inputs.length - 1) * perSample(out!),
  onnx: {
    emit: ({ b, inputs }) =>
      inputs.slice(1).reduce((prod, x) => b.node('Mul', [prod, x.name]), inputs[0]!.name),
  },
})
