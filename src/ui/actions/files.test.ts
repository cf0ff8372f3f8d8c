import { describe, expect, it } from 'vitest'
import { serializeDocument } from '../../graph/document/validate'
import { mlpDocument, storeWith } from '../testing/fixtures'
import { openFile } from './openFile'
import { saveFile } from './saveFile'

describe('openFile', () => {
  it('lists every problem of a bad file and leaves the model untouched', () => {
    const store = storeWith()
    const before = store.getState().doc
    expect(openFile(store, { name: 'broken.json', text: '{"schemaVersion": 1, "name": ""' })).toBe(false)
    expect(store.getState().doc).toBe(before)
    expect(store.getState().openErrors?.file).toBe('broken.json')
    expect(store.getState().openErrors?.errors.length).toBeGreaterThan(0)
  })

  it('opens a valid file as an external document, undoable in one step', () => {
    const store = storeWith()
    const doc = { ...mlpDocument(), name: 'from disk', code: 'export default 1' }
    expect(openFile(store, { name: 'm.triad.json', text: serializeDocument(doc) })).toBe(true)
    expect(store.getState().doc.name).toBe('from disk')
    expect(store.getState().doc.metadata.origin).toBe('external')
    expect(store.getState().openErrors).toBeNull()
    store.getState().undo()
    expect(store.getState().doc.name).toBe('test')
  })
})

describe('saveFile', () => {
  it('downloads the serialized document under a .triad.json name', () => {
    const store = storeWith({ ...mlpDocument(), name: 'Spiral MLP' })
    const files: [string, string][] = []
    const name = saveFile(store, (n, text) => files.push([n, text]))
    expect(name).toMatch(/\.triad\.json$/)
    expect(files).toHaveLength(1)
    expect(JSON.parse(files[0]![1]).name).toBe('Spiral MLP')
  })
})
