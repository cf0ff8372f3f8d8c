import type { GraphBuilder } from '../ir/builder'
import type { Shape } from '../ir/shape'
import type { DType, TensorType, Value } from '../ir/value'

/**
 * Storage of a tensor on the CPU. f32 values live in a Float32Array, or in a Float64Array when the
 * reference runs in f64 mode (the gradient checks do); i32 values always live in an Int32Array.
 * Kernels are written once against this union: they read and write plain numbers.
 */
export type CpuBuffer = Float32Array | Float64Array | Int32Array

/** A row-major tensor on the CPU. */
export interface CpuTensor {
  readonly shape: Shape
  readonly dtype: DType
  readonly data: CpuBuffer
}

/** What a VJP receives: the forward values and the gradient of the loss with respect to the output. */
export interface VjpArgs<A> {
  readonly inputs: readonly Value[]
  readonly output: Value
  readonly gradOutput: Value
  readonly attrs: A
}

/**
 * A primitive of the IR: its shape rule, its backward rule and its CPU reference, side by side.
 * One file per primitive exports one of these; `ops/index.ts` lists them all.
 *
 * Methods (not function-valued properties) on purpose: it lets the registry hold every
 * `OpDef<SomeAttrs>` as an `OpDef<unknown>` and hand each node's own attrs back to its op.
 */
export interface OpDef<A> {
  readonly name: string
  /** Number of inputs, or 'variadic' (concat). Checked by the builder before `inferType`. */
  readonly arity: number | 'variadic'
  /** Shape and dtype rule. Throws `ShapeError` with a message that says what was expected. */
  inferType(inputs: readonly TensorType[], attrs: A): TensorType
  /**
   * Backward rule: one gradient per input (undefined where none flows: integer inputs, masks,
   * constants), expressed with builder primitives so gradients are graphs too. A gradient may
   * have the broadcast output shape; autodiff sums it back to the input's shape.
   * Absent for sources (no inputs) and for ops whose output carries no gradient.
   */
  vjp?(b: GraphBuilder, args: VjpArgs<A>): readonly (Value | undefined)[]
  /**
   * CPU reference kernel. `out` is allocated by the caller with the inferred shape and dtype; the
   * kernel writes every element of it. Semantics are PyTorch's, broadcasting included.
   */
  cpu(inputs: readonly CpuTensor[], attrs: A, out: CpuTensor): void
}

/** An op with no attributes. */
export type NoAttrs = Record<string, never>

/** Identity helper that keeps the attrs type parameter of an op definition. */
export function defineOp<A>(def: OpDef<A>): OpDef<A> {
  return def
}
