import { describe, expect, it } from 'vitest'
import type { RunStatus } from '../../workers/engine/protocol'
import { formatDuration, runProgress } from './progress'

const status = (over: Partial<RunStatus> = {}): RunStatus => ({
  phase: 'training',
  step: 250,
  totalSteps: 1000,
  epoch: 3,
  epochs: 10,
  ...over,
})

describe('the run progress', () => {
  it('gives the fraction done and epoch, step, speed and the time left at that speed', () => {
    const p = runProgress(status(), 50)
    expect(p.fraction).toBe(0.25)
    expect(p.text).toBe('epoch 3 of 10 · step 250 of 1000 · 50 steps/s · ETA 15 s')
  })

  it('gives no speed and no ETA when the run is not training', () => {
    expect(runProgress(status({ phase: 'paused' }), 50).text).toBe('epoch 3 of 10 · step 250 of 1000')
  })

  it('says there is no run before the first one', () => {
    expect(runProgress(null, 0)).toEqual({ fraction: 0, text: 'No run yet' })
  })

  it('writes durations in seconds, minutes or hours', () => {
    expect(formatDuration(4.4)).toBe('4 s')
    expect(formatDuration(125)).toBe('2 min 05 s')
    expect(formatDuration(3840)).toBe('1 h 04 min')
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('–')
  })
})
