import { batchNormOnnx, batchNormParamCount, batchNormParamSpecs, batchNormShape } from '../rules/batchNorm'
import { perSample } from '../rules/dims'
import { defineLayer } from '../types'

/** torch.nn.BatchNorm2d: normalise each channel of `[N, C, H, W]` over N, H and W. */
export const batchNorm2d = defineLayer({
  type: 'batchNorm2d',
  label: 'BatchNorm2d',
  category: 'normalization',
  doc: 'Batch normalization per channel of [N, C, H, W], with running statistics for eval.',
  torch: 'torch.nn.BatchNorm2d',
  params: batchNormParamSpecs(),
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) => batchNormShape(x, params, [4], 'BatchNorm2d', '[N, C, H, W]'),
  paramCount: ({ params }) => batchNormParamCount(params),
  flops: ({ inputs: [x] }) => 4 * perSample(x!),
  onnx: batchNormOnnx,
})
