import type { TrainState } from '../../engine/train/compileTrainStep'
import { copyTrainState } from '../../engine/train/cpuExecutor'
import type { Checkpoint, EngineResults, RunStatus, WeightMap } from './protocol'
import { checkPredictInput, predictRows } from './runPlan'
import { TrainingRun } from './trainingRun'
import { fromCheckpoint, fromWeightUpdate, toCheckpoint, toWeightMap } from './weightMaps'

export type { SessionDeps } from './trainingRun'

/**
 * The engine worker's session: a `TrainingRun` (compile, the training loop, its failure states)
 * and the requests on its model: predictions, weights, checkpoints, and the device-loss test hook.
 * A request made while training holds the loop at a step boundary and lets it go on after.
 */
export class TrainingSession extends TrainingRun {
  /** Runs `fn` with the loop held at a step boundary, then lets it go on. */
  private async held<T>(fn: () => Promise<T>): Promise<T> {
    const wasTraining = this.phase === 'training' && this.loop !== undefined
    if (wasTraining) await this.haltLoop('hold')
    try {
      return await fn()
    } finally {
      if (wasTraining && this.phase === 'training') void this.start(this.target)
    }
  }

  private async currentState(what: string): Promise<TrainState> {
    const { executor } = this.requireCompiled(what)
    return this.stoppedAt ?? (await this.guard(executor.state()))
  }

  /** Eval-mode forward pass on `rows` samples (row-major); the model's first output. */
  async predict(input: Float32Array, rows: number): Promise<EngineResults['predict']> {
    const { plan } = await this.compiled('predict')
    checkPredictInput(plan, input, rows)
    return predictRows(plan, await this.currentState('predict'), input, rows)
  }

  /** Copies of the current parameters and buffers, with their shapes. */
  async getWeights(): Promise<EngineResults['getWeights']> {
    const { plan } = await this.compiled('getWeights')
    const state = await this.currentState('getWeights')
    return {
      params: toWeightMap(plan.probe.params, state.params),
      buffers: toWeightMap(plan.probe.buffers, state.buffers),
    }
  }

  /** Replaces the parameters (and buffers when given), keeping the step and the optimizer state. */
  async setWeights(weights: WeightMap): Promise<RunStatus> {
    const { plan } = await this.compiled('setWeights')
    const { params, buffers } = fromWeightUpdate(plan.probe, weights)
    return this.held(async () => {
      const current = await this.currentState('setWeights')
      const state = { ...current, params, ...(buffers ? { buffers } : {}) }
      await this.guard(this.executor!.load(state))
      // the new weights are the recovery point: a lost device must not bring the old ones back
      this.checkpointKept = copyTrainState(state)
      this.stoppedAt = undefined
      return this.status()
    })
  }

  /** Takes a checkpoint now (kept as the recovery point too) and answers a copy. */
  async checkpoint(): Promise<Checkpoint> {
    const { plan } = await this.compiled('checkpoint')
    const state = await this.currentState('checkpoint')
    this.checkpointKept = copyTrainState(state)
    return toCheckpoint(plan.probe, state)
  }

  /** Loads a checkpoint: weights, optimizer state and step; the run goes on from its step. */
  async restore(checkpoint: Checkpoint): Promise<RunStatus> {
    const { plan } = await this.compiled('restore')
    const state = fromCheckpoint(plan.probe, checkpoint, this.checkpointKept!.optimizer)
    if (state.step > plan.totalSteps)
      throw new Error(
        `restore: the checkpoint is at step ${state.step}, past this run's ${plan.totalSteps} steps.`,
      )
    return this.held(async () => {
      await this.guard(this.executor!.load(state))
      this.checkpointKept = copyTrainState(state)
      this.stoppedAt = undefined
      this.next = state.step
      this.reported = state.step
      if (this.phase === 'done' || this.phase === 'stopped') return this.setPhase('ready')
      return this.status()
    })
  }

  /** Destroys the device under the run (test hook of device loss). */
  loseDevice(): RunStatus {
    const selection = this.selection
    if (!selection?.loseDevice) throw new Error('loseDevice: the run is not on a GPU device (backend cpu).')
    selection.loseDevice()
    return this.status()
  }

  /** Stops the run and frees the executor. */
  async dispose(): Promise<void> {
    await this.haltLoop('stop')
    this.executor?.destroy()
    this.executor = undefined
  }
}
