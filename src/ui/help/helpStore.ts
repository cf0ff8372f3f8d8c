import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'

/** Whether the help panel (shortcuts, the tour's restart) is open. */
export interface HelpState {
  open: boolean
}

/** The help panel's own small store: the Help button and the `?` shortcut open it from anywhere. */
export const helpStore = createStore<HelpState>()(() => ({ open: false }))

/** Opens the help panel. */
export function openHelp(): void {
  helpStore.setState({ open: true })
}

/** Closes the help panel. */
export function closeHelp(): void {
  helpStore.setState({ open: false })
}

/** Whether the help panel is open, for components. */
export function useHelpOpen(): boolean {
  return useStore(helpStore, (s) => s.open)
}
