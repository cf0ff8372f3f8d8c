import { numel } from '../ir/shape'
import type { Graph, Value } from '../ir/value'
import { opDef } from '../ops/index'
import type { PermuteAttrs } from '../ops/permute'
import type { ReduceAttrs } from '../ops/reduce'
import { fusedKernel, prologue } from './fusion/fusedKernel'
import { partitionElementwise, REDUCTIONS } from './fusion/partition'
import { type Kernel, type KernelConfig, type KernelGen, WEBGPU_LOWERINGS } from './kernels/index'
import { type MatmulOperand, matmulKernels } from './kernels/matmul'
import { reduceKernels } from './kernels/reduce'
import { planSlots } from './memoryPlan'

/** Where a value's elements live on the GPU. */
export type Storage =
  | { readonly kind: 'feed'; readonly index: number }
  | { readonly kind: 'constant'; readonly index: number }
  | { readonly kind: 'slot'; readonly index: number }
  /** A zero-size value: a shared placeholder buffer that is bound but never read or written. */
  | { readonly kind: 'empty' }

/**
 * One op instance's dispatches, in run order; or, after elementwise fusion, one fused kernel
 * computing a chain of values (`fused`), of which it writes `writes` (the last value always).
 */
export interface PlannedStep {
  readonly value: number
  readonly kernels: readonly Kernel[]
  /** Every value a fused step computes, ascending (absent: just `value`). */
  readonly fused?: readonly number[]
  /** The values the step writes to their buffers (absent: just `value`). */
  readonly writes?: readonly number[]
}

/** The values a step writes to buffers. */
export function stepWrites(step: PlannedStep): readonly number[] {
  return step.writes ?? [step.value]
}

/** Storage buffers one fused kernel binds unless the config says otherwise. */
export const DEFAULT_MAX_FUSED_BINDINGS = 8

/** What planning decided, before any GPU object exists: pure data, testable without a device. */
export interface WebGpuPlan {
  readonly graph: Graph
  /** Ids of the values a run returns, in the order asked. */
  readonly outputs: readonly number[]
  /** `input`/`param` values, each with its own buffer, written from the feeds every run. */
  readonly feeds: readonly Value[]
  /** full/constant/iota values, each with its own buffer, uploaded once. */
  readonly constants: readonly Value[]
  readonly steps: readonly PlannedStep[]
  /** Bytes of each pooled buffer. */
  readonly slotBytes: readonly number[]
  /**
   * Storage of every value the run touches, by value id (aliases share their source's). Values a
   * fused kernel keeps in registers have none: they need no buffer.
   */
  readonly storage: ReadonlyMap<number, Storage>
  /** Bytes of the pooled intermediates after liveness planning, and with one buffer each. */
  readonly plannedBytes: number
  readonly naiveBytes: number
  /** reshape/detach values that share their input's buffer instead of being copied. */
  readonly aliases: number
}

/** Bytes of a value on the GPU (f32 and i32 are both 4 bytes; at least 4, bindings cannot be empty). */
export function valueBytes(v: Value): number {
  return Math.max(4, numel(v.shape) * 4)
}

/**
 * Plans a graph for WebGPU: the values `outputs` need (all values when absent), a storage for
 * each (feed, constant, pooled slot, or its source's when it is an alias view), the kernels of
 * each computed value, and the pooled slots by liveness. Outputs stay alive to the end of the
 * run so they can be read back after the last dispatch. Zero-size values get no dispatch.
 * Chains of elementwise ops are fused into one kernel each (`fusion/partition.ts`) unless
 * `config.fusion` is false; only the values an output or another kernel reads get a slot.
 */
