import { erfScalar } from '../../ops/erf'

/**
 * The inner loops of the elementwise kernels: one run of `n` elements, each operand given as an
 * array, a start and a step. One loop per op behind a switch, so no closure is called per element;
 * each op computes exactly what its reference kernel computes, in f64, and rounds to f32 on store.
 */

/** Unary ops by code (the index); 'copy' materializes views. */
export const UNARY_OPS = [
  'copy',
  'neg',
  'exp',
  'log',
  'sqrt',
  'rsqrt',
  'abs',
  'sign',
  'relu',
  'tanh',
  'sigmoid',
  'erf',
  'sin',
  'cos',
] as const

/** Binary ops by code (the index). */
export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'lt', 'gt', 'eq'] as const

/** o[oi + i] = f(x[xi + i·xs]) for i < n. */
export function unaryRun(
  op: number,
  o: Float32Array,
  oi: number,
  x: Float32Array,
  xi: number,
  xs: number,
  n: number,
): void {
  const end = oi + n
  let a = xi
  switch (op) {
    case 0:
      if (xs === 1 && n >= 64) o.set(x.subarray(xi, xi + n), oi)
      else for (let i = oi; i < end; i++, a += xs) o[i] = x[a]!
      break
    case 1:
      for (let i = oi; i < end; i++, a += xs) o[i] = -x[a]!
      break
    case 2:
      for (let i = oi; i < end; i++, a += xs) o[i] = Math.exp(x[a]!)
      break
    case 3:
      for (let i = oi; i < end; i++, a += xs) o[i] = Math.log(x[a]!)
      break
    case 4:
      for (let i = oi; i < end; i++, a += xs) o[i] = Math.sqrt(x[a]!)
      break
    case 5:
      for (let i = oi; i < end; i++, a += xs) o[i] = 1 / Math.sqrt(x[a]!)
      break
    case 6:
      for (let i = oi; i < end; i++, a += xs) o[i] = Math.abs(x[a]!)
      break
    case 7:
      for (let i = oi; i < end; i++, a += xs) {
        const v = x[a]!
        o[i] = v > 0 ? 1 : v < 0 ? -1 : 0
      }
      break
    case 8:
      for (let i = oi; i < end; i++, a += xs) {
        const v = x[a]!
        // NaN stays NaN, as in the reference
        o[i] = v > 0 || Number.isNaN(v) ? v : 0
      }
      break
    case 9:
      for (let i = oi; i < end; i++, a += xs) o[i] = Math.tanh(x[a]!)
      break
    case 10:
      for (let i = oi; i < end; i++, a += xs) o[i] = 1 / (1 + Math.exp(-x[a]!))
      break
    case 11:
      for (let i = oi; i < end; i++, a += xs) o[i] = erfScalar(x[a]!)
      break
    case 12:
      for (let i = oi; i < end; i++, a += xs) o[i] = Math.sin(x[a]!)
      break
    case 13:
      for (let i = oi; i < end; i++, a += xs) o[i] = Math.cos(x[a]!)
      break
  }
}

/** o[oi + i] = f(x[xi + i·xs], y[yi + i·ys]) for i < n. */
export function binaryRun(
  op: number,
  o: Float32Array,
  oi: number,
  x: Float32Array,
  xi: number,
  xs: number,
  y: Float32Array,
  yi: number,
  ys: number,
  n: number,
): void {
  const end = oi + n
  let a = xi
  let b = yi
  switch (op) {
    case 0:
      for (let i = oi; i < end; i++, a += xs, b += ys) o[i] = x[a]! + y[b]!
      break
    case 1:
      for (let i = oi; i < end; i++, a += xs, b += ys) o[i] = x[a]! - y[b]!
      break
    case 2:
      for (let i = oi; i < end; i++, a += xs, b += ys) o[i] = x[a]! * y[b]!
      break
    case 3:
      for (let i = oi; i < end; i++, a += xs, b += ys) o[i] = x[a]! / y[b]!
      break
    case 4:
      for (let i = oi; i < end; i++, a += xs, b += ys) o[i] = x[a]! ** y[b]!
      break
    case 5:
      for (let i = oi; i < end; i++, a += xs, b += ys) o[i] = Math.max(x[a]!, y[b]!)
      break
    case 6:
      for (let i = oi; i < end; i++, a += xs, b += ys) o[i] = Math.min(x[a]!, y[b]!)
      break
    case 7:
      for (let i = oi; i < end; i++, a += xs, b += ys) o[i] = x[a]! < y[b]! ? 1 : 0
      break
    case 8:
      for (let i = oi; i < end; i++, a += xs, b += ys) o[i] = x[a]! > y[b]! ? 1 : 0
      break
    case 9:
      for (let i = oi; i < end; i++, a += xs, b += ys) o[i] = x[a]! === y[b]! ? 1 : 0
      break
  }
}

/** o[oi + i] = c[...] !== 0 ? x[...] : y[...] for i < n (NaN selects x, as in the reference). */
export function whereRun(
  o: Float32Array,
  oi: number,
  c: Float32Array,
  ci: number,
  cs: number,
  x: Float32Array,
  xi: number,
  xs: number,
  y: Float32Array,
  yi: number,
  ys: number,
  n: number,
): void {
  const end = oi + n
  let k = ci
  let a = xi
  let b = yi
  for (let i = oi; i < end; i++, k += cs, a += xs, b += ys) o[i] = c[k]! !== 0 ? x[a]! : y[b]!
}
