import { describe, expect, it } from 'vitest'
import type { EngineEvent, MetricsEvent, RunStatus } from '../../workers/engine/protocol'
import { createMetricsBatcher } from './metricsBatcher'

const status = (phase: RunStatus['phase'], step: number): RunStatus => ({
  phase,
  step,
  totalSteps: 100,
  epoch: 1,
  epochs: 1,
})
const metrics = (step: number): MetricsEvent => ({
  type: 'metrics',
  train: [{ step, loss: 1 / step }],
  validation: [],
  stepsPerSecond: step,
  status: status('training', step),
})

function harness() {
  const applied: { event: EngineEvent; received: number }[] = []
  const timers: (() => void)[] = []
  const batcher = createMetricsBatcher(
    (event, received) => applied.push({ event, received }),
    200,
    (run) => timers.push(run),
  )
  return { applied, timers, batcher }
}

describe('the metrics batcher', () => {
  it('folds the metrics of one interval into one update, points in order, latest status and speed', () => {
    const { applied, timers, batcher } = harness()
    for (const step of [1, 2, 3]) batcher.push(metrics(step))
    expect(applied).toHaveLength(0)
    expect(timers).toHaveLength(1)
    timers[0]!()
    expect(applied).toHaveLength(1)
    const merged = applied[0]!.event as MetricsEvent
    expect(merged.train.map((p) => p.step)).toEqual([1, 2, 3])
    expect(merged.stepsPerSecond).toBe(3)
    expect(merged.status?.step).toBe(3)
    expect(applied[0]!.received).toBe(3)
  })

  it('lets a phase change through at once, after the metrics that came before it', () => {
    const { applied, batcher } = harness()
    batcher.push(metrics(1))
    batcher.push({ type: 'status', status: status('paused', 1) })
    expect(applied.map((a) => a.event.type)).toEqual(['metrics', 'status'])
  })
})
