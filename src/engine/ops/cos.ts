import { defineUnary } from './elementwise'

/** torch.cos. */
export const cos = defineUnary({
  name: 'cos',
  f: Math.cos,
  vjp: (b, x, _y, dy) => b.neg(b.mul(dy, b.sin(x))),
})
