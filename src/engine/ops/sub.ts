import { defineBinary } from './elementwise'

/** torch.sub with broadcasting. */
export const sub = defineBinary({
  name: 'sub',
  f: (a, b) => a - b,
  vjp: (b, _x, _y, _out, dy) => [dy, b.neg(dy)],
})
