import type { Feeds } from '../cpu/runCpu'
import { numel } from '../ir/shape'
import type { CompiledTrainStep, RunStepOptions, TrainState } from './compileTrainStep'
import type { StepLoss, TrainExecutor } from './executor'
import type { TensorMap } from './modelGraph'

/**
 * The batch size of `batch` for `step`'s data inputs: the rows fed for the first batch input,
 * whatever batch size `step` itself was compiled for (every input's first axis is the batch).
 * Throws when no data input is fed or the rows do not divide evenly.
 */
export function batchSizeOf(step: Pick<CompiledTrainStep, 'batchInputs'>, batch: Feeds): number {
  for (const v of step.batchInputs) {
    const fed = batch[v.name ?? '']
    if (!fed || v.shape.length === 0) continue
    const perRow = numel(v.shape.slice(1))
    const rows = perRow === 0 ? 0 : fed.length / perRow
    if (!Number.isInteger(rows) || rows < 1)
      throw new Error(
        `'${v.name}' was fed ${fed.length} values, not a whole number of rows of ${perRow}: feed [batch, ${v.shape.slice(1).join(', ')}].`,
      )
    return rows
  }
  throw new Error(
    `the batch feeds none of the step's data inputs (${step.batchInputs.map((v) => `'${v.name}'`).join(', ')}).`,
  )
}

/**
 * Compiled steps by batch size, compiled on first use: the last batch of an epoch is smaller and
 * gets its own graph. The first size is `batchSize` when given, else learnt from a batch-1 step.
 */
export class StepsBySize {
  private readonly steps = new Map<number, CompiledTrainStep>()

  constructor(
    private readonly stepFor: (batch: number) => CompiledTrainStep,
    batchSize?: number,
  ) {
    if (batchSize !== undefined) this.steps.set(batchSize, stepFor(batchSize))
  }

  /** The first step compiled (the full batch size, when given). */
  get first(): CompiledTrainStep {
    const [step] = this.steps.values()
    if (step) return step
    const probe = this.stepFor(1)
    this.steps.set(1, probe)
    return probe
  }

  /** The step for `batch`'s size, and that size. */
  forBatch(batch: Feeds): { readonly size: number; readonly step: CompiledTrainStep } {
    const size = batchSizeOf(this.first, batch)
    let step = this.steps.get(size)
    if (!step) {
      step = this.stepFor(size)
      this.steps.set(size, step)
    }
    return { size, step }
  }

  /** The sizes compiled so far. */
  get sizes(): number[] {
    return [...this.steps.keys()]
  }
}

function copyMap(m: TensorMap): TensorMap {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.slice()]))
}

/** A deep copy of a training state (the executors hand out and take copies). */
export function copyTrainState(s: TrainState): TrainState {
  return {
    params: copyMap(s.params),
    buffers: copyMap(s.buffers),
    optimizer: copyMap(s.optimizer),
    step: s.step,
  }
}

/**
 * The CPU executor: runs each step at once on the CPU reference (`CompiledTrainStep.run`) and
 * checks its loss on the host. Same contract as the WebGPU executor, so the worker drives both
 * alike; a non-finite loss is reported last and the state stays at the last good step.
 *
 * @example
 * const ex = createCpuExecutor((b) => compileTrainStep(lower(b), setup), step.initialState(0))
 * await ex.enqueue({ x, target })
 * const [{ loss }] = await ex.losses()
 */
export function createCpuExecutor(
  stepFor: (batch: number) => CompiledTrainStep,
  initial: TrainState,
  options: { readonly batchSize?: number } = {},
): TrainExecutor {
  const steps = new StepsBySize(stepFor, options.batchSize)
  let state = copyTrainState(initial)
  let queued = initial.step
  let stopped = false
  let destroyed = false
  let pending: StepLoss[] = []
  const alive = () => {
    if (destroyed) throw new Error('this executor was destroyed; create a new one.')
  }
  return {
    backend: 'cpu',
    get queued() {
      return queued
    },
    async enqueue(batch: Feeds, o?: RunStepOptions) {
      alive()
      queued++
      if (stopped) return
      const { step } = steps.forBatch(batch)
      const r = step.run(state, batch, o)
      pending.push({
        step: r.state.step,
        loss: r.loss,
        ...(r.gradNorm !== undefined && { gradNorm: r.gradNorm }),
      })
      if (Number.isFinite(r.loss)) state = r.state
      else stopped = true
    },
    async losses() {
      alive()
      const out = pending
      pending = []
      return out
    },
    async state() {
      alive()
      return copyTrainState(state)
    },
    async load(s: TrainState) {
      alive()
      state = copyTrainState(s)
      queued = s.step
      stopped = false
    },
    destroy() {
      destroyed = true
    },
  }
}
