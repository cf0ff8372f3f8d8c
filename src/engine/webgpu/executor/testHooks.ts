import { createCpuExecutor } from '../../train/cpuExecutor'
import type { StepLoss } from '../../train/executor'
import { createWebGpuBackend, type WebGpuBackend } from '../backend'
import type { Gpu } from '../gpuTypes'
import { type MlpSpec, MNIST_MLP, mlpBatch, mlpStep, poisoned, SPIRALS_MLP } from './testModels'
import { createWebGpuExecutor } from './webGpuExecutor'

/**
 * Browser hooks for e2e/webgpuExecutor.spec.ts, installed by webgpu-test.html beside the
 * backend's: each runs one scenario of the WebGPU executor and answers plain data.
 */

/** `triadExecutorVsCpu`: the executor against the CPU executor on the same batches. */
export interface VsCpuResult {
  readonly gpu: readonly StepLoss[]
  readonly cpu: readonly StepLoss[]
  readonly maxLossError: number
  readonly maxParamError: number
  readonly gpuStep: number
  readonly batchSizes: readonly number[]
  readonly lossReadbacks: number
}

/** `triadExecutorNaN`: a NaN batch mid-run. */
export interface NaNResult {
  readonly losses: readonly { readonly step: number; readonly loss: number | null }[]
  readonly step: number
  /** Largest |state - state before the NaN step| over every tensor (0 when the guard held). */
  readonly maxDiffFromLastGood: number
  /** Steps after the NaN one were no-ops: a later good batch still reports nothing. */
  readonly lossesAfter: number
  /** After `load` of the good state, training runs again. */
  readonly resumedLoss: number | null
}

function maxDiff(a: Record<string, ArrayLike<number>>, b: Record<string, ArrayLike<number>>): number {
  let worst = 0
  for (const [k, x] of Object.entries(a)) {
    const y = b[k]
    if (!y || y.length !== x.length) return Number.POSITIVE_INFINITY
    for (let i = 0; i < x.length; i++) {
      const d = Math.abs(x[i]! - y[i]!)
      worst = Math.max(worst, Number.isNaN(d) ? Number.POSITIVE_INFINITY : d)
    }
  }
  return worst
}

const json = (x: number) => (Number.isFinite(x) ? x : null)

async function vsCpu(backend: WebGpuBackend, readbackEvery: number): Promise<VsCpuResult> {
  const spec: MlpSpec = { ...SPIRALS_MLP, clipGradNorm: 1 }
  const stepFor = (b: number) => mlpStep(spec, b)
  const initial = stepFor(32).initialState(7)
  const gpu = await createWebGpuExecutor(backend, stepFor, initial, { batchSize: 32, readbackEvery })
  const cpu = createCpuExecutor(stepFor, initial, { batchSize: 32 })
  try {
    // 3 epochs of 100 samples in batches of 32: the last batch of each epoch has 4 rows
    for (let e = 0; e < 3; e++)
      for (const [k, rows] of [32, 32, 32, 4].entries()) {
        const batch = mlpBatch(spec, rows, e * 10 + k)
        await gpu.enqueue(batch)
        await cpu.enqueue(batch)
      }
    const g = await gpu.losses(true)
    const c = await cpu.losses(true)
    const gs = await gpu.state()
    const cs = await cpu.state()
    let maxLossError = 0
    g.forEach((l, i) => {
      const ref = c[i]?.loss ?? Number.NaN
      maxLossError = Math.max(maxLossError, Math.abs(l.loss - ref) / Math.max(1e-6, Math.abs(ref)))
    })
    return {
      gpu: g,
      cpu: c,
      maxLossError,
      maxParamError: maxDiff(gs.params, cs.params),
      gpuStep: gs.step,
      batchSizes: gpu.stats().batchSizes,
      lossReadbacks: gpu.stats().lossReadbacks,
    }
  } finally {
    gpu.destroy()
  }
}

async function nanMidRun(backend: WebGpuBackend): Promise<NaNResult> {
  const spec = SPIRALS_MLP
  const stepFor = (b: number) => mlpStep(spec, b)
  const initial = stepFor(16).initialState(3)
  const ex = await createWebGpuExecutor(backend, stepFor, initial, { batchSize: 16, readbackEvery: 4 })
  try {
    for (let k = 0; k < 5; k++) await ex.enqueue(mlpBatch(spec, 16, k))
    const good = await ex.state()
    await ex.enqueue(poisoned(mlpBatch(spec, 16, 5)))
    for (let k = 6; k < 12; k++) await ex.enqueue(mlpBatch(spec, 16, k))
    const losses = await ex.losses(true)
    const after = await ex.state()
    await ex.enqueue(mlpBatch(spec, 16, 12))
    const lossesAfter = (await ex.losses(true)).length
    await ex.load(good)
    await ex.enqueue(mlpBatch(spec, 16, 5))
    const resumed = await ex.losses(true)
    return {
      losses: losses.map((l) => ({ step: l.step, loss: json(l.loss) })),
      step: after.step,
      maxDiffFromLastGood: Math.max(
        maxDiff(after.params, good.params),
        maxDiff(after.optimizer, good.optimizer),
        maxDiff(after.buffers, good.buffers),
      ),
      lossesAfter,
      resumedLoss: resumed.length === 1 ? json(resumed[0]!.loss) : null,
    }
  } finally {
    ex.destroy()
  }
}

