import {
  compileTrainStep,
  type Feeds,
  type Graph,
  type OptimizerConfig,
  type TensorMap,
  type TrainState,
  type Value,
} from '../../../engine'
import { lowerDocument } from '../lowerDocument'
import { PARITY_MODELS } from './models'

/**
 * The PyTorch parity fixtures (scripts/torchParityTraining.py) trained by another executor than
 * the CPU reference: the WebGPU backend in the browser test page. Browser-safe (the fixtures
 * come through vite's `import.meta.glob`, not `fs`), so the page and vitest share this code.
 */

/** A tensor as the fixtures store it: row-major data with its shape. */
export interface FixtureTensor {
  readonly shape: number[]
  readonly dtype?: 'f32' | 'i32'
  readonly data: number[]
}

/** One `*.golden.json`: PyTorch's initial state, the batches, and every step's loss. */
export interface ParityFixture {
  readonly name: string
  readonly optimizer: OptimizerConfig
  readonly batch: number
  readonly steps: number
  readonly x: FixtureTensor
  readonly y: FixtureTensor
  readonly state: Record<string, FixtureTensor>
  readonly losses: number[]
  /** Buffers (batch-norm running statistics) after the last step. */
  readonly buffersAfter: Record<string, number[]>
  readonly clipGradNorm?: number
}

const LOADERS = import.meta.glob<ParityFixture>('./*.golden.json', { import: 'default' })

function fixtureName(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.golden\.json$/, '')
}

/** The fixture names, sorted: one per `*.golden.json` beside this file. */
export const PARITY_FIXTURE_NAMES: readonly string[] = Object.keys(LOADERS).map(fixtureName).sort()

/** Loads one fixture by name (lazily: the CNN fixtures are ~140 kB each). */
export async function loadParityFixture(name: string): Promise<ParityFixture> {
  const entry = Object.entries(LOADERS).find(([path]) => fixtureName(path) === name)
  if (!entry) throw new Error(`no parity fixture '${name}'; there are ${PARITY_FIXTURE_NAMES.join(', ')}.`)
  return entry[1]()
}

/**
 * What runs a compiled step graph: `WebGpuBackend` fits it as is (compile once, run per step);
 * a `runCpu` wrapper fits it too, which is how vitest checks this runner without a GPU.
 */
export interface StepExecutor {
  compile(
    graph: Graph,
    options: { readonly outputs: readonly Value[] },
  ): Promise<{
    run(feeds: Feeds): Promise<{ get(v: Value): { readonly data: ArrayLike<number> } }>
    destroy(): void
  }>
}

/** One fixture's training on an executor against PyTorch's losses. */
export interface GpuParityResult {
  readonly name: string
  /** Steps run (the fixture's, or fewer when asked). */
  readonly steps: number
  readonly torchLosses: number[]
  readonly losses: number[]
  /** Largest |loss - PyTorch| / |PyTorch| over the steps run, and the 1-based step it was at. */
  readonly maxRelativeError: number
  readonly worstStep: number
  /** Largest |buffer - PyTorch| / max(1, |PyTorch|) after the last step; 0 when not all steps ran. */
  readonly maxBufferError: number
  readonly compileMs: number
  readonly runMs: number
}

/** Rows start..start+count of a row-major tensor. */
function rows(t: FixtureTensor, start: number, count: number): number[] {
  const width = t.shape.slice(1).reduce((a, b) => a * b, 1)
  return t.data.slice(start * width, (start + count) * width)
}

/** Largest relative error of `losses` against PyTorch's, and its 1-based step (NaN counts as infinite). */
export function worstLoss(
  losses: readonly number[],
  torch: readonly number[],
): { error: number; step: number } {
  let error = 0
  let step = 0
  losses.forEach((l, k) => {
    const t = torch[k]!
    const rel = Math.abs(l - t) / Math.max(Math.abs(t), 1e-12)
    // a NaN loss must fail the comparison, not slip past it
    if (!(rel <= error)) {
      error = Number.isNaN(rel) ? Number.POSITIVE_INFINITY : rel
      step = k + 1
    }
  })
  return { error, step }
}

