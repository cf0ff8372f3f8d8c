import { bool, float, int, optionalFloat } from '../params'
import { batchNormParamCount, batchNormShape } from '../rules/batchNorm'
import { perSample } from '../rules/dims'
import { defineLayer } from '../types'

/** torch.nn.BatchNorm2d: normalise each channel of `[N, C, H, W]` over N, H and W. */
export const batchNorm2d = defineLayer({
  type: 'batchNorm2d',
  label: 'BatchNorm2d',
  category: 'normalization',
  doc: 'Batch normalization per channel of [N, C, H, W], with running statistics for eval.',
  torch: 'torch.nn.BatchNorm2d',
  params: {
    num_features: int({
      default: 1,
      min: 1,
      required: true,
      inferredFromInput: true,
      doc: 'Channels C of the input (dim 1).',
    }),
    eps: float({ default: 1e-5, min: 0, doc: 'Added to the variance for numerical stability.' }),
    momentum: optionalFloat({
      default: 0.1,
      min: 0,
      doc: 'Running-stats update factor; null (None) keeps a cumulative average.',
    }),
    affine: bool({ default: true, doc: 'Learn a per-channel scale (weight) and shift (bias).' }),
    track_running_stats: bool({ default: true, doc: 'Keep running mean/var for eval mode.' }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) => batchNormShape(x, params, [4], 'BatchNorm2d', '[N, C, H, W]'),
  paramCount: ({ params }) => batchNormParamCount(params),
  flops: ({ inputs: [x] }) => 4 * perSample(x!),
})
