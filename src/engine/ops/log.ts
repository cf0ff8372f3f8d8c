import { defineUnary } from './elementwise'

/** torch.log (natural): log(0) = -inf, log(x < 0) = NaN. */
export const log = defineUnary({
  name: 'log',
  f: Math.log,
  vjp: (b, x, _y, dy) => b.div(dy, x),
})
