import type { DecodedNode } from './decode'

/**
 * What the importer knows about each tensor of an ONNX graph while it reads the nodes: a
 * constant (weights, shapes, axes: folded as they come), or an activation (a tensor computed from
 * the graph inputs at run time) with its shape, where the batch may appear symbolically.
 */

/** A dimension: a number, or `{ n: k }` for k times the batch size N (`[T, N·2, 16]` in attention). */
export type SymDim = number | { readonly n: number }

/** The batch size itself. */
export const BATCH_DIM: SymDim = { n: 1 }

/** A constant float tensor; `name` is the tensor name it came under (a state_dict key for weights). */
export interface FloatConst {
  readonly kind: 'float'
  readonly name: string
  readonly dims: readonly number[]
  readonly data: Float32Array
}

/** A constant integer tensor (shapes, axes, indices); entries may be symbolic (a Shape of an activation). */
export interface IntConst {
  readonly kind: 'int'
  readonly name: string
  readonly dims: readonly number[]
  readonly data: readonly SymDim[]
}

/** A run-time tensor: the output of activation node `node` (or graph input), of `shape`. */
export interface Activation {
  readonly kind: 'act'
  /** Index of the node in `Folded.nodes` that makes it. */
  readonly node: number
  readonly shape: readonly SymDim[]
}

/** Any tensor the importer tracks. */
export type Value = FloatConst | IntConst | Activation
export type Const = FloatConst | IntConst

/** An ONNX node that computes from activations (what becomes layers), with its inputs resolved. */
export interface ActNode {
  readonly index: number
  /** The ONNX op type, or `Input` for a graph input. */
  readonly op: string
  /** The ONNX node (absent for graph inputs). */
  readonly source?: DecodedNode
  /** Graph input name, for `Input`. */
  readonly inputName?: string
  /** Whether the graph input holds int64 ids. */
  readonly intInput?: boolean
  /** Inputs in ONNX order; undefined for a skipped optional input. */
  readonly inputs: readonly (Value | undefined)[]
  readonly out: Activation
}

/** True for `{ n: k }` dims. */
export function isSym(d: SymDim): d is { readonly n: number } {
  return typeof d !== 'number'
}

/** `d` as readable text (`N`, `2N`, `16`); a dim a damaged file made NaN or infinite shows as `?`. */
export function dimText(d: SymDim): string {
  const k = isSym(d) ? d.n : d
  if (!Number.isFinite(k)) return '?'
  return isSym(d) ? (d.n === 1 ? 'N' : `${d.n}N`) : String(d)
}

/** A shape as readable text. */
export function shapeText(s: readonly SymDim[]): string {
  return `[${s.map(dimText).join(', ')}]`
}

/** Whether two dims are the same. */
export function sameSym(a: SymDim | undefined, b: SymDim | undefined): boolean {
  if (a === undefined || b === undefined) return false
  if (isSym(a) || isSym(b)) return isSym(a) && isSym(b) && Math.abs(a.n - b.n) < 1e-9
  return a === b
}

/** The product of dims; symbolic when one of them is (two symbolic dims cannot be multiplied). */
export function productSym(dims: readonly SymDim[], where: string): SymDim {
  let k = 1
  let sym = false
  for (const d of dims) {
    if (isSym(d)) {
      if (sym) throw new Error(`${where}: a product of two batch-sized dims is not supported.`)
      sym = true
      k *= d.n
    } else k *= d
  }
  return sym ? { n: k } : k
}

/** `a · b` or `a / b` (b a number, or both symbolic for a ratio), as shape arithmetic needs. */
export function arith(op: 'Mul' | 'Div' | 'Add' | 'Sub', a: SymDim, b: SymDim, where: string): SymDim {
  if (!isSym(a) && !isSym(b)) {
    if (op === 'Mul') return a * b
    if (op === 'Add') return a + b
    if (op === 'Sub') return a - b
    if (b === 0) throw new Error(`${where}: division by zero in shape arithmetic.`)
    return Math.trunc(a / b)
  }
  if (op === 'Mul' && isSym(a) !== isSym(b))
    return isSym(a) ? { n: a.n * (b as number) } : arith(op, b, a, where)
  if (op === 'Div' && isSym(a) && !isSym(b)) return { n: a.n / b }
  if (op === 'Div' && isSym(a) && isSym(b)) return a.n / b.n
  if ((op === 'Add' || op === 'Sub') && isSym(a) && isSym(b))
    return { n: op === 'Add' ? a.n + b.n : a.n - b.n }
  throw new Error(
    `${where}: the graph computes a shape from the batch size in a way Triad cannot express (${op}).`,
  )
}

/** The ONNX/numpy broadcast of two shapes. */
export function broadcastSym(a: readonly SymDim[], b: readonly SymDim[], where: string): SymDim[] {
  const rank = Math.max(a.length, b.length)
  const out: SymDim[] = []
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1
    const y = b[b.length - rank + i] ?? 1
    if (x === 1) out.push(y)
    else if (y === 1 || sameSym(x, y)) out.push(x)
    else throw new Error(`${where}: shapes ${shapeText(a)} and ${shapeText(b)} do not broadcast.`)
  }
  return out
}

/** `axis` in [-rank, rank) as a non-negative axis, or a thrown error naming the node. */
export function normAxis(axis: number, rank: number, where: string): number {
  const a = axis < 0 ? axis + rank : axis
  if (a < 0 || a >= rank) throw new Error(`${where}: axis ${axis} is out of range for rank ${rank}.`)
  return a
}

/** A dims list that must be all numbers (a weight's, a per-sample shape). */
export function numeric(dims: readonly SymDim[], where: string): number[] {
  return dims.map((d) => {
    if (isSym(d)) throw new Error(`${where}: dim ${dimText(d)} depends on the batch size here.`)
    return d
  })
}

/**
 * The shortest decimal that is the same float32 as `x`: ONNX stores attributes as float32, so
 * torch's eps 1e-5 arrives as 9.99999974e-6 and is written back as 1e-5.
 */
export function tidyFloat(x: number): number {
  const f = Math.fround(x)
  for (let p = 1; p <= 9; p++) {
    const v = Number.parseFloat(f.toPrecision(p))
    if (Math.fround(v) === f) return v
  }
  return f
}
