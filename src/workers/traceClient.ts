import type { TraceResult } from '../graph/code/traceCode'
import type { BootMessage, HostRequest, HostResponse, WorkerRequest, WorkerResponse } from './protocol'
import { sandboxSrcdoc } from './sandboxHost'
import { checkTraceAnswer, DEFAULT_TIMEOUT_MS, failedResult, timeoutResult } from './traceAnswer'
import traceWorkerUrl from './traceWorker.ts?worker&url'

/**
 * The page's handle on code tracing. User code is untrusted, so it never runs in the page: it
 * runs in the tracer worker, hosted by a sandboxed, opaque-origin iframe with no network (see
 * `sandboxHost.ts`), with a time limit. A plain object with `trace` and `destroy`, so a React
 * hook or a test page can own one.
 */
export interface TraceClient {
  /** Traces `code`; never rejects: every failure comes back as `{ ok: false, errors }`. */
  trace(code: string, options?: { timeoutMs?: number }): Promise<TraceResult>
  /** Stops the worker and removes the iframe; later calls answer with an error. */
  destroy(): void
}

/** How a trace client runs the tracer. */
export interface TraceClientOptions {
  /**
   * `sandbox` (the default in a build): the worker runs in a sandboxed iframe. `direct` (the
   * default under the Vite dev server, whose worker modules cannot load from an opaque origin):
   * the page starts the worker itself; the worker still locks its globals down.
   */
  mode?: 'sandbox' | 'direct'
  /** Where the page appends the sandbox iframe; `document.body` by default. */
  container?: HTMLElement
}

/** A way to run one trace: the sandbox iframe or a direct worker. */
interface Host {
  run(
    code: string,
    timeoutMs: number,
  ): Promise<{ kind: 'result'; data: unknown } | { kind: 'timeout' } | { kind: 'failed'; message: string }>
  dispose(): void
}
type HostAnswer = Awaited<ReturnType<Host['run']>>

/** Extra time the page waits past the host's own limit before it gives up on the host itself. */
const BACKSTOP_MS = 10_000

let workerSource: Promise<string> | undefined
function fetchWorkerSource(): Promise<string> {
  workerSource ??= fetch(traceWorkerUrl).then((r) => {
    if (!r.ok) throw new Error(`could not load the tracer (${r.status})`)
    return r.text()
  })
  return workerSource
}

function createSandboxHost(container: HTMLElement): Host {
  const iframe = document.createElement('iframe')
  iframe.setAttribute('sandbox', 'allow-scripts')
  iframe.setAttribute('aria-hidden', 'true')
  iframe.setAttribute('data-testid', 'trace-sandbox')
  iframe.tabIndex = -1
  iframe.style.display = 'none'
  iframe.srcdoc = sandboxSrcdoc()
  const channel = new MessageChannel()
  const pending = new Map<number, (answer: HostAnswer) => void>()
  let nextId = 1
  let failure: string | undefined

  const ready = new Promise<void>((resolve, reject) => {
    channel.port1.onmessage = (event: MessageEvent<HostResponse>) => {
      const message = event.data
      if (message.type === 'ready') resolve()
      else if (message.type === 'failed') {
        failure = message.message
        reject(new Error(message.message))
        for (const answer of pending.values()) answer({ kind: 'failed', message: message.message })
        pending.clear()
      } else {
        const answer = pending.get(message.id)
        pending.delete(message.id)
        answer?.(message.type === 'result' ? { kind: 'result', data: message.result } : { kind: 'timeout' })
      }
    }
    const loaded = new Promise((done) => iframe.addEventListener('load', done, { once: true }))
    container.appendChild(iframe)
    Promise.all([fetchWorkerSource(), loaded]).then(([source]) => {
      // Chromium will not start a module worker from a blob URL of an opaque origin, so the
      // bundle (one file with no import or export, as Vite builds a worker entry) runs classic.
      const boot: BootMessage = { type: 'boot', workerSource: source, workerType: 'classic' }
      // An opaque origin can only be addressed as '*'; the port keeps the rest private.
      iframe.contentWindow?.postMessage(boot, '*', [channel.port2])
    }, reject)
  })

  return {
    async run(code, timeoutMs) {
      try {
        await ready
      } catch (e) {
        return { kind: 'failed', message: failure ?? (e instanceof Error ? e.message : String(e)) }
      }
      const id = nextId++
      return new Promise<HostAnswer>((resolve) => {
        pending.set(id, resolve)
        const request: HostRequest = { type: 'trace', id, code, timeoutMs }
        channel.port1.postMessage(request)
      })
    },
    dispose() {
      channel.port1.close()
      iframe.remove()
      for (const answer of pending.values()) answer({ kind: 'failed', message: 'the sandbox was closed' })
      pending.clear()
    },
  }
}

