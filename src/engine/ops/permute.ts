import { ShapeError, stridesOf } from '../ir/shape'
import { defineOp } from './opDef'
import { stridedOffsets } from './strided'

/** Attributes of permute: output axis i is input axis perm[i]. */
export interface PermuteAttrs {
  readonly perm: readonly number[]
}

/** Inverse permutation: undoes `perm`. */
export function invertPermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length)
  perm.forEach((p, i) => {
    inv[p] = i
  })
  return inv
}

/** torch.permute (and transpose), materialized in row-major order. Its gradient is the inverse permute. */
export const permute = defineOp<PermuteAttrs>({
  name: 'permute',
  arity: 1,
  inferType([x], { perm }) {
    const rank = x!.shape.length
    const valid =
      perm.length === rank &&
      new Set(perm).size === rank &&
      perm.every((p) => Number.isInteger(p) && p >= 0 && p < rank)
    if (!valid) throw new ShapeError(`permute [${perm.join(', ')}] is not a permutation of the ${rank} axes.`)
    return { shape: perm.map((p) => x!.shape[p]!), dtype: x!.dtype }
  },
  vjp(b, { gradOutput: dy, attrs }) {
    return [b.permute(dy, invertPermutation(attrs.perm))]
  },
  cpu([x], { perm }, out) {
    const strides = stridesOf(x!.shape)
    const from = stridedOffsets(
      out.shape,
      perm.map((p) => strides[p]!),
    )
    const d = x!.data
    const o = out.data
    for (let i = 0; i < o.length; i++) o[i] = d[from[i]!]!
  },
})
