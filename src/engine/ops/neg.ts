import { defineUnary } from './elementwise'

/** torch.neg: -x. Accepts f32 and i32. */
export const neg = defineUnary({
  name: 'neg',
  dtypes: 'any',
  f: (x) => -x,
  vjp: (b, _x, _y, dy) => b.neg(dy),
})
