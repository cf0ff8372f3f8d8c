import { onnxInput } from '../../onnx/mapping'
import { type Dim, formatShape } from '../../shapes/shape'
import { perSample } from '../rules/dims'
import { notConnected, wrongRank } from '../rules/issues'
import { defineLayer, ok } from '../types'

/** torch.nn.AdaptiveAvgPool2d(1): the mean over H and W of each channel, kept as 1×1. */
export const globalAvgPool = defineLayer({
  type: 'globalAvgPool',
  label: 'Global Avg Pool',
  category: 'pooling',
  doc: 'Mean over the spatial dims: [N, C, H, W] -> [N, C, 1, 1] (follow with Flatten for Dense).',
  torch: 'torch.nn.AdaptiveAvgPool2d(1)',
  params: {},
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x] }) => {
    if (!x) return notConnected('x')
    if (x.length !== 4) return wrongRank('x', 'Global Avg Pool', formatShape(['N', 'C', 'H', 'W']), x)
    return ok([x[0] as Dim, x[1] as Dim, 1, 1])
  },
  paramCount: () => 0,
  flops: ({ inputs: [x] }) => perSample(x!),
  onnx: { emit: ({ b, inputs }) => b.node('GlobalAveragePool', [onnxInput(inputs, 0, 'x').name]) },
})
