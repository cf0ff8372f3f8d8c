import { formatShape, numel, ShapeError } from '../ir/shape'
import { defineOp, type NoAttrs } from './opDef'

/**
 * Rows of a table by integer indices (torch.nn.functional.embedding, index_select on dim 0):
 * table [R, ...rest], i32 indices [...I] -> [...I, ...rest]. An index outside 0..R-1 is an error
 * at run time, as in PyTorch. Its gradient is `scatterAdd` of dy into the rows it read.
 */
export const gather = defineOp<NoAttrs>({
  name: 'gather',
  arity: 2,
  inferType([table, indices]) {
    if (indices!.dtype !== 'i32')
      throw new ShapeError(`gather needs i32 indices but got ${indices!.dtype}; cast them.`)
    if (table!.shape.length < 1) throw new ShapeError('gather needs a table of rank >= 1 but got a scalar.')
    return { shape: [...indices!.shape, ...table!.shape.slice(1)], dtype: table!.dtype }
  },
  vjp(b, { inputs: [table, indices], gradOutput: dy }) {
    return [b.scatterAdd(indices!, dy, table!.shape[0]!), undefined]
  },
  cpu([table, indices], _attrs, out) {
    const rows = table!.shape[0]!
    const width = numel(table!.shape.slice(1))
    const t = table!.data
    const idx = indices!.data
    const o = out.data
    for (let i = 0; i < idx.length; i++) {
      const r = idx[i]!
      if (r < 0 || r >= rows)
        throw new RangeError(
          `gather: index ${r} is out of range for a table of ${rows} rows ${formatShape(table!.shape)}.`,
        )
      o.set(t.subarray(r * width, (r + 1) * width), i * width)
    }
  },
})
