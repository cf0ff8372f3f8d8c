import { defineUnary } from './elementwise'

/** torch.tanh. d/dx = 1 - y². */
export const tanh = defineUnary({
  name: 'tanh',
  f: Math.tanh,
  vjp: (b, _x, y, dy) => b.mul(dy, b.sub(1, b.mul(y, y))),
})
