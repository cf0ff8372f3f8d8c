/** Timer functions, injectable so tests drive time by hand. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  now(): number
}

/** The global timers. */
export const REAL_TIMERS: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
}

/** A debounced call: `schedule` asks for it, `flush` runs a pending one now, `cancel` drops it. */
export interface Debounced {
  schedule(): void
  /** Runs the pending call now (nothing when none is pending); resolves when it finished. */
  flush(): Promise<void>
  cancel(): void
  readonly pending: boolean
}

/**
 * Calls `run` once `waitMs` passed without a new `schedule`, but no later than `maxWaitMs` after
 * the first unanswered `schedule`: edits are saved 300 ms after typing pauses, and a stream of
 * changes (a training curve at 10 Hz) is still saved every `maxWaitMs`. Calls never overlap: a
 * schedule during a run runs again after it.
 */
export function debounce(
  run: () => Promise<void>,
  { waitMs, maxWaitMs }: { waitMs: number; maxWaitMs: number },
  timers: Timers = REAL_TIMERS,
): Debounced {
  let timer: unknown
  let firstAsked: number | null = null
  let running: Promise<void> | null = null
  let again = false

  const clear = () => {
    if (timer !== undefined) timers.clearTimeout(timer)
    timer = undefined
  }
  const fire = async (): Promise<void> => {
    clear()
    firstAsked = null
    if (running) {
      again = true
      return running
    }
    // a failed save is reported by `run` itself; the next schedule tries again
    running = run()
      .catch(() => undefined)
      .finally(() => {
        running = null
      })
    await running
    if (again) {
      again = false
      await fire()
    }
  }
  return {
    schedule() {
      const now = timers.now()
      firstAsked ??= now
      clear()
      const wait = Math.max(0, Math.min(waitMs, firstAsked + maxWaitMs - now))
      timer = timers.setTimeout(() => void fire(), wait)
    },
    async flush() {
      if (timer !== undefined || again) await fire()
      else if (running) await running
    },
    cancel() {
      clear()
      firstAsked = null
      again = false
    },
    get pending() {
      return timer !== undefined || again
    },
  }
}
