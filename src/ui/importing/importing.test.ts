import { describe, expect, it } from 'vitest'
import { mlpSpirals } from '../../graph/templates/mlpSpirals'
import { exportBundle } from '../export/exportBundle'
import { exportSimple } from '../export/exportFormats'
import { seededWeights } from '../export/modelWeights'
import { storeWith } from '../testing/fixtures'
import { versionOf } from '../versions/testing'
import { sameWeights } from '../versions/versionModel'
import { importModelFile, modelFileKind } from './importModelFile'

const fileOf = (name: string, bytes: Uint8Array) => ({
  name,
  arrayBuffer: async () => bytes.slice().buffer as ArrayBuffer,
})

function trainedSpirals() {
  const doc = mlpSpirals()
  const { weights } = seededWeights(doc)
  weights.params['logits.bias']!.data.set([0.5, -0.5])
  return { doc, weights }
}

describe('opening model files', () => {
  it('knows documents, ONNX models and bundles by their extension', () => {
    expect(modelFileKind('a.triad.json')).toBe('document')
    expect(modelFileKind('model.ONNX')).toBe('onnx')
    expect(modelFileKind('mlp-0.1.0.zip')).toBe('bundle')
    expect(modelFileKind('notes.txt')).toBeNull()
  })

  it('imports an ONNX file as an editable document with its weights, as one undo step', async () => {
    const { doc, weights } = trainedSpirals()
    const onnx = exportSimple('onnx', doc, weights).bytes
    const store = storeWith()
    const before = store.getState().doc
    expect(await importModelFile(store, fileOf('spirals.onnx', onnx))).toBe(true)
    const state = store.getState()
    expect(state.doc.name).toBe('spirals')
    expect(state.doc.metadata.origin).toBe('external')
    expect(state.doc.nodes.filter((n) => n.type === 'dense')).toHaveLength(3)
    expect(state.loadedWeights?.from).toBe('spirals.onnx')
    expect(state.loadedWeights?.weights.params['logits.bias']?.data).toEqual(new Float32Array([0.5, -0.5]))
    expect(state.currentVersion).toBeNull()
    expect(state.undo()).toBe(true)
    expect(store.getState().doc).toEqual(before)
  })

  it('opens a bundle as its document, its weights and a version with its history', async () => {
    const { doc, weights } = trainedSpirals()
    const source = storeWith(doc)
    const version = versionOf(source, '0.3.0', { parent: '0.2.0', weights })
    const zip = (await exportBundle({ doc, weights, version })).bytes
    const store = storeWith()
    expect(await importModelFile(store, fileOf('mlp-spirals-0.3.0.zip', zip))).toBe(true)
    const state = store.getState()
    expect(state.currentVersion).toBe('0.3.0')
    const opened = state.versions[0]!
    expect(opened).toMatchObject({ version: '0.3.0', parent: '0.2.0', outcome: 'bundle' })
    expect(opened.curve).toEqual(version.curve)
    expect(sameWeights(opened.weights, weights)).toBe(true)
    expect(sameWeights(state.loadedWeights!.weights, weights)).toBe(true)
    expect({ ...state.doc, metadata: {} }).toEqual({ ...doc, metadata: {} })
  })

  it('lists the problem of a damaged file and changes nothing', async () => {
    const { doc, weights } = trainedSpirals()
    const zip = (await exportBundle({ doc, weights })).bytes
    const store = storeWith()
    const before = store.getState().doc
    const onnx = exportSimple('onnx', doc, weights).bytes
    expect(await importModelFile(store, fileOf('cut.onnx', onnx.slice(0, onnx.length / 2)))).toBe(false)
    expect(store.getState().openErrors?.file).toBe('cut.onnx')
    expect(store.getState().openErrors?.errors[0]).toMatch(/ONNX|damaged|truncated/i)
    const flipped = zip.slice()
    // a byte inside the first stored file's data changes its hash (or breaks the zip): either is named
    flipped[200] = flipped[200]! ^ 0xff
    expect(await importModelFile(store, fileOf('bad.zip', flipped))).toBe(false)
    expect(store.getState().openErrors?.file).toBe('bad.zip')
    expect(store.getState().doc).toBe(before)
    expect(store.getState().loadedWeights).toBeNull()
    expect(await importModelFile(store, fileOf('notes.txt', new Uint8Array(1)))).toBe(false)
    expect(store.getState().notice?.text).toMatch(/not a model file/)
  })
})
