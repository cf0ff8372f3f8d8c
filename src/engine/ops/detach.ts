import { sameType } from './elementwise'
import { defineOp, type NoAttrs } from './opDef'

/** Tensor.detach(): the same values, but no gradient flows back through it (GAN steps, targets). */
export const detach = defineOp<NoAttrs>({
  name: 'detach',
  arity: 1,
  inferType: sameType,
  cpu([x], _attrs, out) {
    out.data.set(x!.data)
  },
})
