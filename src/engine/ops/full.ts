import { defineOp } from './opDef'
import { type SourceAttrs, sourceType } from './source'

/** Attributes of full: the shape, dtype and the one value every element takes. */
export interface FullAttrs extends SourceAttrs {
  readonly value: number
}

/** torch.full: a tensor of one repeated value (scalars in expressions, zeros, ones). */
export const full = defineOp<FullAttrs>({
  name: 'full',
  arity: 0,
  inferType: sourceType,
  cpu(_inputs, { value }, out) {
    out.data.fill(value)
  },
})
