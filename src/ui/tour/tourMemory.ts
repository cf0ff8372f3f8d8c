/** The localStorage key that remembers the tour was finished or dismissed (versioned: a new tour may ask again). */
export const TOUR_SEEN_KEY = 'triad.tour.seen.v1'

/** The part of `Storage` the tour needs. */
export type TourStorage = Pick<Storage, 'getItem' | 'setItem'>

/** Whether the tour was already seen here. Unreadable storage (privacy modes) counts as seen: better no tour than one on every load. */
export function hasSeenTour(storage: TourStorage | undefined): boolean {
  if (!storage) return true
  try {
    return storage.getItem(TOUR_SEEN_KEY) !== null
  } catch {
    return true
  }
}

/** Remembers that the tour was finished or dismissed; silently does nothing where storage is refused. */
export function rememberTourSeen(storage: TourStorage | undefined): void {
  try {
    storage?.setItem(TOUR_SEEN_KEY, new Date().toISOString())
  } catch {
    // Storage full or refused: the tour may come back next time, which is harmless.
  }
}
