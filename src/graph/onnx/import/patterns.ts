import { attrInt, attrInts } from './attributes'
import { liftLinear } from './liftNode'
import { floatConst, type Graph, isAct, isScalar, type LayerSpec, moduleOfNode, otherInput } from './spec'
import { type Activation, type ActNode, isSym, numeric, tidyFloat } from './values'

/**
 * Multi-node patterns PyTorch's exporter spells out, lifted back to one layer each: GELU's erf
 * form, LayerNorm decomposed into ReduceMean/Sub/Pow/Sqrt/Div (torch 1.13 below opset 17), and
 * nn.MultiheadAttention's projections, head split, scaled scores and output projection.
 */

/** x·0.5·(1 + erf(x/√2)) in PyTorch's order (Div, Erf, Add, Mul x, Mul 0.5) or Triad's (0.5·x first). */
export function matchGelu(g: Graph, erf: ActNode): LayerSpec | undefined {
  const pre = g.producer(erf.inputs[0])
  if (!pre || g.only(pre.index) !== erf) return undefined
  const x = pre.inputs.find((v): v is Activation => v?.kind === 'act')
  if (!x) return undefined
  const scale = otherInput(pre, x)
  const scaled =
    pre.op === 'Div' ? isScalar(scale, Math.SQRT2) : pre.op === 'Mul' && isScalar(scale, Math.SQRT1_2)
  if (!scaled) return undefined
  const plus = g.only(erf.index)
  if (plus?.op !== 'Add' || !isScalar(otherInput(plus, erf.out), 1)) return undefined
  const times = g.only(plus.index)
  if (times?.op !== 'Mul') return undefined
  const other = otherInput(times, plus.out)
  const base = moduleOfNode(erf) ?? 'gelu'
  const make = (covers: number[], output: Activation): LayerSpec => ({
    type: 'gelu',
    base,
    params: {},
    inputs: [x],
    output,
    weights: {},
    buffers: {},
    covers,
  })
  if (isAct(other, x)) {
    const half = g.only(times.index)
    if (half?.op !== 'Mul' || !isScalar(otherInput(half, times.out), 0.5)) return undefined
    return make([pre.index, erf.index, plus.index, times.index, half.index], half.out)
  }
  const halfNode = g.producer(other)
  if (halfNode?.op !== 'Mul' || g.only(halfNode.index) !== times) return undefined
  if (
    !isAct(
      halfNode.inputs.find((v) => v?.kind === 'act'),
      x,
    ) ||
    !isScalar(otherInput(halfNode, x), 0.5)
  )
    return undefined
  return make([halfNode.index, pre.index, erf.index, plus.index, times.index], times.out)
}

/** LayerNorm as torch 1.13 writes it below opset 17, anchored at its Sqrt. */
export function matchLayerNorm(g: Graph, sqrt: ActNode): LayerSpec | undefined {
  const addEps = g.producer(sqrt.inputs[0])
  if (addEps?.op !== 'Add') return undefined
  const varMean = g.producer(addEps.inputs.find((v) => v?.kind === 'act'))
  const epsConst = floatConst(addEps.inputs.find((v) => v?.kind === 'float'))
  if (varMean?.op !== 'ReduceMean' || !epsConst || epsConst.data.length !== 1) return undefined
  const pow = g.producer(varMean.inputs[0])
  if (pow?.op !== 'Pow' || !isScalar(pow.inputs[1], 2)) return undefined
  const sub = g.producer(pow.inputs[0])
  if (sub?.op !== 'Sub') return undefined
  const [x, meanV] = sub.inputs
  const mean = g.producer(meanV)
  if (x?.kind !== 'act' || mean?.op !== 'ReduceMean' || !isAct(mean.inputs[0], x)) return undefined
  const div = g.only(sqrt.index)
  if (div?.op !== 'Div' || !isAct(div.inputs[0], sub.out)) return undefined
  const rank = x.shape.length
  const axes = (attrInts(mean.source!, 'axes') ?? []).map((a) => (a < 0 ? a + rank : a)).sort()
  const axes2 = (attrInts(varMean.source!, 'axes') ?? []).map((a) => (a < 0 ? a + rank : a)).sort()
  if (axes.length === 0 || axes.join() !== axes2.join() || axes.some((a, i) => a !== rank - axes.length + i))
    return undefined
  const shape = numeric(x.shape.slice(rank - axes.length), 'LayerNorm')
  const covers = [mean.index, sub.index, pow.index, varMean.index, addEps.index, sqrt.index, div.index]
  let output = div.out
  let weight: Float32Array | undefined
  let bias: Float32Array | undefined
  const n = shape.reduce((a, d) => a * d, 1)
  const mul = g.only(div.index)
  const w = mul?.op === 'Mul' ? floatConst(otherInput(mul, div.out)) : undefined
  if (mul && w && w.data.length === n) {
    weight = w.data
    covers.push(mul.index)
    output = mul.out
    const add = g.only(mul.index)
    const b = add?.op === 'Add' ? floatConst(otherInput(add, mul.out)) : undefined
    if (add && b && b.data.length === n) {
      bias = b.data
      covers.push(add.index)
      output = add.out
    }
  }
  return {
    type: 'layerNorm',
    base: moduleOfNode(sqrt) ?? 'layerNorm',
    params: {
      normalized_shape: shape,
      eps: tidyFloat(epsConst.data[0]!),
      elementwise_affine: weight !== undefined,
      bias: bias !== undefined,
    },
    inputs: [x],
    output,
    weights: { ...(weight ? { weight } : {}), ...(bias ? { bias } : {}) },
    buffers: {},
    covers,
  }
}