/** Largest |buffer - PyTorch| / max(1, |PyTorch|) over the fixture's buffers after its last step. */
export function worstBufferError(fixture: ParityFixture, buffers: TensorMap): number {
  let worst = 0
  for (const [name, expected] of Object.entries(fixture.buffersAfter)) {
    const got = buffers[name]
    if (!got) throw new Error(`the training state has no buffer '${name}'.`)
    expected.forEach((e, i) => {
      const err = Math.abs(got[i]! - e) / Math.max(1, Math.abs(e))
      worst = Math.max(worst, Number.isNaN(err) ? Number.POSITIVE_INFINITY : err)
    })
  }
  return worst
}

/**
 * Lowers the fixture's model, compiles its whole training step once on `executor` and trains
 * from PyTorch's initial weights on PyTorch's batches, each step's state fed from the last
 * step's outputs, exactly as `CompiledTrainStep.run` does on the CPU (same feeds, same outputs).
 */
export async function runParityFixture(
  executor: StepExecutor,
  fixture: ParityFixture,
  options: { readonly steps?: number } = {},
): Promise<GpuParityResult> {
  const make = PARITY_MODELS[fixture.name]
  if (!make) throw new Error(`no parity model '${fixture.name}'.`)
  const { doc, input, loss } = make()
  const model = lowerDocument(doc, { batch: fixture.batch, training: true, loss: { type: loss } })
  const step = compileTrainStep(model, {
    loss: model.loss!,
    optimizer: fixture.optimizer,
    ...(fixture.clipGradNorm !== undefined ? { clipGradNorm: fixture.clipGradNorm } : {}),
  })
  const load = (slots: readonly { name: string }[]): TensorMap =>
    Object.fromEntries(slots.map((s) => [s.name, Float32Array.from(fixture.state[s.name]!.data)]))
  let state: TrainState = {
    ...step.initialState(0),
    params: load(model.params),
    buffers: load(model.buffers),
  }
  const steps = Math.min(options.steps ?? fixture.steps, fixture.steps)
  const t0 = performance.now()
  const compiled = await executor.compile(step.graph, { outputs: step.outputs })
  const t1 = performance.now()
  const losses: number[] = []
  try {
    for (let k = 0; k < steps; k++) {
      const batch = {
        [input]: rows(fixture.x, k * fixture.batch, fixture.batch),
        target: rows(fixture.y, k * fixture.batch, fixture.batch),
      }
      const result = await compiled.run(step.stepFeeds(state, batch))
      const next = step.stepResult(state, (v) => result.get(v).data)
      losses.push(next.loss)
      state = next.state
    }
  } finally {
    compiled.destroy()
  }
  const t2 = performance.now()
  const { error: maxRelativeError, step: worstStep } = worstLoss(losses, fixture.losses)
  const maxBufferError = steps === fixture.steps ? worstBufferError(fixture, state.buffers) : 0
  return {
    name: fixture.name,
    steps,
    torchLosses: fixture.losses.slice(0, steps),
    losses,
    maxRelativeError,
    worstStep,
    maxBufferError,
    compileMs: t1 - t0,
    runMs: t2 - t1,
  }
}

/**
 * Puts `triadTorchParity(names?, steps?)` on the test page's window (webgpu-test.html): trains
 * each named fixture (default all) on `executor`, the page's WebGPU backend, one after another.
 */
export function installTorchParityHook(executor: StepExecutor, target: Record<string, unknown>): void {
  target.triadTorchParity = async (
    names: readonly string[] = PARITY_FIXTURE_NAMES,
    steps?: number,
  ): Promise<GpuParityResult[]> => {
    const out: GpuParityResult[] = []
    for (const name of names)
      out.push(
        await runParityFixture(executor, await loadParityFixture(name), steps === undefined ? {} : { steps }),
      )
    return out
  }
}
