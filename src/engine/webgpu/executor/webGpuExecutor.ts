import type { Feeds } from '../../cpu/runCpu'
import type { CompiledTrainStep, RunStepOptions, TrainState } from '../../train/compileTrainStep'
import { GUARD_FEED } from '../../train/compileTrainStep'
import { StepsBySize } from '../../train/cpuExecutor'
import type { StepLoss, TrainExecutor } from '../../train/executor'
import {
  checkTrainingFits,
  describeTrainingBytes,
  estimateTrainingBytes,
  type TrainingBytes,
} from '../../train/memoryEstimate'
import { allocateChecked, type DeviceLoss, type WebGpuBackend } from '../backend'
import type { CompiledWebGpuGraph } from '../compiled'
import { LossRing, type StepRecord } from './lossRing'
import { StateBuffers } from './stateBuffers'

/** Options of `createWebGpuExecutor`. */
export interface WebGpuExecutorOptions {
  /** The usual batch size: its step is compiled (and checked for memory) first. */
  readonly batchSize: number
  /** Losses are read back every this many steps (one mapAsync a window); default 10. */
  readonly readbackEvery?: number
  /** Staging buffers in the ring; `enqueue` waits when all are in flight. Default 3. */
  readonly ringSize?: number
  /** A budget for the whole estimate (WebGPU does not report device memory); default none. */
  readonly maxBytes?: number
}

/** What the executor did, for tests and benchmarks. */
export interface WebGpuExecutorStats {
  /** mapAsync calls for losses: one per window, never one per step. */
  readonly lossReadbacks: number
  /** State readbacks (`state()` calls that reached the GPU). */
  readonly stateReadbacks: number
  /** Command buffers submitted for steps. */
  readonly submits: number
  /** Batch sizes with a compiled graph. */
  readonly batchSizes: readonly number[]
  /** The memory estimate checked before anything was allocated. */
  readonly estimate: TrainingBytes
}

/** A `TrainExecutor` on WebGPU, with its counters. */
export interface WebGpuTrainExecutor extends TrainExecutor {
  readonly backend: 'webgpu'
  stats(): WebGpuExecutorStats
}

/** A step compiled on the GPU for one batch size, bound to the shared state buffers. */
interface BoundStep {
  readonly step: CompiledTrainStep
  readonly graph: CompiledWebGpuGraph
}

/**
 * Throws unless training `step` fits `backend`'s device: the largest tensor within one buffer,
 * the whole estimate within `maxBytes` when given. Shape arithmetic only: call it before
 * initialising weights on the host (`createWebGpuExecutor` does, when given an initialiser).
 */
export function checkWebGpuTraining(
  backend: WebGpuBackend,
  step: CompiledTrainStep,
  maxBytes?: number,
): TrainingBytes {
  const bytes = estimateTrainingBytes(step)
  const { limits } = backend.device
  checkTrainingFits(bytes, {
    maxBufferBytes: Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize),
    ...(maxBytes !== undefined && { maxTotalBytes: maxBytes }),
    device: `this GPU (${backend.adapterInfo?.architecture || backend.adapterInfo?.vendor || 'WebGPU'})`,
  })
  return bytes
}

/**
 * The WebGPU training executor. Parameters, optimizer state and buffers live in GPU buffers the
 * executor owns, shared by the graphs of every batch size (compiled lazily: the smaller last
 * batch of an epoch gets its own graph over the same state). Per step only the batch, the
 * optimizer's scalars and the noise are written; the graph's updated state is copied back into
 * the state buffers after its dispatches; the loss stays on the GPU and comes back through a
 * ring of staging buffers every `readbackEvery` steps. Steps must be compiled with
 * `guard: true`: after a non-finite loss the guard flag turns every later step into a no-op on
 * the GPU, and the executor reports that loss last once it reads it back.
 *
 * `initial` may be a function of the first compiled step, so the memory check runs before any
 * weights are made on the host. Throws, before allocating anything, when the model cannot fit.
 *
 * @example
 * const ex = await createWebGpuExecutor(backend, (b) => compileTrainStep(lower(b), { ...setup, guard: true }),
 *   (step) => step.initialState(0), { batchSize: 32 })
 * for (const batch of batches) await ex.enqueue(batch)
 * const losses = await ex.losses(true)
 */
