import { describe, expect, it } from 'vitest'
import { TEMPLATES } from '../../graph/templates'
import { storeWith } from '../testing/fixtures'
import { loadTemplate, OPENING_TEMPLATE, templateDocument } from './loadTemplate'

describe('loadTemplate', () => {
  it('opens on a template that exists', () => {
    expect(TEMPLATES.map((t) => t.id)).toContain(OPENING_TEMPLATE)
    expect(templateDocument(OPENING_TEMPLATE)?.nodes.length).toBeGreaterThan(0)
  })

  it('replaces the document with a local copy of the template, undoable in one step', () => {
    const store = storeWith()
    expect(loadTemplate(store, 'cnn-mnist')).toBe(true)
    expect(store.getState().doc.metadata).toMatchObject({ origin: 'local', template: 'cnn-mnist' })
    expect(Object.keys(store.getState().shapes.issues)).toEqual([])
    store.getState().undo()
    expect(store.getState().doc.name).toBe('test')
  })

  it('refuses an unknown template and says so', () => {
    const store = storeWith()
    expect(loadTemplate(store, 'nope')).toBe(false)
    expect(store.getState().notice?.tone).toBe('error')
  })
})
