import type { StateCreator } from 'zustand/vanilla'
import { applyGraphChange } from '../../graph/changes/applyGraphChange'
import type { AppliedChange, GraphChange } from '../../graph/changes/graphChange'
import { emptyHistory, type History, record, redo, undo } from '../../graph/changes/history'
import type { ModelDocument } from '../../graph/document/schema'
import { inferShapes } from '../../graph/shapes/inferShapes'
import type { ShapeReport } from '../../graph/shapes/report'
import type { AppState } from './appState'

/**
 * Who made the latest document change. The code sync uses it to avoid writing a traced
 * document's code back into the editor that produced it.
 */
export type ChangeSource = 'graph' | 'code' | 'history' | 'load'

export interface DocumentSlice {
  doc: ModelDocument
  history: History
  /** Shape report of `doc`, recomputed on every change (derived state). */
  shapes: ShapeReport
  changeSource: ChangeSource
  /** Increments on every document change; cheap to compare in subscriptions. */
  revision: number
  /**
   * Applies an edit and records its inverse as one undo step. An edit the document refuses
   * (a stale id, an occupied port) changes nothing and is reported in the status bar.
   * @returns whether the edit was applied.
   */
  apply(change: GraphChange, label?: string, source?: ChangeSource): boolean
  /** Replaces the document and starts a fresh history (app start, automation). */
  load(doc: ModelDocument): void
  /** Undoes the last step; false when there is nothing to undo. */
  undo(): boolean
  /** Redoes the last undone step; false when there is nothing to redo. */
  redo(): boolean
}

/** The document state for a given document: its shapes, computed once here. */
function documentState(doc: ModelDocument, source: ChangeSource, revision: number) {
  return { doc, shapes: inferShapes(doc), changeSource: source, revision }
}

/**
 * The document slice: the model document, its undo history and its derived shape report.
 * Every edit goes through `apply`, so every edit is undoable and re-checked.
 */
export function createDocumentSlice(initial: ModelDocument): StateCreator<AppState, [], [], DocumentSlice> {
  return (set, get) => ({
    ...documentState(initial, 'load', 0),
    history: emptyHistory(),
    apply(change, label, source = 'graph') {
      const { doc, history, revision } = get()
      let applied: AppliedChange
      try {
        applied = applyGraphChange(doc, change)
      } catch (e) {
        get().notify(e instanceof Error ? e.message : String(e), 'error')
        return false
      }
      set({
        ...documentState(applied.doc, source, revision + 1),
        history: record(history, applied.inverse, label),
      })
      get().pruneSelection()
      return true
    },
    load(doc) {
      set({ ...documentState(doc, 'load', get().revision + 1), history: emptyHistory() })
      get().clearSelection()
    },
    undo() {
      const { doc, history, revision } = get()
      const step = undo(doc, history)
      if (!step) return false
      set({ ...documentState(step.doc, 'history', revision + 1), history: step.history })
      get().pruneSelection()
      return true
    },
    redo() {
      const { doc, history, revision } = get()
      const step = redo(doc, history)
      if (!step) return false
      set({ ...documentState(step.doc, 'history', revision + 1), history: step.history })
      get().pruneSelection()
      return true
    },
  })
}
