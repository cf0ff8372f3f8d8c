import { type GraphBuilder, ONES, type Value, ZEROS } from '../../../engine'
import { batchNorm1d } from '../../layers/normalization/batchNorm1d'
import { batchNorm2d } from '../../layers/normalization/batchNorm2d'
import { layerNorm } from '../../layers/normalization/layerNorm'
import type { BatchNormParams } from '../../layers/rules/batchNorm'
import type { NodeContext } from '../lowerContext'
import { defineLowering, need } from '../lowering'

/** (x - mean) / sqrt(var + eps), then the affine scale and shift when given. */
function normalize(
  g: GraphBuilder,
  x: Value,
  mean: Value,
  variance: Value,
  eps: number,
  w?: Value,
  b?: Value,
): Value {
  let y = g.mul(g.sub(x, mean), g.rsqrt(g.add(variance, eps)))
  if (w) y = g.mul(y, w)
  if (b) y = g.add(y, b)
  return y
}

/**
 * F.batch_norm over channels at dim 1 of [N, C] / [N, C, L] / [N, C, H, W]. Training (or no
 * running stats): batch mean and biased variance normalize; the running stats (when tracked)
 * become (1 - m)·running + m·batch with the unbiased variance, m = momentum or, for momentum
 * None, 1 / num_batches_tracked; num_batches_tracked counts the training batches. Eval with
 * running stats: they normalize. weight = 1, bias = 0, running_mean = 0, running_var = 1.
 */
export function batchNorm(ctx: NodeContext, x: Value, p: BatchNormParams): Value {
  const g = ctx.g
  const c = p.num_features
  const bshape = x.shape.map((d, i) => (i === 1 ? d : 1))
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1)
  const w = p.affine ? g.reshape(ctx.param('weight', [c], ONES), bshape) : undefined
  const b = p.affine ? g.reshape(ctx.param('bias', [c], ZEROS), bshape) : undefined
  if (!p.track_running_stats || ctx.training) {
    const n = x.shape.reduce((a, d, i) => (i === 1 ? a : a * d), 1)
    if (ctx.training && n <= 1)
      throw new Error(
        `${ctx.path}: BatchNorm in training needs more than 1 value per channel, got input [${x.shape.join(', ')}].`,
      )
    const mean = g.mean(x, axes, true)
    const centered = g.sub(x, mean)
    const variance = g.mean(g.mul(centered, centered), axes, true)
    if (p.track_running_stats) {
      const runningMean = ctx.buffer('running_mean', [c], ZEROS)
      const runningVar = ctx.buffer('running_var', [c], ONES)
      const tracked = ctx.buffer('num_batches_tracked', [], ZEROS)
      const count = g.add(tracked, 1)
      const m: Value | number = p.momentum === null ? g.div(1, count) : p.momentum
      const keep = typeof m === 'number' ? 1 - m : g.sub(1, m)
      const batchMean = g.reshape(g.detach(mean), [c])
      const unbiased = g.mul(g.reshape(g.detach(variance), [c]), n / (n - 1))
      ctx.updateBuffer(runningMean, g.add(g.mul(runningMean, keep), g.mul(batchMean, m)))
      ctx.updateBuffer(runningVar, g.add(g.mul(runningVar, keep), g.mul(unbiased, m)))
      ctx.updateBuffer(tracked, count)
    }
    return normalize(g, x, mean, variance, p.eps, w, b)
  }
  const runningMean = ctx.buffer('running_mean', [c], ZEROS)
  const runningVar = ctx.buffer('running_var', [c], ONES)
  ctx.buffer('num_batches_tracked', [], ZEROS)
  return normalize(g, x, g.reshape(runningMean, bshape), g.reshape(runningVar, bshape), p.eps, w, b)
}

export const lowerBatchNorm1d = defineLowering(batchNorm1d, ({ ctx, params, inputs }) =>
  batchNorm(ctx, need(inputs, 0, 'x'), params),
)

export const lowerBatchNorm2d = defineLowering(batchNorm2d, ({ ctx, params, inputs }) =>
  batchNorm(ctx, need(inputs, 0, 'x'), params),
)

/**
 * nn.LayerNorm: mean and biased variance over the trailing normalized_shape dims; weight = 1
 * and bias = 0 of that shape (bias only when `bias`, as torch >= 2.1 allows).
 */
export const lowerLayerNorm = defineLowering(layerNorm, ({ ctx, g, params: p, inputs }) => {
  const x = need(inputs, 0, 'x')
  const shape = p.normalized_shape ?? [x.shape[x.shape.length - 1]!]
  const axes = shape.map((_, i) => x.shape.length - shape.length + i)
  const mean = g.mean(x, axes, true)
  const centered = g.sub(x, mean)
  const variance = g.mean(g.mul(centered, centered), axes, true)
  const w = p.elementwise_affine ? ctx.param('weight', shape, ONES) : undefined
  const b = p.elementwise_affine && p.bias ? ctx.param('bias', shape, ZEROS) : undefined
  return normalize(g, x, mean, variance, p.eps, w, b)
})
