import { defineBinary } from './elementwise'

/** torch.mul with broadcasting. */
export const mul = defineBinary({
  name: 'mul',
  f: (a, b) => a * b,
  vjp: (b, x, y, _out, dy) => [b.mul(dy, y), b.mul(dy, x)],
})
