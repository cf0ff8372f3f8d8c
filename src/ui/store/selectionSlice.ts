import type { StateCreator } from 'zustand/vanilla'
import type { NodeId } from '../../graph/document/schema'
import type { AppState } from './appState'

export interface Selection {
  nodes: readonly NodeId[]
  /** Edge ids (`edgeId(edge)`). */
  edges: readonly string[]
}

export interface SelectionSlice {
  selection: Selection
  /** Replaces the selection. */
  select(nodes: readonly NodeId[], edges?: readonly string[]): void
  clearSelection(): void
  /** Drops ids that no longer exist in the document (after an edit, undo or redo). */
  pruneSelection(): void
}

const EMPTY: Selection = { nodes: [], edges: [] }

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i])
}

/** What is selected on the canvas; the inspector and the code pane follow it. */
export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set, get) => ({
  selection: EMPTY,
  select(nodes, edges = []) {
    const current = get().selection
    if (sameIds(current.nodes, nodes) && sameIds(current.edges, edges)) return
    set({ selection: { nodes: [...nodes], edges: [...edges] } })
  },
  clearSelection() {
    if (get().selection !== EMPTY) set({ selection: EMPTY })
  },
  pruneSelection() {
    const { doc, selection } = get()
    const nodeIds = new Set(doc.nodes.map((n) => n.id))
    const edgeIds = new Set(doc.edges.map((e) => e.id))
    const nodes = selection.nodes.filter((id) => nodeIds.has(id))
    const edges = selection.edges.filter((id) => edgeIds.has(id))
    if (nodes.length !== selection.nodes.length || edges.length !== selection.edges.length)
      set({ selection: { nodes, edges } })
  },
})
