import { describe, expect, it, vi } from 'vitest'
import { mlpSpirals } from '../../graph/templates/mlpSpirals'
import { storeWith } from '../testing/fixtures'
import { graphDiff, isEmptyDiff, setupDiff } from './compareVersions'
import { recordVersions } from './recordVersions'
import { flatWeights, rollBack } from './rollBack'
import { flush, simulateRun, statusAt, versionOf, weightsOf } from './testing'
import { copyWeights, nextVersion, sameWeights } from './versionModel'

describe('version numbers', () => {
  it('gives 0.1.0 to the first run and the next minor after the highest version to every later one', () => {
    expect(nextVersion([])).toBe('0.1.0')
    expect(nextVersion(['0.1.0', '0.3.0', '0.2.0'])).toBe('0.4.0')
    expect(nextVersion(['1.4.2', '0.9.0'])).toBe('1.5.0')
    expect(nextVersion(['not-a-version'])).toBe('0.1.0')
  })
})

describe('weights of a version', () => {
  it('are copied, so a later change to the worker answer does not change the version', () => {
    const w = weightsOf(1)
    const copy = copyWeights(w)
    w.params['fc.weight']!.data[0] = 5
    expect(copy.params['fc.weight']!.data[0]).toBe(1)
    expect(sameWeights(copy, weightsOf(1))).toBe(true)
    expect(sameWeights(copy, weightsOf(2))).toBe(false)
    expect(sameWeights(weightsOf(1, [4]), weightsOf(1, [2, 2]))).toBe(false)
  })
})

describe('recording runs as versions', () => {
  const fakeRun = (value = 3) => ({ getWeights: vi.fn(async () => weightsOf(value)) })

  it('makes a finished run version 0.1.0 with the document it compiled, its curve, setup and weights', async () => {
    const store = storeWith(mlpSpirals())
    const run = fakeRun()
    const recorder = recordVersions(store, run, () => new Date('2026-02-03T04:05:06Z'))
    const trained = store.getState().doc
    simulateRun(store, 5)
    // an edit made after the run started is not part of the version
    store.getState().apply({ kind: 'setName', name: 'edited' })
    await flush()
    const [v] = store.getState().versions
    expect(v?.version).toBe('0.1.0')
    expect(v?.parent).toBeNull()
    expect(v?.doc).toBe(trained)
    expect(v?.curve.steps).toEqual([1, 2, 3, 4, 5])
    expect(v?.setup).toMatchObject({ steps: 5, backend: 'cpu', training: { optimizer: { lr: 0.01 } } })
    expect(v?.createdAt).toBe('2026-02-03T04:05:06.000Z')
    expect(sameWeights(v!.weights, weightsOf(3))).toBe(true)
    expect(store.getState().currentVersion).toBe('0.1.0')
    recorder.destroy()
  })

  it('numbers a second run 0.2.0 with the first as its parent, and a stopped run counts too', async () => {
    const store = storeWith(mlpSpirals())
    recordVersions(store, fakeRun())
    simulateRun(store, 5)
    await flush()
    simulateRun(store, 3, 'stopped')
    await flush()
    expect(store.getState().versions.map((v) => [v.version, v.parent, v.outcome])).toEqual([
      ['0.1.0', null, 'done'],
      ['0.2.0', '0.1.0', 'stopped'],
    ])
  })

  it('makes no version of a run stopped before its first step, and only one per run', async () => {
    const store = storeWith(mlpSpirals())
    const run = fakeRun()
    recordVersions(store, run)
    simulateRun(store, 0, 'stopped')
    await flush()
    expect(store.getState().versions).toEqual([])
    simulateRun(store, 4)
    store.getState().applyRunEvent({ type: 'status', status: statusAt('stopped', 4) })
    await flush()
    expect(store.getState().versions).toHaveLength(1)
    expect(run.getWeights).toHaveBeenCalledTimes(1)
  })

  it('drops weights loaded by an import or rollback once a new run starts training', () => {
    const store = storeWith(mlpSpirals())
    recordVersions(store, fakeRun())
    store.getState().setLoadedWeights({ weights: weightsOf(9), from: 'model.onnx' })
    simulateRun(store, 2)
    expect(store.getState().loadedWeights).toBeNull()
  })
})

