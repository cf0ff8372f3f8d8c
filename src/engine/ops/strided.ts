import { broadcastStrides, numel, type Shape, sameShape } from '../ir/shape'

/**
 * Offsets, in row-major order of `shape`, of a strided view: element `i` of the view is
 * `base + sum(index_d * strides_d)`. One odometer pass, no per-element allocation. Views
 * (broadcast, permute, slice) and broadcasting kernels all read their operands through this.
 */
export function stridedOffsets(shape: Shape, strides: readonly number[], base = 0): Int32Array {
  const n = numel(shape)
  const out = new Int32Array(n)
  if (n === 0) return out
  const rank = shape.length
  if (rank === 0) {
    out[0] = base
    return out
  }
  const inner = shape[rank - 1]!
  const innerStride = strides[rank - 1]!
  const index = new Array<number>(rank).fill(0)
  let offset = base
  for (let o = 0; o < n; o += inner) {
    for (let j = 0; j < inner; j++) out[o + j] = offset + j * innerStride
    // advance the odometer over the outer dimensions, last to first
    for (let d = rank - 2; d >= 0; d--) {
      index[d]!++
      offset += strides[d]!
      if (index[d]! < shape[d]!) break
      offset -= strides[d]! * shape[d]!
      index[d] = 0
    }
  }
  return out
}

/**
 * Where each element of the broadcast shape `target` reads from a tensor of `shape`, or null when
 * the shapes are equal (identity: read element i).
 */
export function broadcastOffsets(shape: Shape, target: Shape): Int32Array | null {
  if (sameShape(shape, target)) return null
  return stridedOffsets(target, broadcastStrides(shape, target))
}
