import { numel } from '../ir/shape'
import { defineOp } from './opDef'
import { argmaxPool, type MaxPool2dAttrs, poolType } from './poolGeometry'

/**
 * torch.nn.functional.max_pool2d (kernel, stride, padding, dilation, ceil_mode) on [N, C, H, W].
 * NaN propagates. The gradient goes to the element each window picked (the first maximum), found
 * by `maxPool2dIndices` and sent back with `scatterAdd`.
 */
export const maxPool2d = defineOp<MaxPool2dAttrs>({
  name: 'maxPool2d',
  arity: 1,
  inferType([x], attrs) {
    return { shape: poolType('maxPool2d', x!, attrs), dtype: 'f32' }
  },
  vjp(b, { inputs: [x], gradOutput: dy, attrs }) {
    const { kernel, stride, padding, dilation, ceilMode } = attrs
    const options = { kernel_size: kernel, stride, padding, dilation, ceil_mode: ceilMode }
    const picked = b.reshape(b.maxPool2dIndices(x!, options), [-1])
    const flat = b.scatterAdd(picked, b.reshape(dy, [-1]), numel(x!.shape))
    return [b.reshape(flat, x!.shape)]
  },
  cpu([x], attrs, out) {
    const o = out.data
    argmaxPool(x!.data, x!.shape, out.shape, attrs, (i, v) => {
      o[i] = v
    })
  },
})
