import type { Feeds } from '../../cpu/runCpu'
import type { CompiledWebGpuGraph } from '../compiled'
import {
  BUFFER_USAGE,
  type GpuBindGroup,
  type GpuBindGroupLayout,
  type GpuBuffer,
  type GpuCommandEncoder,
  type GpuComputePass,
  type GpuComputePipeline,
  type GpuDevice,
  type GpuPipelineLayout,
  MAP_READ,
  SHADER_STAGE_COMPUTE,
} from '../gpuTypes'
import type { Kernel } from '../kernels/index'
import {
  type DispatchTiming,
  groupByKind,
  type KernelProfile,
  kindOf,
  median,
  type ProfileMethod,
} from './summary'

/**
 * Times every dispatch of a compiled graph (a training step) on its device. With the adapter's
 * `timestamp-query` feature each dispatch runs in its own compute pass between two timestamps;
 * without it (SwiftShader in Chromium) each dispatch is submitted alone and awaited
 * (`onSubmittedWorkDone`), and the median cost of an empty submission is taken off. Rounds run
 * the dispatches in plan order, so every kernel reads what its producers wrote, as in a step.
 */

/** Options of `profileCompiledGraph`. */
export interface ProfileOptions {
  /** Timed rounds (medians over them); default 7. */
  readonly rounds?: number
  /** Untimed rounds first (pipelines warm, caches filled); default 2. */
  readonly warmup?: number
  /** 'auto' (default) uses timestamps when the device has the feature. */
  readonly method?: 'auto' | ProfileMethod
  /** Time the whole step only, not each dispatch (quick comparisons); default false. */
  readonly stepOnly?: boolean
}

/** The timestamp-query parts of WebGPU the engine's structural types leave out. */
interface TimestampWrites {
  querySet: QuerySet
  beginningOfPassWriteIndex: number
  endOfPassWriteIndex: number
}
interface QuerySet {
  destroy(): void
}
interface TimestampEncoder extends GpuCommandEncoder {
  beginComputePass(descriptor?: { label?: string; timestampWrites?: TimestampWrites }): GpuComputePass
  resolveQuerySet(
    querySet: QuerySet,
    first: number,
    count: number,
    destination: GpuBuffer,
    offset: number,
  ): void
}
interface TimestampDevice extends GpuDevice {
  readonly features: { has(name: string): boolean }
  createQuerySet(descriptor: { type: 'timestamp'; count: number }): QuerySet
  createCommandEncoder(descriptor?: { label?: string }): TimestampEncoder
}

const QUERY_RESOLVE = 0x0200

/** Whether the device was created with the `timestamp-query` feature. */
export function hasTimestamps(device: GpuDevice): device is TimestampDevice {
  return (device as Partial<TimestampDevice>).features?.has('timestamp-query') === true
}

interface ProfiledDispatch {
  readonly kernel: Kernel
  readonly pipeline: GpuComputePipeline
  readonly bindGroup: GpuBindGroup
}

/** Pipelines and bind groups of the graph's kernels, bound to the compiled graph's buffers. */
async function prepare(device: GpuDevice, compiled: CompiledWebGpuGraph): Promise<ProfiledDispatch[]> {
  const layouts = new Map<string, { group: GpuBindGroupLayout; pipeline: GpuPipelineLayout }>()
  const pipelines = new Map<string, Promise<GpuComputePipeline>>()
  const nodes = compiled.plan.graph.nodes
  const kernels = compiled.plan.steps.flatMap((s) => s.kernels)
  const prepared = kernels.map(async (kernel) => {
    const key = kernel.bindings.map((b) => (b.access === 'read' ? 'r' : 'w')).join('')
    let layout = layouts.get(key)
    if (!layout) {
      const group = device.createBindGroupLayout({
        entries: [...key].map((c, binding) => ({
          binding,
          visibility: SHADER_STAGE_COMPUTE,
          buffer: { type: c === 'r' ? 'read-only-storage' : 'storage' },
        })),
      })
      layout = { group, pipeline: device.createPipelineLayout({ bindGroupLayouts: [group] }) }
      layouts.set(key, layout)
    }
    const pipelineKey = `${key}\n${kernel.wgsl}`
    let pipeline = pipelines.get(pipelineKey)
    if (!pipeline) {
      pipeline = device.createComputePipelineAsync({
        layout: layout.pipeline,
        compute: {
          module: device.createShaderModule({ code: kernel.wgsl, label: kernel.label }),
          entryPoint: 'main',
        },
        label: kernel.label,
      })
      pipelines.set(pipelineKey, pipeline)
    }
    const bindGroup = device.createBindGroup({
      layout: layout.group,
      entries: kernel.bindings.map((b, binding) => ({
        binding,
        resource: { buffer: compiled.bufferFor(nodes[b.value]!) },
      })),
      label: kernel.label,
    })
    return { kernel, pipeline: await pipeline, bindGroup }
  })
  return Promise.all(prepared)
}

function dispatch(pass: GpuComputePass, d: ProfiledDispatch): void {
  pass.setPipeline(d.pipeline)
  pass.setBindGroup(0, d.bindGroup)
  const [x, y, z] = d.kernel.workgroups
  pass.dispatchWorkgroups(x, y, z)
}

