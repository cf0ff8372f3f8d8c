import type { Dataset } from '../../engine/data/dataset'
import type { ModelDocument } from '../../graph/document/schema'

/**
 * The engine worker's protocol. The worker owns the engine (and the GPU device): the page sends
 * requests and never waits on the GPU; every request gets exactly one response with its `id`;
 * the worker also pushes events (status changes, metrics at >= 10 Hz while training).
 *
 * ```
 * page ── EngineRequest {id, type, ...} ──▶ engine worker (owns GPUDevice, state, data)
 * page ◀── EngineResponse {id, ok, ...} ─── engine worker
 * page ◀── EngineEvent {type: status | metrics | log} ── engine worker (pushed)
 * ```
 */

/** Which backend runs the steps; `auto` probes (see `chooseBackend`). */
export type BackendChoice = 'auto' | 'webgpu' | 'cpu'

/** What the run is doing. */
export type RunPhase =
  | 'idle' // nothing compiled
  | 'compiling'
  | 'ready' // compiled, not started (or stopped and restartable)
  | 'training'
  | 'paused' // by the user, or by a non-finite loss (see `RunStatus.reason`)
  | 'recovering' // the GPU device was lost; recreating it and resuming from the last checkpoint
  | 'done' // every epoch ran
  | 'stopped'
  | 'failed' // an error no retry fixes (see `message`)

/** Why a run paused or failed, for the UI to word and for tests to assert on. */
export type RunReason = 'user' | 'non-finite-loss' | 'device-lost' | 'out-of-memory' | 'error'

/** The run's state as the worker reports it in every `status` event. */
export interface RunStatus {
  readonly phase: RunPhase
  readonly reason?: RunReason
  /** Readable text naming the cause and the fix ("the loss became NaN at step 41: lower lr ..."). */
  readonly message?: string
  /** The backend in use and the adapter it runs on ("swiftshader", "cpu"). */
  readonly backend?: 'webgpu' | 'cpu'
  readonly adapter?: string
  /** Why this backend ("auto: cpu ran 412 steps/s, webgpu 38 on swiftshader, a software adapter"). */
  readonly backendReason?: string
  /** Optimizer steps done (the state's step), of `totalSteps`. */
  readonly step: number
  readonly totalSteps: number
  readonly epoch: number
  readonly epochs: number
  /** Step of the last checkpoint kept in the worker (what a device loss resumes from). */
  readonly checkpointStep?: number
}

/** Training losses (and validation results at epoch ends) since the last metrics event. */
export interface MetricsEvent {
  readonly type: 'metrics'
  /** One point per finished optimizer step, in order. */
  readonly train: readonly { readonly step: number; readonly loss: number }[]
  readonly validation: readonly {
    readonly epoch: number
    readonly step: number
    readonly loss: number
    readonly accuracy: number | null
  }[]
  /** Optimizer steps per second over the last interval. */
  readonly stepsPerSecond: number
  /** The run's status as of these points (step and epoch move with every event). */
  readonly status?: RunStatus
}

/** What the worker pushes without being asked. */
export type EngineEvent = { readonly type: 'status'; readonly status: RunStatus } | MetricsEvent

/** Options of `compile`: the training setup comes from the document unless overridden here. */
export interface CompileOptions {
  readonly backend: BackendChoice
  /** A built-in dataset name (`spirals`, `mnist`, ...); default the document's `training.dataset`. */
  readonly dataset?: string
  readonly epochs?: number
  /** Total optimizer steps (replaces epochs), e.g. for a short test run. */
  readonly steps?: number
  readonly batchSize?: number
  readonly lr?: number
  readonly seed?: number
  /** Losses are read back every this many steps (default 10); never once per step on WebGPU. */
  readonly readbackEvery?: number
  /** A checkpoint is kept every this many steps (default 100). */
  readonly checkpointEvery?: number
  /**
   * Data the user uploaded in the page (a CSV or an NPY pair, already parsed there): trained on
   * instead of a built-in dataset. Its `name` is what the document's `training.dataset` says.
   */
  readonly data?: Dataset
}

/** Tensors by state_dict key, with their shapes: `get/setWeights`, checkpoints. */
export type WeightMap = Record<string, { readonly shape: readonly number[]; readonly data: Float32Array }>

/** A saved training state: weights, optimizer state and the step it was taken at. */
export interface Checkpoint {
  readonly step: number
  readonly params: WeightMap
  readonly buffers: WeightMap
  readonly optimizer: Record<string, Float32Array>
}

/** Requests, each answered by one `EngineResponse` with the same `id`. */
export type EngineRequest = { readonly id: number } & (
  | { readonly type: 'compile'; readonly document: ModelDocument; readonly options: CompileOptions }
  /** Starts (or restarts from step 0 when done/stopped) the run; answers once it is started. */
  | { readonly type: 'train' }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'stop' }
  /** Runs `count` steps (default 1) while paused or ready, then stays paused. */
  | { readonly type: 'step'; readonly count?: number }
  /** Eval-mode forward pass on `rows` samples laid out row-major; answers the model's first output. */
  | { readonly type: 'predict'; readonly input: Float32Array; readonly rows: number }
  | { readonly type: 'getWeights' }
  | { readonly type: 'setWeights'; readonly weights: WeightMap }
  /** Takes a checkpoint now and answers it. */
  | { readonly type: 'checkpoint' }
  | { readonly type: 'restore'; readonly checkpoint: Checkpoint }
  /** Test hook: destroys the GPU device mid-run (`device.destroy()`), as a driver reset would. */
  | { readonly type: 'loseDevice' }
)

/** The request types, for typed client helpers. */
export type EngineRequestType = EngineRequest['type']

/** What each request answers with. */
export interface EngineResults {
  compile: { readonly status: RunStatus; readonly params: number; readonly plannedBytes?: number }
  train: RunStatus
  pause: RunStatus
  resume: RunStatus
  stop: RunStatus
  step: RunStatus
  predict: { readonly output: Float32Array; readonly shape: readonly number[] }
  getWeights: { readonly params: WeightMap; readonly buffers: WeightMap }
  setWeights: RunStatus
  checkpoint: Checkpoint
  restore: RunStatus
  loseDevice: RunStatus
}

/** The answer to one request: its result, or an error naming the cause and the fix. */
export type EngineResponse =
  | { readonly id: number; readonly ok: true; readonly result: EngineResults[EngineRequestType] }
  | { readonly id: number; readonly ok: false; readonly error: string }

/** Everything the worker posts: responses (with an `id`) and events (with a `type`). */
export type EngineMessage =
  | ({ readonly kind: 'response' } & EngineResponse)
  | ({ readonly kind: 'event' } & EngineEvent)
