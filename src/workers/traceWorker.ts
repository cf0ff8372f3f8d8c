import { type TraceResult, traceCode } from '../graph/code/traceCode'
import { MAX_ERRORS, truncateMessage } from '../graph/code/traceLimits'
import { lockDownGlobals } from './lockdown'
import type { WorkerRequest, WorkerResponse } from './protocol'

/**
 * The tracer worker: runs `traceCode` on the code it is sent and posts the result back. It
 * locks its own global scope down first (no network, no storage; see `lockdown.ts`). In the
 * built app it runs inside the sandboxed iframe (see `sandboxHost.ts`), started from a blob URL;
 * its host terminates it after one trace, so nothing the code leaves behind reaches another.
 */

const scope = globalThis as unknown as DedicatedWorkerGlobalScope
const post: (message: WorkerResponse) => void = scope.postMessage.bind(scope)

/** The result with at most `MAX_ERRORS` errors, each message cut to the message limit. */
function bounded(result: TraceResult): TraceResult {
  if (result.ok) return result
  const errors = result.errors
    .slice(0, MAX_ERRORS)
    .map((e) => ({ ...e, message: truncateMessage(e.message) }))
  return { ok: false, errors }
}

scope.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data
  if (request?.type !== 'trace') return
  try {
    post({ type: 'result', id: request.id, result: bounded(traceCode(request.code)) })
  } catch (e) {
    const message = truncateMessage(`The tracer failed: ${e instanceof Error ? e.message : 'unknown error'}`)
    post({ type: 'result', id: request.id, result: { ok: false, errors: [{ message, line: 1, column: 1 }] } })
  }
})

lockDownGlobals(scope)
post({ type: 'ready' })
