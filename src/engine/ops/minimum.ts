import { defineBinary } from './elementwise'

/** torch.minimum: NaN if either side is NaN; ties split the gradient in half (PyTorch). */
export const minimum = defineBinary({
  name: 'minimum',
  f: Math.min,
  vjp: (b, x, y, _out, dy) => {
    const half = b.mul(b.eq(x, y), 0.5)
    return [b.mul(dy, b.add(b.lt(x, y), half)), b.mul(dy, b.add(b.gt(x, y), half))]
  },
})
