import { z } from 'zod'
import type { TraceResult } from '../graph/code/traceCode'
import { documentSchema } from '../graph/document/schema'

/** How long a trace may run before its worker is stopped. */
export const DEFAULT_TIMEOUT_MS = 2000

/** `2000` -> `2`, `1500` -> `1.5`. */
function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10)
}

/** The answer to a trace that ran past its time limit and was stopped. */
export function timeoutResult(timeoutMs: number): TraceResult {
  const message = `The code ran for more than ${seconds(timeoutMs)} s and was stopped (an infinite loop?). The graph keeps the last code that ran.`
  return { ok: false, errors: [{ message, line: 1, column: 1 }] }
}

/** The answer when the sandbox cannot trace at all. */
export function failedResult(why: string): TraceResult {
  return {
    ok: false,
    errors: [{ message: `The code sandbox could not run the code: ${why}`, line: 1, column: 1 }],
  }
}

const codeErrorSchema = z.object({
  message: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int().optional(),
  endColumn: z.number().int().optional(),
})
const lineSpanSchema = z.object({ start: z.number().int(), end: z.number().int() })
const traceResultSchema = z.union([
  z.object({ ok: z.literal(true), doc: documentSchema, nodeLines: z.record(z.string(), lineSpanSchema) }),
  z.object({ ok: z.literal(false), errors: z.array(codeErrorSchema).min(1) }),
])

/**
 * A trace result that came over `postMessage`, checked: the worker runs untrusted code, which
 * could post anything, so the page accepts only a well-formed result with a valid document.
 */
export function checkTraceAnswer(data: unknown): TraceResult {
  const parsed = traceResultSchema.safeParse(data)
  if (parsed.success) return parsed.data as TraceResult
  return failedResult('it answered with something that is not a trace result.')
}
