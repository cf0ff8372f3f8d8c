import { broadcastShapes, broadcastStrides, formatShape, ShapeError } from '../ir/shape'
import { defineOp, type NoAttrs } from './opDef'
import { stridedOffsets } from './strided'

/**
 * torch.matmul for operands of rank >= 2: [..., M, K] @ [..., K, N] -> [..., M, N], batch dims
 * broadcast. (The builder's `matmul` handles 1-D operands as PyTorch does, by reshaping.)
 * Accumulates each output row in f64.
 */
export const matmul = defineOp<NoAttrs>({
  name: 'matmul',
  arity: 2,
  inferType([a, b]) {
    const sa = a!.shape
    const sb = b!.shape
    if (a!.dtype !== 'f32' || b!.dtype !== 'f32')
      throw new ShapeError(`matmul needs f32 operands but got ${a!.dtype} and ${b!.dtype}.`)
    if (sa.length < 2 || sb.length < 2)
      throw new ShapeError(
        `matmul primitive needs operands of rank >= 2 but got ${formatShape(sa)} @ ${formatShape(sb)}.`,
      )
    const k = sa[sa.length - 1]!
    const k2 = sb[sb.length - 2]!
    if (k !== k2)
      throw new ShapeError(
        `matmul inner dimensions differ: ${formatShape(sa)} @ ${formatShape(sb)} (${k} columns vs ${k2} rows).`,
      )
    let batch: number[]
    try {
      batch = broadcastShapes(sa.slice(0, -2), sb.slice(0, -2))
    } catch {
      throw new ShapeError(
        `matmul batch dimensions of ${formatShape(sa)} and ${formatShape(sb)} do not broadcast.`,
      )
    }
    return { shape: [...batch, sa[sa.length - 2]!, sb[sb.length - 1]!], dtype: 'f32' }
  },
  vjp(b, { inputs: [x, y], gradOutput: dy }) {
    return [b.matmul(dy, b.transpose(y!, -1, -2)), b.matmul(b.transpose(x!, -1, -2), dy)]
  },
  cpu([a, b], _attrs, out) {
    const rank = out.shape.length
    const m = out.shape[rank - 2]!
    const n = out.shape[rank - 1]!
    const k = a!.shape[a!.shape.length - 1]!
    const batch = out.shape.slice(0, -2)
    const aBase = stridedOffsets(
      batch,
      broadcastStrides(a!.shape.slice(0, -2), batch).map((s) => s * m * k),
    )
    const bBase = stridedOffsets(
      batch,
      broadcastStrides(b!.shape.slice(0, -2), batch).map((s) => s * k * n),
    )
    const x = a!.data
    const y = b!.data
    const o = out.data
    const row = new Float64Array(n)
    for (let p = 0; p < aBase.length; p++) {
      const ao = aBase[p]!
      const bo = bBase[p]!
      const oo = p * m * n
      for (let i = 0; i < m; i++) {
        row.fill(0)
        for (let kk = 0; kk < k; kk++) {
          const v = x[ao + i * k + kk]!
          const br = bo + kk * n
          for (let j = 0; j < n; j++) row[j]! += v * y[br + j]!
        }
        for (let j = 0; j < n; j++) o[oo + i * n + j] = row[j]!
      }
    }
  },
})
