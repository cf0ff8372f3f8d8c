import { OPTIMIZERS, type OptimizerSetup, type TrainingSetup } from '../../graph/document/schema'

/** A setting the run panel edits in the document's training setup. */
export type TrainingSetting = 'optimizer' | 'lr' | 'batch_size' | 'epochs' | 'seed' | 'validation_split'

/** The setup a document without one trains with (the run panel's defaults: Adam, as most tutorials). */
export const DEFAULT_TRAINING: TrainingSetup = {
  loss: 'cross_entropy',
  optimizer: { type: 'adam', lr: 1e-3 },
  batch_size: 32,
  epochs: 10,
  seed: 0,
  validation_split: 0.2,
}

/** PyTorch's usual learning rate per optimizer, offered when the user switches optimizers. */
const USUAL_LR: Record<OptimizerSetup['type'], number> = { sgd: 0.1, adam: 1e-3, adamw: 1e-3, rmsprop: 1e-2 }

const isOptimizer = (v: string): v is OptimizerSetup['type'] => (OPTIMIZERS as readonly string[]).includes(v)

/**
 * The setup with one setting changed from the text of its field, or the reason the text is not
 * a valid value (with what would be). Switching the optimizer drops the old one's extra settings
 * (momentum, betas), keeping the learning rate.
 */
export function changeSetting(
  setup: TrainingSetup,
  setting: TrainingSetting,
  text: string,
): { readonly setup: TrainingSetup } | { readonly error: string } {
  const value = Number(text.trim())
  const number = text.trim() !== '' && Number.isFinite(value)
  switch (setting) {
    case 'optimizer':
      if (!isOptimizer(text)) return { error: `unknown optimizer '${text}': choose ${OPTIMIZERS.join(', ')}` }
      return { setup: { ...setup, optimizer: { type: text, lr: setup.optimizer.lr } } }
    case 'lr':
      if (!number || value <= 0)
        return {
          error: `the learning rate must be a positive number (e.g. ${USUAL_LR[setup.optimizer.type]}), got '${text}'`,
        }
      return { setup: { ...setup, optimizer: { ...setup.optimizer, lr: value } } }
    case 'batch_size':
    case 'epochs':
      if (!number || !Number.isInteger(value) || value < 1)
        return {
          error: `${setting === 'epochs' ? 'epochs' : 'the batch size'} must be a whole number of at least 1, got '${text}'`,
        }
      return { setup: { ...setup, [setting]: value } }
    case 'seed':
      if (!number || !Number.isInteger(value) || value < 0)
        return { error: `the seed must be a whole number of at least 0, got '${text}'` }
      return { setup: { ...setup, seed: value } }
    case 'validation_split': {
      const fraction = value / 100
      if (!number || fraction < 0 || fraction > 0.9)
        return { error: `the validation share must be a percentage from 0 to 90, got '${text}'` }
      return { setup: { ...setup, validation_split: fraction } }
    }
  }
}

/** The usual learning rate of an optimizer (the hint beside the field). */
export function usualLr(type: OptimizerSetup['type']): number {
  return USUAL_LR[type]
}
