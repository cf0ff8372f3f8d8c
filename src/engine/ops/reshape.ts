import { formatShape, numel, ShapeError } from '../ir/shape'
import { defineOp } from './opDef'

/** Attributes of reshape: the full target shape (the builder resolves -1). */
export interface ReshapeAttrs {
  readonly shape: readonly number[]
}

/** torch.reshape of a row-major tensor: same elements, same order, new shape. */
export const reshape = defineOp<ReshapeAttrs>({
  name: 'reshape',
  arity: 1,
  inferType([x], { shape }) {
    if (numel(shape) !== numel(x!.shape) || shape.some((d) => !Number.isInteger(d) || d < 0))
      throw new ShapeError(`cannot reshape ${formatShape(x!.shape)} into ${formatShape(shape)}.`)
    return { shape, dtype: x!.dtype }
  },
  vjp(b, { inputs: [x], gradOutput: dy }) {
    return [b.reshape(dy, x!.shape)]
  },
  cpu([x], _attrs, out) {
    out.data.set(x!.data)
  },
})
