/**
 * A problem in the code face, located in the user's TypeScript: what Monaco shows as a marker.
 * Lines and columns are 1-based (Monaco's convention).
 */
export interface CodeError {
  message: string
  line: number
  column: number
  endLine?: number
  endColumn?: number
}

/**
 * An error the DSL raises on misuse (unknown layer, bad param, block misuse). It carries no
 * location: `traceCode` finds the user's statement from the stack, or uses `at` when given.
 */
export class TraceError extends Error {
  override name = 'TraceError'
  constructor(
    message: string,
    /** A known 1-based location, for errors that are about the code as a whole. */
    readonly at?: { line: number; column: number },
  ) {
    super(message)
  }
}
