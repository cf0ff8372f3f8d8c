import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import { rememberTourSeen } from './tourMemory'
import { stepAfter, TOUR_STEPS, type TourAction } from './tourModel'

/** The open tour's step, or null when no tour shows. */
export interface TourState {
  step: number | null
}

/** The tour's own small store: the first visit and the help panel both start it. */
export const tourStore = createStore<TourState>()(() => ({ step: null }))

/** The page's localStorage, or undefined where the browser refuses it. */
export function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}

/** Opens the tour at its first step. */
export function startTour(): void {
  tourStore.setState({ step: 0 })
}

/** Applies a popover action; when the tour ends (done, skipped, closed) the dismissal is remembered. */
export function actOnTour(action: TourAction): void {
  const { step } = tourStore.getState()
  if (step === null) return
  const next = stepAfter(step, action, TOUR_STEPS.length)
  if (next === null) rememberTourSeen(browserStorage())
  tourStore.setState({ step: next })
}

/** The open tour's step index, for components. */
export function useTourStep(): number | null {
  return useStore(tourStore, (s) => s.step)
}
