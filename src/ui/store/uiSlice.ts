import type { StateCreator } from 'zustand/vanilla'
import type { GraphEdge, GraphNode, NodeId, Position } from '../../graph/document/schema'
import type { AppState } from './appState'

/** A short message for the status bar (a refused connection, a saved file, a trace error). */
export interface Notice {
  text: string
  tone: 'info' | 'error'
  /** Distinguishes two notices with the same text, so the status bar re-announces it. */
  seq: number
}

/** What Ctrl+C put aside: nodes and the edges between them. */
export interface ClipboardContent {
  nodes: GraphNode[]
  edges: GraphEdge[]
}

export interface Size {
  width: number
  height: number
}

export interface UiSlice {
  notice: Notice | null
  notify(text: string, tone?: Notice['tone']): void
  clearNotice(): void
  clipboard: ClipboardContent | null
  setClipboard(content: ClipboardContent | null): void
  /** Rendered node sizes reported by the canvas; auto-layout uses them. */
  nodeSizes: Readonly<Record<NodeId, Size>>
  setNodeSizes(sizes: Readonly<Record<NodeId, Size>>): void
  /** The flow position at the middle of the canvas, where a clicked palette entry lands. */
  viewCenter: Position | null
  setViewCenter(center: Position): void
  /** Bumped to ask the canvas to fit the view (after a load or an auto-layout). */
  fitViewRequest: number
  requestFitView(): void
  /** Errors of the last file that failed to open, listed until dismissed. */
  openErrors: { file: string; errors: readonly string[] } | null
  setOpenErrors(value: UiSlice['openErrors']): void
}

/** Transient UI state that is not part of the document. */
export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  notice: null,
  notify(text, tone = 'info') {
    set({ notice: { text, tone, seq: (get().notice?.seq ?? 0) + 1 } })
  },
  clearNotice() {
    set({ notice: null })
  },
  clipboard: null,
  setClipboard(clipboard) {
    set({ clipboard })
  },
  nodeSizes: {},
  setNodeSizes(nodeSizes) {
    set({ nodeSizes })
  },
  viewCenter: null,
  setViewCenter(viewCenter) {
    set({ viewCenter })
  },
  fitViewRequest: 0,
  requestFitView() {
    set({ fitViewRequest: get().fitViewRequest + 1 })
  },
  openErrors: null,
  setOpenErrors(openErrors) {
    set({ openErrors })
  },
})
