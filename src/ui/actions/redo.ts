import type { AppStore } from '../store/appState'

/** Redoes the last undone edit (Ctrl+Shift+Z, Ctrl+Y); says so when there is nothing to redo. */
export function redo(store: AppStore): boolean {
  const done = store.getState().redo()
  if (!done) store.getState().notify('Nothing to redo.')
  return done
}
