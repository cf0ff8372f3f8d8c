import type { RunPhase } from '../../workers/engine/protocol'

/** Phases in which the weights hold still and are worth one fresh prediction. */
const SETTLED: ReadonlySet<RunPhase> = new Set(['ready', 'paused', 'done', 'stopped'])

/** Phases in which the worker has a model to predict with. */
export function canPredict(phase: RunPhase | undefined): boolean {
  return phase === 'training' || (phase !== undefined && SETTLED.has(phase))
}

/** Keeps a view's predictions fresh; see `createRefreshLoop`. */
export interface RefreshLoop {
  /** Tells the loop the run's phase; a change may start, stop or fire a refresh. */
  update(phase: RunPhase | undefined): void
  /** Asks for one refresh now (queued behind one in flight). */
  trigger(): void
  destroy(): void
}

/** Timer functions, replaceable in tests. */
export interface Timers {
  setInterval(fn: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

const realTimers: Timers = {
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (h) => globalThis.clearInterval(h as ReturnType<typeof setInterval>),
}

/**
 * Calls `refresh` every `intervalMs` while the run trains, and once whenever it settles (ready,
 * paused, done, stopped), so the picture shows the final weights. Never two refreshes at once: a
 * tick during one in flight is dropped, an explicit request waits and runs after it. A refresh
 * that fails is ignored here (the view shows its own error).
 */
export function createRefreshLoop(
  refresh: () => Promise<void>,
  intervalMs: number,
  timers: Timers = realTimers,
): RefreshLoop {
  let phase: RunPhase | undefined
  let timer: unknown = null
  let inFlight = false
  let again = false
  let destroyed = false
  const run = (queue: boolean) => {
    if (destroyed) return
    if (inFlight) {
      if (queue) again = true
      return
    }
    inFlight = true
    refresh()
      .catch(() => undefined)
      .finally(() => {
        inFlight = false
        if (again) {
          again = false
          run(false)
        }
      })
  }
  const stopTimer = () => {
    if (timer !== null) timers.clearInterval(timer)
    timer = null
  }
  return {
    update(next) {
      if (next === phase) return
      phase = next
      if (next === 'training') {
        if (timer === null) timer = timers.setInterval(() => run(false), intervalMs)
        run(true)
        return
      }
      stopTimer()
      if (next && SETTLED.has(next)) run(true)
    },
    trigger: () => run(true),
    destroy() {
      destroyed = true
      stopTimer()
    },
  }
}
