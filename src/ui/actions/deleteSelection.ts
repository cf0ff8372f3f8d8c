import type { GraphChange } from '../../graph/changes/graphChange'
import type { AppStore } from '../store/appState'

/**
 * Deletes the selected nodes (with their edges) and the selected edges, as one undo step.
 * @returns the number of nodes and edges removed.
 */
export function deleteSelection(store: AppStore): number {
  const { doc, selection, apply } = store.getState()
  const removed = new Set(selection.nodes)
  const changes: GraphChange[] = []
  for (const id of selection.edges) {
    const edge = doc.edges.find((e) => e.id === id)
    if (edge && !removed.has(edge.source) && !removed.has(edge.target))
      changes.push({ kind: 'disconnect', id })
  }
  for (const id of selection.nodes)
    if (doc.nodes.some((n) => n.id === id)) changes.push({ kind: 'removeNode', id })
  if (changes.length === 0) return 0
  apply({ kind: 'batch', changes, label: 'delete' }, 'delete')
  store.getState().clearSelection()
  return changes.length
}
