import type { CpuPrecision, Feeds } from '../cpu/runCpu'
import { constantLr, type LrSchedule } from '../optim/schedule'
import type { CompiledTrainStep, TrainState } from './compileTrainStep'

/** Options of a `Trainer`. */
export interface TrainerOptions {
  /** Seed of the noise streams (dropout); default 0. */
  readonly seed?: number
  /** Learning rate per optimizer step, from the optimizer's lr; default constant. */
  readonly schedule?: LrSchedule
  readonly precision?: CpuPrecision
}

/**
 * A small stateful wrapper around a compiled step: holds the state, steps the schedule once per
 * optimizer step, and records every step's loss. For tests and simple loops; a custom loop can
 * call `CompiledTrainStep.run` itself.
 *
 * @example
 * const trainer = new Trainer(step, step.initialState(0))
 * for (const batch of batches) trainer.step(batch)
 * trainer.losses // one loss per step
 */
export class Trainer {
  private current: TrainState
  /** Loss of every step taken, in order. */
  readonly losses: number[] = []

  constructor(
    readonly compiled: CompiledTrainStep,
    initial: TrainState,
    private readonly options: TrainerOptions = {},
  ) {
    this.current = initial
  }

  /** The state after the last step. */
  get state(): TrainState {
    return this.current
  }

  /** The learning rate the next step will use. */
  get lr(): number {
    return (this.options.schedule ?? constantLr)(this.current.step, this.compiled.optimizer.lr)
  }

  /** Runs one step on `batch`; returns its loss. */
  step(batch: Feeds): number {
    const { state, loss } = this.compiled.run(this.current, batch, {
      lr: this.lr,
      seed: this.options.seed ?? 0,
      ...(this.options.precision ? { precision: this.options.precision } : {}),
    })
    this.current = state
    this.losses.push(loss)
    return loss
  }
}
