import { defineUnary } from './elementwise'

/** torch.relu: max(x, 0), NaN stays NaN. Gradient 1 where x > 0, else 0 (0 at 0, as in PyTorch). */
export const relu = defineUnary({
  name: 'relu',
  f: (x) => (x > 0 || Number.isNaN(x) ? x : 0),
  vjp: (b, x, _y, dy) => b.mul(dy, b.gt(x, 0)),
})
