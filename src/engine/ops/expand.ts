import { broadcastShapes, formatShape, ShapeError, sameShape } from '../ir/shape'
import { defineOp } from './opDef'
import { broadcastOffsets } from './strided'

/** Attributes of expand: the target shape. */
export interface ExpandAttrs {
  readonly shape: readonly number[]
}

/**
 * torch.expand / broadcast_to, materialized: new leading axes and size-1 axes stretch to the
 * target. Its gradient sums dy back to the input's shape.
 */
export const expand = defineOp<ExpandAttrs>({
  name: 'expand',
  arity: 1,
  inferType([x], { shape }) {
    let ok = shape.length >= x!.shape.length
    if (ok) {
      try {
        ok = sameShape(broadcastShapes(x!.shape, shape), shape)
      } catch {
        ok = false
      }
    }
    if (!ok) throw new ShapeError(`cannot expand ${formatShape(x!.shape)} to ${formatShape(shape)}.`)
    return { shape, dtype: x!.dtype }
  },
  vjp(b, { inputs: [x], gradOutput: dy }) {
    return [b.sumToShape(dy, x!.shape)]
  },
  cpu([x], _attrs, out) {
    const from = broadcastOffsets(x!.shape, out.shape)
    const d = x!.data
    const o = out.data
    if (!from) o.set(d)
    else for (let i = 0; i < o.length; i++) o[i] = d[from[i]!]!
  },
})
