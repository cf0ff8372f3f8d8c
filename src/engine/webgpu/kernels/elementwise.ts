import { broadcastStrides } from '../../ir/shape'
import type { DType, Value } from '../../ir/value'
import type { KernelArgs, KernelGen } from './kernel'
import { type MapOperand, mapKernel } from './map'

/** A unary op's WGSL over `a`, per input dtype (absent: the op refuses that dtype anyway). */
type UnaryExpr = Partial<Record<DType, string>>

/**
 * Unary elementwise ops. NaN handling is explicit where JavaScript's Math defines it: relu keeps
 * NaN, sign maps it to 0, abs clears the sign bit (so it stays NaN).
 */
const UNARY: Record<string, UnaryExpr> = {
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
const BINARY: Record<string, UnaryExpr> = {
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

function expressionFor(table: Record<string, UnaryExpr>, op: string, dtype: DType): string {
  const expr = table[op]?.[dtype]
  if (!expr) throw new Error(`no WebGPU kernel for ${op} on ${dtype}.`)
  return expr
}

/** An operand read with broadcasting into the output's shape. */
export function broadcastOperand(value: Value, out: Value): MapOperand {
  return { value, strides: broadcastStrides(value.shape, out.shape) }
}

function unary({ node, inputs, config }: KernelArgs) {
  const x = inputs[0]!
  return [mapKernel(node, [broadcastOperand(x, node)], expressionFor(UNARY, node.op, x.dtype), config)]
}

function binary({ node, inputs, config }: KernelArgs) {
  const [a, b] = inputs as [Value, Value]
  const expr = expressionFor(BINARY, node.op, a.dtype)
  return [mapKernel(node, [broadcastOperand(a, node), broadcastOperand(b, node)], expr, config)]
}

/** torch.where: a nonzero mask (NaN included, -0 not) selects a. Operands: a = mask, b, c = branches. */
const where: KernelGen = ({ node, inputs, config }) => {
  const [c, a, b] = inputs as [Value, Value, Value]
  const nonzero = c.dtype === 'i32' ? 'a != 0i' : '(bitcast<u32>(a) & 0x7fffffffu) != 0u'
  return [
    mapKernel(
      node,
      [broadcastOperand(c, node), broadcastOperand(a, node), broadcastOperand(b, node)],
      `select(c, b, ${nonzero})`,
      config,
    ),
  ]
}

/** Tensor.to(dtype): f32 to i32 as Int32Array converts (truncate, wrap, NaN to 0). */
const cast: KernelGen = ({ node, inputs, config }) => {
  const x = inputs[0]!
  const expr = x.dtype === node.dtype ? 'a' : node.dtype === 'i32' ? 't_to_i32(a)' : 'f32(a)'
  return [mapKernel(node, [broadcastOperand(x, node)], expr, config)]
}

/** Kernel generators of the elementwise primitives, by op name. */
export const ELEMENTWISE_KERNELS: Record<string, KernelGen> = {
  ...Object.fromEntries(Object.keys(UNARY).map((op) => [op, unary])),
  ...Object.fromEntries(Object.keys(BINARY).map((op) => [op, binary])),
  where,
  cast,
}
