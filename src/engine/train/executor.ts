import type { Feeds } from '../cpu/runCpu'
import type { RunStepOptions, TrainState } from './compileTrainStep'

/** The loss of one finished optimizer step (1-based `step`, as `TrainState.step` counts). */
export interface StepLoss {
  readonly step: number
  readonly loss: number
  /** Total gradient norm before clipping, when the step clips. */
  readonly gradNorm?: number
}

/**
 * Runs a compiled training step again and again with the state (parameters, optimizer state,
 * buffers) kept by the executor: in host arrays for the CPU, in GPU buffers for WebGPU, where it
 * never leaves the device between steps. Steps are queued, not awaited one by one: losses come
 * back in batches (on WebGPU through a ring of staging buffers every few steps).
 *
 * A non-finite loss is a state, not a crash: the step whose loss is NaN/Inf and every step queued
 * after it leave the state as it was (on WebGPU a guard flag in the step graph does this, so no
 * per-step readback is needed). `losses` reports that step's loss last and `state` then returns
 * the weights of the last good step, with `step` set to it.
 */
export interface TrainExecutor {
  /** The backend the steps run on. */
  readonly backend: 'cpu' | 'webgpu'
  /** Steps queued so far (the step count the state will have once they finish). */
  readonly queued: number
  /**
   * Queues one step on `batch` (feeds by input name, as `CompiledTrainStep.run` takes them).
   * Resolves as soon as the executor can take another step: immediately while the ring has room,
   * later when the GPU is that far behind (backpressure). Never waits for this step's loss.
   * A batch of another size than the last is allowed (the last batch of an epoch).
   */
  enqueue(batch: Feeds, options?: RunStepOptions): Promise<void>
  /**
   * The losses of the steps finished since the last call, in step order. With `wait`, first waits
   * for every queued step. After a non-finite loss, that loss is the last one ever reported.
   */
  losses(wait?: boolean): Promise<readonly StepLoss[]>
  /**
   * The state after every queued step (waits for them): the state of the last good step when a
   * loss went non-finite. Copies: later steps do not change what this returned.
   */
  state(): Promise<TrainState>
  /** Replaces the state (a checkpoint, loaded weights) and clears a non-finite stop. */
  load(state: TrainState): Promise<void>
  /** Frees what the executor holds (GPU buffers); it cannot be used after. */
  destroy(): void
}
