/**
 * A `TrainExecutor` over today's WebGPU path, `backend.compile(step.graph, { outputs })` and
 * `run(step.stepFeeds(…))`: the state lives on the host and every step uploads it and reads the
 * updated state back, so a step waits for the one before it. It stands in for
 * `createWebGpuExecutor` (src/engine/webgpu/executor) until that exists, with the same contract,
 * so the benchmark switches path by one import line (see triadRunners.ts).
 */
import type { Feeds } from '../../src/engine/cpu/runCpu'
import type { CompiledTrainStep, RunStepOptions, TrainState } from '../../src/engine/train/compileTrainStep'
import type { StepLoss, TrainExecutor } from '../../src/engine/train/executor'
import type { WebGpuBackend } from '../../src/engine/webgpu/backend'

/**
 * Compiles `stepFor(options.batchSize)` on `backend` and returns an executor that starts from
 * `initial`: the signature of `createWebGpuExecutor`, so either can stand behind the benchmark.
 */
export async function createCompiledRunExecutor(
  backend: WebGpuBackend,
  stepFor: (batch: number) => CompiledTrainStep,
  initial: TrainState | ((step: CompiledTrainStep) => TrainState),
  options: { readonly batchSize: number },
): Promise<TrainExecutor & { readonly label: string }> {
  const step = stepFor(options.batchSize)
  const state = typeof initial === 'function' ? initial(step) : initial
  const compiled = await backend.compile(step.graph, { outputs: step.outputs })
  let current = state
  let queued = state.step
  let pending: StepLoss[] = []
  let stopped = false
  let chain: Promise<void> = Promise.resolve()
  const runOne = async (batch: Feeds, options?: RunStepOptions) => {
    if (stopped) return
    const out = await compiled.run(step.stepFeeds(current, batch, options))
    const r = step.stepResult(current, (v) => out.get(v).data)
    pending.push({
      step: r.state.step,
      loss: r.loss,
      ...(r.gradNorm !== undefined ? { gradNorm: r.gradNorm } : {}),
    })
    if (Number.isFinite(r.loss)) current = r.state
    else stopped = true
  }
  return {
    label: 'compile + run: state round-trips through the host each step',
    backend: 'webgpu',
    get queued() {
      return queued
    },
    enqueue(batch, options) {
      queued++
      chain = chain.then(() => runOne(batch, options))
      // the next step needs this one's state back on the host: that is this path's backpressure
      return chain
    },
    async losses(wait) {
      if (wait) await chain
      const out = pending
      pending = []
      return out
    },
    async state() {
      await chain
      return current
    },
    async load(next) {
      await chain
      current = next
      queued = next.step
      stopped = false
    },
    destroy() {
      compiled.destroy()
    },
  }
}
