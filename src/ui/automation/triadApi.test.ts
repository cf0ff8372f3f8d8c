import { describe, expect, it } from 'vitest'
import { createCodeSync } from '../code/codeSync'
import { editorMarkers, provideEditorMarkers } from '../code/editorMarkers'
import { createRunController } from '../run/runController'
import { fakeEngineClient } from '../run/testing'
import { mlpDocument, storeWith } from '../testing/fixtures'
import { createTriadApi } from './triadApi'

function api() {
  const store = storeWith()
  const sync = createCodeSync(store, {
    trace: async () => ({ ok: false, errors: [{ message: 'no', line: 2, column: 1 }] }),
  })
  return {
    store,
    triad: createTriadApi(
      store,
      sync,
      createRunController(store, () => fakeEngineClient().client),
    ),
  }
}

describe('window.triad', () => {
  it('hands out copies, so changing them does not change the app', () => {
    const { store, triad } = api()
    const doc = triad.getDocument()
    doc.nodes.pop()
    expect(store.getState().doc.nodes).toHaveLength(3)
    expect(triad.getShapeReport().outputs.act).toEqual([['N', 16]])
  })

  it('loads a valid document with a fresh history and refuses an invalid one, listing why', () => {
    const { store, triad } = api()
    triad.loadDocument({ ...mlpDocument(), name: 'loaded' })
    expect(store.getState().doc.name).toBe('loaded')
    expect(triad.undo()).toBe(false)
    expect(() => triad.loadDocument({ ...mlpDocument(), nodes: 'nope' })).toThrow(
      /Invalid document:\n.*nodes/,
    )
    expect(store.getState().doc.name).toBe('loaded')
  })

  it('resolves setCode once the trace failed, with the errors in the store', async () => {
    const { store, triad } = api()
    await triad.setCode('broken(')
    expect(triad.getCode()).toBe('broken(')
    expect(store.getState().code.errors[0]?.line).toBe(2)
  })
})

describe('editor markers on window.triad', () => {
  it('reads the markers the live editor provides, in line order, and none once it is gone', () => {
    const { store } = api()
    const sync = createCodeSync(store, { trace: async () => ({ ok: false, errors: [] }) })
    const triad = createTriadApi(
      store,
      sync,
      createRunController(store, () => fakeEngineClient().client),
    )
    expect(triad.getMarkers()).toEqual([])
    const stop = provideEditorMarkers(() => [
      { line: 9, message: 'later' },
      { line: 4, message: 'boom' },
    ])
    expect(triad.getMarkers()).toEqual([
      { line: 4, message: 'boom' },
      { line: 9, message: 'later' },
    ])
    stop()
    expect(editorMarkers()).toEqual([])
  })
})
