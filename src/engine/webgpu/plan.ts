import { numel } from '../ir/shape'
import type { Graph, Value } from '../ir/value'
import { opDef } from '../ops/index'
import { type Kernel, type KernelConfig, WEBGPU_LOWERINGS } from './kernels/index'
import { planSlots } from './memoryPlan'

/** Where a value's elements live on the GPU. */
export type Storage =
  | { readonly kind: 'feed'; readonly index: number }
  | { readonly kind: 'constant'; readonly index: number }
  | { readonly kind: 'slot'; readonly index: number }
  /** A zero-size value: a shared placeholder buffer that is bound but never read or written. */
  | { readonly kind: 'empty' }

/** One op instance's dispatches, in run order. */
export interface PlannedStep {
  readonly value: number
  readonly kernels: readonly Kernel[]
}

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
  /** Storage of every value the run touches, by value id (aliases share their source's). */
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
 */
export function planWebGpu(graph: Graph, config: KernelConfig, outputs?: readonly Value[]): WebGpuPlan {
  const nodes = graph.nodes
  const outputIds = outputs ? [...new Set(outputs.map((v) => v.id))] : nodes.map((v) => v.id)
  for (const v of outputs ?? [])
    if (nodes[v.id] !== v) throw new Error(`value #${v.id} is not in this graph.`)
  const wanted = new Set<number>()
  const stack = [...outputIds]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (wanted.has(id)) continue
    wanted.add(id)
    stack.push(...nodes[id]!.inputs)
  }
  const storage = new Map<number, Storage>()
  const root = new Map<number, number>()
  const feeds: Value[] = []
  const constants: Value[] = []
  const steps: PlannedStep[] = []
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
      storage.set(v.id, { kind: 'constant', index: constants.push(v) - 1 })
      continue
    }
    if (numel(v.shape) === 0) {
      storage.set(v.id, { kind: 'empty' })
      continue
    }
    const inputs = v.inputs.map((id) => nodes[id]!)
    if (lowering === 'alias') {
      root.set(v.id, root.get(v.inputs[0]!)!)
      aliases++
      continue
    }
    steps.push({ value: v.id, kernels: lowering({ node: v, inputs, attrs: v.attrs, config }) })
  }
  // liveness of the computed values (the roots of what kernels read), outputs kept to the end
  const def = new Map<number, number>()
  steps.forEach((s, k) => {
    def.set(s.value, k)
  })
  const lastUse = new Map<number, number>()
  steps.forEach((s, k) => {
    for (const kernel of s.kernels)
      for (const b of kernel.bindings) if (b.access === 'read') lastUse.set(root.get(b.value)!, k)
  })
  for (const id of outputIds) lastUse.set(root.get(id)!, Number.POSITIVE_INFINITY)
  const slots = planSlots(
    steps.map((s, k) => ({
      id: s.value,
      bytes: valueBytes(nodes[s.value]!),
      def: k,
      lastUse: lastUse.get(s.value) ?? k,
    })),
  )
  for (const s of steps) storage.set(s.value, { kind: 'slot', index: slots.slotOf.get(s.value)! })
  for (const [id, r] of root) if (r !== id) storage.set(id, storage.get(r)!)
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

/** The host-computed contents of a constant value (its op's CPU kernel, in f32/i32). */
export function constantData(v: Value): Float32Array | Int32Array {
  const data = v.dtype === 'i32' ? new Int32Array(numel(v.shape)) : new Float32Array(numel(v.shape))
  opDef(v.op).cpu([], v.attrs, { shape: v.shape, dtype: v.dtype, data })
  return data
}
