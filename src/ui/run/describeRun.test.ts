import { describe, expect, it } from 'vitest'
import type { RunStatus } from '../../workers/engine/protocol'
import { describeRun, isAlarm, runControls } from './describeRun'

const status = (over: Partial<RunStatus>): RunStatus => ({
  phase: 'training',
  step: 120,
  totalSteps: 1250,
  epoch: 3,
  epochs: 50,
  ...over,
})

describe('describeRun', () => {
  it('says the phase, the backend with its adapter, and the progress in words', () => {
    expect(describeRun(status({ backend: 'webgpu', adapter: 'swiftshader' }))).toBe(
      'Training on WebGPU (swiftshader): step 120 of 1250, epoch 3 of 50',
    )
    expect(describeRun(status({ phase: 'paused', backend: 'cpu', adapter: 'cpu' }))).toBe(
      'Paused on the CPU: step 120 of 1250, epoch 3 of 50',
    )
  })

  it('says a run has not started before the worker reported anything', () => {
    expect(describeRun(null)).toBe('Not trained yet')
  })
})

describe('runControls', () => {
  it('offers Pause and Stop while training, and no second Train', () => {
    expect(runControls('training')).toEqual({
      train: false,
      pause: true,
      resume: false,
      step: false,
      stop: true,
      backend: false,
    })
  })

  it('offers Resume, Step and Stop when paused, and Train again', () => {
    const c = runControls('paused')
    expect([c.train, c.pause, c.resume, c.step, c.stop]).toEqual([true, false, true, true, true])
  })

  it('offers only Train before any run', () => {
    const c = runControls(undefined)
    expect([c.train, c.pause, c.resume, c.step, c.stop, c.backend]).toEqual([
      true,
      false,
      false,
      false,
      false,
      true,
    ])
  })
})

describe('isAlarm', () => {
  it('raises failures and pauses the user did not ask for, not user pauses', () => {
    expect(
      isAlarm(status({ phase: 'paused', reason: 'non-finite-loss', message: 'the loss became NaN' })),
    ).toBe(true)
    expect(isAlarm(status({ phase: 'failed', reason: 'out-of-memory', message: 'needs 10 GB' }))).toBe(true)
    expect(isAlarm(status({ phase: 'paused', reason: 'user', message: 'paused' }))).toBe(false)
  })
})
