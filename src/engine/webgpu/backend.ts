import type { Feeds } from '../cpu/runCpu'
import type { Graph, Value } from '../ir/value'
import { megabytes } from '../train/memoryEstimate'
import {
  allocateBuffers,
  bufferOf,
  CompiledWebGpuGraph,
  type Dispatch,
  destroyBuffers,
  type ExternalBuffers,
  type GraphBuffers,
  ownedBytes,
  type PlannedCopy,
  planCopies,
  type WriteBack,
} from './compiled'
import { kernelConfigFor, requestWebGpuDevice } from './device'
import {
  type Gpu,
  type GpuAdapterInfo,
  type GpuBindGroupLayout,
  type GpuComputePipeline,
  type GpuDevice,
  type GpuPipelineLayout,
  SHADER_STAGE_COMPUTE,
} from './gpuTypes'
import type { Kernel, KernelConfig } from './kernels/index'
import { planWebGpu, type WebGpuPlan } from './plan'
import type { WebGpuResult } from './result'

/** Options of `compile` and `run`. */
export interface WebGpuRunOptions {
  /** Values wanted; only they and what they depend on are computed. Default: every value. */
  readonly outputs?: readonly Value[]
}

/** Options of `compile`: besides the outputs, state kept in the caller's buffers. */
export interface WebGpuCompileOptions extends WebGpuRunOptions {
  /** Feeds bound to the caller's buffers by feed name (read in place, never written from feeds). */
  readonly external?: ExternalBuffers
  /** Outputs copied into the caller's buffers after every run's dispatches (each must be in `outputs`). */
  readonly writeBack?: readonly WriteBack[]
}

/** Why the device went away, as `GPUDevice.lost` says (`reason` is 'destroyed' or 'unknown'). */
export interface DeviceLoss {
  readonly reason: string
  readonly message: string
}

/**
 * Runs `allocate` inside out-of-memory and validation error scopes: a GPU allocation that does
 * not fit becomes an Error saying how many bytes were asked for (`needs`) and the fix, instead
 * of an uncaptured device error. `needs` describes the bytes ("12.5 MB (parameters ...)");
 * `cleanup` frees what was allocated when it fails.
 */
export async function allocateChecked<T>(
  device: GpuDevice,
  what: string,
  needs: string,
  allocate: () => T,
  cleanup: (made: T) => void,
): Promise<T> {
  device.pushErrorScope('out-of-memory')
  device.pushErrorScope('validation')
  let made: T | undefined
  let failure: unknown
  try {
    made = allocate()
  } catch (e) {
    failure = e
  }
  const invalid = await device.popErrorScope()
  const oom = await device.popErrorScope()
  if (!failure && !invalid && !oom) return made as T
  if (made !== undefined) cleanup(made)
  if (oom)
    throw new Error(
      `the GPU ran out of memory allocating ${what}: it needs ${needs} ` +
        `(device: ${oom.message}); reduce the batch size or the layer widths.`,
    )
  throw failure ?? new Error(`WebGPU rejected ${what}: ${invalid?.message}`)
}

/** A kernel's bind group layout key: one letter per binding, r (read-only) or w (read-write). */
function accessKey(k: Kernel): string {
  return k.bindings.map((b) => (b.access === 'read' ? 'r' : 'w')).join('')
}

function numbered(wgsl: string): string {
  return wgsl
    .split('\n')
    .map((line, i) => `${String(i + 1).padStart(4)}  ${line}`)
    .join('\n')
}

/**
 * The WebGPU backend: a device, the kernel sizes chosen for its limits, and the caches shared by
 * every graph compiled on it (bind group layouts by access pattern, pipelines by WGSL text).
 * `compile` plans a graph and creates everything before its first run; `run` is the `runCpu`
 * contract, asynchronous.
 *
 * @example
 * const backend = await createWebGpuBackend(navigator.gpu)
 * const step = await backend.compile(g, { outputs: [loss] })
 * const out = await step.run({ x, w })
 * out.get(loss).data
 */
export class WebGpuBackend {
  private readonly layouts = new Map<string, { group: GpuBindGroupLayout; pipeline: GpuPipelineLayout }>()
  private readonly pipelines = new Map<string, Promise<GpuComputePipeline>>()
  private loss: Promise<DeviceLoss> | undefined

  constructor(
    readonly device: GpuDevice,
    readonly config: KernelConfig = kernelConfigFor(device.limits),
    readonly adapterInfo?: GpuAdapterInfo,
  ) {}

  /**
   * Resolves when the device is lost (destroyed, a driver reset, the GPU process crashed): every
   * graph and executor on it stops working; the caller recreates a backend and reloads its state.
   */
  get lost(): Promise<DeviceLoss> {
    // a plain object: the device's GPUDeviceLostInfo keeps its fields on getters, which neither
    // postMessage nor JSON carry
    this.loss ??= this.device.lost.then((info) => ({ reason: info.reason, message: info.message }))
    return this.loss
  }

  /** Pipelines created so far on this backend (each distinct WGSL text once). */
  get pipelineCount(): number {
    return this.pipelines.size
  }

  /** The same device with other kernel sizes (smaller tiles, fewer workgroups per dimension). */
  withConfig(overrides: Partial<KernelConfig>): WebGpuBackend {
    return new WebGpuBackend(this.device, { ...this.config, ...overrides }, this.adapterInfo)
  }

