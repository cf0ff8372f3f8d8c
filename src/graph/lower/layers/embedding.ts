import type { GraphBuilder, Value } from '../../../engine'
import { embedding } from '../../layers/embedding/embedding'
import { defineLowering, need } from '../lowering'

/**
 * Rows of `table` the ids `ids` read, renormalized as torch.embedding_renorm_ does: a read row
 * whose p-norm exceeds max_norm is scaled by max_norm / (norm + 1e-7). Computed without
 * gradient (PyTorch does it in place under no_grad).
 */
function renormed(g: GraphBuilder, table: Value, ids: Value, maxNorm: number, p: number): Value {
  const rows = table.shape[0]!
  const t = g.detach(table)
  const norms =
    p === 2
      ? g.sqrt(g.sum(g.mul(t, t), 1, true))
      : p === 1
        ? g.sum(g.abs(t), 1, true)
        : g.pow(g.sum(g.pow(g.abs(t), p), 1, true), 1 / p)
  const read = g.gt(
    g.scatterAdd(g.reshape(ids, [-1]), g.full([ids.shape.reduce((a, d) => a * d, 1), 1], 1), rows),
    0,
  )
  const over = g.mul(read, g.gt(norms, maxNorm))
  const scale = g.where(over, g.div(maxNorm, g.add(norms, 1e-7)), 1)
  return g.mul(t, scale)
}

/**
 * nn.Embedding: weight [num_embeddings, embedding_dim] ~ N(0, 1) with the padding_idx row zero.
 * The padding row's gradient is zero (it is read through a detached copy); max_norm renormalizes
 * the rows read before the lookup and the optimizer then updates the renormalized table, as
 * PyTorch's in-place renorm leaves it.
 */
export const lowerEmbedding = defineLowering(embedding, ({ ctx, g, params: p, inputs }) => {
  const ids = need(inputs, 0, 'x')
  const n = p.num_embeddings
  const pad = p.padding_idx === null ? undefined : p.padding_idx < 0 ? p.padding_idx + n : p.padding_idx
  const weight = ctx.param('weight', [n, p.embedding_dim], {
    kind: 'normal',
    mean: 0,
    std: 1,
    ...(pad !== undefined ? { zeroRow: pad } : {}),
  })
  let table = weight
  if (p.max_norm !== null) {
    const after = renormed(g, weight, ids, p.max_norm, p.norm_type)
    ctx.paramChangedInPlace(weight, after)
    // the renormalized values, with the gradient flowing to the weight as PyTorch's does
    table = g.add(weight, g.sub(after, g.detach(weight)))
  }
  if (pad !== undefined) {
    const keep = new Float32Array(n).fill(1)
    keep[pad] = 0
    table = g.where(g.constant(keep, [n, 1]), table, g.detach(table))
  }
  return g.gather(table, ids)
})
