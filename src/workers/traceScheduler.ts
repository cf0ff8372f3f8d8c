import type { TraceResult } from '../graph/code/traceCode'
import {
  checkTraceAnswer,
  DEFAULT_TIMEOUT_MS,
  failedResult,
  type SupersededTrace,
  supersededResult,
  timeoutResult,
} from './traceAnswer'

/** What one trace request may say besides the code. */
export interface TraceRequestOptions {
  /** Time limit in ms (2 s by default). */
  timeoutMs?: number
  /**
   * The code came from someone else (a document opened from a file). A client that cannot
   * sandbox it (the dev server's direct mode) refuses to run it.
   */
  untrusted?: boolean
}

/**
 * The page's handle on code tracing: a plain object with `trace` and `destroy`, so a React
 * hook or a test page can own one.
 */
export interface TraceClient {
  /**
   * Traces `code`; never rejects: every failure comes back as `{ ok: false, errors }`. The
   * latest request wins: a trace still waiting or running when a newer one is asked for is
   * stopped and answers `{ superseded: true }` at once.
   */
  trace(code: string, options?: TraceRequestOptions): Promise<TraceResult | SupersededTrace>
  /** Stops the tracer; traces still running answer with an error, and so do later calls. */
  destroy(): void
}

/** How a host answers one trace. */
export type HostAnswer =
  | { kind: 'result'; data: unknown }
  | { kind: 'timeout' }
  | { kind: 'failed'; message: string }

/**
 * Where traces run: the sandboxed iframe or, under the dev server, a worker of the page. Each
 * trace runs in a fresh worker; `signal` aborts stop that worker at once.
 */
export interface TraceHost {
  run(code: string, timeoutMs: number, signal: AbortSignal): Promise<HostAnswer>
  dispose(): void
}

export interface TraceSchedulerOptions {
  /** Extra time past a trace's own limit after which the page gives up on a silent host. */
  backstopMs?: number
  /** A reason to refuse a request without running it, or undefined to run it. */
  refuse?(options: TraceRequestOptions): string | undefined
}

/** Extra time the page waits past the host's own limit before it gives up on the host itself. */
const BACKSTOP_MS = 10_000

/**
 * The trace client over a host: latest request wins, a host that cannot start or stops
 * answering is dropped (the next trace makes a new one), and answers from the host are
 * checked (`checkTraceAnswer`) since the code that produced them is untrusted. Pure: no DOM,
 * so it is unit-tested with a fake host.
 */
export function createTraceScheduler(
  makeHost: () => TraceHost,
  options: TraceSchedulerOptions = {},
): TraceClient {
  const backstopMs = options.backstopMs ?? BACKSTOP_MS
  let host: TraceHost | undefined
  let current: { abort: AbortController; settle(answer: TraceResult | SupersededTrace): void } | undefined
  let destroyed = false

  const runOne = async (code: string, timeoutMs: number, signal: AbortSignal): Promise<TraceResult> => {
    host ??= makeHost()
    const used = host
    let backstop: ReturnType<typeof setTimeout> | undefined
    let hostSilent = false
    const gaveUp = new Promise<HostAnswer>((resolve) => {
      backstop = setTimeout(() => {
        hostSilent = true
        resolve({ kind: 'timeout' })
      }, timeoutMs + backstopMs)
    })
    let answer: HostAnswer
    try {
      answer = await Promise.race([used.run(code, timeoutMs, signal), gaveUp])
    } finally {
      clearTimeout(backstop)
    }
    if (answer.kind === 'result') return checkTraceAnswer(answer.data)
    // A host that stopped answering, or could not start, is dropped; the next trace makes a new one.
    if ((hostSilent || answer.kind === 'failed') && !signal.aborted) {
      used.dispose()
      if (host === used) host = undefined
    }
    if (answer.kind === 'failed') return failedResult(answer.message)
    return timeoutResult(timeoutMs)
  }

  return {
    trace(code, traceOptions = {}) {
      const previous = current
      current = undefined
      previous?.abort.abort()
      previous?.settle(supersededResult())
      if (destroyed) return Promise.resolve(failedResult('the tracer was closed.'))
      const refusal = options.refuse?.(traceOptions)
      if (refusal !== undefined) return Promise.resolve(failedResult(refusal))
      const timeoutMs = traceOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS
      return new Promise((resolve) => {
        let settled = false
        const mine = {
          abort: new AbortController(),
          settle(answer: TraceResult | SupersededTrace) {
            if (settled) return
            settled = true
            if (current === mine) current = undefined
            resolve(answer)
          },
        }
        current = mine
        runOne(code, timeoutMs, mine.abort.signal).then(mine.settle, (e: unknown) =>
          mine.settle(failedResult(e instanceof Error ? e.message : String(e))),
        )
      })
    },
    destroy() {
      destroyed = true
      const previous = current
      current = undefined
      previous?.abort.abort()
      previous?.settle(failedResult('the tracer was closed.'))
      host?.dispose()
      host = undefined
    },
  }
}
