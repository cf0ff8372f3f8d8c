import { fanInBias, type GraphBuilder, kaimingUniform, type Value } from '../../../engine'
import { dense } from '../../layers/core/dense'
import { dropout } from '../../layers/core/dropout'
import type { NodeContext } from '../lowerContext'
import { defineLowering, need } from '../lowering'

/**
 * F.linear: x @ Wᵀ + b over the last dim, W [out, in] and b [out] initialized as nn.Linear does
 * (kaiming_uniform with a = sqrt(5), i.e. U(±1/sqrt(in)), for both). Shared by Dense and by the
 * projections of MultiHeadAttention.
 */
export function linear(
  ctx: NodeContext,
  x: Value,
  inFeatures: number,
  outFeatures: number,
  o: { bias: boolean; prefix?: string },
): Value {
  const g = ctx.g
  const shape = [outFeatures, inFeatures]
  const w = ctx.param(`${o.prefix ?? ''}weight`, shape, kaimingUniform(shape))
  const y = g.matmul(x, g.transpose(w, 0, 1))
  return o.bias ? g.add(y, ctx.param(`${o.prefix ?? ''}bias`, [outFeatures], fanInBias(shape))) : y
}

/** x @ wᵀ (+ b) with given weight and bias values (already declared). */
export function project(g: GraphBuilder, x: Value, w: Value, b?: Value): Value {
  const y = g.matmul(x, g.transpose(w, 0, 1))
  return b ? g.add(y, b) : y
}

export const lowerDense = defineLowering(dense, ({ ctx, params, inputs }) =>
  linear(ctx, need(inputs, 0, 'x'), params.in_features, params.out_features, { bias: params.bias }),
)

export const lowerDropout = defineLowering(dropout, ({ ctx, params, inputs }) =>
  ctx.dropout(need(inputs, 0, 'x'), params.p),
)
