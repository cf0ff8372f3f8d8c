import type {
  EngineEvent,
  EngineMessage,
  EngineRequest,
  EngineRequestType,
  EngineResponse,
  EngineResults,
} from './protocol'
import { type EnginePort, type PortEvent, transferablesOf } from './transport'

/** The fields a request of type `T` carries besides its id and type. */
export type RequestPayload<T extends EngineRequestType> = Omit<
  Extract<EngineRequest, { type: T }>,
  'id' | 'type'
>

/** Options of one request. */
export interface RequestOptions {
  /**
   * Move the payload's arrays to the worker instead of copying them (predict inputs, weights):
   * faster for large tensors, but the page's arrays are emptied. Default false.
   */
  readonly transfer?: boolean
}

/** Arguments after the type: the payload, optional when the request carries nothing. */
type PayloadArgs<T extends EngineRequestType> =
  Record<never, never> extends RequestPayload<T>
    ? [payload?: RequestPayload<T>, options?: RequestOptions]
    : [payload: RequestPayload<T>, options?: RequestOptions]

/** The page's typed handle on the engine worker. */
export interface EngineClient {
  /**
   * Sends a request and resolves with its typed result, or rejects with the worker's message
   * (which names the cause and the fix), or when the worker itself fails.
   *
   * @example
   * await client.request('compile', { document, options: { backend: 'auto' } })
   * await client.request('train')
   * const { output, shape } = await client.request('predict', { input, rows: 100 })
   */
  request<T extends EngineRequestType>(type: T, ...args: PayloadArgs<T>): Promise<EngineResults[T]>
  /** Listens to status and metrics events; returns the function that stops listening. */
  onEvent(listener: (event: EngineEvent) => void): () => void
  /** Rejects what is pending, stops listening and terminates the worker when it is one. */
  dispose(): void
}

interface Pending {
  readonly type: EngineRequestType
  resolve(result: EngineResults[EngineRequestType]): void
  reject(error: Error): void
}

function isMessage(data: unknown): data is EngineMessage {
  const kind = typeof data === 'object' && data !== null ? (data as { kind?: unknown }).kind : undefined
  return kind === 'response' || kind === 'event'
}

/**
 * A client over a worker-like port (`new Worker(new URL('./engineWorker.ts', import.meta.url),
 * { type: 'module' })`, or a `MessagePort` in tests). Requests carry increasing ids; each
 * response settles its request. A worker `error` (the script failed) or `messageerror` (a
 * message could not be read) rejects every pending request with a readable message.
 */
export function createEngineClient(port: EnginePort & { terminate?(): void }): EngineClient {
  let nextId = 1
  let disposed: string | undefined
  const pending = new Map<number, Pending>()
  const listeners = new Set<(event: EngineEvent) => void>()

  const rejectAll = (message: string) => {
    const all = [...pending.values()]
    pending.clear()
    for (const p of all) p.reject(new Error(`${p.type}: ${message}`))
  }

  const onMessage = (event: PortEvent) => {
    const message = event.data
    if (!isMessage(message)) return
    if (message.kind === 'event') {
      const { kind: _, ...engineEvent } = message
      for (const listener of [...listeners]) listener(engineEvent as EngineEvent)
      return
    }
    const response: EngineResponse = message
    const waiting = pending.get(response.id)
    if (!waiting) return
    pending.delete(response.id)
    if (response.ok) waiting.resolve(response.result)
    else waiting.reject(new Error(response.error))
  }
  const onError = (event: PortEvent) => {
    const detail = event.message ? `: ${event.message}` : ''
    rejectAll(`the engine worker failed${detail} (reload the page to start it again)`)
  }
  const onMessageError = () => {
    rejectAll('a message from the engine worker could not be read (a value that cannot be cloned)')
  }
  port.addEventListener('message', onMessage)
  port.addEventListener('error', onError)
  port.addEventListener('messageerror', onMessageError)
  port.start?.()

  return {
    request<T extends EngineRequestType>(type: T, ...args: PayloadArgs<T>): Promise<EngineResults[T]> {
      if (disposed) return Promise.reject(new Error(`${type}: ${disposed}`))
      const [payload, options] = args
      const id = nextId++
      const request = { ...(payload ?? {}), id, type } as EngineRequest
      return new Promise<EngineResults[T]>((resolve, reject) => {
        pending.set(id, {
          type,
          resolve: resolve as (result: EngineResults[EngineRequestType]) => void,
          reject,
        })
        try {
          port.postMessage(request, options?.transfer ? transferablesOf(payload) : [])
        } catch (e) {
          pending.delete(id)
          reject(new Error(`${type}: the request could not be sent to the engine worker (${String(e)})`))
        }
      })
    },
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      if (disposed) return
      disposed = 'the engine client was disposed'
      rejectAll(disposed)
      listeners.clear()
      port.removeEventListener('message', onMessage)
      port.removeEventListener('error', onError)
      port.removeEventListener('messageerror', onMessageError)
      port.terminate?.()
    },
  }
}