describe('rolling back', () => {
  it('restores the version’s document as one undo step, its weights, and makes it the parent of the next run', async () => {
    const store = storeWith(mlpSpirals())
    const first = versionOf(store, '0.1.0', { weights: weightsOf(1) })
    store.getState().addVersion(first)
    store.getState().apply({ kind: 'setName', name: 'changed' })
    store.getState().addVersion(versionOf(store, '0.2.0', { weights: weightsOf(2), parent: '0.1.0' }))
    const load = vi.fn(async () => undefined)
    store.getState().applyRunEvent({ type: 'status', status: statusAt('done', 10) })
    expect(await rollBack(store, '0.1.0', load)).toBe(true)
    expect(store.getState().doc).toEqual(first.doc)
    expect(store.getState().currentVersion).toBe('0.1.0')
    expect(sameWeights(store.getState().loadedWeights!.weights, weightsOf(1))).toBe(true)
    expect(store.getState().loadedWeights!.from).toBe('version 0.1.0')
    expect(load).toHaveBeenCalledWith(flatWeights(weightsOf(1)))
    expect(store.getState().undo()).toBe(true)
    expect(store.getState().doc.name).toBe('changed')
  })

  it('leaves the engine alone while a run trains, and refuses an unknown version', async () => {
    const store = storeWith(mlpSpirals())
    store.getState().addVersion(versionOf(store, '0.1.0'))
    store.getState().applyRunEvent({ type: 'status', status: statusAt('training', 3) })
    const load = vi.fn(async () => undefined)
    expect(await rollBack(store, '0.1.0', load)).toBe(true)
    expect(load).not.toHaveBeenCalled()
    expect(await rollBack(store, '9.9.9', load)).toBe(false)
    expect(store.getState().notice?.text).toMatch(/no version 9\.9\.9/)
  })
})

describe('comparing versions', () => {
  it('lists the hyperparameters that differ, run length included', () => {
    const doc = mlpSpirals()
    const a = { training: doc.training!, backend: 'cpu', steps: 200, epochs: 1 }
    const b = {
      training: { ...doc.training!, optimizer: { type: 'adam' as const, lr: 0.003 } },
      backend: 'cpu',
      steps: 300,
      epochs: 1,
    }
    expect(setupDiff(a, b)).toEqual([
      { field: 'optimizer.lr', left: '0.01', right: '0.003' },
      { field: 'run.steps', left: '200', right: '300' },
    ])
    expect(setupDiff(a, a)).toEqual([])
  })

  it('finds added, removed and changed nodes and edges, ignoring positions', () => {
    const left = mlpSpirals()
    const moved = { ...left, nodes: left.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) }
    expect(isEmptyDiff(graphDiff(left, moved))).toBe(true)
    const right = {
      ...left,
      nodes: [
        ...left.nodes
          .filter((n) => n.id !== 'act2')
          .map((n) => (n.id === 'hidden2' ? { ...n, params: { ...n.params, out_features: 32 } } : n)),
        { id: 'drop', type: 'dropout', params: {}, position: { x: 0, y: 0 } },
      ],
      edges: left.edges.filter((e) => e.source !== 'act2' && e.target !== 'act2'),
    }
    const diff = graphDiff(left, right)
    expect(diff.added).toEqual(['drop'])
    expect(diff.removed).toEqual(['act2'])
    expect(diff.changed).toEqual([{ id: 'hidden2', changes: ['out_features 16 → 32'] }])
    expect(diff.removedEdges).toEqual(['hidden2.out -> act2.x', 'act2.out -> logits.x'])
  })
})
