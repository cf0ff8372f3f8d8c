import { type Shape, stridesOf } from '../ir/shape'
import type { Graph, Value } from '../ir/value'
import type { ExpandAttrs } from '../ops/expand'
import type { PermuteAttrs } from '../ops/permute'
import type { ReshapeAttrs } from '../ops/reshape'
import type { SliceAttrs } from '../ops/slice'

/**
 * A value seen as a strided window on the buffer of another: element (i0, i1, ...) is
 * buffer(base)[offset + Σ i_d · strides[d]]. The reference materializes every reshape, permute,
 * slice, expand and detach; the CPU plan lets kernels read through them instead, so a transposed
 * weight feeding a matmul or a broadcast bias feeding an add costs no copy at all.
 */
export interface View {
  /** The value whose buffer holds the elements (the value itself when it is no view). */
  readonly base: number
  readonly offset: number
  readonly shape: Shape
  readonly strides: readonly number[]
}

/**
 * The view of every value of `graph`, by id: chains of view ops collapse onto their base, except
 * for values `keep` says to compute into buffers of their own.
 */
export function planViews(graph: Graph, keep: (v: Value) => boolean = () => false): View[] {
  const views: View[] = []
  for (const v of graph.nodes) views.push(keep(v) ? own(v) : viewOfNode(v, views))
  return views
}

function own(v: Value): View {
  return { base: v.id, offset: 0, shape: v.shape, strides: stridesOf(v.shape) }
}

function viewOfNode(v: Value, views: readonly View[]): View {
  const src = views[v.inputs[0] ?? -1]
  if (!src) return own(v)
  switch (v.op) {
    case 'detach':
      return src
    case 'permute': {
      const { perm } = v.attrs as PermuteAttrs
      return { ...src, shape: v.shape, strides: perm.map((p) => src.strides[p]!) }
    }
    case 'slice': {
      const { starts } = v.attrs as SliceAttrs
      const offset = starts.reduce((acc, s, i) => acc + s * src.strides[i]!, src.offset)
      return { ...src, offset, shape: v.shape }
    }
    case 'expand':
      return broadcastView(src, (v.attrs as ExpandAttrs).shape)
    case 'reshape': {
      const { shape } = v.attrs as ReshapeAttrs
      const strides = reshapeStrides(src.shape, src.strides, shape)
      return strides ? { ...src, shape, strides } : own(v)
    }
    default:
      return own(v)
  }
}

/** A view read at the broadcast shape `shape`: stride 0 along stretched and new leading axes. */
export function broadcastView(view: View, shape: Shape): View {
  const lead = shape.length - view.shape.length
  const strides = shape.map((d, i) =>
    i < lead || (view.shape[i - lead] === 1 && d !== 1) ? 0 : view.strides[i - lead]!,
  )
  return { ...view, shape, strides }
}

/**
 * Strides that read a view of shape `from` (with `strides`) as `to` without copying, or
 * undefined when no such strides exist. This is PyTorch's rule for `Tensor.view`
 * (at::detail::computeStride): merged dimensions must be contiguous with one another.
 */
export function reshapeStrides(from: Shape, strides: readonly number[], to: Shape): number[] | undefined {
  let total = 1
  for (const d of from) total *= d
  if (total === 0 || from.length === 0) return stridesOf(to)
  const out = new Array<number>(to.length)
  let viewD = to.length - 1
  let chunkBase = strides[strides.length - 1]!
  let tensorNumel = 1
  let viewNumel = 1
  for (let d = from.length - 1; d >= 0; d--) {
    tensorNumel *= from[d]!
    if (d === 0 || (from[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || to[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase
        viewNumel *= to[viewD]!
        viewD--
      }
      if (viewNumel !== tensorNumel) return undefined
      if (d > 0) {
        chunkBase = strides[d - 1]!
        tensorNumel = 1
        viewNumel = 1
      }
    }
  }
  return viewD === -1 ? out : undefined
}

/** Whether a view reads its base's elements in plain row-major order (a reshape or detach). */
export function isContiguous(view: View): boolean {
  const want = stridesOf(view.shape)
  return view.offset === 0 && view.shape.every((d, i) => d === 1 || view.strides[i] === want[i])
}

/**
 * How a kernel walks tensors of one shape together: `rows` runs of `inner` elements; run r of
 * operand k starts at offsets[k][r] and steps by innerStrides[k]. Planned once per kernel, so a
 * step never recomputes indices; adjacent axes that every operand lays out contiguously are
 * merged first, so a plain elementwise op is one run.
 */
export interface StridedLoop {
  readonly rows: number
  readonly inner: number
  readonly innerStrides: readonly number[]
  readonly offsets: readonly Int32Array[]
}

/** Plans a `StridedLoop` over `shape` for operands given by their strides and base offsets. */
export function planLoop(
  shape: Shape,
  operands: readonly { readonly strides: readonly number[]; readonly offset: number }[],
): StridedLoop {
  // merge axis d into d+1 wherever every operand steps over d as over d+1 times its size
  const dims: number[] = []
  const strides: number[][] = operands.map(() => [])
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!
    if (size === 1) continue
    const last = dims.length - 1
    if (last >= 0 && operands.every((o, k) => strides[k]![last] === o.strides[d]! * size)) {
      dims[last]! *= size
      operands.forEach((o, k) => {
        strides[k]![last] = o.strides[d]!
      })
    } else {
      dims.push(size)
      operands.forEach((o, k) => {
        strides[k]!.push(o.strides[d]!)
      })
    }
  }
  let total = 1
  for (const d of shape) total *= d
  if (total === 0)
    return {
      rows: 0,
      inner: 0,
      innerStrides: operands.map(() => 0),
      offsets: operands.map(() => new Int32Array(0)),
    }
  if (dims.length === 0)
    return {
      rows: 1,
      inner: 1,
      innerStrides: operands.map(() => 0),
      offsets: operands.map((o) => Int32Array.of(o.offset)),
    }
  const inner = dims[dims.length - 1]!
  const outer = dims.slice(0, -1)
  let rows = 1
  for (const d of outer) rows *= d
  const offsets = operands.map((o, k) => {
    const out = new Int32Array(rows)
    const st = strides[k]!
    const index = new Array<number>(outer.length).fill(0)
    let at = o.offset
    for (let r = 0; r < rows; r++) {
      out[r] = at
      for (let d = outer.length - 1; d >= 0; d--) {
        index[d]!++
        at += st[d]!
        if (index[d]! < outer[d]!) break
        at -= st[d]! * outer[d]!
        index[d] = 0
      }
    }
    return out
  })
  return { rows, inner, innerStrides: strides.map((s) => s[s.length - 1]!), offsets }
}
