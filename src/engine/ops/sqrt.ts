import { defineUnary } from './elementwise'

/** torch.sqrt. Its gradient at 0 is +inf, as in PyTorch. */
export const sqrt = defineUnary({
  name: 'sqrt',
  f: Math.sqrt,
  vjp: (b, _x, y, dy) => b.div(dy, b.mul(y, 2)),
})
