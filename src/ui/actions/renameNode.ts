import { isValidNodeId } from '../../graph/document/ports'
import { type ModelDocument, type NodeId, RESERVED_IDS } from '../../graph/document/schema'
import type { AppStore } from '../store/appState'

/** Why `to` cannot be the new id of `id`, or null when it can. */
export function renameProblem(doc: ModelDocument, id: NodeId, to: string): string | null {
  if (to === id) return null
  if (to === '') return 'An id cannot be empty.'
  if (RESERVED_IDS.has(to)) return `"${to}" is a reserved word in the code face.`
  if (!isValidNodeId(to)) return 'An id must be a JavaScript identifier (letters, digits, _ or $).'
  if (doc.nodes.some((n) => n.id === to)) return `Another node is already called "${to}".`
  return null
}

/**
 * Renames a node (its id is its `const` name in the code face), keeping it selected.
 * @returns null on success, else the reason the name was refused.
 */
export function renameNode(store: AppStore, id: NodeId, to: string): string | null {
  const { doc, apply, select } = store.getState()
  const problem = renameProblem(doc, id, to)
  if (problem || to === id) return problem
  apply({ kind: 'renameNode', id, to }, `rename ${id}`)
  select([to])
  return null
}
