import type { GraphBuilder } from '../ir/builder'
import { broadcastShapes, ShapeError } from '../ir/shape'
import type { DType, TensorType, Value } from '../ir/value'
import { type CpuTensor, defineOp, type NoAttrs, type OpDef } from './opDef'
import { broadcastOffsets } from './strided'

/** Which element types an elementwise op accepts: floats only (exp, div) or also ints (add, neg). */
export type DTypePolicy = 'float' | 'any'

function checkDType(op: string, dtype: DType, policy: DTypePolicy): void {
  if (policy === 'float' && dtype !== 'f32')
    throw new ShapeError(`${op} needs an f32 input but got ${dtype}; cast it first.`)
}

/** Backward rule of a unary op: gradient of x from x, y = f(x) and dy. */
export type UnaryVjp = (b: GraphBuilder, x: Value, y: Value, dy: Value) => Value | undefined

/** Defines a unary elementwise primitive from its scalar function and its VJP. */
export function defineUnary(spec: {
  name: string
  dtypes?: DTypePolicy
  f: (x: number) => number
  vjp?: UnaryVjp
}): OpDef<NoAttrs> {
  const { name, f, vjp } = spec
  const policy = spec.dtypes ?? 'float'
  return defineOp<NoAttrs>({
    name,
    arity: 1,
    inferType([x]) {
      checkDType(name, x!.dtype, policy)
      return { shape: x!.shape, dtype: x!.dtype }
    },
    vjp: vjp && ((b, { inputs, output, gradOutput }) => [vjp(b, inputs[0]!, output, gradOutput)]),
    cpu([x], _attrs, out) {
      const a = x!.data
      const o = out.data
      for (let i = 0; i < o.length; i++) o[i] = f(a[i]!)
    },
  })
}

/** Backward rule of a binary op: gradients of a and b in the broadcast output shape. */
export type BinaryVjp = (
  b: GraphBuilder,
  x: Value,
  y: Value,
  out: Value,
  dy: Value,
) => readonly [Value | undefined, Value | undefined]

/**
 * Defines a binary elementwise primitive with NumPy/PyTorch broadcasting. Both inputs must have
 * the same dtype (no implicit promotion). Compare ops produce an f32 mask of 0 and 1.
 */
export function defineBinary(spec: {
  name: string
  dtypes?: DTypePolicy
  /** Output dtype: that of the inputs, or always f32 (comparisons). */
  result?: 'same' | 'f32'
  f: (a: number, b: number) => number
  vjp?: BinaryVjp
}): OpDef<NoAttrs> {
  const { name, f, vjp } = spec
  const policy = spec.dtypes ?? 'any'
  return defineOp<NoAttrs>({
    name,
    arity: 2,
    inferType([a, b]) {
      checkDType(name, a!.dtype, policy)
      if (a!.dtype !== b!.dtype)
        throw new ShapeError(
          `${name} needs inputs of one dtype but got ${a!.dtype} and ${b!.dtype}; cast one.`,
        )
      return { shape: broadcastShapes(a!.shape, b!.shape), dtype: spec.result === 'f32' ? 'f32' : a!.dtype }
    },
    vjp: vjp && ((b, { inputs, output, gradOutput }) => vjp(b, inputs[0]!, inputs[1]!, output, gradOutput)),
    cpu([a, b], _attrs, out) {
      binaryKernel(a!, b!, out, f)
    },
  })
}

function binaryKernel(a: CpuTensor, b: CpuTensor, out: CpuTensor, f: (a: number, b: number) => number): void {
  const x = a.data
  const y = b.data
  const o = out.data
  const n = o.length
  const oa = broadcastOffsets(a.shape, out.shape)
  const ob = broadcastOffsets(b.shape, out.shape)
  if (!oa && !ob) for (let i = 0; i < n; i++) o[i] = f(x[i]!, y[i]!)
  else if (!oa && y.length === 1) {
    const v = y[0]!
    for (let i = 0; i < n; i++) o[i] = f(x[i]!, v)
  } else if (!ob && x.length === 1) {
    const v = x[0]!
    for (let i = 0; i < n; i++) o[i] = f(v, y[i]!)
  } else for (let i = 0; i < n; i++) o[i] = f(x[oa ? oa[i]! : i]!, y[ob ? ob[i]! : i]!)
}

/** Shape rule shared by ops whose output is their (single) input's type. */
export function sameType([x]: readonly TensorType[]): TensorType {
  return { shape: x!.shape, dtype: x!.dtype }
}
