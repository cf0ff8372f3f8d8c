import type { Feeds } from '../cpu/runCpu'
import { formatShape, numel } from '../ir/shape'
import type { Value } from '../ir/value'
import type { CpuTensor } from '../ops/opDef'
import {
  BUFFER_USAGE,
  type GpuBindGroup,
  type GpuBuffer,
  type GpuCommandEncoder,
  type GpuComputePipeline,
  type GpuDevice,
  MAP_READ,
} from './gpuTypes'
import { constantData, type Storage, valueBytes, type WebGpuPlan } from './plan'
import { WebGpuResult } from './result'

/** What compiling a graph for WebGPU produced, for benchmarks, reports and tests. */
export interface WebGpuPlanStats {
  /** Dispatches recorded per run. */
  readonly dispatches: number
  /** Distinct pipelines the graph uses (shared ones counted once). */
  readonly pipelines: number
  /** reshape/detach values sharing their input's buffer. */
  readonly aliases: number
  /** Bytes of the pooled intermediates after liveness planning. */
  readonly plannedBytes: number
  /** Bytes the same intermediates would take with a buffer each. */
  readonly naiveBytes: number
  /** Bytes of the fed inputs and parameters, and of the constants uploaded once. */
  readonly feedBytes: number
  readonly constantBytes: number
  /** Bytes read back per run (the requested outputs only). */
  readonly readbackBytes: number
}

/** One dispatch, ready to record: pipeline, bind group and grid. */
export interface Dispatch {
  readonly label: string
  readonly pipeline: GpuComputePipeline
  readonly bindGroup: GpuBindGroup
  readonly workgroups: readonly [number, number, number]
}

/** The buffers of a compiled graph, by storage kind. */
export interface GraphBuffers {
  readonly feedBuffers: readonly GpuBuffer[]
  readonly constantBuffers: readonly GpuBuffer[]
  readonly slotBuffers: readonly GpuBuffer[]
  readonly emptyBuffer: GpuBuffer
  /** Feed buffers the caller owns (bound by name, see `ExternalBuffers`): never written by `run`, never destroyed. */
  readonly external: ReadonlySet<GpuBuffer>
}

/**
 * Feeds bound to buffers the caller owns, by feed name: the training state an executor keeps on
 * the GPU, shared by the graphs compiled for every batch size. The graph reads them in place; a
 * run does not write them from its feeds.
 */
export type ExternalBuffers = ReadonlyMap<string, GpuBuffer>

/** An output copied into a caller's buffer after every run's dispatches (a step's updated state). */
export interface WriteBack {
  readonly value: Value
  readonly to: GpuBuffer
}

/** A write-back resolved to buffers: what `record` copies after the dispatches. */
export interface PlannedCopy {
  readonly from: GpuBuffer
  readonly to: GpuBuffer
  readonly bytes: number
}

/** The GPU objects of a compiled graph, created by `WebGpuBackend.compile`. */
export interface CompiledParts extends GraphBuffers {
  readonly dispatches: readonly Dispatch[]
  readonly pipelines: number
  /** Copies recorded after the dispatches of every run (empty unless compiled with `writeBack`). */
  readonly copies?: readonly PlannedCopy[]
}

/** The buffer a value with this storage lives in. */
export function bufferOf(buffers: GraphBuffers, storage: Storage): GpuBuffer {
  switch (storage.kind) {
    case 'feed':
      return buffers.feedBuffers[storage.index]!
    case 'constant':
      return buffers.constantBuffers[storage.index]!
    case 'slot':
      return buffers.slotBuffers[storage.index]!
    case 'empty':
      return buffers.emptyBuffer
  }
}

/** Destroys every buffer a graph owns (not the external ones it binds). */
export function destroyBuffers(buffers: GraphBuffers): void {
  for (const b of [
    ...buffers.feedBuffers,
    ...buffers.constantBuffers,
    ...buffers.slotBuffers,
    buffers.emptyBuffer,
  ])
    if (!buffers.external.has(b)) b.destroy()
}

/**
 * Resolves write-backs to buffer copies. An output that already lives in its target (a state
 * tensor the step leaves as it was: its output is its input) needs no copy; a zero-size one none.
 */
export function planCopies(
  plan: WebGpuPlan,
  buffers: GraphBuffers,
  writeBack: readonly WriteBack[],
): PlannedCopy[] {
  const copies: PlannedCopy[] = []
  for (const { value, to } of writeBack) {
    const storage = plan.storage.get(value.id)
    if (!storage || !plan.outputs.includes(value.id))
      throw new Error(`write-back of value #${value.id} (${value.op}): list it in outputs.`)
    const from = bufferOf(buffers, storage)
    const bytes = numel(value.shape) * 4
    if (bytes === 0 || from === to) continue
    if (to.size < bytes)
      throw new Error(
        `write-back of value #${value.id} needs ${bytes} bytes but its target holds ${to.size}.`,
      )
    copies.push({ from, to, bytes })
  }
  return copies
}

