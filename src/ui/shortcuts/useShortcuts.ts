import { useEffect } from 'react'
import { copySelection } from '../actions/copySelection'
import { deleteSelection } from '../actions/deleteSelection'
import { paste } from '../actions/paste'
import { redo } from '../actions/redo'
import { saveFile } from '../actions/saveFile'
import { undo } from '../actions/undo'
import { openHelp } from '../help/helpStore'
import type { AppStore } from '../store/appState'
import { OPEN_FILE_INPUT_ID } from '../topbar/FileButtons'
import { isTextTarget, type ShortcutVerb, shortcutFor } from './shortcutFor'

/** Runs a verb; false when it does not apply here (the key then keeps its default meaning). */
function run(store: AppStore, verb: ShortcutVerb, inText: boolean): boolean {
  switch (verb) {
    case 'save':
      saveFile(store)
      return true
    case 'open':
      document.getElementById(OPEN_FILE_INPUT_ID)?.click()
      return true
    default:
      break
  }
  // Everything else belongs to a text field while one has focus (its own undo, copy, delete).
  if (inText) return false
  switch (verb) {
    case 'delete':
      return deleteSelection(store) > 0
    case 'copy':
      return copySelection(store) > 0
    case 'paste':
      return paste(store).length > 0
    case 'undo':
      undo(store)
      return true
    case 'redo':
      redo(store)
      return true
    case 'selectAll':
      store.getState().select(store.getState().doc.nodes.map((n) => n.id))
      return true
    case 'help':
      openHelp()
      return true
  }
}

/** The app's keyboard shortcuts, on the window; the same actions as the buttons. */
export function useShortcuts(store: AppStore): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return
      const verb = shortcutFor(e)
      if (verb && run(store, verb, isTextTarget(e.target))) e.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [store])
}
