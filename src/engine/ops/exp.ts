import { defineUnary } from './elementwise'

/** torch.exp. d/dx = exp(x), reused from the output. */
export const exp = defineUnary({
  name: 'exp',
  f: Math.exp,
  vjp: (b, _x, y, dy) => b.mul(dy, y),
})
