import type { TraceResult } from '../graph/code/traceCode'
import { createTraceClient } from './traceClient'

/**
 * The script of `sandbox-test.html`: exposes a sandboxed trace client on `window.triadTrace`
 * so the Playwright spec (e2e/sandbox.spec.ts) can drive it, then says it is ready.
 */
// The default mode: the sandboxed iframe in a build (what the spec runs), a direct worker in dev.
const client = createTraceClient()
const exposed = window as unknown as {
  triadTrace: (code: string, timeoutMs?: number) => Promise<TraceResult>
}
exposed.triadTrace = (code, timeoutMs) =>
  client.trace(code, timeoutMs === undefined ? undefined : { timeoutMs })
const status = document.getElementById('status')
if (status) status.textContent = 'ready'
