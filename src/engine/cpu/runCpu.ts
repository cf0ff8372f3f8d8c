import type { Graph, Value } from '../ir/value'
import type { CpuTensor } from '../ops/opDef'
import { allocate, type CpuPlan, type CpuPrecision, type Feeds, planCpu } from './plan'

export { allocate, type CpuPrecision, type Feeds }

/** Options of `runCpu`. */
export interface RunCpuOptions {
  /** Values wanted; only they and what they depend on are computed. Default: every value. */
  outputs?: readonly Value[]
  precision?: CpuPrecision
  /**
   * Run every op's reference kernel in f32 mode too (no fast kernels, no views read through):
   * the oracle the fast kernels are tested against. f64 mode always does.
   */
  reference?: boolean
}

/** What `runCpu` computed, looked up by value. */
export class CpuResult {
  constructor(private readonly tensors: ReadonlyMap<number, CpuTensor>) {}

  /** The tensor computed for `v`; throws if `v` was not among the outputs asked for. */
  get(v: Value): CpuTensor {
    const t = this.tensors.get(v.id)
    if (!t) throw new Error(`value #${v.id} (${v.op}) was not computed: list it in outputs.`)
    return t
  }

  /** The data computed for `v`, as a plain array (for tests and small read-backs). */
  array(v: Value): number[] {
    return Array.from(this.get(v).data)
  }
}

// Plans by graph, then by precision, graph size (builders only append) and outputs.
const PLANS = new WeakMap<Graph, Map<string, CpuPlan>>()
const PLANS_PER_GRAPH = 16

/**
 * The plan of `graph` for these outputs and precision, made on first use and kept while the graph
 * lives, so a training step or a gradient check plans once and then only runs.
 */
export function cpuPlan(graph: Graph, options: RunCpuOptions = {}): CpuPlan {
  const precision = options.precision ?? 'f32'
  const outputs = options.outputs
  const kernels = precision === 'f32' && !options.reference ? 'fast' : 'reference'
  const key = `${kernels}|${precision}|${graph.nodes.length}|${outputs ? outputs.map((v) => v.id).join(',') : '*'}`
  let plans = PLANS.get(graph)
  if (!plans) {
    plans = new Map()
    PLANS.set(graph, plans)
  }
  let plan = plans.get(key)
  if (!plan) {
    plan = planCpu(graph, { outputs, precision, kernels })
    if (plans.size >= PLANS_PER_GRAPH) plans.delete(plans.keys().next().value!)
    plans.set(key, plan)
  }
  return plan
}

/** The plans made so far for `graph` (for benchmarks and profiling: stats, per-step timings). */
export function cachedPlans(graph: Graph): CpuPlan[] {
  return [...(PLANS.get(graph)?.values() ?? [])]
}

/**
 * Evaluates a graph on the CPU, in id order (a topological order). Inputs and params come from
 * `feeds` by name; a missing or wrongly sized feed is an error naming it. Inputs are never
 * modified. In f32 mode fast kernels run where they apply (packed GEMM for matmul and
 * convolutions, views read in place, pooled buffers); in f64 mode every op runs its reference
 * kernel: the oracle the fast kernels and every other backend are checked against.
 *
 * @example
 * const out = runCpu(g, { x: [1, 2, 3], w: weights }, { outputs: [y] })
 * out.get(y).data
 */
export function runCpu(graph: Graph, feeds: Feeds, options: RunCpuOptions = {}): CpuResult {
  return new CpuResult(cpuPlan(graph, options).run(feeds))
}
