import { perSample } from '../rules/dims'
import { broadcastAll } from '../rules/elementwise'
import { defineLayer } from '../types'

/** torch.add: the elementwise sum of any number of inputs, with broadcasting (residual connections). */
export const add = defineLayer({
  type: 'add',
  label: 'Add',
  category: 'merge',
  doc: 'Elementwise sum of two or more inputs, with PyTorch broadcasting.',
  torch: 'torch.add',
  params: {},
  inputs: [{ name: 'in', variadic: { minCount: 2 } }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs }) => broadcastAll(inputs, 'Add'),
  paramCount: () => 0,
  flops: ({ inputs, outputs: [out] }) => (inputs.length - 1) * perSample(out!),
  onnx: {
    emit: ({ b, inputs }) =>
      inputs.slice(1).reduce((sum, x) => b.node('Add', [sum, x.name]), inputs[0]!.name),
  },
})
