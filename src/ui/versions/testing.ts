import type { RunPhase, RunStatus } from '../../workers/engine/protocol'
import type { AppStore } from '../store/appState'
import type { ModelVersion, ModelWeights } from './versionModel'

/** A status in `phase` at `step`, as the engine worker reports it. */
export function statusAt(phase: RunPhase, step = 0, extra: Partial<RunStatus> = {}): RunStatus {
  return { phase, step, totalSteps: 200, epoch: 0, epochs: 1, backend: 'cpu', ...extra }
}

/** Feeds the store a whole run: compiling, training, `steps` losses, then `end`. */
export function simulateRun(store: AppStore, steps: number, end: 'done' | 'stopped' = 'done'): void {
  const s = store.getState()
  s.resetRunMetrics()
  s.applyRunEvent({ type: 'status', status: statusAt('compiling') })
  s.applyRunEvent({ type: 'status', status: statusAt('ready') })
  s.applyRunEvent({ type: 'status', status: statusAt('training') })
  const train = Array.from({ length: steps }, (_, i) => ({ step: i + 1, loss: 1 / (i + 1) }))
  s.applyRunEvent({
    type: 'metrics',
    train,
    validation: [],
    stepsPerSecond: 100,
    status: statusAt('training', steps),
  })
  s.applyRunEvent({ type: 'status', status: statusAt(end, steps) })
}

/** Weights of a 1-parameter model whose values are `value`. */
export function weightsOf(value: number, shape: readonly number[] = [2, 2]): ModelWeights {
  const n = shape.reduce((a, b) => a * b, 1)
  return { params: { 'fc.weight': { shape, data: new Float32Array(n).fill(value) } }, buffers: {} }
}

/** A version record with defaults, for tests of the panel's logic. */
export function versionOf(store: AppStore, version: string, over: Partial<ModelVersion> = {}): ModelVersion {
  return {
    version,
    parent: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    outcome: 'done',
    doc: store.getState().doc,
    setup: { training: store.getState().doc.training ?? null, backend: 'cpu', steps: 10, epochs: 1 },
    curve: { steps: [1, 2], losses: [1, 0.5] },
    validation: [],
    weights: weightsOf(1),
    ...over,
  }
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
