import type { BootMessage, HostRequest, HostResponse } from './protocol'
import { sandboxSrcdoc } from './sandboxHost'
import type { HostAnswer, TraceHost } from './traceScheduler'

/**
 * The page's side of the sandbox: appends the sandboxed, opaque-origin iframe (see
 * `sandboxHost.ts`) to `container`, boots it with the worker source that `loadSource` gives, and
 * sends traces to it over a private `MessagePort`. Aborting a trace cancels it in the iframe,
 * which terminates that trace's worker.
 */
export function createSandboxFrame(container: HTMLElement, loadSource: () => Promise<string>): TraceHost {
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

  const failAll = (message: string) => {
    for (const answer of pending.values()) answer({ kind: 'failed', message })
    pending.clear()
  }

  const ready = new Promise<void>((resolve, reject) => {
    channel.port1.onmessage = (event: MessageEvent<HostResponse>) => {
      const message = event.data
      if (message.type === 'ready') resolve()
      else if (message.type === 'failed') {
        failure = message.message
        reject(new Error(message.message))
        failAll(message.message)
      } else {
        const answer = pending.get(message.id)
        pending.delete(message.id)
        answer?.(message.type === 'result' ? { kind: 'result', data: message.result } : { kind: 'timeout' })
      }
    }
    const loaded = new Promise((done) => iframe.addEventListener('load', done, { once: true }))
    container.appendChild(iframe)
    Promise.all([loadSource(), loaded]).then(([workerSource]) => {
      // Chromium will not start a module worker from a blob URL of an opaque origin, so the
      // bundle (one file with no import or export, as Vite builds a worker entry) runs classic.
      const boot: BootMessage = { type: 'boot', workerSource, workerType: 'classic' }
      // An opaque origin can only be addressed as '*'; the port keeps the rest private.
      iframe.contentWindow?.postMessage(boot, '*', [channel.port2])
    }, reject)
  })
  // A failure is answered to each trace that asks; it must not also surface as unhandled.
  ready.catch(() => undefined)

  return {
    async run(code, timeoutMs, signal) {
      try {
        await ready
      } catch (e) {
        return { kind: 'failed', message: failure ?? (e instanceof Error ? e.message : String(e)) }
      }
      if (signal.aborted) return { kind: 'failed', message: 'the trace was cancelled' }
      const id = nextId++
      return new Promise<HostAnswer>((resolve) => {
        pending.set(id, resolve)
        const request: HostRequest = { type: 'trace', id, code, timeoutMs }
        channel.port1.postMessage(request)
        signal.addEventListener(
          'abort',
          () => {
            if (!pending.delete(id)) return
            const cancel: HostRequest = { type: 'cancel', id }
            channel.port1.postMessage(cancel)
            resolve({ kind: 'failed', message: 'the trace was cancelled' })
          },
          { once: true },
        )
      })
    },
    dispose() {
      channel.port1.close()
      iframe.remove()
      failAll('the sandbox was closed')
    },
  }
}
