import { type OnnxMapping, onnxFloat, onnxInput } from '../../onnx/mapping'
import { formatShape, type Shape } from '../../shapes/shape'
import { bool, float, int, optionalFloat } from '../params'
import { ok, type ShapeResult } from '../types'
import { notConnected, paramMismatch, wrongRank } from './issues'

/** The params BatchNorm1d/2d share, resolved. */
export interface BatchNormParams {
  num_features: number
  eps: number
  momentum: number | null
  affine: boolean
  track_running_stats: boolean
}

/**
 * Shape rule of BatchNorm1d (`ranks` [2, 3]) and BatchNorm2d (`ranks` [4]): channels at dim 1
 * must equal `num_features`; the output has the input's shape.
 */
export function batchNormShape(
  x: Shape | undefined,
  p: BatchNormParams,
  ranks: readonly number[],
  label: string,
  layout: string,
): ShapeResult {
  if (!x) return notConnected('x')
  if (!ranks.includes(x.length)) return wrongRank('x', label, layout, x)
  const c = x[1]
  if (typeof c === 'number' && c !== p.num_features)
    return paramMismatch('x', 'num_features', p.num_features, c, x, formatShape(['N', p.num_features, '...']))
  return ok(x)
}

/** Learned scale and shift per channel; running stats are buffers, not parameters. */
export function batchNormParamCount(p: BatchNormParams): number {
  return p.affine ? 2 * p.num_features : 0
}

/** The params BatchNorm1d and BatchNorm2d share, in PyTorch's constructor order. */
export function batchNormParamSpecs() {
  return {
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
  }
}

/**
 * The ONNX form of BatchNorm1d/2d in eval mode: BatchNormalization with the running statistics
 * (ones and zeros for scale and shift without `affine`). Without running stats PyTorch
 * normalizes with the batch's own mean and biased variance even in eval, and so does the
 * spelled-out form used then.
 */
export const batchNormOnnx: OnnxMapping<ReturnType<typeof batchNormParamSpecs>> = {
  emit: ({ b, params: p, inputs }) => {
    const x = onnxInput(inputs, 0, 'x')
    const c = p.num_features
    if (p.track_running_stats) {
      const scale = p.affine ? b.param('weight', [c]) : b.floats(new Float32Array(c).fill(1), [c])
      const shift = p.affine ? b.param('bias', [c]) : b.floats(new Float32Array(c), [c])
      const mean = b.buffer('running_mean', [c])
      const variance = b.buffer('running_var', [c])
      return b.node('BatchNormalization', [x.name, scale, shift, mean, variance], {
        epsilon: onnxFloat(p.eps),
      })
    }
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1)
    const mean = b.node('ReduceMean', [x.name], { axes, keepdims: 1 })
    const centered = b.node('Sub', [x.name, mean])
    const variance = b.node('ReduceMean', [b.node('Mul', [centered, centered])], { axes, keepdims: 1 })
    const std = b.node('Sqrt', [b.node('Add', [variance, b.floats([p.eps], [])])])
    const y = b.node('Div', [centered, std])
    if (!p.affine) return y
    const perChannel = b.ints(x.shape.map((_, i) => (i === 1 ? c : 1)))
    const scale = b.node('Reshape', [b.param('weight', [c]), perChannel])
    return b.node('Add', [b.node('Mul', [y, scale]), b.node('Reshape', [b.param('bias', [c]), perChannel])])
  },
}
