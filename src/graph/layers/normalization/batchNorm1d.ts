import { bool, float, int, optionalFloat } from '../params'
import { batchNormParamCount, batchNormShape } from '../rules/batchNorm'
import { perSample } from '../rules/dims'
import { defineLayer } from '../types'

/** torch.nn.BatchNorm1d: normalise each channel of `[N, C]` or `[N, C, L]` over N (and L). */
export const batchNorm1d = defineLayer({
  type: 'batchNorm1d',
  label: 'BatchNorm1d',
  category: 'normalization',
  doc: 'Batch normalization per channel of [N, C] or [N, C, L], with running statistics for eval.',
  torch: 'torch.nn.BatchNorm1d',
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
  inferShape: ({ inputs: [x], params }) =>
    batchNormShape(x, params, [2, 3], 'BatchNorm1d', '[N, C] or [N, C, L]'),
  paramCount: ({ params }) => batchNormParamCount(params),
  flops: ({ inputs: [x] }) => 4 * perSample(x!),
})
