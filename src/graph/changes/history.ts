import type { ModelDocument, NodeId } from '../document/schema'
import { applyGraphChange } from './applyGraphChange'
import type { GraphChange } from './graphChange'

/**
 * Undo/redo as plain data. Each step stores the change that undoes it (the inverse returned by
 * `applyGraphChange`); undoing applies it and stores *its* inverse for redo, so both directions
 * are exact by construction. Pure: every function returns a new history.
 */

/** How many steps are kept; the oldest are forgotten first. */
export const HISTORY_LIMIT = 200

/** One undoable step: the change that reverts it, and what the user calls it ("delete dense"). */
export interface HistoryEntry {
  change: GraphChange
  label?: string
}

export interface History {
  /** Steps that can be undone, oldest first. */
  past: readonly HistoryEntry[]
  /** Steps that can be redone, the next one last. */
  future: readonly HistoryEntry[]
}

/** A history with nothing to undo or redo. */
export function emptyHistory(): History {
  return { past: [], future: [] }
}

/** The nodes a change only moves, or undefined when it does anything but move nodes. */
function movedNodes(change: GraphChange): NodeId[] | undefined {
  if (change.kind === 'move') return [change.id]
  if (change.kind !== 'batch' || change.changes.length === 0) return undefined
  const ids: NodeId[] = []
  for (const c of change.changes) {
    if (c.kind !== 'move') return undefined
    ids.push(c.id)
  }
  return ids
}

function sameNodes(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  if (a.length !== b.length) return false
  const set = new Set(a)
  return b.every((id) => set.has(id))
}

/** Options of `record`. */
export interface RecordOptions {
  /**
   * Merge this step into the previous one when both only move the same nodes (the previous
   * positions are kept, so one undo puts the nodes back where they started). For callers that
   * record every frame of a drag; off by default, so two separate drags undo separately.
   */
  coalesceMoves?: boolean
}

/**
 * Records a step after an edit was applied, given the inverse `applyGraphChange` returned.
 * Clears the redo stack and forgets the oldest step beyond `HISTORY_LIMIT`. An empty batch is
 * not recorded.
 */
export function record(
  history: History,
  inverse: GraphChange,
  label?: string,
  options: RecordOptions = {},
): History {
  // An empty batch (a composed edit whose steps all fell away) changed nothing: not a step.
  if (inverse.kind === 'batch' && inverse.changes.length === 0) return history
  const top = history.past[history.past.length - 1]
  if (options.coalesceMoves && top && history.future.length === 0) {
    const moved = movedNodes(inverse)
    const before = movedNodes(top.change)
    if (moved && before && sameNodes(before, moved)) return history
  }
  const entry: HistoryEntry = label === undefined ? { change: inverse } : { change: inverse, label }
  const past = [...history.past, entry]
  return { past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past, future: [] }
}

/** A document and the history that goes with it, after an undo or a redo. */
export interface HistoryStep {
  doc: ModelDocument
  history: History
}

/** Reverts the last step, or returns null when there is nothing to undo. */
export function undo(doc: ModelDocument, history: History): HistoryStep | null {
  const entry = history.past[history.past.length - 1]
  if (!entry) return null
  const applied = applyGraphChange(doc, entry.change)
  const redoEntry: HistoryEntry = { ...entry, change: applied.inverse }
  return {
    doc: applied.doc,
    history: { past: history.past.slice(0, -1), future: [...history.future, redoEntry] },
  }
}

/** Re-applies the last undone step, or returns null when there is nothing to redo. */
export function redo(doc: ModelDocument, history: History): HistoryStep | null {
  const entry = history.future[history.future.length - 1]
  if (!entry) return null
  const applied = applyGraphChange(doc, entry.change)
  const undoEntry: HistoryEntry = { ...entry, change: applied.inverse }
  return {
    doc: applied.doc,
    history: { past: [...history.past, undoEntry], future: history.future.slice(0, -1) },
  }
}

/** The label of the step `undo` would revert ("Undo delete dense" in a menu). */
export function undoLabel(history: History): string | undefined {
  return history.past[history.past.length - 1]?.label
}

/** The label of the step `redo` would re-apply. */
export function redoLabel(history: History): string | undefined {
  return history.future[history.future.length - 1]?.label
}
