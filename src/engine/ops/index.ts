import { abs } from './abs'
import { add } from './add'
import { avgPool2d } from './avgPool2d'
import { cast } from './cast'
import { concat } from './concat'
import { constant } from './constant'
import { conv2d } from './conv2d'
import { convTranspose2d } from './convTranspose2d'
import { cos } from './cos'
import { detach } from './detach'
import { div } from './div'
import { eq } from './eq'
import { erf } from './erf'
import { exp } from './exp'
import { expand } from './expand'
import { full } from './full'
import { gather } from './gather'
import { gt } from './gt'
import { input } from './input'
import { iota } from './iota'
import { log } from './log'
import { lt } from './lt'
import { matmul } from './matmul'
import { max } from './max'
import { maximum } from './maximum'
import { maxPool2d } from './maxPool2d'
import { maxPool2dIndices } from './maxPool2dIndices'
import { minimum } from './minimum'
import { mul } from './mul'
import { neg } from './neg'
import type { OpDef } from './opDef'
import { pad } from './pad'
import { param } from './param'
import { permute } from './permute'
import { pow } from './pow'
import { relu } from './relu'
import { reshape } from './reshape'
import { rsqrt } from './rsqrt'
import { scatterAdd } from './scatterAdd'
import { sigmoid } from './sigmoid'
import { sign } from './sign'
import { sin } from './sin'
import { slice } from './slice'
import { sqrt } from './sqrt'
import { sub } from './sub'
import { sum } from './sum'
import { tanh } from './tanh'
import { where } from './where'

/**
 * Every primitive of the IR, by name. Backends implement exactly these; passes rewrite between
 * them. Adding a primitive = one file in this folder + one line here (+ its conformance cases).
 */
export const OPS = {
  // sources
  input,
  param,
  full,
  constant,
  iota,
  // unary elementwise
  neg,
  exp,
  log,
  sqrt,
  rsqrt,
  abs,
  sign,
  relu,
  tanh,
  sigmoid,
  erf,
  sin,
  cos,
  // binary elementwise (broadcasting) and selection
  add,
  sub,
  mul,
  div,
  pow,
  maximum,
  minimum,
  lt,
  gt,
  eq,
  where,
  // reductions
  sum,
  max,
  // contractions, convolutions, pooling
  matmul,
  conv2d,
  convTranspose2d,
  maxPool2d,
  maxPool2dIndices,
  avgPool2d,
  // indexing
  gather,
  scatterAdd,
  // views (materialized by the reference) and conversions
  reshape,
  permute,
  slice,
  pad,
  concat,
  expand,
  cast,
  detach,
} as const satisfies Record<string, OpDef<never>>

/** Name of a primitive. */
export type OpName = keyof typeof OPS

/** The definition of a primitive, for interpreters and passes that dispatch on `Value.op`. */
export function opDef(name: string): OpDef<unknown> {
  const def = (OPS as Record<string, OpDef<unknown>>)[name]
  if (!def) throw new Error(`unknown primitive '${name}'.`)
  return def
}
