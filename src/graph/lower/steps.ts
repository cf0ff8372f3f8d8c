import {
  GraphBuilder,
  type LoopStepDefinition,
  type ModelGraph,
  type OptimizerConfig,
  type Value,
} from '../../engine'
import type { ModelDocument } from '../document/schema'
import { inferShapes } from '../shapes/inferShapes'
import type { LoweredInput } from './lowerDocument'
import { StepContext } from './stepsContext'
import { SharingLowerState } from './stepsSharing'

/**
 * Custom-loop steps for a document: each step's program calls the document's modules and
 * returns a loss; `lowerStep` lowers that into one graph of the engine's IR and says which
 * parameters it trains, and the engine's `CustomLoop` compiles it and binds it to the loop's
 * shared store of weights.
 */

/** What a step's program returns: the loss, or the loss and values to read back with it. */
export type StepProgramResult =
  | Value
  | { readonly loss: Value; readonly outputs?: Readonly<Record<string, Value>> }

/** A step's program: builds the forward and the loss from the step context. */
export type StepProgram = (f: StepContext) => StepProgramResult

/** Options of `lowerStep`. */
export interface LowerStepOptions {
  /** The step's name (metrics, errors, noise streams); unique within a loop. */
  readonly name: string
  /** The batch size its data inputs are compiled for. */
  readonly batch: number
  readonly loss: StepProgram
  /**
   * What the step trains: module names (main-graph node ids, block names: every parameter under
   * that module path) or parameter names (`D.fc2.bias`). Default: every parameter its graph
   * uses. The rest are read from the loop's state and not updated.
   */
  readonly train?: readonly string[]
  readonly optimizer: OptimizerConfig
  /** Share another step's optimizer state (see `LoopStepDefinition.optimizerName`). */
  readonly optimizerName?: string
  readonly clipGradNorm?: number
  /** Training-mode forward (batch statistics, dropout); default true. */
  readonly training?: boolean
}

/** A lowered step: what `CustomLoop.step` compiles, plus the data inputs to feed it. */
export interface LoweredStep extends LoopStepDefinition {
  readonly inputs: readonly LoweredInput[]
}

/** Options of `lowerProgram`. */
export interface LowerProgramOptions {
  readonly batch: number
  /** Eval mode (false) for sampling and evaluation; training mode draws noise each call. */
  readonly training: boolean
  /** Builds the values to compute, by name. */
  readonly program: (f: StepContext) => Readonly<Record<string, Value>>
}

/** A lowered program: a model graph, its named outputs and its data inputs. */
export interface LoweredProgram {
  readonly model: ModelGraph
  readonly outputs: Readonly<Record<string, Value>>
  readonly inputs: readonly LoweredInput[]
}

/**
 * Lowers the graph of one custom-loop step: the modules the program calls (parameters shared
 * between calls, named by module path), its loss, and the parameters it trains. A document with
 * shape issues is refused, as `lowerDocument` refuses it.
 *
 * @example
 * const stepG = loop.step(lowerStep(doc, {
 *   name: 'G', batch: 64, train: ['generator'], optimizer: { type: 'adam', lr: 2e-4, betas: [0.5, 0.999] },
 *   loss: (f) => f.loss('bce_with_logits', f.call('discriminator', f.call('generator', f.input('z'))), 1),
 * }))
 */
export function lowerStep(doc: ModelDocument, options: LowerStepOptions): LoweredStep {
  const { model, inputs, f, result } = lowerWith(doc, options.batch, options.training ?? true, options.loss)
  const train = options.train
    ? selectTrained(options.name, model, options.train, f)
    : model.params.map((p) => p.name)
  return {
    name: options.name,
    model,
    loss: isValue(result) ? result : result.loss,
    train,
    optimizer: options.optimizer,
    outputs: isValue(result) ? {} : { ...result.outputs },
    inputs,
    ...(options.optimizerName !== undefined ? { optimizerName: options.optimizerName } : {}),
    ...(options.clipGradNorm !== undefined ? { clipGradNorm: options.clipGradNorm } : {}),
  }
}

/**
 * Lowers a forward-only program over the document's modules (samples from a generator, a
 * discriminator's scores) for `CustomLoop.inference` or `compileInference`.
 *
 * @example
 * const sample = lowerProgram(doc, { batch: 256, training: false, program: (f) => ({ x: f.call('generator', f.input('z')) }) })
 * loop.inference(sample.model, sample.outputs).run({ z })
 */
export function lowerProgram(doc: ModelDocument, options: LowerProgramOptions): LoweredProgram {
  const { model, inputs, result } = lowerWith(doc, options.batch, options.training, options.program)
  return { model, outputs: result, inputs }
}

/** Runs `program` on a fresh step context over `doc`; returns the lowered graph and what it returned. */
function lowerWith<T>(
  doc: ModelDocument,
  batch: number,
  training: boolean,
  program: (f: StepContext) => T,
): { model: ModelGraph; inputs: readonly LoweredInput[]; f: StepContext; result: T } {
  if (!Number.isInteger(batch) || batch < 1)
    throw new Error(`batch must be a positive integer, got ${batch}.`)
  const issues = Object.values(inferShapes(doc).issues)
  const first = issues[0]
  if (first)
    throw new Error(
      `Cannot compile "${doc.name}": node ${first.node}${first.port ? ` (port ${first.port})` : ''}: ${first.message}`,
    )
  const state = new SharingLowerState(new GraphBuilder(), training)
  const f = new StepContext(doc, state, batch)
  const result = program(f)
  const model: ModelGraph = {
    graph: state.g,
    params: state.params,
    buffers: state.bufferSlots(),
    noise: state.noise,
  }
  return { model, inputs: f.inputs, f, result }
}

function isValue(r: StepProgramResult): r is Value {
  return 'op' in r
}

/** The parameter-name prefix a `train` entry stands for: a module path, or a parameter name. */
function trainTarget(f: StepContext, entry: string): string {
  try {
    return `${f.modulePath(entry)}.`
  } catch {
    return entry
  }
}

/** The step's parameters that the `train` entries select; an entry selecting none is an error. */
function selectTrained(
  step: string,
  model: ModelGraph,
  entries: readonly string[],
  f: StepContext,
): string[] {
  const names = model.params.map((p) => p.name)
  const picked = new Set<string>()
  entries.forEach((entry) => {
    const prefix = trainTarget(f, entry)
    const hits = names.filter((n) => n === prefix || n.startsWith(prefix))
    if (hits.length === 0)
      throw new Error(
        `step ${step} trains ${entry}, but none of its parameters is under it (its parameters: ${names.join(', ') || 'none'}).`,
      )
    for (const h of hits) picked.add(h)
  })
  return names.filter((n) => picked.has(n))
}
