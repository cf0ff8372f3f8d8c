import { defineBinary } from './elementwise'

/**
 * torch.pow with a tensor exponent and broadcasting (f32 only). Gradients follow PyTorch's
 * masking: d/dx is 0 where the exponent is 0; d/dexponent is 0 where x = 0 and exponent >= 0.
 */
export const pow = defineBinary({
  name: 'pow',
  dtypes: 'float',
  f: Math.pow,
  vjp: (b, x, y, out, dy) => {
    const dx = b.where(b.eq(y, 0), 0, b.mul(y, b.pow(x, b.sub(y, 1))))
    const baseIsZero = b.mul(b.eq(x, 0), b.sub(1, b.lt(y, 0)))
    const de = b.where(baseIsZero, 0, b.mul(out, b.log(x)))
    return [b.mul(dy, dx), b.mul(dy, de)]
  },
})
