import {
  LOSSES,
  type ModelDocument,
  OPTIMIZERS,
  type OptimizerSetup,
  type TrainingSetup,
} from '../graph/document/schema'
import type { LossName } from '../graph/lower/attachLoss'
import { boolFlag, choiceFlag, numberFlag, type ParsedArgs, stringFlag } from './args'
import { UsageError } from './errors'

/** torch.optim's default learning rates (SGD's since PyTorch 2.2), used when nothing else sets one. */
export const TORCH_DEFAULT_LR: Readonly<Record<OptimizerSetup['type'], number>> = {
  sgd: 1e-3,
  adam: 1e-3,
  adamw: 1e-3,
  rmsprop: 1e-2,
}

/** Batch size and epochs when neither the document nor a flag sets them. */
export const DEFAULT_BATCH = 32
export const DEFAULT_EPOCHS = 1

/** Backends a run can ask for; `auto` picks the best available (the CPU in Node). */
export const BACKENDS = ['cpu', 'webgpu', 'auto'] as const

/** The training setup of one run: the document's, with command-line flags on top. */
export interface RunSetup {
  readonly loss: LossName
  readonly optimizer: OptimizerSetup
  readonly batch: number
  readonly epochs: number
  /** Total optimizer steps, when `--steps` replaces `--epochs`. */
  readonly steps?: number
  readonly shuffle: boolean
  readonly seed: number
  readonly validationSplit: number
  /** `--data`, else the document's dataset. */
  readonly data?: string
}

/**
 * Merges the document's training setup with the flags; a flag always wins. Without a setup in the
 * document, `--loss` and `--optimizer` are required (there is no sensible default for either).
 * `--momentum` is refused for Adam/AdamW, which have none (torch.optim would raise too).
 */
export function resolveSetup(doc: ModelDocument, args: ParsedArgs): RunSetup {
  const setup = doc.training
  const loss = choiceFlag(args, 'loss', LOSSES) ?? setup?.loss
  if (!loss) throw new UsageError(`"${doc.name}" has no training setup: pass --loss (${LOSSES.join(', ')})`)
  const type = choiceFlag(args, 'optimizer', OPTIMIZERS) ?? setup?.optimizer.type
  if (!type)
    throw new UsageError(`"${doc.name}" has no training setup: pass --optimizer (${OPTIMIZERS.join(', ')})`)
  const base = setup?.optimizer
  // switching optimizers keeps the document's lr and weight decay, not its type-specific settings
  const optimizer: OptimizerSetup =
    base && base.type === type
      ? { ...base }
      : {
          type,
          lr: base?.lr ?? TORCH_DEFAULT_LR[type],
          ...(base?.weight_decay !== undefined ? { weight_decay: base.weight_decay } : {}),
        }
  const lr = numberFlag(args, 'lr', { min: 0, exclusiveMin: true })
  if (lr !== undefined) optimizer.lr = lr
  const momentum = numberFlag(args, 'momentum', { min: 0 })
  if (momentum !== undefined) {
    if (type === 'adam' || type === 'adamw')
      throw new UsageError(`--momentum applies to sgd and rmsprop, not ${type} (its betas play that role)`)
    optimizer.momentum = momentum
  }
  const weightDecay = numberFlag(args, 'weight-decay', { min: 0 })
  if (weightDecay !== undefined) optimizer.weight_decay = weightDecay
  const epochsFlag = numberFlag(args, 'epochs', { integer: true, min: 1 })
  const steps = numberFlag(args, 'steps', { integer: true, min: 1 })
  if (epochsFlag !== undefined && steps !== undefined)
    throw new UsageError('give --epochs or --steps, not both')
  const data = stringFlag(args, 'data') ?? setup?.dataset
  return {
    loss,
    optimizer,
    batch: numberFlag(args, 'batch', { integer: true, min: 1 }) ?? setup?.batch_size ?? DEFAULT_BATCH,
    epochs: epochsFlag ?? setup?.epochs ?? DEFAULT_EPOCHS,
    ...(steps !== undefined ? { steps } : {}),
    shuffle: !boolFlag(args, 'no-shuffle'),
    seed: numberFlag(args, 'seed', { integer: true, min: 0 }) ?? setup?.seed ?? 0,
    validationSplit:
      numberFlag(args, 'validation-split', { min: 0, max: 0.9 }) ?? setup?.validation_split ?? 0,
    ...(data !== undefined ? { data } : {}),
  }
}

/** `--backend`: `webgpu` is refused in Node (for now), `auto` means the CPU. */
export function resolveBackend(args: ParsedArgs): 'cpu' {
  const backend = choiceFlag(args, 'backend', BACKENDS) ?? 'auto'
  if (backend === 'webgpu')
    throw new UsageError(
      '--backend webgpu is not available in Node yet: use --backend cpu (or auto), or train in the browser',
    )
  return 'cpu'
}

/** The document's training setup after a run: what was actually trained, for `model.json`. */
export function trainedSetup(doc: ModelDocument, run: RunSetup, epochsRun: number): TrainingSetup {
  // the dataset recorded is the one trained on: none when it came from --x/--y files
  const { dataset: _, ...kept } = doc.training ?? {}
  return {
    ...kept,
    loss: run.loss,
    optimizer: run.optimizer,
    batch_size: run.batch,
    epochs: epochsRun,
    seed: run.seed,
    ...(run.data !== undefined ? { dataset: run.data } : {}),
    validation_split: run.validationSplit,
  }
}
