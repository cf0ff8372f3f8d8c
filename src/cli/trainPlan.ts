import { extname, resolve } from 'node:path'
import type { Dataset } from '../engine/data/dataset'
import { DataLoader } from '../engine/data/loader'
import { bumpMinor } from '../graph/bundle/manifest'
import type { ModelDocument } from '../graph/document/schema'
import { bindData, type DataBinding } from '../graph/fit/bindData'
import { CompiledModel, probeModel, type Weights } from '../graph/fit/compiledModel'
import { splitValidation } from '../graph/fit/split'
import { optimizerFromSetup } from '../graph/lower/compileDocument'
import type { LoweredModel } from '../graph/lower/lowerDocument'
import { type FlagSpec, numberFlag, onePositional, type ParsedArgs, stringFlag } from './args'
import { loadData } from './data'
import { UsageError } from './errors'
import type { CliIo } from './io'
import { type LoadedModel, loadModel } from './model'
import { checkOutDir, checkOutFile } from './outDir'
import { type RunSetup, resolveBackend, resolveSetup } from './setup'
import { FIRST_VERSION, versionFlag } from './version'
import { resolveWeights } from './weights'

/** Flags of `triad train`. */
export const TRAIN_FLAGS: FlagSpec = {
  data: { type: 'string' },
  x: { type: 'string' },
  y: { type: 'string' },
  loss: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
  'weight-decay': { type: 'string' },
  batch: { type: 'string' },
  epochs: { type: 'string' },
  steps: { type: 'string' },
  'no-shuffle': { type: 'boolean' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  'validation-split': { type: 'string' },
  'log-every': { type: 'string' },
  out: { type: 'string' },
  weights: { type: 'string' },
  version: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
}

/** Everything a training run needs, checked: what `triad train` does once input is known good. */
export interface TrainPlan {
  readonly doc: ModelDocument
  /** The model as the user named it. */
  readonly label: string
  /** The training setup (document + flags); `data` cleared when the data came from --x/--y. */
  readonly setup: RunSetup
  readonly backend: 'cpu'
  readonly dataset: Dataset
  readonly train: Dataset
  readonly validation?: Dataset
  readonly binding: DataBinding
  /** The model at batch 1: parameter and buffer names and shapes, for the weights file. */
  readonly probe: LoweredModel
  readonly model: CompiledModel
  readonly loader: DataLoader
  /** Optimizer steps to take, and the epochs they span (the last may be partial with --steps). */
  readonly totalSteps: number
  readonly epochs: number
  readonly logEvery?: number
  /** Absolute --out directory. */
  readonly outDir?: string
  /** Absolute --out bundle path (an --out ending in .zip). */
  readonly outBundle?: string
  /** The model as loaded (its source, and the bundle it came from, if any). */
  readonly loaded: LoadedModel
  /** Weights to start from (an ONNX file's, a bundle's or --weights), else a seeded init. */
  readonly startWeights?: Weights
  /** The version of the bundle this run writes, and its parent. */
  readonly version: string
  readonly parentVersion: string | null
}

/**
 * Checks all of `triad train`'s input before any work: the model, the flags, --out, the data and
 * its fit to the model. Throws a one-line `UsageError` or `DataError` at the first problem, so
 * bad input never starts a run and never creates a file.
 */
export async function planTraining(args: ParsedArgs, io: CliIo): Promise<TrainPlan> {
  const loaded = await loadModel(
    onePositional(
      'train',
      args,
      'model (model.json, a template id, a run directory, a .onnx file or a bundle .zip)',
    ),
    io.cwd,
  )
  const { doc, label } = loaded
  const resolved = resolveSetup(doc, args)
  const backend = resolveBackend(args)
  const logEvery = numberFlag(args, 'log-every', { integer: true, min: 1 })
  const outFlag = stringFlag(args, 'out')
  const outPath = outFlag === undefined ? undefined : resolve(io.cwd, outFlag)
  const toBundle = outFlag !== undefined && extname(outFlag).toLowerCase() === '.zip'
  const outDir = toBundle ? undefined : outPath
  const outBundle = toBundle ? outPath : undefined
  if (outDir) checkOutDir(outDir, outFlag!)
  if (outBundle) checkOutFile(outBundle, outFlag!)
  const parentVersion = loaded.bundle?.manifest.version ?? null
  const versionGiven = versionFlag(args)
  if (versionGiven !== undefined && !outBundle)
    throw new UsageError('--version names a bundle: give it with --out <name>.zip')
  const version = versionGiven ?? (parentVersion ? bumpMinor(parentVersion) : FIRST_VERSION)
  const x = stringFlag(args, 'x')
  const y = stringFlag(args, 'y')
  const fromArrays = x !== undefined || y !== undefined
  const setup: RunSetup = fromArrays ? { ...resolved, data: undefined } : resolved
  const source = fromArrays
    ? { ...(x ? { x } : {}), ...(y ? { y } : {}) }
    : setup.data
      ? { data: setup.data }
      : {}
  const dataset = loadData(source, io.cwd, 'train')
  const probe = probeModel(doc)
  // an ONNX file's or a bundle's weights (or --weights) are where training starts; a run
  // directory's model trains from a fresh seeded init, as it always has
  const fromRun = loaded.source === 'run' ? { ...loaded, weightsPath: undefined } : loaded
  const startWeights =
    loaded.weights || stringFlag(args, 'weights') !== undefined
      ? resolveWeights(args, io.cwd, fromRun, probe, { seed: setup.seed })
      : undefined
  const binding = bindData(doc, probe, dataset, setup.loss)
  const { train, validation } = splitValidation(dataset, setup.validationSplit, setup.seed)
  const model = new CompiledModel(
    doc,
    binding.outputName,
    binding.lossSpec,
    optimizerFromSetup(setup.optimizer),
  )
  const loader = new DataLoader(train, {
    batchSize: Math.min(setup.batch, train.size),
    shuffle: setup.shuffle,
    seed: setup.seed,
  })
  const totalSteps = setup.steps ?? setup.epochs * loader.length
  return {
    doc,
    label,
    setup,
    backend,
    dataset,
    train,
    ...(validation ? { validation } : {}),
    binding,
    probe,
    model,
    loader,
    totalSteps,
    epochs: Math.ceil(totalSteps / loader.length),
    ...(logEvery !== undefined ? { logEvery } : {}),
    ...(outDir !== undefined ? { outDir } : {}),
    ...(outBundle !== undefined ? { outBundle } : {}),
    loaded,
    ...(startWeights ? { startWeights } : {}),
    version,
    parentVersion,
  }
}
