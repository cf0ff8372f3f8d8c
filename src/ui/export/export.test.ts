import { unzipSync } from 'fflate'
import { describe, expect, it, vi } from 'vitest'
import { readSafetensors } from '../../engine/io/safetensors'
import { readBundle } from '../../graph/bundle'
import { compileDocument } from '../../graph/lower'
import { importOnnx } from '../../graph/onnx'
import { mlpSpirals } from '../../graph/templates/mlpSpirals'
import { storeWith } from '../testing/fixtures'
import { statusAt, versionOf } from '../versions/testing'
import { sameWeights } from '../versions/versionModel'
import { bundleMetrics } from './exportBundle'
import { exportSimple, fileStem } from './exportFormats'
import { exportIssues, exportModel } from './exportModel'
import { currentWeights, seededWeights, shapeWeights } from './modelWeights'
import { maxAbsError } from './verifyOnnx'

const noRun = { getWeights: vi.fn(async () => Promise.reject(new Error('nothing compiled'))) }

describe('the weights an export writes', () => {
  it('are, without a run, the seeded init a run of the document starts from', () => {
    const doc = mlpSpirals()
    const { weights, seed } = seededWeights(doc)
    const initial = compileDocument(doc).step.initialState(doc.training!.seed!)
    expect(seed).toBe(0)
    expect(weights.params['hidden1.weight']!.shape).toEqual([16, 2])
    for (const [k, t] of Object.entries(weights.params)) expect(t.data).toEqual(initial.params[k])
  })

  it('come from loaded weights first, then the run, then the seeded init, skipping ones that do not fit', async () => {
    const store = storeWith(mlpSpirals())
    const seeded = seededWeights(store.getState().doc).weights
    const trained = structuredClone(seeded)
    trained.params['logits.bias']!.data.fill(7)
    const run = { getWeights: vi.fn(async () => trained) }
    expect((await currentWeights(store, run)).from).toMatch(/seeded init/)
    expect(run.getWeights).not.toHaveBeenCalled()
    store.getState().applyRunEvent({ type: 'status', status: statusAt('done', 200) })
    const fromRun = await currentWeights(store, run)
    expect(fromRun.from).toBe('the run at step 200')
    expect(sameWeights(fromRun.weights, trained)).toBe(true)
    const loaded = structuredClone(seeded)
    loaded.params['logits.bias']!.data.fill(-1)
    store.getState().setLoadedWeights({ weights: loaded, from: 'version 0.1.0' })
    expect((await currentWeights(store, run)).from).toBe('version 0.1.0')
    // the document was edited since: neither the loaded nor the run's weights fit any more
    store.getState().apply({ kind: 'setParam', id: 'logits', param: 'out_features', value: 3 })
    const after = await currentWeights(store, run)
    expect(after.from).toMatch(/seeded init/)
    expect(after.weights.params['logits.weight']!.shape).toEqual([3, 16])
  })

  it('take their shapes from the document when a file gives bare tensors, and name a tensor of the wrong size', () => {
    const doc = mlpSpirals()
    const bias = new Float32Array(2).fill(3)
    const shaped = shapeWeights(doc, { params: { 'logits.bias': bias }, buffers: {} })
    expect(shaped.params['logits.bias']).toEqual({ shape: [2], data: bias })
    expect(() => shapeWeights(doc, { params: { 'logits.bias': new Float32Array(3) }, buffers: {} })).toThrow(
      /parameter logits\.bias has 3 values, but the model needs \[2\]/,
    )
  })
})

