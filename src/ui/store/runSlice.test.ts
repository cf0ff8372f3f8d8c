import { describe, expect, it } from 'vitest'
import type { RunStatus } from '../../workers/engine/protocol'
import { storeWith } from '../testing/fixtures'
import { appendCurve, MAX_CURVE_POINTS, MAX_LOG } from './runSlice'

const status = (over: Partial<RunStatus>): RunStatus => ({
  phase: 'training',
  step: 0,
  totalSteps: 10,
  epoch: 1,
  epochs: 1,
  ...over,
})

describe('the run slice', () => {
  it('logs phase changes and messages once each, not every progress update', () => {
    const store = storeWith()
    const apply = store.getState().applyRunEvent
    apply({ type: 'status', status: status({ step: 1 }) })
    apply({ type: 'status', status: status({ step: 2 }) })
    apply({
      type: 'status',
      status: status({ phase: 'paused', reason: 'non-finite-loss', message: 'the loss became NaN', step: 2 }),
    })
    const log = store.getState().run.log
    expect(log.map((e) => e.phase)).toEqual(['training', 'paused'])
    expect(log[1]).toMatchObject({ reason: 'non-finite-loss', message: 'the loss became NaN', step: 2 })
  })

  it('keeps the last MAX_LOG log entries', () => {
    const store = storeWith()
    for (let k = 0; k < MAX_LOG + 5; k++)
      store.getState().applyRunEvent({ type: 'status', status: status({ message: `m${k}` }) })
    const log = store.getState().run.log
    expect(log).toHaveLength(MAX_LOG)
    expect(log.at(-1)?.message).toBe(`m${MAX_LOG + 4}`)
  })

  it('counts metrics events and clears the curves, log and counts for a new run', () => {
    const store = storeWith()
    const metrics = {
      type: 'metrics' as const,
      train: [{ step: 1, loss: 1 }],
      validation: [],
      stepsPerSecond: 5,
    }
    store.getState().applyRunEvent(metrics)
    store.getState().applyRunEvent(metrics)
    expect(store.getState().run.metricsEvents).toBe(2)
    store.getState().resetRunMetrics()
    expect(store.getState().run).toMatchObject({
      metricsEvents: 0,
      log: [],
      curve: { steps: [], losses: [] },
    })
  })
})

describe('metrics events', () => {
  it('move the status step and epoch along with the curve', () => {
    const store = storeWith()
    store.getState().applyRunEvent({ type: 'status', status: status({ step: 0 }) })
    store.getState().applyRunEvent({
      type: 'metrics',
      train: [{ step: 7, loss: 0.5 }],
      validation: [],
      stepsPerSecond: 70,
      status: status({ step: 7 }),
    })
    expect(store.getState().run.status?.step).toBe(7)
  })
})

describe('appendCurve', () => {
  it('thins the older half when the curve grows past its limit, keeping the newest points whole', () => {
    const points = Array.from({ length: MAX_CURVE_POINTS + 10 }, (_, k) => ({
      step: k + 1,
      loss: 1 / (k + 1),
    }))
    const curve = appendCurve({ steps: [], losses: [] }, points)
    expect(curve.steps.length).toBeLessThanOrEqual(MAX_CURVE_POINTS)
    expect(curve.steps.at(-1)).toBe(MAX_CURVE_POINTS + 10)
    expect(curve.steps.slice(-100)).toEqual(points.slice(-100).map((p) => p.step))
    expect(curve.losses.length).toBe(curve.steps.length)
  })
  it('replaces the steps a recovery resends instead of drawing them twice', () => {
    const curve = appendCurve({ steps: [1, 2, 3, 4], losses: [4, 3, 2, 1] }, [
      { step: 3, loss: 2.5 },
      { step: 4, loss: 1.5 },
      { step: 5, loss: 1 },
    ])
    expect(curve).toEqual({ steps: [1, 2, 3, 4, 5], losses: [4, 3, 2.5, 1.5, 1] })
  })
})