function feedArray(v: Value, fed: Feeds[string] | undefined): Float32Array | Int32Array {
  const n = numel(v.shape)
  if (!fed) throw new Error(`no value fed for ${v.op} '${v.name ?? ''}' ${formatShape(v.shape)}.`)
  if (fed.length !== n)
    throw new Error(
      `${v.op} '${v.name ?? ''}' ${formatShape(v.shape)} needs ${n} values but was fed ${fed.length}.`,
    )
  if (v.dtype === 'i32') return fed instanceof Int32Array ? fed : Int32Array.from(fed)
  return fed instanceof Float32Array ? fed : Float32Array.from(fed)
}

/**
 * A graph compiled for one WebGPU device and one set of outputs: every pipeline created, every
 * buffer allocated (feeds, constants uploaded once, pooled intermediates) and every bind group
 * built before the first run. A run writes the feeds, records all dispatches and the copies of
 * the requested outputs into one command buffer, submits it and maps one staging buffer.
 * Runs are serialized: a second `run` waits for the first.
 */
export class CompiledWebGpuGraph {
  private staging: GpuBuffer | undefined
  private readonly stagingBytes: number
  private readonly readback: { id: number; offset: number; bytes: number }[] = []
  private queue: Promise<unknown> = Promise.resolve()
  private destroyed = false
  readonly stats: WebGpuPlanStats

  constructor(
    private readonly device: GpuDevice,
    readonly plan: WebGpuPlan,
    private readonly parts: CompiledParts,
  ) {
    let at = 0
    for (const id of plan.outputs) {
      const v = plan.graph.nodes[id]!
      if (numel(v.shape) === 0) continue
      this.readback.push({ id, offset: at, bytes: numel(v.shape) * 4 })
      at += numel(v.shape) * 4
    }
    this.stagingBytes = at
    this.stats = {
      dispatches: parts.dispatches.length,
      pipelines: parts.pipelines,
      aliases: plan.aliases,
      plannedBytes: plan.plannedBytes,
      naiveBytes: plan.naiveBytes,
      feedBytes: plan.feeds.reduce((s, v) => s + valueBytes(v), 0),
      constantBytes: plan.constants.reduce((s, v) => s + valueBytes(v), 0),
      readbackBytes: at,
    }
  }

  /** Labels of the dispatches in run order (op and value id), for profiles and debugging. */
  get dispatchLabels(): string[] {
    return this.parts.dispatches.map((d) => d.label)
  }

  /** The buffer output (or feed) `v` lives in after a run: for copies the caller records itself. */
  bufferFor(v: Value): GpuBuffer {
    const storage = this.plan.storage.get(v.id)
    if (!storage || this.plan.graph.nodes[v.id] !== v)
      throw new Error(`value #${v.id} (${v.op}) is not planned in this graph: list it in outputs.`)
    return bufferOf(this.parts, storage)
  }

  /**
   * Writes the feeds of one run into the graph's feed buffers (queue.writeBuffer, so they land
   * before whatever is submitted next). Feeds bound to external buffers are skipped; any other
   * missing or wrongly sized feed is an error naming it.
   */
  writeFeeds(feeds: Feeds): void {
    if (this.destroyed) throw new Error('this compiled graph was destroyed.')
    const { device, plan, parts } = this
    plan.feeds.forEach((v, k) => {
      const buffer = parts.feedBuffers[k]!
      if (parts.external.has(buffer)) return
      const data = feedArray(v, feeds[v.name ?? ''])
      if (data.length > 0) device.queue.writeBuffer(buffer, 0, data)
    })
  }