describe('export formats', () => {
  const doc = mlpSpirals()
  const { weights } = seededWeights(doc)

  it('writes ONNX that imports back with the same weights', () => {
    const file = exportSimple('onnx', doc, weights)
    expect(file.fileName).toBe('mlp-spirals.onnx')
    const back = importOnnx(file.bytes)
    expect(back.weights.params['hidden1.weight']).toEqual(weights.params['hidden1.weight']!.data)
  })

  it('writes the PyTorch folder as a zip with model.py, train.py and the weights as safetensors', () => {
    const file = exportSimple('pytorch', doc, weights)
    const files = unzipSync(file.bytes)
    expect(Object.keys(files).sort()).toEqual([
      'mlp-spirals/model.py',
      'mlp-spirals/train.py',
      'mlp-spirals/weights.safetensors',
    ])
    expect(new TextDecoder().decode(files['mlp-spirals/model.py'])).toMatch(/nn\.Linear\(2, 16\)/)
    const st = readSafetensors(files['mlp-spirals/weights.safetensors']!)
    expect(st.tensors.get('hidden2.weight')?.shape).toEqual([16, 16])
  })

  it('writes the code face as TypeScript text', () => {
    const file = exportSimple('code', doc, weights)
    expect(file.fileName).toBe('mlp-spirals.ts')
    expect(new TextDecoder().decode(file.bytes)).toMatch(/const hidden1 = L\.dense/)
  })

  it('names safe file stems', () => {
    expect(fileStem('My Model / v2')).toBe('my-model-v2')
    expect(fileStem('***')).toBe('model')
  })

  it('lists why a model cannot export before the user tries', () => {
    expect(exportIssues('onnx', doc)).toEqual([])
    expect(exportIssues('bundle', { ...doc, outputs: [] })[0]?.message).toMatch(/no outputs/)
    const broken = {
      ...doc,
      nodes: doc.nodes.map((n) =>
        n.id === 'logits' ? { ...n, params: { ...n.params, in_features: 3 } } : n,
      ),
    }
    expect(exportIssues('pytorch', broken).map((i) => i.node)).toContain('logits')
    expect(exportIssues('code', broken)).toEqual([])
  })
})

describe('bundles from the IDE', () => {
  it('write a version with its semver, parent, weights and every step of its curve, and read back identical', async () => {
    const store = storeWith(mlpSpirals())
    const { weights } = seededWeights(store.getState().doc)
    weights.params['logits.bias']!.data.fill(0.25)
    const steps = Array.from({ length: 20 }, (_, i) => i + 1)
    const version = versionOf(store, '0.2.0', {
      parent: '0.1.0',
      weights,
      curve: { steps, losses: steps.map((s) => 1 / s) },
      validation: [{ epoch: 1, step: 20, loss: 0.3, accuracy: 0.9 }],
    })
    store.getState().addVersion(version)
    const { file, from } = await exportModel(store, noRun, 'bundle', '0.2.0')
    expect(file.fileName).toBe('mlp-spirals-0.2.0.zip')
    expect(from).toBe('version 0.2.0')
    const bundle = await readBundle(file.bytes)
    expect(bundle.manifest).toMatchObject({ version: '0.2.0', parentVersion: '0.1.0', name: 'mlp-spirals' })
    expect(bundle.doc).toEqual(version.doc)
    expect(bundle.weights.params['logits.bias']).toEqual(new Float32Array(2).fill(0.25))
    expect(bundle.metrics).toEqual(bundleMetrics(version))
    expect(bundle.metrics.train).toHaveLength(20)
  })

  it('write the current model as 0.0.0 when no run made a version', async () => {
    const store = storeWith(mlpSpirals())
    const { file, from } = await exportModel(store, noRun, 'bundle', 'current')
    expect(file.fileName).toBe('mlp-spirals-0.0.0.zip')
    expect(from).toMatch(/seeded init/)
    expect((await readBundle(file.bytes)).manifest.parentVersion).toBeNull()
  })

  it('leave non-finite losses out of metrics.json (JSON has no NaN)', () => {
    expect(
      bundleMetrics({ curve: { steps: [1, 2, 3], losses: [1, Number.NaN, 0.5] }, validation: [] }).train,
    ).toEqual([
      { step: 1, loss: 1 },
      { step: 3, loss: 0.5 },
    ])
  })
})

describe('the verification figure', () => {
  it('is the largest absolute difference, and infinite for mismatched lengths or a one-sided NaN', () => {
    expect(maxAbsError([1, 2, 3], [1, 2.5, 2.9])).toBeCloseTo(0.5)
    expect(maxAbsError([1], [1, 2])).toBe(Number.POSITIVE_INFINITY)
    expect(maxAbsError([Number.NaN], [0])).toBe(Number.POSITIVE_INFINITY)
    expect(maxAbsError([Number.NaN], [Number.NaN])).toBe(0)
  })
})
