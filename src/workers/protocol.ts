import type { TraceResult } from '../graph/code/traceCode'

/**
 * Messages between the page, the sandbox host (a sandboxed, opaque-origin iframe) and the
 * tracer worker it starts. Requests and responses are unions on `type`.
 *
 * ```
 * page ──boot (window.postMessage + MessagePort)──▶ host iframe ──new Worker(blob:)──▶ worker
 * page ◀──────────── HostResponse (port) ────────── host ◀──────── WorkerResponse ─── worker
 * page ───────────── HostRequest (port) ──────────▶ host ───────── WorkerRequest ───▶ worker
 * ```
 */

/** Page to host, once, through `window.postMessage` with the port for everything after it. */
export interface BootMessage {
  type: 'boot'
  /** The bundled tracer worker's source text; the host starts it from a blob URL. */
  workerSource: string
  workerType: WorkerType
}

/**
 * Page to host, over the port: trace `code` in a fresh worker, and stop it past `timeoutMs`;
 * or stop trace `id` now (a newer trace superseded it).
 */
export type HostRequest =
  | { type: 'trace'; id: number; code: string; timeoutMs: number }
  | { type: 'cancel'; id: number }

/** Host to page, over the port. */
export type HostResponse =
  /** The first worker started and locked itself down; traces may follow. */
  | { type: 'ready' }
  | { type: 'result'; id: number; result: TraceResult }
  /** The trace ran past its time limit: its worker was terminated. */
  | { type: 'timeout'; id: number }
  /** A worker could not start (a CSP, a missing API): tracing is unavailable. */
  | { type: 'failed'; message: string }

/** Host (or, in dev, the page) to worker. */
export type WorkerRequest = { type: 'trace'; id: number; code: string }

/** Worker to host (or, in dev, the page). */
export type WorkerResponse = { type: 'ready' } | { type: 'result'; id: number; result: TraceResult }
