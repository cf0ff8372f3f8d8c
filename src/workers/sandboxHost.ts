import type { BootMessage, HostRequest, HostResponse, WorkerResponse } from './protocol'

/**
 * The sandbox host: the document of a `sandbox="allow-scripts"` iframe (so its origin is opaque:
 * no cookies, no storage, nothing of the app's origin) whose CSP allows no network at all. It
 * receives the tracer worker's source from the page and runs each trace in a fresh worker started
 * from a blob URL, terminated as soon as the trace answers, runs too long or is cancelled: no
 * listener, timer or patched prototype of one trace's code survives into the next. A spare
 * worker is started ahead (it has loaded and locked down, and runs no code until it is used),
 * so a trace rarely waits for a worker to start.
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
  interface Slot {
    worker: Worker
    ready: boolean
    onReady?: () => void
    onResult?: (message: WorkerResponse) => void
  }
  let port: MessagePort | undefined
  let workerUrl = ''
  let workerType: WorkerType = 'module'
  let started = false
  let spare: Slot | undefined
  const running = new Map<number, { slot: Slot; timer?: ReturnType<typeof setTimeout> }>()

  const send = (message: HostResponse) => port?.postMessage(message)

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(workerUrl, { type: workerType }), ready: false }
    slot.worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data
      if (message?.type === 'ready' && !slot.ready) {
        slot.ready = true
        if (!started) send({ type: 'ready' })
        started = true
        slot.onReady?.()
      } else if (message?.type === 'result') slot.onResult?.(message)
    }
    slot.worker.onerror = (event: ErrorEvent) => {
      // Once ready, an error is the model code's own (a late callback): its trace still answers.
      if (slot.ready) return
      event.preventDefault()
      slot.worker.terminate()
      if (spare === slot) spare = undefined
      send({ type: 'failed', message: event.message || 'the tracer worker did not start' })
    }
    return slot
  }

  /** Ends trace `id`: its worker is terminated and a spare is started for the next trace. */
  const finish = (id: number) => {
    const run = running.get(id)
    if (!run) return
    running.delete(id)
    clearTimeout(run.timer)
    run.slot.worker.terminate()
    spare ??= spawn()
  }

  const trace = (request: Extract<HostRequest, { type: 'trace' }>) => {
    const slot = spare ?? spawn()
    spare = undefined
    const run: { slot: Slot; timer?: ReturnType<typeof setTimeout> } = { slot }
    running.set(request.id, run)
    slot.onResult = (message) => {
      if (message.type !== 'result' || message.id !== request.id || !running.has(request.id)) return
      finish(request.id)
      send(message)
    }
    // The time limit starts once the worker is ready: starting it is not the model code's time.
    const go = () => {
      if (running.get(request.id) !== run) return
      run.timer = setTimeout(() => {
        if (!running.has(request.id)) return
        finish(request.id)
        send({ type: 'timeout', id: request.id })
      }, request.timeoutMs)
      slot.worker.postMessage({ type: 'trace', id: request.id, code: request.code })
    }
    if (slot.ready) go()
    else slot.onReady = go
  }

  addEventListener('message', (event: MessageEvent<BootMessage>) => {
    const boot = event.data
    if (port || event.source !== parent || boot?.type !== 'boot' || !event.ports[0]) return
    port = event.ports[0]
    workerType = boot.workerType
    port.onmessage = (message: MessageEvent<HostRequest>) => {
      const request = message.data
      if (request?.type === 'trace') trace(request)
      else if (request?.type === 'cancel') finish(request.id)
    }
    try {
      workerUrl = URL.createObjectURL(new Blob([boot.workerSource], { type: 'text/javascript' }))
      spare = spawn()
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
