import { broadcastStrides, stridesOf } from '../../ir/shape'
import type { DType, Value } from '../../ir/value'
import type { PermuteAttrs } from '../../ops/permute'
import type { SliceAttrs } from '../../ops/slice'
import type { MapOperand } from './map'

/**
 * The ops that are one thread per output element reading each operand at a strided offset of
 * the output's coordinates: elementwise math (unary, binary with broadcasting, where, cast) and
 * the materialized views that are only a strided read (permute, slice, expand). Each is a
 * `MapSpec`: the operands' read patterns and a WGSL expression over them. The standalone kernels
 * (`mapKernel`) and the elementwise fusion pass (`fusion/`) both generate code from it, so a
 * fused chain computes exactly what the unfused kernels would.
 */

/** A map op's operands (named a, b, c in `expr`, in order) and the WGSL of one output element. */
export interface MapSpec {
  readonly operands: readonly MapOperand[]
  readonly expr: string
}

/** A unary op's WGSL over `a`, per input dtype (absent: the op refuses that dtype anyway). */
type ExprByDType = Partial<Record<DType, string>>

/**
 * Unary elementwise ops. NaN handling is explicit where JavaScript's Math defines it: relu keeps
 * NaN, sign maps it to 0, abs clears the sign bit (so it stays NaN).
 */
export const UNARY: Record<string, ExprByDType> = {
  neg: { f32: '-a', i32: '-a' },
  exp: { f32: 't_exp(a)' },
  log: { f32: 't_log(a)' },
  sqrt: { f32: 't_sqrt(a)' },
  rsqrt: { f32: 't_rsqrt(a)' },
  abs: { f32: 'bitcast<f32>(bitcast<u32>(a) & 0x7fffffffu)', i32: 'abs(a)' },
  sign: { f32: 'select(select(0.0, -1.0, a < 0.0), 1.0, a > 0.0)', i32: 'sign(a)' },
  relu: { f32: 'select(0.0, a, a > 0.0 || is_nan(a))' },
  tanh: { f32: 't_tanh(a)' },
  sigmoid: { f32: 't_sigmoid(a)' },
  erf: { f32: 't_erf(a)' },
  sin: { f32: 't_sin(a)' },
  cos: { f32: 't_cos(a)' },
}

/** Comparisons are false when either side is NaN, as in JavaScript. */
const NOT_NAN = '!is_nan(a) && !is_nan(b) && '

/** Binary ops over `a` and `b`, per operand dtype. Comparisons produce an f32 mask. */
export const BINARY: Record<string, ExprByDType> = {
  add: { f32: 'a + b', i32: 'a + b' },
  sub: { f32: 'a - b', i32: 'a - b' },
  mul: { f32: 'a * b', i32: 'a * b' },
  div: { f32: 'a / b' },
  pow: { f32: 't_pow(a, b)' },
  maximum: { f32: 't_max(a, b)', i32: 'max(a, b)' },
  minimum: { f32: 't_min(a, b)', i32: 'min(a, b)' },
  lt: { f32: `select(0.0, 1.0, ${NOT_NAN}a < b)`, i32: 'select(0.0, 1.0, a < b)' },
  gt: { f32: `select(0.0, 1.0, ${NOT_NAN}a > b)`, i32: 'select(0.0, 1.0, a > b)' },
  eq: { f32: `select(0.0, 1.0, ${NOT_NAN}a == b)`, i32: 'select(0.0, 1.0, a == b)' },
}

function expressionFor(table: Record<string, ExprByDType>, op: string, dtype: DType): string {
  const expr = table[op]?.[dtype]
  if (!expr) throw new Error(`no WebGPU kernel for ${op} on ${dtype}.`)
  return expr
}

/** An operand read with broadcasting into the output's shape. */
export function broadcastOperand(value: Value, out: Value): MapOperand {
  return { value, strides: broadcastStrides(value.shape, out.shape) }
}

type SpecOf = (node: Value, inputs: readonly Value[]) => MapSpec

const unary: SpecOf = (node, [x]) => ({
  operands: [broadcastOperand(x!, node)],
  expr: expressionFor(UNARY, node.op, x!.dtype),
})

const binary: SpecOf = (node, [a, b]) => ({
  operands: [broadcastOperand(a!, node), broadcastOperand(b!, node)],
  expr: expressionFor(BINARY, node.op, a!.dtype),
})

/** torch.where: a nonzero mask (NaN included, -0 not) selects a. Operands: a = mask, b, c = branches. */
const where: SpecOf = (node, [c, a, b]) => ({
  operands: [broadcastOperand(c!, node), broadcastOperand(a!, node), broadcastOperand(b!, node)],
  expr: `select(c, b, ${c!.dtype === 'i32' ? 'a != 0i' : '(bitcast<u32>(a) & 0x7fffffffu) != 0u'})`,
})

/** Tensor.to(dtype): f32 to i32 as Int32Array converts (truncate, wrap, NaN to 0). */
const cast: SpecOf = (node, [x]) => ({
  operands: [broadcastOperand(x!, node)],
  expr: x!.dtype === node.dtype ? 'a' : node.dtype === 'i32' ? 't_to_i32(a)' : 'f32(a)',
})

/** permute: output axis i reads input axis perm[i]. */
const permute: SpecOf = (node, [x]) => {
  const own = stridesOf(x!.shape)
  const { perm } = node.attrs as PermuteAttrs
  return { operands: [{ value: x!, strides: perm.map((p) => own[p]!) }], expr: 'a' }
}

/** slice: the input's strides from the offset of the starts. */
const slice: SpecOf = (node, [x]) => {
  const own = stridesOf(x!.shape)
  const { starts } = node.attrs as SliceAttrs
  const base = starts.reduce((acc, s, d) => acc + s * own[d]!, 0)
  return { operands: [{ value: x!, strides: own, base }], expr: 'a' }
}

/** expand: a broadcasting read. */
const expand: SpecOf = (node, [x]) => ({ operands: [broadcastOperand(x!, node)], expr: 'a' })

/** The map ops and how each reads its operands, by op name. */
export const MAP_SPECS: Readonly<Record<string, SpecOf>> = {
  ...Object.fromEntries(Object.keys(UNARY).map((op) => [op, unary])),
  ...Object.fromEntries(Object.keys(BINARY).map((op) => [op, binary])),
  where,
  cast,
  permute,
  slice,
  expand,
}

/** The map spec of `node` (whose inputs are `inputs`), or undefined when its op is not a map op. */
export function mapSpecOf(node: Value, inputs: readonly Value[]): MapSpec | undefined {
  return MAP_SPECS[node.op]?.(node, inputs)
}
