import type { Shape } from './shape'

/** Element types of the IR: f32 for data and gradients, i32 for indices (token ids, class labels). */
export type DType = 'f32' | 'i32'

/** What a shape rule computes for a value: its static shape and element type. */
export interface TensorType {
  readonly shape: Shape
  readonly dtype: DType
}

/**
 * One node of the primitive IR, named for what it computes. Values are records (data, not
 * objects with behaviour): `op` names a primitive of `ops/index.ts`, `inputs` are ids of earlier
 * values of the same graph (so ids are a topological order), `attrs` are the op's own settings.
 */
export interface Value extends TensorType {
  readonly id: number
  readonly op: string
  readonly inputs: readonly number[]
  /** The op's attributes, as its `OpDef` declares them (already normalized by the builder). */
  readonly attrs: unknown
  /** Feed name, for `input` and `param` values. */
  readonly name?: string
  /** Where the value came from (e.g. `block.0.conv`), to make errors and traces readable. */
  readonly scope?: string
}

/** A graph is its values in creation order; that order is topological. */
export interface Graph {
  readonly nodes: readonly Value[]
}