export async function createWebGpuExecutor(
  backend: WebGpuBackend,
  stepFor: (batch: number) => CompiledTrainStep,
  initial: TrainState | ((step: CompiledTrainStep) => TrainState),
  options: WebGpuExecutorOptions,
): Promise<WebGpuTrainExecutor> {
  const steps = new StepsBySize(stepFor, options.batchSize)
  const first = steps.first
  if (!first.guard)
    throw new Error(
      'compile the step with guard: true: the WebGPU executor stops at a non-finite loss without reading it back.',
    )
  const estimate = checkWebGpuTraining(backend, first, options.maxBytes)
  const state = typeof initial === 'function' ? initial(first) : initial
  const { device } = backend
  const buffers = await allocateChecked(
    device,
    'the training state',
    describeTrainingBytes(estimate),
    () => new StateBuffers(device, first.stateSlots, GUARD_FEED),
    (b) => b.destroy(),
  )
  let ring: LossRing
  try {
    buffers.upload(state)
    ring = new LossRing(device, options.readbackEvery ?? 10, options.ringSize ?? 3)
  } catch (e) {
    buffers.destroy()
    throw e
  }
  return new GpuExecutor(backend, steps, buffers, ring, state.step, estimate)
}

class GpuExecutor implements WebGpuTrainExecutor {
  readonly backend = 'webgpu' as const
  private readonly graphs = new Map<number, Promise<BoundStep>>()
  /** Steps recorded (taken, or no-ops after a non-finite loss), counted from the state's step 0. */
  private hostStep: number
  /** `enqueue` calls waiting in the chain. */
  private waiting = 0
  /** The last good step, once a non-finite loss has been read back. */
  private stopAt: number | undefined
  private reported: StepLoss[] = []
  /** Everything that touches the queue runs in this chain, in call order. */
  private chain: Promise<unknown> = Promise.resolve()
  private lostInfo: DeviceLoss | undefined
  private failure: string | undefined
  private destroyed = false
  private submits = 0
  private stateReadbacks = 0

  constructor(
    private readonly gpu: WebGpuBackend,
    private readonly steps: StepsBySize,
    private readonly buffers: StateBuffers,
    private readonly ring: LossRing,
    step: number,
    private readonly estimate: TrainingBytes,
  ) {
    this.hostStep = step
    gpu.lost.then((info) => {
      this.lostInfo = info
    })
  }

  get queued(): number {
    return this.hostStep + this.waiting
  }

  stats(): WebGpuExecutorStats {
    return {
      lossReadbacks: this.ring.readbacks,
      stateReadbacks: this.stateReadbacks,
      submits: this.submits,
      batchSizes: [...this.graphs.keys()],
      estimate: this.estimate,
    }
  }

  private check(): void {
    if (this.destroyed) throw new Error('this executor was destroyed; create a new one.')
    if (this.lostInfo)
      throw new Error(
        `the GPU device was lost (${this.lostInfo.reason}: ${this.lostInfo.message || 'no message'}); ` +
          'create a new backend and executor and load the last checkpoint.',
      )
    if (this.failure) throw new Error(`WebGPU rejected a training step: ${this.failure}`)
  }

  /** Runs `task` after everything queued before it; a failure does not block later calls. */
  private serial<T>(task: () => Promise<T> | T): Promise<T> {
    const next = this.chain.then(task)
    this.chain = next.catch(() => undefined)
    return next
  }

