import { formatShape, ShapeError, stridesOf } from '../ir/shape'
import { defineOp } from './opDef'
import { stridedOffsets } from './strided'

/** Attributes of slice: per axis, a half-open range [start, end) with step 1 (all axes listed). */
export interface SliceAttrs {
  readonly starts: readonly number[]
  readonly ends: readonly number[]
}

/** x[s0:e0, s1:e1, ...] with step 1 (narrow on several axes). Its gradient pads dy back with zeros. */
export const slice = defineOp<SliceAttrs>({
  name: 'slice',
  arity: 1,
  inferType([x], { starts, ends }) {
    const shape = x!.shape
    if (starts.length !== shape.length || ends.length !== shape.length)
      throw new ShapeError(
        `slice needs a start and an end for each of the ${shape.length} axes of ${formatShape(shape)}.`,
      )
    for (let i = 0; i < shape.length; i++) {
      const s = starts[i]!
      const e = ends[i]!
      if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e < s || e > shape[i]!)
        throw new ShapeError(`slice [${s}, ${e}) is out of bounds for axis ${i} of ${formatShape(shape)}.`)
    }
    return { shape: shape.map((_, i) => ends[i]! - starts[i]!), dtype: x!.dtype }
  },
  vjp(b, { inputs: [x], gradOutput: dy, attrs }) {
    const pads = x!.shape.map((d, i) => [attrs.starts[i]!, d - attrs.ends[i]!] as const)
    return [b.pad(dy, pads, 0)]
  },
  cpu([x], { starts }, out) {
    const strides = stridesOf(x!.shape)
    const base = starts.reduce((acc, s, i) => acc + s * strides[i]!, 0)
    const from = stridedOffsets(out.shape, strides, base)
    const d = x!.data
    const o = out.data
    for (let i = 0; i < o.length; i++) o[i] = d[from[i]!]!
  },
})