/** Ops that only move data (or scale it) between attention's projections and its matmuls. */
const VIEW_OPS = new Set(['Transpose', 'Reshape', 'Div', 'Mul', 'Slice', 'Squeeze', 'Unsqueeze'])

interface Branch {
  readonly nodes: number[]
  /** Start and end of the projection's output columns this branch reads. */
  readonly cols?: readonly [number, number]
  readonly scale: number
  readonly proj: LayerSpec
}

/** Walks from a score/value operand back to the linear projection it comes from. */
function traceBranch(g: Graph, start: Activation): Branch | undefined {
  const nodes: number[] = []
  let scale = 1
  let cols: [number, number] | undefined
  let v: Activation = start
  for (let guard = 0; guard < 16; guard++) {
    const n = g.producer(v)
    if (!n) return undefined
    if ((n.op === 'MatMul' || n.op === 'Gemm') && floatConst(n.inputs[1])) {
      const proj = liftLinear(g, n)
      return typeof proj === 'string' ? undefined : { nodes, cols, scale, proj }
    }
    if (n.op === 'Add') {
      const m = g.producer(n.inputs.find((x) => x?.kind === 'act'))
      if (m?.op !== 'MatMul' || !floatConst(m.inputs[1])) return undefined
      const proj = liftLinear(g, m)
      if (typeof proj === 'string' || !proj.covers.includes(n.index)) return undefined
      return { nodes, cols, scale, proj }
    }
    if (!VIEW_OPS.has(n.op)) return undefined
    const x = n.inputs[0]
    if (x?.kind !== 'act') return undefined
    if (n.op === 'Div' || n.op === 'Mul') {
      const c = floatConst(n.inputs[1])
      if (c?.data.length !== 1) return undefined
      scale *= n.op === 'Div' ? 1 / c.data[0]! : c.data[0]!
    }
    if (n.op === 'Slice') {
      const s = n.inputs.slice(1).map((c) => (c?.kind === 'int' ? c.data : undefined))
      const axis = s[2]?.[0] ?? 0
      const from = s[0]?.[0]
      const to = s[1]?.[0]
      if (typeof from !== 'number' || typeof to !== 'number' || typeof axis !== 'number') return undefined
      if (axis !== -1 && axis !== x.shape.length - 1) return undefined
      const last = x.shape[x.shape.length - 1] as number
      cols = [from, Math.min(to, last)]
    }
    nodes.push(n.index)
    v = x
  }
  return undefined
}

/**
 * nn.MultiheadAttention (self-attention) anchored at its Softmax: softmax(q·kᵀ)·v where q, k and v
 * trace back through views to linear projections of one input, followed by the output projection
 * and views back to the input's [N, T, E] layout.
 */
