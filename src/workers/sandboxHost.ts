import type { BootMessage, HostRequest, HostResponse, WorkerResponse } from './protocol'

/**
 * The sandbox host: the document of a `sandbox="allow-scripts"` iframe (so its origin is opaque:
 * no cookies, no storage, nothing of the app's origin) whose CSP allows no network at all. It
 * receives the tracer worker's source from the page, starts it from a blob URL, forwards trace
 * requests, and terminates the worker (starting a fresh one) when a trace runs too long.
 */

/**
 * The host document's Content-Security-Policy. `default-src 'none'` leaves no fetch, XHR,
 * WebSocket, image or font loads; scripts may only be the inline host and the blob worker;
 * `'unsafe-eval'` is needed because tracing runs the model code with `new Function`, and the
 * worker inherits this policy.
 */
export const SANDBOX_CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; worker-src blob:"

/**
 * Runs inside the iframe. It is shipped as its own source text (`toString`), so it must not
 * use anything from outside its body.
 */
function hostMain(): void {
  let port: MessagePort | undefined
  let source = ''
  let workerType: WorkerType = 'module'
  let worker: Worker | undefined
  let workerUrl = ''
  let started = false
  let current: { id: number; timer: ReturnType<typeof setTimeout> } | undefined

  const send = (message: HostResponse) => port?.postMessage(message)

  const stop = () => {
    worker?.terminate()
    worker = undefined
    if (workerUrl) URL.revokeObjectURL(workerUrl)
    workerUrl = ''
  }

  const start = () => {
    workerUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
    const w = new Worker(workerUrl, { type: workerType })
    worker = w
    w.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data
      if (message?.type === 'ready') {
        if (!started) send({ type: 'ready' })
        started = true
      } else if (message?.type === 'result' && current && message.id === current.id) {
        clearTimeout(current.timer)
        current = undefined
        send(message)
      }
    }
    w.onerror = (event: ErrorEvent) => {
      // After startup, an error is the model code's late callback: the next trace is unaffected.
      if (started && w === worker) return
      event.preventDefault()
      send({ type: 'failed', message: event.message || 'the tracer worker did not start' })
    }
  }

  const trace = (request: HostRequest) => {
    if (!worker) start()
    const timer = setTimeout(() => {
      if (!current || current.id !== request.id) return
      current = undefined
      stop()
      send({ type: 'timeout', id: request.id })
      start()
    }, request.timeoutMs)
    current = { id: request.id, timer }
    worker?.postMessage({ type: 'trace', id: request.id, code: request.code })
  }

  addEventListener('message', (event: MessageEvent<BootMessage>) => {
    const boot = event.data
    if (port || event.source !== parent || boot?.type !== 'boot' || !event.ports[0]) return
    port = event.ports[0]
    source = boot.workerSource
    workerType = boot.workerType
    port.onmessage = (message: MessageEvent<HostRequest>) => {
      if (message.data?.type === 'trace') trace(message.data)
    }
    try {
      start()
    } catch (e) {
      send({ type: 'failed', message: e instanceof Error ? e.message : String(e) })
    }
  })
}

/** The iframe's `srcdoc`: the CSP and the host script, nothing else. */
export function sandboxSrcdoc(): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${SANDBOX_CSP}">`,
    `</head><body><script>(${hostMain.toString()})()</script></body></html>`,
  ].join('')
}
