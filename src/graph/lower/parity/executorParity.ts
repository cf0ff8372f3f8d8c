import { compileTrainStep, type TensorMap } from '../../../engine'
import { createWebGpuExecutor, type WebGpuBackend } from '../../../engine/webgpu'
import { lowerDocument } from '../lowerDocument'
import {
  type FixtureTensor,
  type GpuParityResult,
  loadParityFixture,
  PARITY_FIXTURE_NAMES,
  type ParityFixture,
  worstBufferError,
  worstLoss,
} from './gpuParity'
import { PARITY_MODELS } from './models'

/**
 * The PyTorch parity fixtures trained through the WebGPU training executor (state resident on
 * the GPU, losses read back in windows, the non-finite guard compiled in) instead of one
 * `run(stepFeeds)` per step: the same losses must come out, within the same tolerance.
 */

/** One fixture's result through the executor, with its readback count. */
export interface ExecutorParityResult extends GpuParityResult {
  /** mapAsync calls for losses over the whole run. */
  readonly lossReadbacks: number
  /** The state's step after the run (the fixture's steps when nothing went non-finite). */
  readonly finalStep: number
}

function rows(t: FixtureTensor, start: number, count: number): Float32Array {
  const width = t.shape.slice(1).reduce((a, b) => a * b, 1)
  return Float32Array.from(t.data.slice(start * width, (start + count) * width))
}

/**
 * Trains `fixture` from PyTorch's initial state on PyTorch's batches through
 * `createWebGpuExecutor`, queueing every step before reading a single loss back.
 */
export async function runExecutorParity(
  backend: WebGpuBackend,
  fixture: ParityFixture,
  options: { readonly steps?: number; readonly readbackEvery?: number } = {},
): Promise<ExecutorParityResult> {
  const make = PARITY_MODELS[fixture.name]
  if (!make) throw new Error(`no parity model '${fixture.name}'.`)
  const { doc, input, loss } = make()
  const stepFor = (batch: number) => {
    const model = lowerDocument(doc, { batch, training: true, loss: { type: loss } })
    return compileTrainStep(model, {
      loss: model.loss!,
      optimizer: fixture.optimizer,
      guard: true,
      ...(fixture.clipGradNorm !== undefined ? { clipGradNorm: fixture.clipGradNorm } : {}),
    })
  }
  const steps = Math.min(options.steps ?? fixture.steps, fixture.steps)
  const t0 = performance.now()
  const executor = await createWebGpuExecutor(
    backend,
    stepFor,
    (step) => {
      const load = (slots: readonly { name: string }[]): TensorMap =>
        Object.fromEntries(slots.map((s) => [s.name, Float32Array.from(fixture.state[s.name]!.data)]))
      const fresh = step.initialState(0)
      return {
        ...fresh,
        params: load(step.params),
        buffers: load(step.stateSlots.filter((s) => s.kind === 'buffer').map((s) => ({ name: s.key }))),
      }
    },
    {
      batchSize: fixture.batch,
      ...(options.readbackEvery !== undefined && { readbackEvery: options.readbackEvery }),
    },
  )
  try {
    // the first enqueue compiles the graph: count it as compile time, as gpuParity does
    const first = { [input]: rows(fixture.x, 0, fixture.batch), target: rows(fixture.y, 0, fixture.batch) }
    await executor.enqueue(first)
    const t1 = performance.now()
    for (let k = 1; k < steps; k++)
      await executor.enqueue({
        [input]: rows(fixture.x, k * fixture.batch, fixture.batch),
        target: rows(fixture.y, k * fixture.batch, fixture.batch),
      })
    const losses = (await executor.losses(true)).map((l) => l.loss)
    const state = await executor.state()
    const t2 = performance.now()
    const { error, step } = worstLoss(losses, fixture.losses)
    const maxBufferError = steps === fixture.steps ? worstBufferError(fixture, state.buffers) : 0
    return {
      name: fixture.name,
      steps,
      torchLosses: fixture.losses.slice(0, steps),
      losses,
      // fewer losses than steps is a failure too
      maxRelativeError: losses.length === steps ? error : Number.POSITIVE_INFINITY,
      worstStep: step,
      maxBufferError,
      compileMs: t1 - t0,
      runMs: t2 - t1,
      lossReadbacks: executor.stats().lossReadbacks,
      finalStep: state.step,
    }
  } finally {
    executor.destroy()
  }
}

/** Puts `triadExecutorParity(names?, steps?)` on the test page's window (webgpu-test.html). */
export function installExecutorParityHook(backend: WebGpuBackend, target: Record<string, unknown>): void {
  target.triadExecutorParity = async (
    names: readonly string[] = PARITY_FIXTURE_NAMES,
    steps?: number,
  ): Promise<ExecutorParityResult[]> => {
    const out: ExecutorParityResult[] = []
    for (const name of names)
      out.push(
        await runExecutorParity(backend, await loadParityFixture(name), steps === undefined ? {} : { steps }),
      )
    return out
  }
}
