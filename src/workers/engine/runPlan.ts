import type { Feeds } from '../../engine/cpu/runCpu'
import { builtinDataset, isDatasetName } from '../../engine/data/builtin'
import { createDataset, type Dataset } from '../../engine/data/dataset'
import { DataLoader } from '../../engine/data/loader'
import type { MnistFiles } from '../../engine/data/mnist'
import type { ModelDocument } from '../../graph/document/schema'
import { bindData, type DataBinding } from '../../graph/fit/bindData'
import { CompiledModel, probeModel, type Weights } from '../../graph/fit/compiledModel'
import { splitValidation } from '../../graph/fit/split'
import { optimizerFromSetup } from '../../graph/lower/compileDocument'
import type { LoweredModel } from '../../graph/lower/lowerDocument'
import type { CompileOptions } from './protocol'

/** Defaults of `CompileOptions` the document cannot set. */
export const DEFAULT_READBACK_EVERY = 10
export const DEFAULT_CHECKPOINT_EVERY = 100

/**
 * How the session gets a built-in dataset's rows. MNIST's bytes are not generated: the worker
 * fetches them (`/data/...`), a test reads them from disk.
 */
export interface DatasetSources {
  readonly mnist?: () => Promise<MnistFiles>
}

/** A built-in dataset by name, MNIST through `sources.mnist`. */
export async function loadBuiltinDataset(name: string, sources: DatasetSources = {}): Promise<Dataset> {
  if (name === 'mnist' && isDatasetName(name)) {
    if (!sources.mnist)
      throw new Error('mnist: this engine has no source for its files (the worker fetches them).')
    const files = await sources.mnist()
    return builtinDataset(name, {}, { mnist: () => files })
  }
  return builtinDataset(name)
}

/**
 * Everything a run needs, checked before any weight exists: the data bound to the model, the
 * split, the DataLoader (batch k of epoch e is a pure function of seed, e and k, so a run resumed
 * from a checkpoint sees the batches an uninterrupted run would), the compiled graphs per batch
 * size and the run's length.
 */
export interface RunPlan {
  readonly doc: ModelDocument
  readonly dataset: Dataset
  readonly train: Dataset
  readonly validation?: Dataset
  readonly binding: DataBinding
  /** The model at batch 1: parameter and buffer names and shapes (weights, checkpoints). */
  readonly probe: LoweredModel
  readonly model: CompiledModel
  readonly loader: DataLoader
  readonly seed: number
  readonly lr: number
  readonly totalSteps: number
  readonly epochs: number
  readonly readbackEvery: number
  readonly checkpointEvery: number
}

function positiveInteger(value: number | undefined, what: string): number | undefined {
  if (value !== undefined && (!Number.isInteger(value) || value < 1))
    throw new Error(`${what} must be a positive integer, got ${value}.`)
  return value
}

/**
 * Plans a run of `doc` with its training setup, `options` on top (as the CLI's flags are on top).
 * Throws one readable line when the document has no setup or no dataset, or the data does not
 * fit the model (`bindData`'s message, with the fix).
 */
export async function planRun(
  doc: ModelDocument,
  options: CompileOptions,
  loadDataset: (name: string) => Promise<Dataset>,
): Promise<RunPlan> {
  const setup = doc.training
  if (!setup)
    throw new Error(
      `"${doc.name}" has no training setup: set a loss, an optimizer and a batch size (fit({...}) in code, or the run panel).`,
    )
  const name = options.data?.name ?? options.dataset ?? setup.dataset
  if (!name) throw new Error(`"${doc.name}" names no dataset: choose one (spirals, moons, iris, mnist, ...).`)
  if (options.lr !== undefined && !(options.lr > 0))
    throw new Error(`the learning rate must be a positive number, got ${options.lr}.`)
  const batch = positiveInteger(options.batchSize, 'the batch size') ?? setup.batch_size
  const steps = positiveInteger(options.steps, 'steps')
  const epochsOption = positiveInteger(options.epochs, 'epochs')
  const readbackEvery = positiveInteger(options.readbackEvery, 'readbackEvery') ?? DEFAULT_READBACK_EVERY
  const checkpointEvery =
    positiveInteger(options.checkpointEvery, 'checkpointEvery') ?? DEFAULT_CHECKPOINT_EVERY
  const seed = options.seed ?? setup.seed ?? 0
  // uploaded data crossed a worker boundary: checked again here, as a built-in one is when made
  const dataset = options.data ? createDataset(options.data) : await loadDataset(name)
  const probe = probeModel(doc)
  if (probe.inputs.length !== 1)
    throw new Error(
      `the engine feeds one input, but "${doc.name}" has ${probe.inputs.length}: keep one Input node.`,
    )
  const binding = bindData(doc, probe, dataset, setup.loss)
  const { train, validation } = splitValidation(dataset, setup.validation_split ?? 0, seed)
  const optimizer = optimizerFromSetup({
    ...setup.optimizer,
    ...(options.lr !== undefined ? { lr: options.lr } : {}),
  })
  const model = new CompiledModel(doc, binding.outputName, binding.lossSpec, optimizer)
  const loader = new DataLoader(train, { batchSize: Math.min(batch, train.size), shuffle: true, seed })
  const totalSteps = steps ?? (epochsOption ?? setup.epochs) * loader.length
  return {
    doc,
    dataset,
    train,
    ...(validation ? { validation } : {}),
    binding,
    probe,
    model,
    loader,
    seed,
    lr: optimizer.lr,
    totalSteps,
    epochs: Math.ceil(totalSteps / loader.length),
    readbackEvery,
    checkpointEvery,
  }
}

/** Where 0-based step `s` falls: its epoch (0-based) and its batch within the epoch. */
export function stepPosition(plan: RunPlan, s: number): { epoch: number; batch: number } {
  return { epoch: Math.floor(s / plan.loader.length), batch: s % plan.loader.length }
}

/** True when the 1-based step `step` ends an epoch (or the run, whose last epoch may be partial). */
export function endsEpoch(plan: RunPlan, step: number): boolean {
  return step % plan.loader.length === 0 || step === plan.totalSteps
}

/** The feeds of 0-based step `s`: DataLoader batch (epoch, k), bound to the model's input and target. */
export function stepFeeds(plan: RunPlan, s: number): Feeds {
  const { epoch, batch: k } = stepPosition(plan, s)
  const batch = plan.loader.batch(epoch, k)
  return { [plan.binding.inputName]: batch.x, target: plan.binding.target(batch) }
}

/** Refuses a predict input that is not `rows` whole rows of the model's input, with the fix. */
export function checkPredictInput(plan: RunPlan, input: Float32Array, rows: number): void {
  const shape = plan.binding.inputShape
  const width = shape.reduce((a, b) => a * b, 1)
  if (!Number.isInteger(rows) || rows < 1 || input.length !== rows * width)
    throw new Error(
      `predict: ${input.length} values for ${rows} rows, but each row of the model input [${shape.join(', ')}] has ${width}: send rows × ${width} values.`,
    )
}

/** The eval-mode prediction of `rows` inputs with `weights` (on the CPU reference). */
export function predictRows(
  plan: RunPlan,
  weights: Weights,
  input: Float32Array,
  rows: number,
): { readonly output: Float32Array; readonly shape: readonly number[] } {
  const out = plan.model.predict(weights, { [plan.binding.inputName]: input }, rows)
  return { output: Float32Array.from(out.data), shape: [...out.shape] }
}