function createDirectHost(): Host {
  let worker: Worker | undefined
  let current: { id: number; resolve: (answer: HostAnswer) => void } | undefined
  let nextId = 1
  const spawn = () => {
    const w = new Worker(traceWorkerUrl, { type: 'module' })
    w.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data
      if (message.type === 'result' && current?.id === message.id) {
        const { resolve } = current
        current = undefined
        resolve({ kind: 'result', data: message.result })
      }
    }
    return w
  }
  return {
    run(code, timeoutMs) {
      worker ??= spawn()
      const id = nextId++
      return new Promise<HostAnswer>((resolve) => {
        const timer = setTimeout(() => {
          if (current?.id !== id) return
          current = undefined
          worker?.terminate()
          worker = spawn()
          resolve({ kind: 'timeout' })
        }, timeoutMs)
        current = {
          id,
          resolve: (answer) => {
            clearTimeout(timer)
            resolve(answer)
          },
        }
        const request: WorkerRequest = { type: 'trace', id, code }
        worker?.postMessage(request)
      })
    },
    dispose() {
      worker?.terminate()
      worker = undefined
      current?.resolve({ kind: 'failed', message: 'the tracer was closed' })
      current = undefined
    },
  }
}

/**
 * Creates a trace client. Traces run one at a time, in call order; a trace past its time limit
 * (2 s by default) is stopped, and the next one gets a fresh worker.
 *
 * @example
 * const tracer = createTraceClient()
 * const result = await tracer.trace(code)
 * if (result.ok) store.replaceDocument(mergeTracedDocument(doc, result.doc))
 * else editor.showMarkers(result.errors)
 */
export function createTraceClient(options: TraceClientOptions = {}): TraceClient {
  const mode = options.mode ?? (import.meta.env.DEV ? 'direct' : 'sandbox')
  const makeHost = () =>
    mode === 'sandbox' ? createSandboxHost(options.container ?? document.body) : createDirectHost()
  let host: Host | undefined
  let queue: Promise<unknown> = Promise.resolve()
  let destroyed = false

  const runOne = async (code: string, timeoutMs: number): Promise<TraceResult> => {
    if (destroyed) return failedResult('the tracer was closed.')
    host ??= makeHost()
    const used = host
    let backstop: ReturnType<typeof setTimeout> | undefined
    let hostSilent = false
    const gaveUp = new Promise<HostAnswer>((resolve) => {
      backstop = setTimeout(() => {
        hostSilent = true
        resolve({ kind: 'timeout' })
      }, timeoutMs + BACKSTOP_MS)
    })
    const answer = await Promise.race([used.run(code, timeoutMs), gaveUp])
    clearTimeout(backstop)
    if (answer.kind === 'result') return checkTraceAnswer(answer.data)
    // A host that stopped answering, or could not start, is dropped; the next trace makes a new one.
    if (hostSilent || answer.kind === 'failed') {
      used.dispose()
      if (host === used) host = undefined
    }
    if (answer.kind === 'failed') return failedResult(answer.message)
    return timeoutResult(timeoutMs)
  }

  return {
    trace(code, traceOptions) {
      const timeoutMs = traceOptions?.timeoutMs ?? DEFAULT_TIMEOUT_MS
      const result = queue.then(() => runOne(code, timeoutMs))
      queue = result.catch(() => undefined)
      return result.catch((e: unknown) => failedResult(e instanceof Error ? e.message : String(e)))
    },
    destroy() {
      destroyed = true
      host?.dispose()
      host = undefined
    },
  }
}
