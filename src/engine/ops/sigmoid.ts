import { defineUnary } from './elementwise'

/** torch.sigmoid: 1 / (1 + exp(-x)). d/dx = y (1 - y). */
export const sigmoid = defineUnary({
  name: 'sigmoid',
  f: (x) => 1 / (1 + Math.exp(-x)),
  vjp: (b, _x, y, dy) => b.mul(dy, b.mul(y, b.sub(1, y))),
})
