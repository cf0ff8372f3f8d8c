import type { AppStore } from '../store/appState'

/** Undoes the last edit (Ctrl+Z); says so in the status bar when there is nothing to undo. */
export function undo(store: AppStore): boolean {
  const done = store.getState().undo()
  if (!done) store.getState().notify('Nothing to undo.')
  return done
}
