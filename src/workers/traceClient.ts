import type { WorkerRequest, WorkerResponse } from './protocol'
import { createSandboxFrame } from './sandboxFrame'
import { createTraceScheduler, type HostAnswer, type TraceClient, type TraceHost } from './traceScheduler'
import traceWorkerUrl from './traceWorker.ts?worker&url'

export type { TraceClient, TraceRequestOptions } from './traceScheduler'

/**
 * The page's handle on code tracing. User code is untrusted, so it never runs in the page: it
 * runs in the tracer worker, hosted by a sandboxed, opaque-origin iframe with no network (see
 * `sandboxHost.ts`), with a time limit, one fresh worker per trace.
 */

/** How a trace client runs the tracer. */
export interface TraceClientOptions {
  /**
   * `sandbox` (the default in a build): the worker runs in a sandboxed iframe. `direct` (the
   * default under the Vite dev server, whose worker modules cannot load from an opaque origin):
   * the page starts the worker itself; the worker still locks its globals down, but there is no
   * opaque origin and no CSP, so code marked untrusted (from a file) is refused.
   */
  mode?: 'sandbox' | 'direct'
  /** Where the page appends the sandbox iframe; `document.body` by default. */
  container?: HTMLElement
}

/** Why direct mode does not run code from a file. */
export const DIRECT_MODE_REFUSAL =
  "this document's code came from a file, and the dev server's tracer has no sandbox (no opaque origin, no CSP). Run it in the built app (npm start)."

let workerSource: Promise<string> | undefined
function fetchWorkerSource(): Promise<string> {
  workerSource ??= fetch(traceWorkerUrl).then((r) => {
    if (!r.ok) throw new Error(`could not load the tracer (${r.status})`)
    return r.text()
  })
  // A failed load is retried by the next sandbox.
  workerSource.catch(() => {
    workerSource = undefined
  })
  return workerSource
}

/** A worker started ahead of its trace: `ready` once it has loaded and locked down. */
interface Slot {
  worker: Worker
  ready: boolean
  onReady?: () => void
  onResult?: (message: WorkerResponse) => void
}

/** A worker of the page, one per trace (dev only), with a spare started ahead like the sandbox's. */
function createDirectHost(): TraceHost {
  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(traceWorkerUrl, { type: 'module' }), ready: false }
    slot.worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data
      if (message.type === 'ready') {
        slot.ready = true
        slot.onReady?.()
      } else slot.onResult?.(message)
    }
    return slot
  }
  let spare: Slot | undefined = spawn()
  let nextId = 1
  const live = new Set<() => void>()
  return {
    run(code, timeoutMs, signal) {
      if (signal.aborted) return Promise.resolve({ kind: 'failed', message: 'the trace was cancelled' })
      const slot = spare ?? spawn()
      spare = undefined
      const id = nextId++
      return new Promise<HostAnswer>((resolve) => {
        let timer: ReturnType<typeof setTimeout> | undefined
        const end = (answer: HostAnswer) => {
          if (!live.delete(stop)) return
          clearTimeout(timer)
          slot.worker.terminate()
          spare ??= spawn()
          resolve(answer)
        }
        const stop = () => end({ kind: 'failed', message: 'the tracer was closed' })
        live.add(stop)
        signal.addEventListener('abort', () => end({ kind: 'failed', message: 'the trace was cancelled' }))
        slot.onResult = (message) => {
          if (message.type === 'result' && message.id === id) end({ kind: 'result', data: message.result })
        }
        const go = () => {
          timer = setTimeout(() => end({ kind: 'timeout' }), timeoutMs)
          const request: WorkerRequest = { type: 'trace', id, code }
          slot.worker.postMessage(request)
        }
        if (slot.ready) go()
        else slot.onReady = go
      })
    },
    dispose() {
      for (const stop of [...live]) stop()
      spare?.worker.terminate()
      spare = undefined
    },
  }
}

/**
 * Creates a trace client. The latest trace wins (an older one still running is stopped and
 * answers `superseded`); each trace runs in a fresh worker and is stopped past its time limit
 * (2 s by default).
 *
 * @example
 * const tracer = createTraceClient()
 * const result = await tracer.trace(code)
 * if (result.ok) store.replaceDocument(mergeTracedDocument(doc, result.doc))
 * else if (!isSuperseded(result)) editor.showMarkers(result.errors)
 */
export function createTraceClient(options: TraceClientOptions = {}): TraceClient {
  const mode = options.mode ?? (import.meta.env.DEV ? 'direct' : 'sandbox')
  return createTraceScheduler(
    () =>
      mode === 'sandbox'
        ? createSandboxFrame(options.container ?? document.body, fetchWorkerSource)
        : createDirectHost(),
    { refuse: (request) => (mode === 'direct' && request.untrusted ? DIRECT_MODE_REFUSAL : undefined) },
  )
}
