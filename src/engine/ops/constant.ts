import { formatShape, numel, ShapeError } from '../ir/shape'
import { defineOp } from './opDef'
import { type SourceAttrs, sourceType } from './source'

/** Attributes of constant: the values themselves, row-major. */
export interface ConstantAttrs extends SourceAttrs {
  readonly data: Float32Array | Int32Array
}

/** A tensor whose values are fixed when the graph is built (pooling divisors, lookup tables). */
export const constant = defineOp<ConstantAttrs>({
  name: 'constant',
  arity: 0,
  inferType(inputs, attrs) {
    const t = sourceType(inputs, attrs)
    if (attrs.data.length !== numel(attrs.shape))
      throw new ShapeError(`constant has ${attrs.data.length} values for shape ${formatShape(attrs.shape)}.`)
    return t
  },
  cpu(_inputs, { data }, out) {
    out.data.set(data)
  },
})