  /**
   * Records one run into `encoder`: every dispatch in one compute pass, then the write-back
   * copies. No feeds are written and nothing is read back: the caller submits, and may add its
   * own copies (a loss into a slot of its ring) before it does.
   */
  record(encoder: GpuCommandEncoder): void {
    if (this.destroyed) throw new Error('this compiled graph was destroyed.')
    const pass = encoder.beginComputePass()
    for (const d of this.parts.dispatches) {
      pass.setPipeline(d.pipeline)
      pass.setBindGroup(0, d.bindGroup)
      pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2])
    }
    pass.end()
    for (const c of this.parts.copies ?? []) encoder.copyBufferToBuffer(c.from, 0, c.to, 0, c.bytes)
  }

  /**
   * Runs the graph on `feeds` (by input/param name, as `runCpu` takes them) and reads back the
   * outputs. A missing or wrongly sized feed is an error naming it; feeds bound to external
   * buffers are read from those buffers, not from `feeds`.
   */
  run(feeds: Feeds): Promise<WebGpuResult> {
    const next = this.queue.then(() => this.runNow(feeds))
    this.queue = next.catch(() => undefined)
    return next
  }

  private async runNow(feeds: Feeds): Promise<WebGpuResult> {
    if (this.destroyed) throw new Error('this compiled graph was destroyed.')
    const { device, plan, parts } = this
    const arrays = plan.feeds.map((v, k) =>
      parts.external.has(parts.feedBuffers[k]!) ? undefined : feedArray(v, feeds[v.name ?? '']),
    )
    if (this.stagingBytes > 0 && !this.staging)
      this.staging = device.createBuffer({
        size: this.stagingBytes,
        usage: BUFFER_USAGE.MAP_READ | BUFFER_USAGE.COPY_DST,
        label: 'readback',
      })
    device.pushErrorScope('validation')
    let failure: unknown
    try {
      arrays.forEach((data, k) => {
        if (data && data.length > 0) device.queue.writeBuffer(parts.feedBuffers[k]!, 0, data)
      })
      const encoder = device.createCommandEncoder({ label: 'triad run' })
      this.record(encoder)
      for (const r of this.readback)
        encoder.copyBufferToBuffer(
          bufferOf(parts, plan.storage.get(r.id)!),
          0,
          this.staging!,
          r.offset,
          r.bytes,
        )
      device.queue.submit([encoder.finish()])
    } catch (e) {
      failure = e
    }
    // the scope is popped whatever happened, so a failed run leaves the device's scope stack as it was
    const error = await device.popErrorScope()
    if (failure) throw failure
    if (error) throw new Error(`WebGPU rejected the run: ${error.message}`)
    let bytes: ArrayBuffer | undefined
    if (this.staging) {
      await this.staging.mapAsync(MAP_READ)
      bytes = this.staging.getMappedRange().slice(0)
      this.staging.unmap()
    }
    const out = new Map<number, CpuTensor>()
    const placed = new Map(this.readback.map((r) => [r.id, r]))
    for (const id of plan.outputs) {
      const v = plan.graph.nodes[id]!
      const r = placed.get(id)
      const n = numel(v.shape)
      const data =
        v.dtype === 'i32'
          ? r && bytes
            ? new Int32Array(bytes, r.offset, n)
            : new Int32Array(0)
          : r && bytes
            ? new Float32Array(bytes, r.offset, n)
            : new Float32Array(0)
      out.set(id, { shape: v.shape, dtype: v.dtype, data })
    }
    return new WebGpuResult(out)
  }

  /** Frees the graph's buffers (pipelines stay cached in the backend). */
  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    destroyBuffers(this.parts)
    this.staging?.destroy()
  }
}

/** Bytes a graph allocates itself: its own feeds (not the external ones), constants and planned slots. */
export function ownedBytes(plan: WebGpuPlan, external: ExternalBuffers = new Map()): number {
  const feeds = plan.feeds.filter((v) => !external.has(v.name ?? '')).reduce((s, v) => s + valueBytes(v), 0)
  return feeds + plan.constants.reduce((s, v) => s + valueBytes(v), 0) + plan.plannedBytes
}

/**
 * Creates and fills a graph's buffers: feeds (written per run), constants (uploaded now), slots.
 * A feed named in `external` binds the caller's buffer instead of one of its own; that buffer
 * must hold the feed exactly.
 */
export function allocateBuffers(
  device: GpuDevice,
  plan: WebGpuPlan,
  external: ExternalBuffers = new Map(),
): GraphBuffers {
  const usage = BUFFER_USAGE.STORAGE | BUFFER_USAGE.COPY_SRC | BUFFER_USAGE.COPY_DST
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize)
  for (const v of plan.feeds) {
    const buffer = external.get(v.name ?? '')
    if (buffer && buffer.size < valueBytes(v))
      throw new Error(
        `the external buffer for '${v.name}' ${formatShape(v.shape)} holds ${buffer.size} bytes; it needs ${valueBytes(v)}.`,
      )
  }
  const sized = [
    ...plan.feeds
      .filter((v) => !external.has(v.name ?? ''))
      .map((v) => ({ bytes: valueBytes(v), label: `feed ${v.name ?? v.id}` })),
    ...plan.constants.map((v) => ({ bytes: valueBytes(v), label: `${v.op} #${v.id}` })),
    ...plan.slotBytes.map((bytes, k) => ({ bytes, label: `slot ${k}` })),
  ]
  // every size is checked before anything is allocated, so a refusal leaks nothing
  for (const { bytes, label } of sized)
    if (bytes > limit)
      throw new Error(
        `${label} needs ${bytes} bytes but this device binds at most ${limit} bytes per buffer; the model needs ${plan.plannedBytes} bytes of intermediates.`,
      )
  const make = (bytes: number, label: string) =>
    device.createBuffer({ size: Math.ceil(bytes / 4) * 4, usage, label })
  const feedBuffers = plan.feeds.map(
    (v) => external.get(v.name ?? '') ?? make(valueBytes(v), `feed ${v.name ?? v.id}`),
  )
  const constantBuffers = plan.constants.map((v) => {
    const buffer = make(valueBytes(v), `${v.op} #${v.id}`)
    const data = constantData(v)
    if (data.length > 0) device.queue.writeBuffer(buffer, 0, data)
    return buffer
  })
  const slotBuffers = plan.slotBytes.map((bytes, k) => make(bytes, `slot ${k}`))
  return {
    feedBuffers,
    constantBuffers,
    slotBuffers,
    emptyBuffer: make(4, 'empty'),
    external: new Set(external.values()),
  }
}