  /** A lost device turns a pending map's rejection into the device-lost message. */
  private async guarded<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task()
    } catch (e) {
      // the device's `lost` promise settles just after the maps it aborts
      if (!this.lostInfo) await Promise.race([this.gpu.lost, new Promise((r) => setTimeout(r, 50))])
      this.check()
      throw e
    }
  }

  private graphFor(size: number, step: CompiledTrainStep): Promise<BoundStep> {
    let bound = this.graphs.get(size)
    if (!bound) {
      this.buffers.checkStep(step)
      if (!step.guard) throw new Error('compile the step for every batch size with guard: true.')
      const guardOut = step.guard.output
      bound = this.gpu
        .compile(step.graph, {
          outputs: step.outputs,
          external: this.buffers.byFeed,
          writeBack: [
            ...step.stateSlots.map((s) => ({ value: s.output, to: this.buffers.byFeed.get(s.feed)! })),
            { value: guardOut, to: this.buffers.flag },
          ],
        })
        .then(
          (graph) => ({ step, graph }),
          (e: unknown) => {
            const message = e instanceof Error ? e.message : String(e)
            if (!/out of memory/i.test(message)) throw e
            throw new Error(
              `the GPU ran out of memory compiling the step for batch ${size}: training this model needs ` +
                `${describeTrainingBytes(this.estimate)}; reduce the batch size or the layer widths. (${message})`,
            )
          },
        )
      this.graphs.set(size, bound)
      bound.catch(() => this.graphs.delete(size))
    }
    return bound
  }

  enqueue(batch: Feeds, options: RunStepOptions = {}): Promise<void> {
    try {
      this.check()
    } catch (e) {
      return Promise.reject(e)
    }
    this.waiting++
    return this.serial(async () => {
      this.waiting--
      this.check()
      const taken = this.hostStep
      if (this.stopAt !== undefined) {
        this.hostStep++
        return
      }
      const { size, step } = this.steps.forBatch(batch)
      const bound = await this.graphFor(size, step)
      if (this.ring.opening) await this.guarded(() => this.ring.reserve())
      const { device } = this.gpu
      bound.graph.writeFeeds(step.stepInputs(taken, batch, options))
      device.pushErrorScope('validation')
      const encoder = device.createCommandEncoder({ label: `train step ${taken + 1}` })
      bound.graph.record(encoder)
      this.ring.recordStep(
        encoder,
        taken + 1,
        bound.graph.bufferFor(step.loss),
        step.gradNorm ? bound.graph.bufferFor(step.gradNorm) : null,
        this.buffers.flag,
      )
      const sealed = this.ring.full ? this.ring.seal(encoder) : null
      device.queue.submit([encoder.finish()])
      this.hostStep++
      this.submits++
      device.popErrorScope().then((error) => {
        if (error) this.failure ??= error.message
      })
      if (sealed) this.ring.map(sealed)
    })
  }

  /** Moves what the ring read back into `reported`, stopping at the first non-finite step. */
  private absorb(records: readonly StepRecord[]): void {
    for (const r of records) {
      if (this.stopAt !== undefined) return
      this.reported.push({ step: r.step, loss: r.loss, ...(this.hasGradNorm() && { gradNorm: r.gradNorm }) })
      if (r.ok === 0) this.stopAt = r.step - 1
    }
  }

  private hasGradNorm(): boolean {
    return this.steps.first.gradNorm !== undefined
  }

  /** Flushes the open window and waits for every window in flight. */
  private async settle(): Promise<void> {
    this.check()
    this.ring.flush()
    await this.guarded(() => this.ring.drain())
    this.absorb(this.ring.take())
  }

  losses(wait = false): Promise<readonly StepLoss[]> {
    const collect = () => {
      this.absorb(this.ring.take())
      const out = this.reported
      this.reported = []
      return out
    }
    if (!wait) {
      this.check()
      return Promise.resolve(collect())
    }
    return this.serial(async () => {
      await this.settle()
      return collect()
    })
  }

  state(): Promise<TrainState> {
    return this.serial(async () => {
      await this.settle()
      const tensors = await this.guarded(() => this.buffers.download())
      this.stateReadbacks++
      return { ...tensors, step: this.stopAt ?? this.hostStep }
    })
  }

  load(state: TrainState): Promise<void> {
    return this.serial(async () => {
      await this.settle()
      this.buffers.upload(state)
      this.hostStep = state.step
      this.stopAt = undefined
    })
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    const graphs = [...this.graphs.values()]
    this.chain.finally(() => {
      for (const g of graphs) g.then((b) => b.graph.destroy()).catch(() => undefined)
      this.ring.destroy()
      this.buffers.destroy()
    })
  }
}
