import { formatShape, type Shape, ShapeError, stridesOf } from '../ir/shape'
import type { TensorType } from '../ir/value'
import type { CpuTensor } from './opDef'
import { stridedOffsets } from './strided'

/** Attributes of a reduction: sorted, distinct, non-negative axes (the builder normalizes them). */
export interface ReduceAttrs {
  readonly axes: readonly number[]
  readonly keepdims: boolean
}

/** The input's shape with each reduced axis kept as 1 (`keepdims=True`). */
export function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d))
}

/** Shape rule shared by reductions. */
export function reduceType(
  op: string,
  [x]: readonly TensorType[],
  { axes, keepdims }: ReduceAttrs,
): TensorType {
  const rank = x!.shape.length
  for (let i = 0; i < axes.length; i++) {
    const a = axes[i]!
    if (!Number.isInteger(a) || a < 0 || a >= Math.max(rank, 1) || (i > 0 && a <= axes[i - 1]!))
      throw new ShapeError(
        `${op} axes [${axes.join(', ')}] are not sorted distinct axes of a ${rank}-D tensor.`,
      )
  }
  const shape = keepdims ? keptShape(x!.shape, axes) : x!.shape.filter((_, i) => !axes.includes(i))
  return { shape: rank === 0 ? [] : shape, dtype: x!.dtype }
}

/** Throws if a reduction without identity (max) would run over an empty axis, as PyTorch does. */
export function requireNonEmpty(op: string, shape: Shape, axes: readonly number[]): void {
  for (const a of axes)
    if (shape[a] === 0)
      throw new ShapeError(
        `${op} over dimension ${a} of size 0 of ${formatShape(shape)}: there is nothing to reduce.`,
      )
}

/**
 * For each input element (row-major), the offset of the output element it reduces into. The
 * output is laid out as the kept shape (which has the same element order with or without keepdims).
 */
export function reductionTargets(x: CpuTensor, axes: readonly number[]): Int32Array {
  const outStrides = stridesOf(keptShape(x.shape, axes))
  return stridedOffsets(
    x.shape,
    outStrides.map((s, i) => (axes.includes(i) ? 0 : s)),
  )
}