/** Milliseconds from submitting `record`'s commands to the queue being done with them. */
async function timeSubmit(device: GpuDevice, record: (encoder: GpuCommandEncoder) => void): Promise<number> {
  const encoder = device.createCommandEncoder()
  record(encoder)
  const commands = encoder.finish()
  const t0 = performance.now()
  device.queue.submit([commands])
  await device.queue.onSubmittedWorkDone()
  return performance.now() - t0
}

/** Per-dispatch samples, one list per dispatch, by submitting each alone. */
async function submitEach(
  device: GpuDevice,
  dispatches: readonly ProfiledDispatch[],
  rounds: number,
  warmup: number,
) {
  const samples = dispatches.map((): number[] => [])
  for (let r = 0; r < warmup + rounds; r++)
    for (const [i, d] of dispatches.entries()) {
      const t = await timeSubmit(device, (encoder) => {
        const pass = encoder.beginComputePass()
        dispatch(pass, d)
        pass.end()
      })
      if (r >= warmup) samples[i]!.push(t)
    }
  return samples
}

/** Per-dispatch samples from timestamps written around each dispatch's own pass. */
async function timestampEach(
  device: TimestampDevice,
  dispatches: readonly ProfiledDispatch[],
  rounds: number,
  warmup: number,
) {
  const count = 2 * dispatches.length
  const querySet = device.createQuerySet({ type: 'timestamp', count })
  const resolve = device.createBuffer({ size: 8 * count, usage: QUERY_RESOLVE | BUFFER_USAGE.COPY_SRC })
  const read = device.createBuffer({ size: 8 * count, usage: BUFFER_USAGE.MAP_READ | BUFFER_USAGE.COPY_DST })
  const samples = dispatches.map((): number[] => [])
  try {
    for (let r = 0; r < warmup + rounds; r++) {
      const encoder = device.createCommandEncoder()
      for (const [i, d] of dispatches.entries()) {
        const pass = encoder.beginComputePass({
          timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 },
        })
        dispatch(pass, d)
        pass.end()
      }
      encoder.resolveQuerySet(querySet, 0, count, resolve, 0)
      encoder.copyBufferToBuffer(resolve, 0, read, 0, 8 * count)
      device.queue.submit([encoder.finish()])
      await read.mapAsync(MAP_READ)
      const ns = new BigUint64Array(read.getMappedRange().slice(0))
      read.unmap()
      if (r >= warmup)
        dispatches.forEach((_, i) => {
          samples[i]!.push(Math.max(0, Number(ns[2 * i + 1]! - ns[2 * i]!) / 1e6))
        })
    }
  } finally {
    querySet.destroy()
    resolve.destroy()
    read.destroy()
  }
  return samples
}

/**
 * Profiles `compiled` on `feeds` (every feed of one run, as `run` takes them): the whole step's
 * median time as training submits it, and each dispatch's median, grouped by op kind.
 */
export async function profileCompiledGraph(
  device: GpuDevice,
  compiled: CompiledWebGpuGraph,
  feeds: Feeds,
  options: ProfileOptions = {},
): Promise<KernelProfile> {
  const rounds = options.rounds ?? 7
  const warmup = options.warmup ?? 2
  const method: ProfileMethod =
    options.method === 'submit-per-dispatch' ||
    (options.method !== 'timestamp-query' && !hasTimestamps(device))
      ? 'submit-per-dispatch'
      : 'timestamp-query'
  if (method === 'timestamp-query' && !hasTimestamps(device))
    throw new Error(
      "this device has no 'timestamp-query' feature: profile with method 'submit-per-dispatch'.",
    )
  device.pushErrorScope('validation')
  let result: KernelProfile | undefined
  let failure: unknown
  try {
    const dispatches = await prepare(device, compiled)
    compiled.writeFeeds(feeds)
    const step: number[] = []
    for (let r = 0; r < warmup + rounds; r++) {
      const t = await timeSubmit(device, (encoder) => compiled.record(encoder))
      if (r >= warmup) step.push(t)
    }
    const empty: number[] = []
    for (let r = 0; r < 3 * rounds; r++)
      empty.push(
        await timeSubmit(device, (encoder) => {
          encoder.beginComputePass().end()
        }),
      )
    const overheadMs = method === 'submit-per-dispatch' ? median(empty) : 0
    const samples = options.stepOnly
      ? dispatches.map(() => [0])
      : method === 'timestamp-query' && hasTimestamps(device)
        ? await timestampEach(device, dispatches, rounds, warmup)
        : await submitEach(device, dispatches, rounds, warmup)
    const timings: DispatchTiming[] = dispatches.map((d, i) => ({
      label: d.kernel.label,
      kind: kindOf(d.kernel.label),
      workgroups: d.kernel.workgroups,
      ms: Math.max(0, median(samples[i]!) - overheadMs),
    }))
    result = {
      method,
      rounds,
      dispatches: timings,
      byKind: groupByKind(timings),
      sumMs: timings.reduce((s, d) => s + d.ms, 0),
      stepMs: median(step),
      overheadMs,
    }
  } catch (e) {
    failure = e
  }
  // the scope is popped whatever happened, so the device's scope stack is left as it was
  const error = await device.popErrorScope()
  if (failure) throw failure
  if (error || !result) throw new Error(`WebGPU rejected the profile's commands: ${error?.message}`)
  return result
}
