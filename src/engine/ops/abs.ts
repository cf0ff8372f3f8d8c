import { defineUnary } from './elementwise'

/** torch.abs. Its gradient is sign(x), so 0 at 0 as in PyTorch. */
export const abs = defineUnary({
  name: 'abs',
  dtypes: 'any',
  f: Math.abs,
  vjp: (b, x, _y, dy) => b.mul(dy, b.sign(x)),
})
