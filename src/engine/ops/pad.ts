import { formatShape, ShapeError, stridesOf } from '../ir/shape'
import { defineOp } from './opDef'
import { stridedOffsets } from './strided'

/** Attributes of pad: [before, after] for every axis (non-negative) and the fill value. */
export interface PadAttrs {
  readonly pads: readonly (readonly [number, number])[]
  readonly value: number
}

/**
 * Constant padding (torch.nn.functional.pad, mode 'constant'), with one [before, after] pair per
 * axis in axis order (not PyTorch's last-axis-first list). Its gradient slices dy back out.
 */
export const pad = defineOp<PadAttrs>({
  name: 'pad',
  arity: 1,
  inferType([x], { pads }) {
    const shape = x!.shape
    if (pads.length !== shape.length)
      throw new ShapeError(
        `pad needs a [before, after] pair for each of the ${shape.length} axes of ${formatShape(shape)}.`,
      )
    if (!pads.every(([a, b]) => Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0))
      throw new ShapeError('pad amounts must be non-negative integers (crop with slice).')
    return { shape: shape.map((d, i) => d + pads[i]![0] + pads[i]![1]), dtype: x!.dtype }
  },
  vjp(b, { inputs: [x], gradOutput: dy, attrs }) {
    const starts = attrs.pads.map(([before]) => before)
    return [
      b.slice(
        dy,
        starts,
        starts.map((s, i) => s + x!.shape[i]!),
      ),
    ]
  },
  cpu([x], { pads, value }, out) {
    const strides = stridesOf(out.shape)
    const base = pads.reduce((acc, [before], i) => acc + before * strides[i]!, 0)
    const to = stridedOffsets(x!.shape, strides, base)
    const d = x!.data
    const o = out.data
    o.fill(value)
    for (let i = 0; i < d.length; i++) o[to[i]!] = d[i]!
  },
})
