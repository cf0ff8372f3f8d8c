/**
 * The message channel between the page and the engine worker, as the smallest structural type
 * a `Worker`, the worker's global scope and a `MessagePort` all satisfy, so the client and the
 * worker's request loop are tested in Node over a `MessageChannel`.
 */

/** A message event as both ends read it; `message` is set on a worker's `error` event. */
export interface PortEvent {
  readonly data?: unknown
  readonly message?: string
}

/** One end of the page–worker channel. */
export interface EnginePort {
  postMessage(message: unknown, transfer: Transferable[]): void
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: PortEvent) => void): void
  removeEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: PortEvent) => void): void
  /** A `MessagePort` delivers nothing until started. */
  start?(): void
}

/**
 * The buffers of every typed array inside `value` (objects and arrays walked), once each: what
 * `postMessage` can move instead of copy. Only for values the sender will not read again.
 */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>()
  const walk = (v: unknown, depth: number) => {
    if (v === null || typeof v !== 'object' || depth > 8) return
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) found.add(v.buffer)
      return
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) walk(child, depth + 1)
  }
  walk(value, 0)
  return [...found]
}
