import { batchNormOnnx, batchNormParamCount, batchNormParamSpecs, batchNormShape } from '../rules/batchNorm'
import { perSample } from '../rules/dims'
import { defineLayer } from '../types'

/** torch.nn.BatchNorm1d: normalise each channel of `[N, C]` or `[N, C, L]` over N (and L). */
export const batchNorm1d = defineLayer({
  type: 'batchNorm1d',
  label: 'BatchNorm1d',
  category: 'normalization',
  doc: 'Batch normalization per channel of [N, C] or [N, C, L], with running statistics for eval.',
  torch: 'torch.nn.BatchNorm1d',
  params: batchNormParamSpecs(),
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) =>
    batchNormShape(x, params, [2, 3], 'BatchNorm1d', '[N, C] or [N, C, L]'),
  paramCount: ({ params }) => batchNormParamCount(params),
  flops: ({ inputs: [x] }) => 4 * perSample(x!),
  onnx: batchNormOnnx,
})
