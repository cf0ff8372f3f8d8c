import { ShapeError, stridesOf } from '../ir/shape'
import { defineOp } from './opDef'
import { type SourceAttrs, sourceType } from './source'

/** Attributes of iota: the axis whose index each element takes. */
export interface IotaAttrs extends SourceAttrs {
  readonly axis: number
}

/**
 * Each element is its own index along `axis` (torch.arange broadcast over the other axes): class
 * ids for one-hot masks, positions for embeddings.
 */
export const iota = defineOp<IotaAttrs>({
  name: 'iota',
  arity: 0,
  inferType(inputs, attrs) {
    const t = sourceType(inputs, attrs)
    if (!Number.isInteger(attrs.axis) || attrs.axis < 0 || attrs.axis >= attrs.shape.length)
      throw new ShapeError(`iota axis ${attrs.axis} is out of range for a ${attrs.shape.length}-D shape.`)
    return t
  },
  cpu(_inputs, { axis }, out) {
    const stride = stridesOf(out.shape)[axis]!
    const size = out.shape[axis]!
    const o = out.data
    for (let i = 0; i < o.length; i++) o[i] = Math.floor(i / stride) % size
  },
})
