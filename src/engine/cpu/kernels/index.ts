import type { Value } from '../../ir/value'
import { planConv } from './conv'
import { planElementwise } from './elementwise'
import type { KernelContext, KernelPlanner, PlannedKernel } from './kernel'
import { planMatmul } from './matmul'
import { planPool } from './pool'
import { planReduce } from './reduce'

/**
 * The fast f32 kernels, tried in order; the first that accepts a node serves it. An op none
 * accepts (integer data, gather, pad, concat, avg pooling, ...) runs its reference kernel.
 */
export const FAST_KERNELS: readonly KernelPlanner[] = [
  planMatmul,
  planConv,
  planElementwise,
  planReduce,
  planPool,
]

/** The fast kernel for `node`, or undefined when it should run its reference kernel. */
export function planFastKernel(node: Value, ctx: KernelContext): PlannedKernel | undefined {
  for (const plan of FAST_KERNELS) {
    const k = plan(node, ctx)
    if (k) return k
  }
  return undefined
}
