import { useStore } from 'zustand'
import type { AppState } from './appState'
import { appStore } from './appStore'

/** Binds a component to a slice of the app state; re-renders only when the selected value changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector)
}
