import { defineUnary } from './elementwise'

/** torch.sin (positional encodings). */
export const sin = defineUnary({
  name: 'sin',
  f: Math.sin,
  vjp: (b, x, _y, dy) => b.mul(dy, b.cos(x)),
})
