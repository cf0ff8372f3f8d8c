import { type Dim, numericSize, type Shape } from '../../shapes/shape'

/**
 * Small dimension arithmetic shared by the shape rules. Symbolic dims (`'N'`, `'T'`) flow through
 * as readable expressions (`'T-2'`, `'12*T'`) so two rules that derive the same size from the same
 * name agree, and numeric checks run only where both sides are numbers.
 */

/** Elements in one sample (batch dim excluded); symbolic dims count as 1, for FLOP estimates. */
export function perSample(shape: Shape): number {
  return numericSize(shape.slice(1))
}

/** PyTorch dim normalisation: `-1` is the last dim. Undefined when out of `[-rank, rank)`. */
export function normalizeDim(dim: number, rank: number): number | undefined {
  if (dim < -rank || dim >= rank) return undefined
  return dim < 0 ? dim + rank : dim
}

/** Parenthesise a symbolic expression unless it is a bare name, so it can be an operand. */
export function operand(d: Dim): string {
  const s = String(d)
  return /^[A-Za-z_$][\w$]*$/.test(s) || /^\d+$/.test(s) ? s : `(${s})`
}

/** `d + c` as a Dim: numeric when `d` is, else `'T+3'` / `'T-2'` / `'T'`. */
export function plus(d: Dim, c: number): Dim {
  if (typeof d === 'number') return d + c
  if (c === 0) return d
  return c > 0 ? `${d}+${c}` : `${d}-${-c}`
}

/** Product of dims: a number when all are known, else numeric part then names (`'12*T'`). */
export function productDim(dims: readonly Dim[]): Dim {
  let n = 1
  const names: string[] = []
  for (const d of dims) {
    if (typeof d === 'number') n *= d
    else names.push(operand(d))
  }
  if (names.length === 0) return n
  if (n === 0) return 0
  return n === 1 ? names.join('*') : [n, ...names].join('*')
}

/** Sum of dims: a number when all are known, else names then the numeric part (`'T+S+4'`). */
export function sumDim(dims: readonly Dim[]): Dim {
  let n = 0
  const names: string[] = []
  for (const d of dims) {
    if (typeof d === 'number') n += d
    else names.push(operand(d))
  }
  if (names.length === 0) return n
  return n === 0 ? names.join('+') : `${names.join('+')}+${n}`
}
