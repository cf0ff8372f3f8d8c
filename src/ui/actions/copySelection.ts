import type { AppStore } from '../store/appState'

/**
 * Puts the selected nodes and the edges between them on the app clipboard (Ctrl+C).
 * @returns the number of nodes copied.
 */
export function copySelection(store: AppStore): number {
  const { doc, selection, setClipboard, notify } = store.getState()
  const ids = new Set(selection.nodes)
  const nodes = doc.nodes.filter((n) => ids.has(n.id))
  if (nodes.length === 0) return 0
  const edges = doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target))
  setClipboard({ nodes: structuredClone(nodes), edges: structuredClone(edges) })
  notify(`Copied ${nodes.length} node${nodes.length === 1 ? '' : 's'}.`)
  return nodes.length
}
