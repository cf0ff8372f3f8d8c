import { describe, expect, it } from 'vitest'
import { mlpDocument, storeWith } from '../testing/fixtures'

describe('the app store', () => {
  it('derives the shape report of the document it holds', () => {
    const store = storeWith()
    const { shapes } = store.getState()
    expect(shapes.outputs.act).toEqual([['N', 16]])
    expect(shapes.totalParams).toBe(2 * 16 + 16)
  })

  it('records each applied change as one undo step and redoes it exactly', () => {
    const store = storeWith()
    const before = store.getState().doc
    expect(store.getState().apply({ kind: 'setParam', id: 'hidden', param: 'out_features', value: 8 })).toBe(
      true,
    )
    expect(store.getState().shapes.outputs.act).toEqual([['N', 8]])
    expect(store.getState().undo()).toBe(true)
    expect(store.getState().doc).toEqual(before)
    expect(store.getState().shapes.outputs.act).toEqual([['N', 16]])
    expect(store.getState().redo()).toBe(true)
    expect(store.getState().doc.nodes.find((n) => n.id === 'hidden')?.params.out_features).toBe(8)
    expect(store.getState().changeSource).toBe('history')
  })

  it('refuses a change the document rejects, keeps the document and says why', () => {
    const store = storeWith()
    const before = store.getState().doc
    expect(store.getState().apply({ kind: 'removeNode', id: 'ghost' })).toBe(false)
    expect(store.getState().doc).toBe(before)
    expect(store.getState().history.past).toHaveLength(0)
    expect(store.getState().notice?.tone).toBe('error')
    expect(store.getState().notice?.text).toContain('ghost')
  })

  it('drops removed nodes from the selection', () => {
    const store = storeWith()
    store.getState().select(['hidden', 'act'])
    store.getState().apply({ kind: 'removeNode', id: 'act' })
    expect(store.getState().selection.nodes).toEqual(['hidden'])
  })

  it('starts a fresh history when a document is loaded', () => {
    const store = storeWith()
    store.getState().apply({ kind: 'setName', name: 'renamed' })
    store.getState().load(mlpDocument())
    expect(store.getState().history.past).toHaveLength(0)
    expect(store.getState().undo()).toBe(false)
  })
})
