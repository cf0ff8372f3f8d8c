/**
 * Triad's side of the browser benchmark: the training steps lowered from model documents as
 * `compileDocument` does (on WebGPU with the non-finite guard its executor needs), run on WebGPU
 * through a `TrainExecutor` (steps queued, loss read back once per window) and on the CPU
 * backend (`step.run`, WebAssembly SIMD GEMM) for context; matmul as a one-op graph.
 */
import { compileTrainStep, GraphBuilder, runCpu } from '../../src/engine'
import type { Feeds } from '../../src/engine/cpu/runCpu'
import type { CompiledTrainStep } from '../../src/engine/train/compileTrainStep'
import type { TrainExecutor } from '../../src/engine/train/executor'
import type { WebGpuBackend } from '../../src/engine/webgpu/backend'
// The WebGPU training path: the resident-state executor. To measure the compile + run path
// instead (state through the host each step), replace the import below with
//   import { createCompiledRunExecutor as createGpuExecutor } from './compiledRunExecutor'
import { createWebGpuExecutor as createGpuExecutor } from '../../src/engine/webgpu/executor'
import type { ModelDocument } from '../../src/graph/document/schema'
import { compileDocument, optimizerFromSetup } from '../../src/graph/lower/compileDocument'
import { lowerDocument } from '../../src/graph/lower/lowerDocument'
import { cnnDocument, mlpDocument, transformerDocument } from '../triadWorkloads'
import type { Runner } from './measure'
import { BATCH, cnnBatch, matmulOperands, mlpBatch, transformerBatch, type WorkloadKey } from './workloads'

/** Which WebGPU training path an executor is (reported beside the figures). */
export function triadGpuPath(executor: TrainExecutor): string {
  return 'label' in executor && typeof executor.label === 'string'
    ? executor.label
    : 'createWebGpuExecutor: state resident on the GPU'
}

function trainingCase(key: Exclude<WorkloadKey, 'matmul256' | 'matmul1024'>): {
  doc: ModelDocument
  feeds: Feeds
  batch: number
} {
  switch (key) {
    case 'mlp': {
      const b = mlpBatch()
      return { doc: mlpDocument(BATCH.mlp), feeds: { x: b.x, target: b.labels }, batch: BATCH.mlp }
    }
    case 'cnn': {
      const b = cnnBatch()
      return { doc: cnnDocument(BATCH.cnn), feeds: { x: b.x, target: b.labels }, batch: BATCH.cnn }
    }
    case 'transformer': {
      const b = transformerBatch()
      return {
        doc: transformerDocument(BATCH.transformer),
        feeds: { tokens: b.tokens, target: b.targets },
        batch: BATCH.transformer,
      }
    }
  }
}

function matmulGraph(n: number, resident: boolean) {
  const g = new GraphBuilder()
  const { a, b } = matmulOperands(n)
  // on the GPU the operands are constants, uploaded once, as the peers' tensors stay on the device
  const av = resident ? g.constant(a, [n, n]) : g.input([n, n], { name: 'a' })
  const bv = resident ? g.constant(b, [n, n]) : g.input([n, n], { name: 'b' })
  return { g, c: g.matmul(av, bv), feeds: { a, b } }
}

/** compileDocument's lowering and step, plus the non-finite guard the WebGPU executor requires. */
function guardedStepFor(doc: ModelDocument): (batch: number) => CompiledTrainStep {
  const setup = doc.training!
  return (batch) => {
    const model = lowerDocument(doc, { batch, training: true, loss: { type: setup.loss } })
    return compileTrainStep(model, {
      loss: model.loss!,
      optimizer: optimizerFromSetup(setup.optimizer),
      guard: true,
    })
  }
}

/** What a training step's WebGPU plan holds: where a step's time can go. */
export interface TriadPlanSummary {
  readonly dispatches: number
  readonly pipelines: number
  readonly plannedBytes: number
  readonly naiveBytes: number
  /** Dispatches by kernel kind (the op, or `fused` for fused elementwise chains), most first. */
  readonly byKind: readonly (readonly [string, number])[]
}

/** Compiles a training workload's step graph on `backend` and summarises its plan. */
export async function triadPlanSummary(
  backend: WebGpuBackend,
  key: Exclude<WorkloadKey, 'matmul256' | 'matmul1024'>,
): Promise<TriadPlanSummary> {
  const { doc, batch } = trainingCase(key)
  const step = guardedStepFor(doc)(batch)
  const compiled = await backend.compile(step.graph, { outputs: step.outputs })
  try {
    const kinds = new Map<string, number>()
    for (const label of compiled.dispatchLabels) {
      const kind = label.split(' ')[0]!
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
    }
    const { dispatches, pipelines, plannedBytes, naiveBytes } = compiled.stats
    return { dispatches, pipelines, plannedBytes, naiveBytes, byKind: [...kinds].sort((a, b) => b[1] - a[1]) }
  } finally {
    compiled.destroy()
  }
}

/** A Triad workload on WebGPU: compile (every pipeline created) happens in the returned promise. */
export async function triadWebGpuRunner(backend: WebGpuBackend, key: WorkloadKey): Promise<Runner> {
  if (key === 'matmul256' || key === 'matmul1024') {
    const { g, c } = matmulGraph(key === 'matmul256' ? 256 : 1024, true)
    const compiled = await backend.compile(g, { outputs: [c] })
    let last: Promise<unknown> = Promise.resolve()
    return {
      async step() {
        // run() reads the product back: one product, result on the host, as the peers do
        last = compiled.run({})
        await last
      },
      sync: () => last,
      dispose: () => compiled.destroy(),
    }
  }
  const { doc, feeds, batch } = trainingCase(key)
  const stepFor = guardedStepFor(doc)
  const executor: TrainExecutor = await createGpuExecutor(backend, stepFor, (s) => s.initialState(0), {
    batchSize: batch,
  })
  return {
    note: triadGpuPath(executor),
    step: () => executor.enqueue(feeds),
    async sync() {
      const losses = await executor.losses(true)
      const last = losses.at(-1)
      if (last && !Number.isFinite(last.loss)) throw new Error(`Triad's ${key} loss went ${last.loss}.`)
      return last?.loss
    },
    dispose: () => executor.destroy(),
  }
}

/** A Triad workload on the CPU backend (f32, WebAssembly SIMD GEMM), in the page's thread. */
export async function triadCpuRunner(key: WorkloadKey): Promise<Runner> {
  if (key === 'matmul256' || key === 'matmul1024') {
    const { g, c, feeds } = matmulGraph(key === 'matmul256' ? 256 : 1024, false)
    return {
      step() {
        runCpu(g, feeds, { outputs: [c] })
      },
      sync: async () => undefined,
      dispose() {},
    }
  }
  const { doc, feeds } = trainingCase(key)
  const { step } = compileDocument(doc)
  let state = step.initialState(0)
  let loss = 0
  return {
    step() {
      const r = step.run(state, feeds)
      state = r.state
      loss = r.loss
    },
    sync: async () => loss,
    dispose() {},
  }
}