export function planWebGpu(graph: Graph, config: KernelConfig, outputs?: readonly Value[]): WebGpuPlan {
  const nodes = graph.nodes
  const outputIds = outputs ? [...new Set(outputs.map((v) => v.id))] : nodes.map((v) => v.id)
  for (const v of outputs ?? [])
    if (nodes[v.id] !== v) throw new Error(`value #${v.id} is not in this graph.`)
  const fuse = config.fusion ?? true
  // matmuls read transposed operands in place: the permute is computed only if something else needs it
  const operands = new Map<number, readonly MatmulOperand[]>()
  if (fuse)
    for (const v of nodes)
      if (v.op === 'matmul')
        operands.set(
          v.id,
          v.inputs.map((id) => matmulOperand(nodes, id)),
        )
  const sourcesOf = (v: Value): readonly number[] => operands.get(v.id)?.map((o) => o.value.id) ?? v.inputs
  const wanted = new Set<number>()
  const stack = [...outputIds]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (wanted.has(id)) continue
    wanted.add(id)
    stack.push(...sourcesOf(nodes[id]!))
  }
  const storage = new Map<number, Storage>()
  const root = new Map<number, number>()
  const feeds: Value[] = []
  const constantCandidates: Value[] = []
  const computed: number[] = []
  let aliases = 0
  for (const v of nodes) {
    if (!wanted.has(v.id)) continue
    const lowering = WEBGPU_LOWERINGS[v.op as keyof typeof WEBGPU_LOWERINGS]
    if (!lowering) throw new Error(`no WebGPU lowering for '${v.op}'.`)
    root.set(v.id, v.id)
    if (lowering === 'feed') {
      storage.set(v.id, { kind: 'feed', index: feeds.push(v) - 1 })
      continue
    }
    if (lowering === 'constant') {
      constantCandidates.push(v)
      continue
    }
    if (numel(v.shape) === 0) {
      storage.set(v.id, { kind: 'empty' })
      continue
    }
    if (lowering === 'alias') {
      root.set(v.id, root.get(v.inputs[0]!)!)
      aliases++
      continue
    }
    computed.push(v.id)
  }
  const outputRoots = new Set(outputIds.map((id) => root.get(id)!))
  const units = partitionElementwise({
    nodes,
    computed,
    root,
    outputRoots,
    sources: new Map([...operands].map(([id, ops]) => [id, ops.map((o) => o.value.id)])),
    maxBindings: config.maxFusedBindings ?? DEFAULT_MAX_FUSED_BINDINGS,
    enabled: fuse,
  })
  const steps: PlannedStep[] = units.map((unit): PlannedStep => {
    const last = unit.members[unit.members.length - 1]!
    // a reduction with its input's chain as prologue (partitionElementwise makes at most one)
    const reduction =
      unit.members.length > 1 ? unit.members.find((m) => REDUCTIONS.has(nodes[m]!.op)) : undefined
    if (reduction !== undefined) {
      const r = nodes[reduction]!
      const x = nodes[r.inputs[0]!]!
      const input = prologue(
        nodes,
        unit.members.filter((m) => m !== reduction),
        root.get(x.id)!,
        unit.writes.filter((w) => w !== reduction),
        root,
      )
      const { axes } = r.attrs as ReduceAttrs
      return {
        value: last,
        kernels: reduceKernels(r, x, axes, config, input),
        fused: unit.members,
        writes: unit.writes,
      }
    }
    if (unit.members.length > 1)
      return {
        value: last,
        kernels: [fusedKernel(nodes, unit.members, unit.writes, root, config)],
        fused: unit.members,
        writes: unit.writes,
      }
    const v = nodes[last]!
    const matmul = operands.get(v.id)
    if (matmul) return { value: v.id, kernels: matmulKernels(v, matmul[0]!, matmul[1]!, config) }
    const lowering = WEBGPU_LOWERINGS[v.op as keyof typeof WEBGPU_LOWERINGS] as KernelGen
    const inputs = v.inputs.map((id) => nodes[id]!)
    return { value: v.id, kernels: lowering({ node: v, inputs, attrs: v.attrs, config }) }
  })
  // constants are uploaded only when a kernel binds them or the run returns them (fused kernels
  // inline scalar ones as literals)
  const bound = new Set<number>(outputRoots)
  for (const s of steps) for (const k of s.kernels) for (const b of k.bindings) bound.add(root.get(b.value)!)
  const constants = constantCandidates.filter((v) => bound.has(v.id))
  constants.forEach((v, index) => {
    storage.set(v.id, { kind: 'constant', index })
  })
  // liveness of the computed values (the roots of what kernels read), outputs kept to the end
  const lastUse = new Map<number, number>()
  steps.forEach((s, k) => {
    for (const kernel of s.kernels)
      for (const b of kernel.bindings) if (b.access === 'read') lastUse.set(root.get(b.value)!, k)
  })
  for (const id of outputRoots) lastUse.set(id, Number.POSITIVE_INFINITY)
  const written = steps.flatMap((s, k) => stepWrites(s).map((id) => ({ id, k })))
  const slots = planSlots(
    written.map(({ id, k }) => ({
      id,
      bytes: valueBytes(nodes[id]!),
      def: k,
      lastUse: lastUse.get(id) ?? k,
    })),
  )
  for (const { id } of written) storage.set(id, { kind: 'slot', index: slots.slotOf.get(id)! })
  for (const [id, r] of root) {
    const s = storage.get(r)
    if (r !== id && s) storage.set(id, s)
  }
  return {
    graph,
    outputs: outputIds,
    feeds,
    constants,
    steps,
    slotBytes: slots.slotBytes,
    storage,
    plannedBytes: slots.plannedBytes,
    naiveBytes: slots.naiveBytes,
    aliases,
  }
}

/**
 * How a matmul reads its input `id`: through a `transpose(x, -1, -2)` (a permute swapping the
 * last two axes only) the kernel reads x transposed, else the value itself.
 */
export function matmulOperand(nodes: readonly Value[], id: number): MatmulOperand {
  const v = nodes[id]!
  if (v.op !== 'permute') return { value: v, transposed: false }
  const { perm } = v.attrs as PermuteAttrs
  const r = perm.length
  const swapsLastTwo = perm.every((p, d) => (d < r - 2 ? p === d : p === (d === r - 2 ? r - 1 : r - 2)))
  return swapsLastTwo && r >= 2
    ? { value: nodes[v.inputs[0]!]!, transposed: true }
    : { value: v, transposed: false }
}

/** The host-computed contents of a constant value (its op's CPU kernel, in f32/i32). */
export function constantData(v: Value): Float32Array | Int32Array {
  const data = v.dtype === 'i32' ? new Int32Array(numel(v.shape)) : new Float32Array(numel(v.shape))
  opDef(v.op).cpu([], v.attrs, { shape: v.shape, dtype: v.dtype, data })
  return data
}
