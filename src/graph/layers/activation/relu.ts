import { onnxInput } from '../../onnx/mapping'
import { defineLayer, fail, ok } from '../types'

/** torch.nn.ReLU: max(0, x), elementwise. */
export const relu = defineLayer({
  type: 'relu',
  label: 'ReLU',
  category: 'activation',
  doc: 'Rectified linear unit: max(0, x), elementwise.',
  torch: 'torch.nn.ReLU',
  params: {},
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x] }) => (x ? ok(x) : fail({ port: 'x', message: 'Input x is not connected.' })),
  paramCount: () => 0,
  flops: ({ inputs: [x] }) => x!.slice(1).reduce<number>((n, d) => n * (typeof d === 'number' ? d : 1), 1),
  onnx: { emit: ({ b, inputs }) => b.node('Relu', [onnxInput(inputs, 0, 'x').name]) },
})
