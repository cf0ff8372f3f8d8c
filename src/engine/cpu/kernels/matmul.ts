import type { Value } from '../../ir/value'
import type { PermuteAttrs } from '../../ops/permute'
import { stridedOffsets } from '../../ops/strided'
import { broadcastView, type View } from '../views'
import { gemm, TableMatrix } from './gemm'
import { allF32, type Buffers, f32, type KernelContext, type PlannedKernel } from './kernel'

/**
 * Batched matmul of the f32 plan: one packed GEMM per batch entry, each operand read through its
 * view. A transposed operand (autodiff's `x^T · dy`, a Dense layer's `x · W^T`) is just other
 * strides for the packing routine, so the transpose the graph asks for is never materialized.
 * A matmul read only through a transpose of its last two axes (a weight gradient, `(x^T·dy)^T`)
 * is computed transposed in the first place: (A·B)^T = B^T·A^T, so its readers see a
 * contiguous tensor.
 */
export function planMatmul(node: Value, ctx: KernelContext): PlannedKernel | undefined {
  if (!allF32(ctx, node)) return undefined
  if (node.op === 'matmul') {
    const [a, b] = node.inputs.map((id) => ctx.views[id]!) as [View, View]
    return planProduct(node, a, b)
  }
  const source = ctx.graph.nodes[node.inputs[0]!]
  if (node.op === 'permute' && source && isTransposedMatmul(node, source, ctx)) {
    const [a, b] = source.inputs.map((id) => ctx.views[id]!) as [View, View]
    return planProduct(node, transposed(b), transposed(a))
  }
  return undefined
}

/** Whether the last two axes swap and no other axis moves. */
export function swapsLastTwo(perm: readonly number[]): boolean {
  const r = perm.length
  return (
    r >= 2 && perm[r - 2] === r - 1 && perm[r - 1] === r - 2 && perm.slice(0, -2).every((p, i) => p === i)
  )
}

/**
 * Whether `node` is `permute(matmul)` over the last two axes with the matmul read by nothing else:
 * then the plan computes the permute as a matmul and never the matmul itself.
 */
export function isTransposedMatmul(node: Value, source: Value, ctx: Pick<KernelContext, 'readers'>): boolean {
  return (
    node.op === 'permute' &&
    swapsLastTwo((node.attrs as PermuteAttrs).perm) &&
    source.op === 'matmul' &&
    source.dtype === 'f32' &&
    ctx.readers[source.id] === 1
  )
}

function transposed(v: View): View {
  const r = v.shape.length
  const swap = <T>(xs: readonly T[]) => [...xs.slice(0, -2), xs[r - 1]!, xs[r - 2]!]
  return { ...v, shape: swap(v.shape), strides: swap(v.strides) }
}

/** out = a · b (batched, broadcast), for `out` contiguous of shape [..., m, n]. */
function planProduct(out: Value, av: View, bv: View): PlannedKernel {
  const rank = out.shape.length
  const m = out.shape[rank - 2]!
  const n = out.shape[rank - 1]!
  const k = av.shape[av.shape.length - 1]!
  const batch = out.shape.slice(0, -2)
  // where each batch entry of an operand starts (broadcast batch axes step by 0)
  const starts = (v: View) => {
    const b = broadcastView({ ...v, shape: v.shape.slice(0, -2), strides: v.strides.slice(0, -2) }, batch)
    return stridedOffsets(batch, b.strides, v.offset)
  }
  const aStarts = starts(av)
  const bStarts = starts(bv)
  const ar = av.strides.length
  const br = bv.strides.length
  const a = TableMatrix.strided(m, k, av.strides[ar - 2]!, av.strides[ar - 1]!)
  const b = TableMatrix.strided(k, n, bv.strides[br - 2]!, bv.strides[br - 1]!)
  const entries = aStarts.length
  return {
    reads: [av.base, bv.base],
    run(bufs: Buffers) {
      a.data = f32(bufs, av.base)
      b.data = f32(bufs, bv.base)
      const c = f32(bufs, out.id)
      for (let p = 0; p < entries; p++) {
        a.offset = aStarts[p]!
        b.offset = bStarts[p]!
        gemm(m, n, k, a, b, c, p * m * n, n)
      }
    },
  }
}
