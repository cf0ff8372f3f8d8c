import { broadcastShapes, ShapeError } from '../ir/shape'
import { defineOp, type NoAttrs } from './opDef'
import { broadcastOffsets } from './strided'

/**
 * torch.where(cond, a, b) with broadcasting of all three. `cond` is a mask of any dtype: nonzero
 * (NaN included) selects `a`. Gradients flow to a and b through the mask, never to cond.
 */
export const where = defineOp<NoAttrs>({
  name: 'where',
  arity: 3,
  inferType([c, a, b]) {
    if (a!.dtype !== b!.dtype)
      throw new ShapeError(`where needs both branches of one dtype but got ${a!.dtype} and ${b!.dtype}.`)
    return { shape: broadcastShapes(c!.shape, a!.shape, b!.shape), dtype: a!.dtype }
  },
  vjp(b, { inputs: [c], gradOutput: dy }) {
    return [undefined, b.where(c!, dy, 0), b.where(c!, 0, dy)]
  },
  cpu([c, a, b], _attrs, out) {
    const oc = broadcastOffsets(c!.shape, out.shape)
    const oa = broadcastOffsets(a!.shape, out.shape)
    const ob = broadcastOffsets(b!.shape, out.shape)
    const cd = c!.data
    const ad = a!.data
    const bd = b!.data
    const o = out.data
    for (let i = 0; i < o.length; i++)
      o[i] = cd[oc ? oc[i]! : i]! !== 0 ? ad[oa ? oa[i]! : i]! : bd[ob ? ob[i]! : i]!
  },
})
