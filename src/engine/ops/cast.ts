import type { DType } from '../ir/value'
import { defineOp } from './opDef'

/** Attributes of cast: the target dtype. */
export interface CastAttrs {
  readonly dtype: DType
}

/**
 * Tensor.to(dtype) between f32 and i32: floats truncate toward zero (as PyTorch's conversion
 * does); no gradient crosses an integer.
 */
export const cast = defineOp<CastAttrs>({
  name: 'cast',
  arity: 1,
  inferType([x], { dtype }) {
    return { shape: x!.shape, dtype }
  },
  cpu([x], _attrs, out) {
    const d = x!.data
    const o = out.data
    if (out.dtype === 'i32') for (let i = 0; i < o.length; i++) o[i] = Math.trunc(d[i]!)
    else o.set(d)
  },
})
