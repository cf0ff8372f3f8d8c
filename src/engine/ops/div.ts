import { defineBinary } from './elementwise'

/** torch.div (true division, f32 only) with broadcasting. */
export const div = defineBinary({
  name: 'div',
  dtypes: 'float',
  f: (a, b) => a / b,
  vjp: (b, x, y, _out, dy) => [b.div(dy, y), b.neg(b.div(b.mul(dy, x), b.mul(y, y)))],
})