/** Steps queued between two loss reads, for the spec that counts mapAsync calls. */
async function queueSteps(backend: WebGpuBackend, steps: number, readbackEvery: number) {
  const spec = SPIRALS_MLP
  const stepFor = (b: number) => mlpStep(spec, b)
  const ex = await createWebGpuExecutor(backend, stepFor, stepFor(32).initialState(0), {
    batchSize: 32,
    readbackEvery,
  })
  try {
    for (let k = 0; k < steps; k++) await ex.enqueue(mlpBatch(spec, 32, k))
    const losses = await ex.losses(true)
    return { losses: losses.length, lossReadbacks: ex.stats().lossReadbacks, submits: ex.stats().submits }
  } finally {
    ex.destroy()
  }
}

/** Destroys a fresh device mid-run: `lost` must resolve and the executor must say so. */
async function deviceLoss(gpu: Gpu) {
  const backend = await createWebGpuBackend(gpu)
  const spec = SPIRALS_MLP
  const stepFor = (b: number) => mlpStep(spec, b)
  const ex = await createWebGpuExecutor(backend, stepFor, stepFor(32).initialState(0), { batchSize: 32 })
  for (let k = 0; k < 5; k++) await ex.enqueue(mlpBatch(spec, 32, k))
  backend.destroy()
  const lost = await Promise.race([backend.lost, new Promise<null>((r) => setTimeout(() => r(null), 5000))])
  let error = ''
  try {
    await ex.losses(true)
  } catch (e) {
    error = e instanceof Error ? e.message : String(e)
  }
  let enqueueError = ''
  try {
    await ex.enqueue(mlpBatch(spec, 32, 9))
  } catch (e) {
    enqueueError = e instanceof Error ? e.message : String(e)
  }
  ex.destroy()
  return { lost, error, enqueueError }
}

/** A 50000×50000 dense layer and a budget too small for a tiny model: both refused before allocating. */
async function oversized(backend: WebGpuBackend) {
  const refuse = async (spec: MlpSpec, maxBytes?: number) => {
    let initialised = false
    try {
      await createWebGpuExecutor(
        backend,
        (b) => mlpStep(spec, b),
        (step) => {
          initialised = true
          return step.initialState(0)
        },
        { batchSize: 32, ...(maxBytes !== undefined && { maxBytes }) },
      )
      return { error: '', initialised }
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e), initialised }
    }
  }
  return {
    huge: await refuse({ widths: [50_000, 50_000, 10], optimizer: { type: 'adam', lr: 1e-3 } }),
    budget: await refuse(SPIRALS_MLP, 10_000),
  }
}

/** Steps per second of the executor and of the old path (run(stepFeeds) + stepResult per step). */
async function bench(backend: WebGpuBackend, spec: MlpSpec, batch: number, steps: number) {
  const stepFor = (b: number) => mlpStep(spec, b)
  const step = stepFor(batch)
  const initial = step.initialState(0)
  const batches = Array.from({ length: 4 }, (_, k) => mlpBatch(spec, batch, k))
  const ex = await createWebGpuExecutor(backend, stepFor, initial, { batchSize: batch, readbackEvery: 10 })
  for (let k = 0; k < 3; k++) await ex.enqueue(batches[k % 4]!)
  await ex.losses(true)
  let t0 = performance.now()
  for (let k = 0; k < steps; k++) await ex.enqueue(batches[k % 4]!)
  await ex.losses(true)
  const executor = (steps * 1000) / (performance.now() - t0)
  ex.destroy()
  const compiled = await backend.compile(step.graph, { outputs: step.outputs })
  let state = initial
  const oldStep = async (k: number) => {
    const r = await compiled.run(step.stepFeeds(state, batches[k % 4]!))
    state = step.stepResult(state, (v) => r.get(v).data).state
  }
  for (let k = 0; k < 3; k++) await oldStep(k)
  t0 = performance.now()
  for (let k = 0; k < steps; k++) await oldStep(k)
  const old = (steps * 1000) / (performance.now() - t0)
  compiled.destroy()
  return { executor, old, ratio: executor / old }
}

/** Installs the executor hooks on the test page's window. */
export function installExecutorTestHooks(
  gpu: Gpu,
  backend: WebGpuBackend,
  target: Record<string, unknown>,
): void {
  target.triadExecutorVsCpu = (readbackEvery = 5) => vsCpu(backend, readbackEvery)
  target.triadExecutorNaN = () => nanMidRun(backend)
  target.triadExecutorSteps = (steps: number, readbackEvery: number) =>
    queueSteps(backend, steps, readbackEvery)
  target.triadExecutorDeviceLoss = () => deviceLoss(gpu)
  target.triadExecutorOversized = () => oversized(backend)
  target.triadExecutorBench = async (steps = 30) => ({
    spirals: await bench(backend, SPIRALS_MLP, 32, steps),
    mnistMlp: await bench(backend, MNIST_MLP, 128, Math.max(5, Math.round(steps / 3))),
  })
}
