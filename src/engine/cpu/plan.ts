import { formatShape, numel } from '../ir/shape'
import type { DType, Graph, Value } from '../ir/value'
import { opDef } from '../ops/index'
import type { CpuBuffer, CpuTensor } from '../ops/opDef'
import { planFastKernel } from './kernels/index'
import type { Buffers, KernelContext, PlannedKernel } from './kernels/kernel'
import { isTransposedMatmul } from './kernels/matmul'
import { planMemory } from './memoryPlan'
import { planViews } from './views'

/**
 * Precision of f32 values on the CPU: 'f32' runs the fast kernels on Float32Array, as a GPU
 * would compute; 'f64' runs the reference kernels in double precision, for gradient checks by
 * finite differences.
 */
export type CpuPrecision = 'f32' | 'f64'

/** Values for the graph's `input` and `param` nodes, by name, row-major. */
export type Feeds = Readonly<Record<string, CpuBuffer | readonly number[]>>

/** What planning a graph for the CPU achieved: kernel choice and memory, for benchmarks and tests. */
export interface CpuPlanStats {
  /** Kernels run per step: fast ones and reference ones. */
  readonly fastKernels: number
  readonly referenceKernels: number
  /** View values (reshape, permute, ...) that kernels read through instead of copying. */
  readonly viewsReadThrough: number
  /** Bytes of the pooled intermediate buffers, allocated once (liveness-planned peak). */
  readonly plannedBytes: number
  /** Bytes the same intermediates would take with a buffer each. */
  readonly naiveBytes: number
  /** Bytes of the constants (full, constant, iota) evaluated once at planning. */
  readonly constantBytes: number
}

/** Allocates the buffer of a value: Int32Array for i32, else Float32Array or Float64Array. */
export function allocate(dtype: DType, length: number, precision: CpuPrecision): CpuBuffer {
  if (dtype === 'i32') return new Int32Array(length)
  return precision === 'f64' ? new Float64Array(length) : new Float32Array(length)
}

function bytesPer(dtype: DType, precision: CpuPrecision): number {
  return dtype === 'f32' && precision === 'f64' ? 8 : 4
}

function bufferFor(dtype: DType, precision: CpuPrecision, data: CpuBuffer | readonly number[]): CpuBuffer {
  const wanted = allocate(dtype, 0, precision).constructor
  if (data.constructor === wanted) return data as CpuBuffer
  const out = allocate(dtype, data.length, precision)
  out.set(data)
  return out
}

/**
 * A graph compiled for the CPU once, for one set of outputs and one precision: the steps to run
 * in order (each a kernel bound to its values, its loop plan and offset tables), constants
 * evaluated at planning, and a pool of intermediate buffers reused across steps and runs. A run
 * allocates only its outputs (which it hands over) and converts feeds given as plain arrays.
 */
export class CpuPlan {
  private readonly buffers: Buffers
  /** When set, each run adds every step's milliseconds here, by the id of the value it computes. */
  profile: Map<number, number> | undefined

  constructor(
    readonly graph: Graph,
    readonly precision: CpuPrecision,
    /** Ids of the values a run returns. */
    readonly outputs: readonly number[],
    private readonly feeds: readonly Value[],
    private readonly steps: readonly PlannedKernel[],
    /** Id of the value each step computes. */
    readonly stepIds: readonly number[],
    private readonly fresh: readonly Value[],
    buffers: Buffers,
    readonly stats: CpuPlanStats,
  ) {
    this.buffers = buffers
  }

  /** Runs the plan on `feeds`; returns the output tensors by id (fresh buffers, or the fed ones). */
  run(feeds: Feeds): Map<number, CpuTensor> {
    const b = this.buffers
    for (const v of this.feeds) {
      const name = v.name ?? ''
      const fed = feeds[name]
      if (!fed) throw new Error(`no value fed for ${v.op} '${name}' ${formatShape(v.shape)}.`)
      const n = numel(v.shape)
      if (fed.length !== n)
        throw new Error(
          `${v.op} '${name}' ${formatShape(v.shape)} needs ${n} values but was fed ${fed.length}.`,
        )
      b[v.id] = bufferFor(v.dtype, this.precision, fed)
    }
    for (const v of this.fresh) b[v.id] = allocate(v.dtype, numel(v.shape), this.precision)
    const out = new Map<number, CpuTensor>()
    try {
      const profile = this.profile
      if (profile)
        this.steps.forEach((step, i) => {
          const t0 = performance.now()
          step.run(b)
          const id = this.stepIds[i]!
          profile.set(id, (profile.get(id) ?? 0) + performance.now() - t0)
        })
      else for (const step of this.steps) step.run(b)
      for (const id of this.outputs) {
        const v = this.graph.nodes[id]!
        out.set(id, { shape: v.shape, dtype: v.dtype, data: b[id]! })
      }
    } finally {
      // the plan keeps no reference to the feeds, nor to the outputs the caller now owns
      for (const v of this.feeds) b[v.id] = undefined
      for (const v of this.fresh) b[v.id] = undefined
    }
    return out
  }
}

function referenceKernel(node: Value, graph: Graph): PlannedKernel {
  const def = opDef(node.op)
  const inputs = node.inputs.map((id) => graph.nodes[id]!)
  return {
    reads: node.inputs,
    run(b: Buffers) {
      def.cpu(
        inputs.map((v) => ({ shape: v.shape, dtype: v.dtype, data: b[v.id]! })),
        node.attrs,
        { shape: node.shape, dtype: node.dtype, data: b[node.id]! },
      )
    },
  }
}

