import { formatShape, ShapeError, stridesOf } from '../ir/shape'
import { defineOp } from './opDef'
import { stridedOffsets } from './strided'

/** Attributes of concat: the (non-negative) axis to join along. */
export interface ConcatAttrs {
  readonly axis: number
}

/** torch.cat along one axis; all other sizes must match. Its gradient slices dy into the pieces. */
export const concat = defineOp<ConcatAttrs>({
  name: 'concat',
  arity: 'variadic',
  inferType(inputs, { axis }) {
    const first = inputs[0]
    if (!first) throw new ShapeError('concat needs at least one input.')
    const rank = first.shape.length
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank)
      throw new ShapeError(`concat axis ${axis} is out of range for ${rank}-D inputs.`)
    let total = 0
    for (const t of inputs) {
      const matches = t.shape.length === rank && t.shape.every((d, i) => i === axis || d === first.shape[i])
      if (!matches)
        throw new ShapeError(
          `concat along axis ${axis} needs equal sizes elsewhere: ${inputs.map((u) => formatShape(u.shape)).join(', ')}.`,
        )
      if (t.dtype !== first.dtype) throw new ShapeError('concat needs inputs of one dtype.')
      total += t.shape[axis]!
    }
    return { shape: first.shape.map((d, i) => (i === axis ? total : d)), dtype: first.dtype }
  },
  vjp(b, { inputs, gradOutput: dy, attrs }) {
    let at = 0
    return inputs.map((x) => {
      const starts = dy.shape.map((_, i) => (i === attrs.axis ? at : 0))
      at += x.shape[attrs.axis]!
      return b.slice(
        dy,
        starts,
        dy.shape.map((d, i) => (i === attrs.axis ? at : d)),
      )
    })
  },
  cpu(inputs, { axis }, out) {
    const strides = stridesOf(out.shape)
    const o = out.data
    let at = 0
    for (const x of inputs) {
      const to = stridedOffsets(x.shape, strides, at * strides[axis]!)
      const d = x.data
      for (let i = 0; i < d.length; i++) o[to[i]!] = d[i]!
      at += x.shape[axis]!
    }
  },
})
