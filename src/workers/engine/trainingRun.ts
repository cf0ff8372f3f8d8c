import type { Dataset } from '../../engine/data/dataset'
import type { CompiledTrainStep, TrainState } from '../../engine/train/compileTrainStep'
import { copyTrainState } from '../../engine/train/cpuExecutor'
import type { TrainExecutor } from '../../engine/train/executor'
import type { ModelDocument } from '../../graph/document/schema'
import { evaluate } from '../../graph/fit/evaluate'
import type { BackendSelection, BackendTrial, ExecutorSettings } from './backendSelection'
import { DeviceLostError, isDeviceLost, MAX_RECOVERY_ATTEMPTS } from './deviceLoss'
import { isOutOfMemory } from './memoryCheck'
import { MetricsStream } from './metricsStream'
import { asCompileFailure, prepareRun } from './prepareRun'
import type {
  BackendChoice,
  CompileOptions,
  EngineEvent,
  EngineResults,
  RunPhase,
  RunReason,
  RunStatus,
} from './protocol'
import { endsEpoch, type RunPlan, stepFeeds } from './runPlan'
import { StepPacer, warmUpExecutor } from './stepPacer'

/** What a session needs from its host (the worker, or a test). */
export interface SessionDeps {
  emit(event: EngineEvent): void
  loadDataset(name: string): Promise<Dataset>
  selectBackend(choice: BackendChoice, trial: BackendTrial): Promise<BackendSelection>
  now?(): number
  /** Lets queued messages run (a macrotask); default `setTimeout(0)`. */
  yieldToEvents?(): Promise<void>
  /** Minimum time between metrics events; default 50 ms (20 Hz). */
  readonly metricsIntervalMs?: number
  /** Longest stretch of steps between yields; default 20 ms. */
  readonly sliceMs?: number
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e))
const defaultYield = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

type Halt = 'pause' | 'stop' | 'hold'
/** Least time between two validations (epoch ends closer together skip theirs). */
const VALIDATE_MS = 250

type LoopEnd = 'target' | 'halted' | 'non-finite'

/**
 * One model's training run inside the engine worker: compile, then train / pause / resume /
 * stop / step (the weights, checkpoint and prediction requests are `TrainingSession`'s, in
 * session.ts). Pure TS over the
 * `TrainExecutor` contract, so it runs in Node with the CPU executor as well as in the worker.
 *
 * The loop never blocks the worker: it yields every `sliceMs` so requests are handled between
 * steps, reads losses in batches, sends metrics at >= 10 Hz and validates at epoch ends. A
 * checkpoint is kept every `checkpointEvery` steps. Failures are phases: a non-finite loss
 * pauses with the last good weights; a lost device recreates the executor from the last
 * checkpoint (at most `MAX_RECOVERY_ATTEMPTS` tries); a model too large fails before any weight
 * is made.
 */
export class TrainingRun {
  protected phase: RunPhase = 'idle'
  protected reason: RunReason | undefined
  protected message: string | undefined
  protected plan: RunPlan | undefined
  protected selection: BackendSelection | undefined
  protected executor: TrainExecutor | undefined
  /** Steps queued: the 0-based index of the next step's batch. */
  protected next = 0
  /** The last step whose loss was reported. */
  protected reported = 0
  protected checkpointKept: TrainState | undefined
  /** The last good state after a non-finite loss, loaded (clearing the stop) on resume. */
  protected stoppedAt: TrainState | undefined
  protected loop: Promise<void> | undefined
  protected halt: Halt | undefined
  protected target = 0
  protected lostError: DeviceLostError | undefined
  protected rejectLost: ((e: DeviceLostError) => void) | undefined
  protected lost: Promise<never> = new Promise<never>(() => {})
  /** A recovery started while no loop ran (the device was lost while paused or ready). */
  protected recovering: Promise<void> | undefined
  protected pacer = new StepPacer(1)
  /** When the last validation ran (ms, the session clock). */
  protected lastValidation = Number.NEGATIVE_INFINITY
  protected readonly metrics: MetricsStream
  protected readonly now: () => number

  constructor(private readonly deps: SessionDeps) {
    this.now = deps.now ?? (() => performance.now())
    // each metrics event carries the run's status too, so the page's step and epoch move with the curve
    this.metrics = new MetricsStream(
      (e) => deps.emit({ ...e, status: this.status() }),
      this.now,
      deps.metricsIntervalMs ?? 50,
    )
  }

