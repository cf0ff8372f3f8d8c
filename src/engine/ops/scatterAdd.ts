import { formatShape, numel, ShapeError } from '../ir/shape'
import { defineOp } from './opDef'

/** Attributes of scatterAdd: the number of rows of the table it builds. */
export interface ScatterAddAttrs {
  readonly rows: number
}

/**
 * The adjoint of `gather`: i32 indices [...I] and values [...I, ...rest] -> a zero table
 * [rows, ...rest] with each value added into its row (repeated indices accumulate, like
 * index_add_ / embedding's backward). Its gradient is `gather` of dy.
 */
export const scatterAdd = defineOp<ScatterAddAttrs>({
  name: 'scatterAdd',
  arity: 2,
  inferType([indices, src], { rows }) {
    if (indices!.dtype !== 'i32')
      throw new ShapeError(`scatterAdd needs i32 indices but got ${indices!.dtype}.`)
    if (!Number.isInteger(rows) || rows < 0)
      throw new ShapeError(`scatterAdd needs a row count >= 0, got ${rows}.`)
    const ir = indices!.shape.length
    const lead = src!.shape.slice(0, ir)
    if (lead.length !== ir || lead.some((d, i) => d !== indices!.shape[i]))
      throw new ShapeError(
        `scatterAdd values ${formatShape(src!.shape)} must start with the indices' shape ${formatShape(indices!.shape)}.`,
      )
    return { shape: [rows, ...src!.shape.slice(ir)], dtype: src!.dtype }
  },
  vjp(b, { inputs: [indices], gradOutput: dy }) {
    return [undefined, b.gather(dy, indices!)]
  },
  cpu([indices, src], { rows }, out) {
    const width = numel(out.shape.slice(1))
    const idx = indices!.data
    const s = src!.data
    const acc = new Float64Array(out.data.length)
    for (let i = 0; i < idx.length; i++) {
      const r = idx[i]!
      if (r < 0 || r >= rows) throw new RangeError(`scatterAdd: index ${r} is out of range for ${rows} rows.`)
      const from = i * width
      const to = r * width
      for (let j = 0; j < width; j++) acc[to + j]! += s[from + j]!
    }
    out.data.set(acc)
  },
})
