import { defineBinary } from './elementwise'

/**
 * torch.maximum: NaN if either side is NaN. On ties the gradient is split in half between the
 * two inputs, as PyTorch does.
 */
export const maximum = defineBinary({
  name: 'maximum',
  f: Math.max,
  vjp: (b, x, y, _out, dy) => {
    const half = b.mul(b.eq(x, y), 0.5)
    return [b.mul(dy, b.add(b.gt(x, y), half)), b.mul(dy, b.add(b.lt(x, y), half))]
  },
})
