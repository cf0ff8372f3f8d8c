import type { Feeds } from '../../engine/cpu/runCpu'
import type { CompiledTrainStep, TrainState } from '../../engine/train/compileTrainStep'
import type { TrainExecutor } from '../../engine/train/executor'
import type { MemoryLimits } from '../../engine/train/memoryEstimate'

/** How the run drives its executors (the WebGPU executor's options). */
export interface ExecutorSettings {
  /** The run's usual batch size (the last batch of an epoch may be smaller). */
  readonly batchSize: number
  readonly readbackEvery: number
}

/**
 * Makes executors for the model being compiled: `stepFor(b)` is its step at batch size b
 * (compiled with the non-finite guard when the selection asks for it).
 */
export type ExecutorFactory = (
  stepFor: (batch: number) => CompiledTrainStep,
  initial: TrainState,
  settings: ExecutorSettings,
) => Promise<TrainExecutor>

/** What `selectBackend` may try before choosing: the model's step and a first batch. */
export interface BackendTrial {
  readonly stepFor: (batch: number, options?: { readonly guard?: boolean }) => CompiledTrainStep
  readonly settings: ExecutorSettings
  /** Fresh weights (made on demand: a probe needs them, a plain choice does not). */
  initialState(): TrainState
  readonly batch: Feeds
}

/** The backend a run uses: how to make its executors and what it can hold. */
export interface BackendSelection {
  readonly backend: 'webgpu' | 'cpu'
  /** The adapter, for the status ("swiftshader", "cpu"). */
  readonly adapter: string
  readonly reason: string
  /** Compile steps with the non-finite guard (the WebGPU executor needs it). */
  readonly guard?: boolean
  /**
   * Run one step of every batch size on a new executor, then reload its initial state, so every
   * pipeline exists before step 1 (WebGPU compiles a batch size's kernels on its first step).
   */
  readonly warmUp?: boolean
  /** What the backend can hold: checked against the model's needs before any weight is made. */
  readonly limits?: MemoryLimits
  /** A fresh executor; after a device loss, on a new device. */
  readonly createExecutor: ExecutorFactory
  /** Destroys the device under the executors (`loseDevice`, a test hook); absent on the CPU. */
  loseDevice?(): void
}
