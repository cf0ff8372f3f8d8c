import { defineOp } from './opDef'
import { argmaxPool, type MaxPool2dAttrs, poolType } from './poolGeometry'

/**
 * Which input element each max-pooling window picks, as an i32 flat index into the whole input
 * (n·C·H·W + c·H·W + y·W + x). PyTorch's `return_indices` gives the same within each plane. It is
 * what max pooling's gradient scatters to; it carries no gradient itself.
 */
export const maxPool2dIndices = defineOp<MaxPool2dAttrs>({
  name: 'maxPool2dIndices',
  arity: 1,
  inferType([x], attrs) {
    return { shape: poolType('maxPool2dIndices', x!, attrs), dtype: 'i32' }
  },
  cpu([x], attrs, out) {
    const o = out.data
    argmaxPool(x!.data, x!.shape, out.shape, attrs, (i, _v, at) => {
      o[i] = at
    })
  },
})
