import { describe, expect, it } from 'vitest'
import { cnnMnist } from '../../graph/templates/cnnMnist'
import { mlpSpirals } from '../../graph/templates/mlpSpirals'
import type { RunPhase } from '../../workers/engine/protocol'
import { createAppStore } from '../store/appState'
import { dataSetupOf, followCompiledSetup } from './compiledSetup'
import type { DataSetup } from './taskData'

const status = (phase: RunPhase) => ({ phase, step: 0, totalSteps: 10, epoch: 0, epochs: 1 })

describe('following the compiled run’s data', () => {
  it('reads the dataset, split and seed of a document', () => {
    expect(dataSetupOf(mlpSpirals())).toEqual({ dataset: 'spirals', validationSplit: 0.2, seed: 0 })
    expect(dataSetupOf({ ...mlpSpirals(), training: undefined })).toBeNull()
  })

  it('takes the document’s setup when a compile starts, not when the document is edited', () => {
    const store = createAppStore(mlpSpirals())
    const seen: (DataSetup | null)[] = []
    const stop = followCompiledSetup(store, (s) => seen.push(s))
    expect(seen).toEqual([])
    store.getState().applyRunEvent({ type: 'status', status: status('compiling') })
    store.getState().applyRunEvent({ type: 'status', status: status('training') })
    expect(seen.map((s) => s?.dataset)).toEqual(['spirals'])
    // an edit (a new template) while the spirals model trains changes nothing yet
    store.getState().load(cnnMnist())
    store.getState().applyRunEvent({ type: 'status', status: status('done') })
    expect(seen).toHaveLength(1)
    store.getState().applyRunEvent({ type: 'status', status: status('compiling') })
    expect(seen.map((s) => s?.dataset)).toEqual(['spirals', 'mnist'])
    stop()
  })

  it('does not announce a recompile of the same data again', () => {
    const store = createAppStore(mlpSpirals())
    const seen: (DataSetup | null)[] = []
    const stop = followCompiledSetup(store, (s) => seen.push(s))
    for (const phase of ['compiling', 'done', 'compiling', 'done'] as const)
      store.getState().applyRunEvent({ type: 'status', status: status(phase) })
    expect(seen).toHaveLength(1)
    stop()
  })
})
