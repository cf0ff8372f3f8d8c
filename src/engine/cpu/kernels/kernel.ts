import type { Graph, Value } from '../../ir/value'
import type { CpuBuffer } from '../../ops/opDef'
import type { View } from '../views'

/**
 * The buffers of one run, by value id: fed inputs, fresh outputs, pooled intermediates and
 * constants. Values that are views read through have no entry of their own.
 */
export type Buffers = (CpuBuffer | undefined)[]

/** A kernel bound once to its values and its loop plan; `run` executes it on a run's buffers. */
export interface PlannedKernel {
  /** Ids of the values whose buffers it reads: its inputs, or the bases of views it reads through. */
  readonly reads: readonly number[]
  run(buffers: Buffers): void
}

/** What kernel planners see of the graph. */
export interface KernelContext {
  readonly graph: Graph
  /** The view of each value by id (a value that is no view is its own base). */
  readonly views: readonly View[]
  /**
   * How many computed values read each value (an output counts as one more reader): a value
   * read once can be fused into its reader.
   */
  readonly readers: Int32Array
}

/**
 * Chooses and binds a fast kernel for `node`, or returns undefined to leave it to the reference
 * kernel. Called once per plan; all shape-dependent work (loop plans, offset tables) happens here.
 */
export type KernelPlanner = (node: Value, ctx: KernelContext) => PlannedKernel | undefined

/** The f32 buffer of value `id` (fast kernels run only in f32 mode, on f32 values). */
export function f32(buffers: Buffers, id: number): Float32Array {
  return buffers[id] as Float32Array
}

/** Whether every value among `ids` (and `node` itself) is f32. */
export function allF32(ctx: KernelContext, node: Value): boolean {
  return node.dtype === 'f32' && node.inputs.every((id) => ctx.graph.nodes[id]!.dtype === 'f32')
}
