/** How saving can fail, in the user's terms. */
export type StorageProblemKind = 'full' | 'unavailable' | 'failed'

/** A failed save or load: what happened, why, and what to do, in one readable sentence. */
export interface StorageProblem {
  readonly kind: StorageProblemKind
  readonly message: string
}

/** The DOMException name (or Error name) of a failure, looking through wrappers. */
function errorName(e: unknown): string {
  if (e && typeof e === 'object' && 'name' in e && typeof e.name === 'string') return e.name
  return ''
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/**
 * Words a storage failure for the status bar. Full storage (`QuotaExceededError`) and a browser
 * without IndexedDB (private windows, blocked storage: `SecurityError`, `InvalidStateError`) get
 * their cause and the fix: export the project file, delete old projects. The work itself stays in
 * the tab either way; the message says so.
 * @param action what was being done (`save "spirals"`).
 */
export function describeStorageProblem(e: unknown, action: string): StorageProblem {
  const name = errorName(e)
  const kept = 'Your work is still open in this tab'
  if (name === 'QuotaExceededError' || /quota/i.test(errorText(e)))
    return {
      kind: 'full',
      message: `Could not ${action}: the browser's storage for this site is full (QuotaExceededError). ${kept}: export the project file (Projects ▸ Export project file) to keep it, then delete old projects (Projects ▸ Delete) to free space.`,
    }
  if (
    name === 'SecurityError' ||
    name === 'InvalidStateError' ||
    name === 'UnknownError' ||
    name === 'IndexedDbUnavailable'
  )
    return {
      kind: 'unavailable',
      message: `Could not ${action}: this browser gives the page no IndexedDB (${name}: ${errorText(e)}; private windows and blocked site data do this). ${kept}, but it will not survive a reload: export the project file (Projects ▸ Export project file) to keep it, or allow site data.`,
    }
  return {
    kind: 'failed',
    message: `Could not ${action}: ${errorText(e)}. ${kept}: export the project file (Projects ▸ Export project file) to keep a copy.`,
  }
}

/** The error thrown when the page has no `indexedDB` at all. */
export function indexedDbUnavailable(cause: string): Error {
  const e = new Error(cause)
  e.name = 'IndexedDbUnavailable'
  return e
}
