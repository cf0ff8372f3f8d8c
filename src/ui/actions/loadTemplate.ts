import type { ModelDocument } from '../../graph/document/schema'
import { findTemplate } from '../../graph/templates'
import type { AppStore } from '../store/appState'

/** The template the app opens on, so the first view is a ready model. */
export const OPENING_TEMPLATE = 'mlp-spirals'

/** A fresh document from a template, marked as made here. */
export function templateDocument(id: string): ModelDocument | null {
  const template = findTemplate(id)
  if (!template) return null
  const doc = template.create()
  return { ...doc, metadata: { ...doc.metadata, origin: 'local', template: id } }
}

/**
 * Replaces the document with a template (New from template), as one undo step.
 * @returns whether the template exists.
 */
export function loadTemplate(store: AppStore, id: string): boolean {
  const doc = templateDocument(id)
  if (!doc) {
    store.getState().notify(`No template called ${id}.`, 'error')
    return false
  }
  store.getState().apply({ kind: 'replaceDocument', doc }, `new from ${id}`, 'load')
  store.getState().clearSelection()
  store.getState().requestFitView()
  return true
}
