import {
  type CompiledInference,
  type CompiledTrainStep,
  compileInference,
  compileTrainStep,
  type OptimizerConfig,
} from '../../engine'
import type { ModelDocument, OptimizerSetup } from '../document/schema'
import type { LossSpec } from './attachLoss'
import { type LoweredModel, lowerDocument } from './lowerDocument'

/** torch.optim arguments from a document's optimizer setup (only the fields it sets). */
export function optimizerFromSetup(setup: OptimizerSetup): OptimizerConfig {
  const { type, lr, momentum, weight_decay, nesterov, betas, eps } = setup
  const common = { lr, ...(weight_decay !== undefined ? { weight_decay } : {}) }
  switch (type) {
    case 'sgd':
      return {
        type,
        ...common,
        ...(momentum !== undefined ? { momentum } : {}),
        ...(nesterov !== undefined ? { nesterov } : {}),
      }
    case 'adam':
    case 'adamw':
      return { type, ...common, ...(betas ? { betas } : {}), ...(eps !== undefined ? { eps } : {}) }
    case 'rmsprop':
      return {
        type,
        ...common,
        ...(momentum !== undefined ? { momentum } : {}),
        ...(eps !== undefined ? { eps } : {}),
      }
  }
}

/** Options of `compileDocument`; each defaults to the document's training setup. */
export interface CompileDocumentOptions {
  /** Batch size of the training step (default training.batch_size). */
  readonly batch?: number
  /** Batch size of the inference graph (default the training batch). */
  readonly inferenceBatch?: number
  readonly loss?: LossSpec
  readonly optimizer?: OptimizerConfig
  readonly clipGradNorm?: number
}

/** A document compiled for training: its step, its inference graph and both lowerings. */
export interface CompiledDocument {
  readonly step: CompiledTrainStep
  readonly inference: CompiledInference
  readonly train: LoweredModel
  readonly eval: LoweredModel
}

/**
 * Compiles a document's training step (training-mode lowering + loss + backward + optimizer,
 * one graph) and its inference graph (a separate eval-mode lowering), from its training setup
 * unless options override it. Throws when neither names a loss or an optimizer.
 *
 * @example
 * const { step, inference } = compileDocument(mlpSpirals())
 * let state = step.initialState(0)
 */
export function compileDocument(doc: ModelDocument, options: CompileDocumentOptions = {}): CompiledDocument {
  const setup = doc.training
  const batch = options.batch ?? setup?.batch_size
  if (batch === undefined) throw new Error(`"${doc.name}" has no training setup: pass a batch size.`)
  const loss = options.loss ?? (setup ? { type: setup.loss } : undefined)
  if (!loss) throw new Error(`"${doc.name}" has no training setup: pass a loss.`)
  const optimizer = options.optimizer ?? (setup ? optimizerFromSetup(setup.optimizer) : undefined)
  if (!optimizer) throw new Error(`"${doc.name}" has no training setup: pass an optimizer.`)
  const train = lowerDocument(doc, { batch, training: true, loss })
  const evalModel = lowerDocument(doc, { batch: options.inferenceBatch ?? batch, training: false })
  const step = compileTrainStep(train, {
    loss: train.loss!,
    optimizer,
    ...(options.clipGradNorm !== undefined ? { clipGradNorm: options.clipGradNorm } : {}),
  })
  return { step, inference: compileInference(evalModel, evalModel.outputs), train, eval: evalModel }
}