/** Options of `planCpu`. */
export interface CpuPlanOptions {
  /** Values a run returns; all values when absent. */
  readonly outputs?: readonly Value[] | undefined
  readonly precision: CpuPrecision
  /** 'fast': fast f32 kernels where they apply; 'reference': every op's reference kernel. */
  readonly kernels: 'fast' | 'reference'
}

const SOURCES = new Set(['full', 'constant', 'iota'])

/**
 * Compiles `graph` for the CPU: the values `outputs` need (all values when absent), a kernel for
 * each (a fast f32 kernel where one applies, else the op's reference kernel), views read through
 * where kernels can, constants evaluated now, and intermediates placed in pooled buffers by
 * liveness. Throws if an output is not a value of `graph`.
 */
export function planCpu(graph: Graph, options: CpuPlanOptions): CpuPlan {
  const { outputs, precision } = options
  const useFast = precision === 'f32' && options.kernels === 'fast'
  const nodes = graph.nodes
  const outputIds = outputs ? [...new Set(outputs.map((v) => v.id))] : nodes.map((v) => v.id)
  for (const id of outputIds) if (!nodes[id]) throw new Error(`value #${id} is not in this graph.`)
  const isOutput = new Set(outputIds)
  // what the outputs depend on, before kernels choose to read through views
  const wanted = new Set<number>()
  const stack = [...outputIds]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (wanted.has(id)) continue
    wanted.add(id)
    stack.push(...nodes[id]!.inputs)
  }
  const readers = new Int32Array(nodes.length)
  for (const id of wanted) for (const r of new Set(nodes[id]!.inputs)) readers[r]!++
  for (const id of outputIds) readers[id]!++
  // a transpose of a matmul read by nothing else is computed by a matmul into its own buffer
  const keep = (v: Value) => isTransposedMatmul(v, nodes[v.inputs[0] ?? -1] ?? v, { readers })
  const ctx: KernelContext = { graph, views: useFast ? planViews(graph, keep) : [], readers }
  const kernels = new Map<number, PlannedKernel>()
  const fast = new Set<number>()
  for (const v of nodes) {
    if (!wanted.has(v.id) || v.op === 'input' || v.op === 'param') continue
    const k = useFast ? planFastKernel(v, ctx) : undefined
    if (k) fast.add(v.id)
    kernels.set(v.id, k ?? referenceKernel(v, graph))
  }
  // what is really computed: the outputs and, transitively, what their kernels read
  const live = new Set<number>(outputIds)
  for (let id = nodes.length - 1; id >= 0; id--) {
    if (!live.has(id)) continue
    for (const r of kernels.get(id)?.reads ?? []) live.add(r)
  }
  const buffers: Buffers = []
  const steps: { id: number; kernel: PlannedKernel }[] = []
  const feeds: Value[] = []
  const fresh: Value[] = []
  let constantBytes = 0
  for (const v of nodes) {
    if (!live.has(v.id)) continue
    if (v.op === 'input' || v.op === 'param') {
      feeds.push(v)
      continue
    }
    const kernel = kernels.get(v.id)!
    if (SOURCES.has(v.op) && !isOutput.has(v.id)) {
      // constants are evaluated once, now, into buffers the plan owns
      buffers[v.id] = allocate(v.dtype, numel(v.shape), precision)
      kernel.run(buffers)
      constantBytes += numel(v.shape) * bytesPer(v.dtype, precision)
      continue
    }
    if (isOutput.has(v.id)) fresh.push(v)
    steps.push({ id: v.id, kernel })
  }
  // liveness: each pooled value lives from its step to the last step that reads it
  const lastUse = new Map<number, number>()
  steps.forEach((s, i) => {
    for (const r of s.kernel.reads) lastUse.set(r, i)
  })
  const pooled = steps
    .map((s, i) => ({ v: nodes[s.id]!, i }))
    .filter(({ v }) => !isOutput.has(v.id))
    .map(({ v, i }) => ({
      id: v.id,
      bytes: numel(v.shape) * bytesPer(v.dtype, precision),
      def: i,
      lastUse: lastUse.get(v.id) ?? i,
    }))
  const memory = planMemory(pooled)
  const slots = memory.slotBytes.map((bytes) => new ArrayBuffer(bytes))
  for (const p of pooled) {
    const v = nodes[p.id]!
    const slot = slots[memory.slotOf.get(p.id)!]!
    const n = numel(v.shape)
    buffers[p.id] =
      v.dtype === 'i32'
        ? new Int32Array(slot, 0, n)
        : precision === 'f64'
          ? new Float64Array(slot, 0, n)
          : new Float32Array(slot, 0, n)
  }
  const viewOps = new Set(['reshape', 'permute', 'slice', 'expand', 'detach'])
  const viewsReadThrough = [...wanted].filter((id) => viewOps.has(nodes[id]!.op) && !live.has(id)).length
  return new CpuPlan(
    graph,
    precision,
    outputIds,
    feeds,
    steps.map((s) => s.kernel),
    steps.map((s) => s.id),
    fresh,
    buffers,
    {
      fastKernels: steps.filter((s) => fast.has(s.id)).length,
      referenceKernels: steps.filter((s) => !fast.has(s.id)).length,
      viewsReadThrough,
      constantBytes,
      plannedBytes: memory.plannedBytes,
      naiveBytes: memory.naiveBytes,
    },
  )
}
