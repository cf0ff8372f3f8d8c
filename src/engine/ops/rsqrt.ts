import { defineUnary } from './elementwise'

/** torch.rsqrt: 1 / sqrt(x) (normalization layers). d/dx = -y³ / 2. */
export const rsqrt = defineUnary({
  name: 'rsqrt',
  f: (x) => 1 / Math.sqrt(x),
  vjp: (b, _x, y, dy) => b.mul(dy, b.mul(b.mul(y, b.mul(y, y)), -0.5)),
})
