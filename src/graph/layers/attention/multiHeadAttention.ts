import { linearOnnx, type OnnxValue, onnxInput } from '../../onnx/mapping'
import { type Dim, formatShape, type Shape } from '../../shapes/shape'
import { bool, float, int, optionalInt } from '../params'
import { notConnected, paramMismatch, wrongRank } from '../rules/issues'
import { defineLayer, fail, ok, type ShapeResult } from '../types'

/** The largest divisor of `n` not above `limit`: a head count that splits embed_dim evenly. */
function divisorBelow(n: number, limit: number): number {
  for (let h = Math.min(n, limit); h > 1; h--) if (n % h === 0) return h
  return 1
}

/** Key/value checks: `[N, S, dim]` where `dim` is kdim/vdim (embed_dim when null). */
function checkKv(
  port: string,
  s: Shape,
  param: string,
  value: number | null,
  embed: number,
): ShapeResult | undefined {
  const layout = `[N, S, ${param}]`
  if (s.length !== 3) return wrongRank(port, 'MultiheadAttention', layout, s)
  const want = value ?? embed
  const last = s[2]
  if (typeof last === 'number' && last !== want)
    return paramMismatch(port, param, want, last, s, `[N, S, ${want}]`)
  return undefined
}

/** A numeric clash in dim `i` of two inputs, as an issue on `port`. */
function clash(
  port: string,
  a: Shape,
  b: Shape,
  i: number,
  what: string,
  other: string,
): ShapeResult | undefined {
  const x = a[i]
  const y = b[i]
  if (typeof x !== 'number' || typeof y !== 'number' || x === y) return undefined
  return fail({
    port,
    message: `${what} of ${port} ${formatShape(b)} (${y}) differs from ${other} ${formatShape(a)} (${x}).`,
    expected: `${x} at dim ${i}`,
    actual: formatShape(b),
  })
}

/**
 * torch.nn.MultiheadAttention with `batch_first=True`; the output is attn_output only
 * (attention weights are not returned). key and value default to query (self-attention).
 */