  private layoutFor(key: string) {
    let layout = this.layouts.get(key)
    if (!layout) {
      const group = this.device.createBindGroupLayout({
        label: `bindings ${key}`,
        entries: [...key].map((c, binding) => ({
          binding,
          visibility: SHADER_STAGE_COMPUTE,
          buffer: { type: c === 'r' ? 'read-only-storage' : 'storage' },
        })),
      })
      layout = { group, pipeline: this.device.createPipelineLayout({ bindGroupLayouts: [group] }) }
      this.layouts.set(key, layout)
    }
    return layout
  }

  /** The pipeline of a kernel: created once per WGSL text, asynchronously. */
  private pipelineFor(k: Kernel): Promise<GpuComputePipeline> {
    const key = `${accessKey(k)}\n${k.wgsl}`
    let pipeline = this.pipelines.get(key)
    if (!pipeline) {
      const module = this.device.createShaderModule({ code: k.wgsl, label: k.label })
      pipeline = this.device
        .createComputePipelineAsync({
          layout: this.layoutFor(accessKey(k)).pipeline,
          compute: { module, entryPoint: 'main' },
          label: k.label,
        })
        .catch(async (e: unknown) => {
          this.pipelines.delete(key)
          const info = await module.getCompilationInfo()
          const messages = info.messages.map((m) => `${m.type} at ${m.lineNum}:${m.linePos}: ${m.message}`)
          throw new Error(
            `the WGSL of ${k.label} did not compile: ${messages.join('; ') || String(e)}\n${numbered(k.wgsl)}`,
          )
        })
      this.pipelines.set(key, pipeline)
    }
    return pipeline
  }

  /**
   * Compiles `graph` for these outputs: plans storage and kernels, allocates the buffers,
   * uploads the constants, creates every pipeline (createComputePipelineAsync, all awaited) and
   * builds every bind group, once. Throws with the WGSL when a kernel does not compile and with
   * the bytes needed when a buffer exceeds the device's limits or the device runs out of memory.
   * `external` binds feeds to the caller's buffers and `writeBack` copies outputs into them.
   */
  async compile(graph: Graph, options: WebGpuCompileOptions = {}): Promise<CompiledWebGpuGraph> {
    const plan = planWebGpu(graph, this.config, options.outputs)
    const kernels = plan.steps.flatMap((s) => s.kernels)
    const maxBindings = this.device.limits.maxStorageBuffersPerShaderStage
    for (const k of kernels)
      if (k.bindings.length > maxBindings)
        throw new Error(
          `${k.label} binds ${k.bindings.length} storage buffers; this device allows ${maxBindings}.`,
        )
    const pipelines = await Promise.all(kernels.map((k) => this.pipelineFor(k)))
    const external = options.external ?? new Map<string, never>()
    const allocate = () => {
      const allocated = allocateBuffers(this.device, plan, external)
      const made: { buffers: GraphBuffers; dispatches: Dispatch[]; copies: PlannedCopy[] } = {
        buffers: allocated,
        dispatches: [],
        copies: [],
      }
      try {
        made.copies = planCopies(plan, allocated, options.writeBack ?? [])
        made.dispatches = this.bindKernels(kernels, pipelines, plan, allocated)
      } catch (e) {
        destroyBuffers(allocated)
        throw e
      }
      return made
    }
    const made = await allocateChecked(
      this.device,
      'a compiled graph',
      megabytes(ownedBytes(plan, external)),
      allocate,
      (m) => destroyBuffers(m.buffers),
    )
    return new CompiledWebGpuGraph(this.device, plan, {
      ...made.buffers,
      dispatches: made.dispatches,
      copies: made.copies,
      pipelines: new Set(pipelines).size,
    })
  }

  private bindKernels(
    kernels: readonly Kernel[],
    pipelines: readonly GpuComputePipeline[],
    plan: WebGpuPlan,
    allocated: GraphBuffers,
  ): Dispatch[] {
    return kernels.map((k, i) => ({
      label: k.label,
      pipeline: pipelines[i]!,
      workgroups: k.workgroups,
      bindGroup: this.device.createBindGroup({
        label: k.label,
        layout: this.layoutFor(accessKey(k)).group,
        entries: k.bindings.map((b, binding) => ({
          binding,
          resource: { buffer: bufferOf(allocated, plan.storage.get(b.value)!) },
        })),
      }),
    }))
  }

  /** Compiles (every call: use `compile` to run a graph many times) and runs once. */
  async run(graph: Graph, feeds: Feeds, options: WebGpuRunOptions = {}): Promise<WebGpuResult> {
    const compiled = await this.compile(graph, options)
    try {
      return await compiled.run(feeds)
    } finally {
      compiled.destroy()
    }
  }

  /** Destroys the device (every graph compiled on it stops working). */
  destroy(): void {
    this.device.destroy()
  }
}

/**
 * A WebGPU backend on `gpu` (the page or worker passes `navigator.gpu`): requests the adapter
 * and a device with explicit limits, and picks kernel sizes for them.
 */
export async function createWebGpuBackend(
  gpu: Gpu,
  options: { config?: Partial<KernelConfig>; powerPreference?: 'low-power' | 'high-performance' } = {},
): Promise<WebGpuBackend> {
  const { device, adapterInfo } = await requestWebGpuDevice(gpu, options)
  return new WebGpuBackend(device, kernelConfigFor(device.limits, options.config, adapterInfo), adapterInfo)
}