  /** The run's state, as every `status` event carries it. */
  status(): RunStatus {
    const plan = this.plan
    const step = this.phase === 'training' ? this.reported : this.next
    return {
      phase: this.phase,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.message ? { message: this.message } : {}),
      ...(this.selection
        ? {
            backend: this.selection.backend,
            adapter: this.selection.adapter,
            backendReason: this.selection.reason,
          }
        : {}),
      step,
      totalSteps: plan?.totalSteps ?? 0,
      epoch: plan ? Math.ceil(step / plan.loader.length) : 0,
      epochs: plan?.epochs ?? 0,
      ...(this.checkpointKept ? { checkpointStep: this.checkpointKept.step } : {}),
    }
  }

  protected setPhase(phase: RunPhase, reason?: RunReason, message?: string): RunStatus {
    this.phase = phase
    this.reason = reason
    this.message = message
    this.metrics.flush(true)
    const status = this.status()
    this.deps.emit({ type: 'status', status })
    return status
  }

  protected fail(reason: RunReason, message: string): void {
    this.setPhase('failed', reason, message)
  }

  /**
   * Compiles `doc` for training: loads and binds the data, picks the backend, checks the memory
   * needs, then makes the weights and the executor. A run in progress is stopped first.
   * Rejects with a readable message (and a `failed` status) when anything does not fit.
   */
  async compile(doc: ModelDocument, options: CompileOptions): Promise<EngineResults['compile']> {
    await this.haltLoop('stop')
    this.executor?.destroy()
    this.executor = undefined
    this.plan = undefined
    this.selection = undefined
    this.checkpointKept = undefined
    this.stoppedAt = undefined
    this.next = 0
    this.reported = 0
    this.setPhase('compiling')
    try {
      const { plan, selection, needs, stepFor } = await prepareRun(this.deps, doc, options)
      this.plan = plan
      this.selection = selection
      this.pacer = new StepPacer(plan.readbackEvery)
      const step = stepFor(plan.loader.batchSize)
      const initial = step.initialState(plan.seed)
      this.checkpointKept = copyTrainState(initial)
      this.executor = await this.makeExecutor(initial)
      const params = step.params.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0)
      const status = this.setPhase('ready')
      return { status, params, plannedBytes: needs.total }
    } catch (e) {
      const failure = asCompileFailure(e)
      this.executor?.destroy()
      this.executor = undefined
      this.fail(failure.reason, failure.message)
      throw new Error(failure.message)
    }
  }

  /** The run's step at batch size `b`, guarded when the backend needs it. */
  protected stepFor(b: number): CompiledTrainStep {
    return this.plan!.model.trainStep(b, { guard: this.selection?.guard ?? false })
  }

  protected settings(): ExecutorSettings {
    const plan = this.plan!
    return { batchSize: plan.loader.batchSize, readbackEvery: plan.readbackEvery }
  }

  protected async makeExecutor(initial: TrainState): Promise<TrainExecutor> {
    const selection = this.selection!
    const executor = await selection.createExecutor((b) => this.stepFor(b), initial, this.settings())
    this.lostError = undefined
    this.lost = new Promise<never>((_, reject) => {
      this.rejectLost = reject
    })
    this.lost.catch(() => {})
    if (selection.warmUp) await warmUpExecutor(executor, this.plan!, initial, (p) => this.guard(p))
    return executor
  }

  /** Races an executor call against the device being lost (a lost device may never answer). */
  protected guard<T>(p: Promise<T>): Promise<T> {
    if (this.lostError) return Promise.reject(this.lostError)
    return Promise.race([p, this.lost])
  }

  /**
   * Tells the session its device was lost (the worker watches `device.lost`). A running loop
   * recovers at its next await; an idle run recovers now and returns to its phase.
   */
  deviceLost(message: string): void {
    if (this.lostError || !this.executor) return
    const error = new DeviceLostError(message)
    this.lostError = error
    this.rejectLost?.(error)
    if (!this.loop && (this.phase === 'ready' || this.phase === 'paused' || this.phase === 'done')) {
      const back = this.phase
      const [reason, msg] = [this.reason, this.message]
      const recovering: Promise<void> = this.recover(error)
        .then((ok) => {
          if (ok) this.setPhase(back, reason, msg)
        })
        .finally(() => {
          if (this.recovering === recovering) this.recovering = undefined
        })
      this.recovering = recovering
    }
  }

  /** The compiled run, once any recovery in progress has finished (requests wait for it). */
  protected async compiled(what: string): Promise<{ plan: RunPlan; executor: TrainExecutor }> {
    while (this.recovering) await this.recovering
    return this.requireCompiled(what)
  }

  protected requireCompiled(what: string): { plan: RunPlan; executor: TrainExecutor } {
    if (!this.plan || !this.executor)
      throw new Error(`${what}: nothing is compiled (the run is ${this.phase}): compile a model first.`)
    return { plan: this.plan, executor: this.executor }
  }

  /** Starts the run: from where it is when ready, from step 0 when done or stopped. Answers once started. */
  async train(): Promise<RunStatus> {
    const { plan, executor } = await this.compiled('train')
    if (this.phase === 'training' || this.phase === 'recovering') return this.status()
    if (this.phase === 'paused') return this.resume()
    if (
      this.phase === 'done' ||
      this.phase === 'stopped' ||
      this.phase === 'failed' ||
      this.next >= plan.totalSteps
    ) {
      const initial = this.stepFor(plan.loader.batchSize).initialState(plan.seed)
      await this.guard(executor.load(initial))
      this.checkpointKept = copyTrainState(initial)
      this.stoppedAt = undefined
      this.next = 0
      this.reported = 0
    }
    this.start(plan.totalSteps)
    return this.status()
  }

  /** Continues a paused run (after a non-finite loss: from the last good weights). */
  async resume(): Promise<RunStatus> {
    const { plan } = await this.compiled('resume')
    if (this.phase === 'training') return this.status()
    if (this.phase !== 'paused' && this.phase !== 'ready')
      throw new Error(`resume: the run is ${this.phase}, not paused: use train to start it again.`)
    await this.clearNonFinite()
    this.start(plan.totalSteps)
    return this.status()
  }

  /** Pauses at the next step boundary; answers once every queued step has finished. */
  async pause(): Promise<RunStatus> {
    if (this.phase === 'training') await this.haltLoop('pause')
    else if (this.phase !== 'paused')
      throw new Error(`pause: the run is ${this.phase}, not training: nothing to pause.`)
    return this.status()
  }

  /** Stops the run; `train` starts it again from step 0. */
  async stop(): Promise<RunStatus> {
    if (this.phase === 'training') await this.haltLoop('stop')
    else if (this.phase === 'paused' || this.phase === 'ready' || this.phase === 'recovering')
      this.setPhase('stopped', 'user')
    return this.status()
  }

  /** Runs `count` steps from a paused or ready run, then stays paused; answers when they are done. */
  async step(count = 1): Promise<RunStatus> {
    const { plan } = await this.compiled('step')
    if (!Number.isInteger(count) || count < 1)
      throw new Error(`step: count must be a positive integer, got ${count}.`)
    if (this.phase === 'done' || this.next >= plan.totalSteps)
      throw new Error('step: every step of the run is done: train to start again.')
    if (this.phase !== 'paused' && this.phase !== 'ready')
      throw new Error(
        `step: the run is ${this.phase}: pause it first (steps run from a paused or ready run).`,
      )
    await this.clearNonFinite()
    await this.start(Math.min(this.next + count, plan.totalSteps))
    return this.status()
  }

  protected async clearNonFinite(): Promise<void> {
    if (!this.stoppedAt || !this.executor) return
    await this.guard(this.executor.load(this.stoppedAt))
    this.stoppedAt = undefined
  }

  /** Starts the loop towards `target` steps; the promise ends with it. */
  protected start(target: number): Promise<void> {
    this.target = target
    this.halt = undefined
    this.pacer.restart()
    this.metrics.restart()
    this.setPhase('training')
    const loop = this.runLoop().finally(() => {
      if (this.loop === loop) this.loop = undefined
    })
    this.loop = loop
    return loop
  }

  protected async haltLoop(halt: Halt): Promise<void> {
    if (!this.loop) return
    this.halt = halt
    await this.loop
  }

  protected async runLoop(): Promise<void> {
    for (;;) {
      try {
        const end = await this.drive()
        if (end === 'non-finite') return
        if (end === 'halted') {
          const halt = this.halt
          if (!(await this.collect(true))) return
          if (halt === 'pause') this.setPhase('paused', 'user')
          else if (halt === 'stop') this.setPhase('stopped', 'user')
          return
        }
        if (this.next >= this.plan!.totalSteps) this.setPhase('done')
        else this.setPhase('paused', 'user')
        return
      } catch (e) {
        if (isDeviceLost(e)) {
          if (await this.recover(e)) {
            if (this.halt === 'stop') return void this.setPhase('stopped', 'user')
            if (this.halt === 'pause') return void this.setPhase('paused', 'user')
            this.setPhase('training')
            continue
          }
          return
        }
        this.fail(isOutOfMemory(e) ? 'out-of-memory' : 'error', `training stopped: ${errorText(e)}`)
        return
      }
    }
  }

  /** Queues steps up to the target, reading losses, validating and checkpointing as it goes. */
  protected async drive(): Promise<LoopEnd> {
    const plan = this.plan!
    const sliceMs = this.deps.sliceMs ?? 20
    let slice = this.now()
    while (this.next < this.target) {
      if (this.halt) return 'halted'
      const executor = this.executor!
      const s = this.next
      await this.guard(executor.enqueue(stepFeeds(plan, s), { seed: plan.seed }))
      this.next = s + 1
      const step = s + 1
      const epochEnd = endsEpoch(plan, step)
      const finalStep = step === this.target
      // Losses come back every readbackEvery steps. The loop also waits for them once it runs
      // more than the pacer's SYNC_MS of steps ahead of the GPU (or when none came within a metrics
      // interval), so the page hears >= 10 times a second however slow or fast the steps are.
      const due = this.metrics.due
      const ahead = this.next - this.reported >= this.pacer.aheadLimit
      if (step % plan.readbackEvery === 0 || epochEnd || finalStep || due || ahead) {
        const wait = epochEnd || finalStep || ahead || (due && this.metrics.pendingSteps === 0)
        if (!(await this.collect(wait))) return 'non-finite'
      }
      // epochs of a few steps would validate hundreds of times a second (each one a state readback):
      // at most every VALIDATE_MS, and always at the run's last step
      if (
        epochEnd &&
        plan.validation &&
        (finalStep || step === plan.totalSteps || this.now() - this.lastValidation >= VALIDATE_MS)
      )
        await this.validate(step)
      if (step % plan.checkpointEvery === 0) {
        this.checkpointKept = copyTrainState(await this.guard(executor.state()))
      }
      this.metrics.flush()
      if (this.now() - slice >= sliceMs) {
        await (this.deps.yieldToEvents ?? defaultYield)()
        slice = this.now()
      }
    }
    return this.halt ? 'halted' : 'target'
  }

  /** Reads finished losses into the metrics; false (and paused) when one is not finite. */
  protected async collect(wait: boolean): Promise<boolean> {
    const executor = this.executor!
    const losses = await this.guard(executor.losses(wait))
    this.pacer.observe(losses.length, this.now())
    for (const l of losses) {
      if (!Number.isFinite(l.loss)) {
        await this.pauseNonFinite(l.step, l.loss)
        return false
      }
      this.metrics.addTrain(l.step, l.loss)
      this.reported = l.step
    }
    return true
  }

  protected async pauseNonFinite(step: number, loss: number): Promise<void> {
    const plan = this.plan!
    const good = await this.guard(this.executor!.state())
    this.stoppedAt = good
    this.next = good.step
    this.reported = good.step
    const epoch = Math.floor((step - 1) / plan.loader.length) + 1
    this.setPhase(
      'paused',
      'non-finite-loss',
      `the loss became ${loss} at step ${step} (epoch ${epoch}): lower the learning rate (now ${plan.lr}) ` +
        `or check the data for NaN/Inf; the weights of step ${good.step} are kept`,
    )
  }

  protected async validate(step: number): Promise<void> {
    const plan = this.plan!
    const state = await this.guard(this.executor!.state())
    const result = evaluate(plan.model, state, plan.validation!, plan.binding)
    const epoch = Math.ceil(step / plan.loader.length)
    this.metrics.addValidation({ epoch, step, loss: result.loss, accuracy: result.accuracy })
    this.lastValidation = this.now()
  }

  /** Recreates the executor from the last checkpoint; false (and failed) after the last try. */
  protected async recover(error: unknown): Promise<boolean> {
    const from = this.checkpointKept!
    const lostMessage = `the GPU device was lost (${errorText(error)})`
    this.setPhase(
      'recovering',
      'device-lost',
      `${lostMessage}: resuming from the checkpoint of step ${from.step}`,
    )
    try {
      this.executor?.destroy()
    } catch {
      // a lost device's buffers may already be gone
    }
    this.executor = undefined
    let last: unknown
    for (let attempt = 1; attempt <= MAX_RECOVERY_ATTEMPTS; attempt++) {
      try {
        this.executor = await this.makeExecutor(copyTrainState(from))
        this.next = from.step
        this.reported = from.step
        this.stoppedAt = undefined
        this.metrics.rewind(from.step)
        return true
      } catch (e) {
        last = e
      }
    }
    this.fail(
      'device-lost',
      `${lostMessage} and could not be recreated (${MAX_RECOVERY_ATTEMPTS} tries; last: ${errorText(last)}): ` +
        'reload the page, or choose the cpu backend',
    )
    return false
  }
}
