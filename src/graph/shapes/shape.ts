/**
 * Tensor shapes with symbolic dimensions.
 *
 * A dimension is a number, or a string naming a symbolic size: `'N'` is the batch dimension,
 * other names (`'T'`, `'S'`) are sizes fixed only when data arrives. Shape rules treat two
 * symbolic dims as equal when their names are equal.
 */
export type Dim = number | string
export type Shape = readonly Dim[]

/** The symbolic batch dimension every Input layer puts in front of its shape. */
export const BATCH: Dim = 'N'

/** `[N, 1, 28, 28]` as the UI and error messages write it. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`
}

/** Number of elements when every dim is known, else undefined. */
export function knownSize(shape: Shape): number | undefined {
  let n = 1
  for (const d of shape) {
    if (typeof d !== 'number') return undefined
    n *= d
  }
  return n
}

/** Product of the numeric dims, skipping symbolic ones (used for per-sample FLOPs). */
export function numericSize(shape: Shape): number {
  let n = 1
  for (const d of shape) if (typeof d === 'number') n *= d
  return n
}

export function sameDim(a: Dim, b: Dim): boolean {
  return a === b
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => sameDim(d, b[i] as Dim))
}