export const multiHeadAttention = defineLayer({
  type: 'multiHeadAttention',
  label: 'Multi-Head Attention',
  category: 'attention',
  doc: 'Scaled dot-product attention with num_heads heads: query [N, L, E], key/value [N, S, *] -> [N, L, E].',
  torch: 'torch.nn.MultiheadAttention(batch_first=True)',
  params: {
    embed_dim: int({
      default: 8,
      min: 1,
      required: true,
      inferredFromInput: true,
      doc: 'Model width E: last dim of the query and of the output.',
    }),
    num_heads: int({ default: 1, min: 1, required: true, doc: 'Parallel heads; must divide embed_dim.' }),
    dropout: float({ default: 0, min: 0, max: 1, doc: 'Dropout on the attention weights.' }),
    bias: bool({ default: true, doc: 'Learn biases in the input and output projections.' }),
    add_bias_kv: bool({ default: false, doc: 'Learn a bias vector appended to key and value sequences.' }),
    add_zero_attn: bool({ default: false, doc: 'Append a zero step to key and value sequences.' }),
    kdim: optionalInt({ default: null, min: 1, doc: 'Features of key; null (None) means embed_dim.' }),
    vdim: optionalInt({ default: null, min: 1, doc: 'Features of value; null (None) means embed_dim.' }),
  },
  inputs: [
    { name: 'query', doc: '[N, L, embed_dim]' },
    { name: 'key', optional: true, doc: '[N, S, kdim]; defaults to query (self-attention).' },
    {
      name: 'value',
      optional: true,
      doc: '[N, S, vdim]; defaults to key (so to query when both are unset).',
    },
  ],
  outputs: [{ name: 'out', doc: 'attn_output [N, L, embed_dim]' }],
  inferShape: ({ inputs, params }) => {
    const [q, k0, v0] = inputs
    if (!q) return notConnected('query')
    const e = params.embed_dim
    if (e % params.num_heads !== 0) {
      const h = divisorBelow(e, params.num_heads)
      return fail({
        message: `embed_dim (${e}) must be divisible by num_heads (${params.num_heads}).`,
        expected: `num_heads dividing ${e}`,
        actual: `num_heads=${params.num_heads}`,
        fix: { kind: 'setParam', param: 'num_heads', value: h, label: `set num_heads to ${h}` },
      })
    }
    if (q.length !== 3) return wrongRank('query', 'MultiheadAttention', '[N, L, embed_dim]', q)
    const last = q[2]
    if (typeof last === 'number' && last !== e)
      return paramMismatch('query', 'embed_dim', e, last, q, `[N, L, ${e}]`)
    // ports arrive in order, connected ones only: a lone second input serves as key and value
    const k = k0 ?? q
    const v = v0 ?? k
    const kPort = k0 ? 'key' : 'query'
    const vPort = v0 ? 'value' : kPort
    const bad =
      checkKv(kPort, k, 'kdim', params.kdim, e) ??
      checkKv(vPort, v, 'vdim', params.vdim, e) ??
      clash(kPort, q, k, 0, 'Batch size', 'query') ??
      clash(vPort, q, v, 0, 'Batch size', 'query') ??
      clash(vPort, k, v, 1, 'Sequence length', 'key')
    if (bad) return bad
    return ok([q[0] as Dim, q[1] as Dim, e])
  },
  paramCount: ({ params }) => {
    const e = params.embed_dim
    const kdim = params.kdim ?? e
    const vdim = params.vdim ?? e
    const inProj = e * e + e * kdim + e * vdim // in_proj_weight, or q/k/v_proj_weight when kdim/vdim differ
    const biases = params.bias ? 3 * e + e : 0 // in_proj_bias + out_proj.bias
    const biasKv = params.add_bias_kv ? 2 * e : 0
    return inProj + e * e + biases + biasKv
  },
  flops: ({ inputs, params }) => {
    const [q, k0, v0] = inputs
    const e = params.embed_dim
    const len = (s: Shape | undefined) => (s && typeof s[1] === 'number' ? s[1] : 1)
    const l = len(q)
    const s = len(k0 ?? q) + (params.add_bias_kv ? 1 : 0) + (params.add_zero_attn ? 1 : 0)
    const kdim = params.kdim ?? e
    const vdim = params.vdim ?? e
    const proj = 2 * l * e * e + 2 * len(k0 ?? q) * e * kdim + 2 * len(v0 ?? k0 ?? q) * e * vdim
    const attend = 2 * l * s * e * 2 + 5 * params.num_heads * l * s
    return proj + attend + 2 * l * e * e
  },
  // the eval-mode lowering spelled out in ONNX ops (opset 17 has no attention op): project,
  // append bias_k/v and a zero step, split heads, softmax(q·kᵀ/√d)·v, merge heads, out_proj
  onnx: {
    emit: ({ b, params: p, inputs }) => {
      const query = onnxInput(inputs, 0, 'query')
      const key = inputs[1] ?? query
      const value = inputs[2] ?? key
      const e = p.embed_dim
      const heads = p.num_heads
      const d = e / heads
      const kdim = p.kdim ?? e
      const vdim = p.vdim ?? e
      const [wq, wk, wv] =
        kdim === e && vdim === e
          ? b.nodes('Split', [b.param('in_proj_weight', [3 * e, e])], 3, { axis: 0 })
          : [
              b.param('q_proj_weight', [e, e]),
              b.param('k_proj_weight', [e, kdim]),
              b.param('v_proj_weight', [e, vdim]),
            ]
      const [bq, bk, bv] = p.bias ? b.nodes('Split', [b.param('in_proj_bias', [3 * e])], 3, { axis: 0 }) : []
      const as3d = (name: string): OnnxValue => ({ name, shape: [0, 0, 0], dtype: 'float' })
      const q = linearOnnx(b, as3d(query.name), wq!, bq)
      let k = linearOnnx(b, as3d(key.name), wk!, bk)
      let v = linearOnnx(b, as3d(value.name), wv!, bv)
      // [N, ...rest]: the batch size read from the query at run time
      const batchOf = (rest: number[]) =>
        b.node('Concat', [b.node('Shape', [query.name], { start: 0, end: 1 }), b.ints(rest)], { axis: 0 })
      if (p.add_bias_kv) {
        const n1e = batchOf([1, e])
        k = b.node('Concat', [k, b.node('Expand', [b.param('bias_k', [1, 1, e]), n1e])], { axis: 1 })
        v = b.node('Concat', [v, b.node('Expand', [b.param('bias_v', [1, 1, e]), n1e])], { axis: 1 })
      }
      const split = (t: string) =>
        b.node('Transpose', [b.node('Reshape', [t, b.ints([0, 0, heads, d])])], { perm: [0, 2, 1, 3] })
      const qh = b.node('Div', [split(q), b.floats([Math.sqrt(d)], [])])
      let kh = split(k)
      let vh = split(v)
      if (p.add_zero_attn) {
        const zeros = b.node('Expand', [b.floats([0], [1, 1, 1, 1]), batchOf([heads, 1, d])])
        kh = b.node('Concat', [kh, zeros], { axis: 2 })
        vh = b.node('Concat', [vh, zeros], { axis: 2 })
      }
      const scores = b.node('MatMul', [qh, b.node('Transpose', [kh], { perm: [0, 1, 3, 2] })])
      const attended = b.node('MatMul', [b.node('Softmax', [scores], { axis: -1 }), vh])
      const merged = b.node('Reshape', [
        b.node('Transpose', [attended], { perm: [0, 2, 1, 3] }),
        b.ints([0, 0, e]),
      ])
      return linearOnnx(
        b,
        as3d(merged),
        b.param('out_proj.weight', [e, e]),
        p.bias ? b.param('out_proj.bias', [e]) : undefined,
      )
    },
  },
})