export function matchAttention(g: Graph, softmax: ActNode): LayerSpec | undefined {
  const scores = g.producer(softmax.inputs[0])
  const rank = softmax.out.shape.length
  const axis = attrInt(softmax.source!, 'axis', -1)
  if (scores?.op !== 'MatMul' || (axis !== -1 && axis !== rank - 1)) return undefined
  const [qv, ktv] = scores.inputs
  // kᵀ: any views of k whose result is [..., d, S] (torch 1.13 folds its two transposes into one)
  if (qv?.kind !== 'act' || ktv?.kind !== 'act') return undefined
  const headDim = qv.shape[qv.shape.length - 1]
  if (typeof headDim !== 'number' || ktv.shape[ktv.shape.length - 2] !== headDim) return undefined
  const mix = g.only(softmax.index)
  if (mix?.op !== 'MatMul' || !isAct(mix.inputs[0], softmax.out) || mix.inputs[1]?.kind !== 'act')
    return undefined
  const q = traceBranch(g, qv)
  const k = traceBranch(g, ktv)
  const v = traceBranch(g, mix.inputs[1])
  if (!q || !k || !v) return undefined
  const x = q.proj.inputs[0]!
  if (!isAct(k.proj.inputs[0], x) || !isAct(v.proj.inputs[0], x)) return undefined
  if (Math.abs(q.scale * k.scale * Math.sqrt(headDim) - 1) > 1e-4 || v.scale !== 1) return undefined
  // the input as the model sees it, batch first: walk back through torch's seq-first transpose
  const covers = [scores.index, softmax.index, mix.index, ...q.nodes, ...k.nodes, ...v.nodes]
  let input = x
  for (let n = g.producer(input); n && n.op === 'Transpose' && !isBatchFirst(input); n = g.producer(input)) {
    const src = n.inputs[0]
    if (src?.kind !== 'act') return undefined
    covers.push(n.index)
    input = src
  }
  if (!isBatchFirst(input) || input.shape.length !== 3) return undefined
  const e = input.shape[2] as number
  const parts = [q, k, v].map((b) => part(b, e))
  if (parts.some((p) => p === undefined)) return undefined
  for (const b of [q, k, v]) for (const c of b.proj.covers) if (!covers.includes(c)) covers.push(c)
  // forward: views to the output projection, then views back to [N, T, E]
  let cur = mix
  for (let guard = 0; guard < 8; guard++) {
    const next = g.only(cur.index)
    if (!next || !VIEW_OPS.has(next.op) || next.op === 'Div' || next.op === 'Mul') break
    covers.push(next.index)
    cur = next
  }
  const outProjNode = g.only(cur.index)
  if (!outProjNode || (outProjNode.op !== 'MatMul' && outProjNode.op !== 'Gemm')) return undefined
  const outProj = liftLinear(g, outProjNode)
  if (typeof outProj === 'string' || outProj.params.in_features !== e || outProj.params.out_features !== e)
    return undefined
  covers.push(...outProj.covers)
  let output = outProj.output
  while (!(isBatchFirst(output) && sameShape(output, input))) {
    const next = g.only(output.node)
    if (!next || (next.op !== 'Reshape' && next.op !== 'Transpose')) return undefined
    covers.push(next.index)
    output = next.out
  }
  const hasBias = [q, k, v, { proj: outProj }].map((b) => b.proj.weights.bias !== undefined)
  if (hasBias.some((b) => b !== hasBias[0])) return undefined
  const inProj = new Float32Array(3 * e * e)
  const inBias = new Float32Array(3 * e)
  parts.forEach((p, i) => {
    inProj.set(p!.weight, i * e * e)
    if (p!.bias) inBias.set(p!.bias, i * e)
  })
  const outBias = outProj.weights.bias
  return {
    type: 'multiHeadAttention',
    base: outProj.base.replace(/\.out_proj$/, '') || moduleOfNode(softmax) || 'attention',
    params: { embed_dim: e, num_heads: e / headDim, bias: hasBias[0]! },
    inputs: [input],
    output,
    weights: {
      in_proj_weight: inProj,
      ...(hasBias[0] ? { in_proj_bias: inBias } : {}),
      'out_proj.weight': outProj.weights.weight!,
      ...(outBias ? { 'out_proj.bias': outBias } : {}),
    },
    buffers: {},
    covers,
  }
}

const isBatchFirst = (a: Activation) => {
  const d = a.shape[0]
  return d !== undefined && isSym(d) && d.n === 1
}

const sameShape = (a: Activation, b: Activation) =>
  a.shape.length === b.shape.length &&
  a.shape.every((d, i) => (isSym(d) ? isSym(b.shape[i]!) : d === b.shape[i]))

/** A branch's [E, E] rows of the projection (its column slice of a packed [E, 3E] projection). */
function part(b: Branch, e: number): { weight: Float32Array; bias?: Float32Array } | undefined {
  const w = b.proj.weights.weight!
  const bias = b.proj.weights.bias
  const [from, to] = b.cols ?? [0, b.proj.params.out_features as number]
  if (to - from !== e || b.proj.params.in_features !== e) return undefined
  return { weight: w.slice(from * e, to * e), ...(bias ? { bias: bias.slice(from, to) } : {}) }
}
