import { describe, expect, it } from 'vitest'
import { trainingSchema } from '../../graph/document/schema'
import { changeSetting, DEFAULT_TRAINING } from './trainingSettings'

const setup = { ...DEFAULT_TRAINING, optimizer: { type: 'sgd' as const, lr: 0.1, momentum: 0.9 } }

describe('changeSetting', () => {
  it('sets the learning rate from its text, keeping the optimizer, and the result is a valid setup', () => {
    const r = changeSetting(setup, 'lr', '1e6')
    if (!('setup' in r)) throw new Error(r.error)
    expect(r.setup.optimizer).toEqual({ type: 'sgd', lr: 1e6, momentum: 0.9 })
    expect(trainingSchema.safeParse(r.setup).success).toBe(true)
  })

  it('refuses a learning rate that is not a positive number, suggesting a usual one', () => {
    expect(changeSetting(setup, 'lr', '-1')).toEqual({
      error: "the learning rate must be a positive number (e.g. 0.1), got '-1'",
    })
    expect('error' in changeSetting(setup, 'lr', 'abc')).toBe(true)
  })

  it('switches optimizers keeping the learning rate and dropping the old one’s extras', () => {
    const r = changeSetting(setup, 'optimizer', 'adam')
    expect('setup' in r && r.setup.optimizer).toEqual({ type: 'adam', lr: 0.1 })
  })

  it('takes whole numbers for batch size, epochs and seed, and a percentage for the validation share', () => {
    const batch = changeSetting(setup, 'batch_size', '64')
    expect('setup' in batch && batch.setup.batch_size).toBe(64)
    expect('error' in changeSetting(setup, 'epochs', '2.5')).toBe(true)
    expect('error' in changeSetting(setup, 'seed', '-3')).toBe(true)
    const split = changeSetting(setup, 'validation_split', '25')
    expect('setup' in split && split.setup.validation_split).toBe(0.25)
    expect('error' in changeSetting(setup, 'validation_split', '95')).toBe(true)
  })
})
