import {
  type GraphBuilder,
  kaimingUniform,
  type Value,
  xavierNormal,
  xavierUniform,
  ZEROS,
} from '../../../engine'
import { multiHeadAttention } from '../../layers/attention/multiHeadAttention'
import { defineLowering, need } from '../lowering'
import { project } from './core'

/** [N, S, E] -> [N, heads, S, E / heads]: head h takes features h·d .. (h+1)·d - 1, as PyTorch splits them. */
function splitHeads(g: GraphBuilder, x: Value, heads: number): Value {
  const [n, s, e] = x.shape as [number, number, number]
  return g.permute(g.reshape(x, [n, s, heads, e / heads]), [0, 2, 1, 3])
}

/**
 * nn.MultiheadAttention(batch_first=True), returning attn_output only. Parameters and their
 * initialization are PyTorch's: in_proj_weight [3E, E] (or q/k/v_proj_weight when kdim or vdim
 * differ from E) xavier_uniform, in_proj_bias and out_proj.bias zero, out_proj.weight as a Linear,
 * bias_k / bias_v [1, 1, E] xavier_normal. The forward is PyTorch's: project, append bias_k/v to
 * the key/value sequences, split heads, append a zero step (add_zero_attn), softmax(q·kᵀ/√d)
 * with dropout on the weights in training, weighted sum, merge heads, out_proj. Key defaults to
 * query and value to key (the catalogue's rule: a lone second input is key and value).
 */
export const lowerMultiHeadAttention = defineLowering(multiHeadAttention, ({ ctx, g, params: p, inputs }) => {
  const query = need(inputs, 0, 'query')
  const key = inputs[1] ?? query
  const value = inputs[2] ?? key
  const e = p.embed_dim
  const heads = p.num_heads
  const kdim = p.kdim ?? e
  const vdim = p.vdim ?? e
  const [n, l] = query.shape as [number, number]
  let wq: Value
  let wk: Value
  let wv: Value
  if (kdim === e && vdim === e) {
    const w = ctx.param('in_proj_weight', [3 * e, e], xavierUniform([3 * e, e]))
    wq = g.narrow(w, 0, 0, e)
    wk = g.narrow(w, 0, e, e)
    wv = g.narrow(w, 0, 2 * e, e)
  } else {
    wq = ctx.param('q_proj_weight', [e, e], xavierUniform([e, e]))
    wk = ctx.param('k_proj_weight', [e, kdim], xavierUniform([e, kdim]))
    wv = ctx.param('v_proj_weight', [e, vdim], xavierUniform([e, vdim]))
  }
  const inBias = p.bias ? ctx.param('in_proj_bias', [3 * e], ZEROS) : undefined
  const part = (i: number) => (inBias ? g.narrow(inBias, 0, i * e, e) : undefined)
  const q = project(g, query, wq, part(0))
  let k = project(g, key, wk, part(1))
  let v = project(g, value, wv, part(2))
  if (p.add_bias_kv) {
    const bk = ctx.param('bias_k', [1, 1, e], xavierNormal([1, 1, e]))
    const bv = ctx.param('bias_v', [1, 1, e], xavierNormal([1, 1, e]))
    k = g.concat([k, g.expand(bk, [n, 1, e])], 1)
    v = g.concat([v, g.expand(bv, [n, 1, e])], 1)
  }
  const d = e / heads
  const qh = g.div(splitHeads(g, q, heads), Math.sqrt(d))
  let kh = splitHeads(g, k, heads)
  let vh = splitHeads(g, v, heads)
  if (p.add_zero_attn) {
    const zeros = g.full([n, heads, 1, d], 0)
    kh = g.concat([kh, zeros], 2)
    vh = g.concat([vh, zeros], 2)
  }
  const weights = ctx.dropout(g.softmax(g.matmul(qh, g.transpose(kh, -1, -2)), -1), p.dropout)
  const merged = g.reshape(g.permute(g.matmul(weights, vh), [0, 2, 1, 3]), [n, l, e])
  const wo = ctx.param('out_proj.weight', [e, e], kaimingUniform([e, e]))
  const bo = p.bias ? ctx.param('out_proj.bias', [e], ZEROS) : undefined
  return project(g, merged, wo, bo)
})
