import { numel } from '../ir/shape'
import type { Graph, Value } from '../ir/value'
import { planSlots } from '../webgpu/memoryPlan'
import type { StateSlot } from './compileTrainStep'

/** Ops whose values are fed (each its own buffer). */
const FEED_OPS: ReadonlySet<string> = new Set(['input', 'param'])
/** Ops whose values are computed once on the host and uploaded. */
const CONSTANT_OPS: ReadonlySet<string> = new Set(['full', 'constant', 'iota'])
/** Ops that view their input's storage instead of computing a new tensor. */
const VIEW_OPS: ReadonlySet<string> = new Set(['reshape', 'detach'])

/** The op classes the estimate uses, for the test that keeps them in step with the WebGPU plan. */
export const ESTIMATE_OP_CLASSES = { feed: FEED_OPS, constant: CONSTANT_OPS, view: VIEW_OPS } as const

/** What training a compiled step needs, in bytes, by kind: computed from shapes alone. */
export interface TrainingBytes {
  readonly params: number
  readonly optimizer: number
  readonly buffers: number
  /** The batch, the noise and the per-step scalars (everything fed that is not state). */
  readonly data: number
  readonly constants: number
  /** Intermediates (activations, gradients, updates) after planning by liveness. */
  readonly intermediates: number
  readonly total: number
  /** The largest single tensor: one buffer must hold it. */
  readonly largest: { readonly name: string; readonly bytes: number }
}

/** The parts of a compiled training step the estimate reads (a `CompiledTrainStep` has them). */
export interface EstimatedStep {
  readonly graph: Graph
  readonly outputs: readonly Value[]
  readonly stateSlots: readonly StateSlot[]
}

/** 4 bytes an element (f32 and i32), at least 4 (bindings cannot be empty), as the GPU plan counts. */
function bytesOf(v: Value): number {
  return Math.max(4, numel(v.shape) * 4)
}

function nameOf(v: Value): string {
  return v.name ?? `${v.op} #${v.id}${v.scope ? ` in ${v.scope}` : ''}`
}

/**
 * The memory one training step needs, from the graph's shapes alone: parameters, optimizer state,
 * buffers, data, constants, and the intermediates packed by liveness as the WebGPU plan packs
 * them (views share their input's storage). Nothing is allocated, so a model far too large
 * (a 50000×50000 dense layer: 10 GB of weights) is refused by arithmetic before its weights are
 * initialised on the host or a GPU buffer is asked for. The CPU reference keeps every value of a
 * step alive, so it needs more than this; use `naive` for it.
 *
 * @example
 * const step = compileTrainStep(model, { loss, optimizer })
 * checkTrainingFits(estimateTrainingBytes(step), { maxBufferBytes: device.limits.maxBufferSize })
 */
export function estimateTrainingBytes(step: EstimatedStep, options: { naive?: boolean } = {}): TrainingBytes {
  const nodes = step.graph.nodes
  const wanted = new Set<number>()
  const stack = step.outputs.map((v) => v.id)
  while (stack.length > 0) {
    const id = stack.pop()!
    if (wanted.has(id)) continue
    wanted.add(id)
    stack.push(...nodes[id]!.inputs)
  }
  const kindOf = new Map<string, StateSlot['kind']>(step.stateSlots.map((s) => [s.feed, s.kind]))
  const sums = { param: 0, optimizer: 0, buffer: 0, data: 0, constants: 0 }
  let largest = { name: '', bytes: 0 }
  const root = new Map<number, number>()
  const lastUse = new Map<number, number>()
  const computed: Value[] = []
  for (const v of nodes) {
    if (!wanted.has(v.id)) continue
    const bytes = bytesOf(v)
    if (bytes > largest.bytes && !VIEW_OPS.has(v.op)) largest = { name: nameOf(v), bytes }
    root.set(v.id, v.id)
    if (FEED_OPS.has(v.op)) {
      const kind = kindOf.get(v.name ?? '')
      if (kind) sums[kind] += bytes
      else sums.data += bytes
    } else if (CONSTANT_OPS.has(v.op)) sums.constants += bytes
    else if (VIEW_OPS.has(v.op)) root.set(v.id, root.get(v.inputs[0]!)!)
    else {
      computed.push(v)
      for (const i of v.inputs) lastUse.set(root.get(i)!, computed.length - 1)
    }
  }
  for (const v of step.outputs) lastUse.set(root.get(v.id)!, Number.POSITIVE_INFINITY)
  const slots = planSlots(
    computed.map((v, k) => ({ id: v.id, bytes: bytesOf(v), def: k, lastUse: lastUse.get(v.id) ?? k })),
  )
  const intermediates = options.naive ? slots.naiveBytes : slots.plannedBytes
  const total = sums.param + sums.optimizer + sums.buffer + sums.data + sums.constants + intermediates
  return {
    params: sums.param,
    optimizer: sums.optimizer,
    buffers: sums.buffer,
    data: sums.data,
    constants: sums.constants,
    intermediates,
    total,
    largest,
  }
}

/** What a device (or the host) allows, for `checkTrainingFits`. */
export interface MemoryLimits {
  /** The largest buffer one tensor may take (WebGPU: min(maxBufferSize, maxStorageBufferBindingSize)). */
  readonly maxBufferBytes?: number
  /** A budget for everything together (WebGPU does not report device memory: the caller's choice). */
  readonly maxTotalBytes?: number
  /** Names the device in the message ("this GPU (swiftshader)", "the CPU backend"). */
  readonly device?: string
}

/** Bytes as megabytes with one decimal (kilobytes below 0.1 MB), for messages. */
export function megabytes(bytes: number): string {
  const one = { maximumFractionDigits: 1 }
  if (bytes > 0 && bytes < 0.1 * 2 ** 20) return `${(bytes / 2 ** 10).toLocaleString('en-US', one)} kB`
  return `${(bytes / 2 ** 20).toLocaleString('en-US', one)} MB`
}

/** The estimate's parts as one readable line. */
export function describeTrainingBytes(b: TrainingBytes): string {
  return (
    `${megabytes(b.total)} (parameters ${megabytes(b.params)}, optimizer state ${megabytes(b.optimizer)}, ` +
    `buffers ${megabytes(b.buffers)}, batch data ${megabytes(b.data)}, ` +
    `intermediates ${megabytes(b.intermediates + b.constants)})`
  )
}

/**
 * Throws when the estimate does not fit `limits`, with a message saying what the model needs,
 * what the device allows and the fix; returns quietly otherwise.
 */
export function checkTrainingFits(bytes: TrainingBytes, limits: MemoryLimits): void {
  const device = limits.device ?? 'this device'
  const needs = `training this model needs ${describeTrainingBytes(bytes)}`
  const fix = 'reduce the batch size or the layer widths.'
  if (limits.maxBufferBytes !== undefined && bytes.largest.bytes > limits.maxBufferBytes)
    throw new Error(
      `${needs}; its largest tensor, '${bytes.largest.name}', needs ${megabytes(bytes.largest.bytes)} but ` +
        `${device} allows at most ${megabytes(limits.maxBufferBytes)} per buffer: ${fix}`,
    )
  if (limits.maxTotalBytes !== undefined && bytes.total > limits.maxTotalBytes)
    throw new Error(`${needs}, but ${device} allows ${megabytes(limits.maxTotalBytes)} in all: ${fix}`)
}
