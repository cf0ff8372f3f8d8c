import { z } from 'zod'
import type { CodeError } from '../graph/code/codeError'
import type { TraceResult } from '../graph/code/traceCode'
import {
  MAX_EDGES,
  MAX_ERRORS,
  MAX_MESSAGE_LENGTH,
  MAX_NAME_LENGTH,
  MAX_NODES,
  MAX_OUTPUTS,
} from '../graph/code/traceLimits'
import { documentSchema, type ModelDocument } from '../graph/document/schema'

/** How long a trace may run before its worker is stopped. */
export const DEFAULT_TIMEOUT_MS = 2000

/**
 * The answer to a trace that a newer trace replaced before it finished. It reads as a failure to
 * a caller that does not know it, but the code sync ignores it: the newer trace answers instead.
 */
export interface SupersededTrace {
  ok: false
  superseded: true
  errors: CodeError[]
}

/** True for the answer of a trace that a newer one replaced. */
export function isSuperseded(answer: TraceResult | SupersededTrace): answer is SupersededTrace {
  return 'superseded' in answer && answer.superseded === true
}

/** The answer to a trace replaced by a newer one. */
export function supersededResult(): SupersededTrace {
  return {
    ok: false,
    superseded: true,
    errors: [{ message: 'A newer trace replaced this one.', line: 1, column: 1 }],
  }
}

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
  message: z.string().max(MAX_MESSAGE_LENGTH),
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int().optional(),
  endColumn: z.number().int().optional(),
})
const lineSpanSchema = z.object({ start: z.number().int(), end: z.number().int() })
const traceResultSchema = z.union([
  z.object({ ok: z.literal(true), doc: documentSchema, nodeLines: z.record(z.string(), lineSpanSchema) }),
  z.object({ ok: z.literal(false), errors: z.array(codeErrorSchema).min(1).max(MAX_ERRORS) }),
])

const lengthOf = (v: unknown): number => (Array.isArray(v) ? v.length : 0)
const field = (v: unknown, key: string): unknown =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined

/**
 * True when a raw answer holds more than a trace may make. Read before the schema walks it, so
 * a forged answer with a million nodes is refused without checking each one.
 */
function tooLarge(data: unknown): boolean {
  const doc = field(data, 'doc')
  const blocks = field(doc, 'blocks')
  const inBlocks = (key: string) =>
    Array.isArray(blocks) ? blocks.reduce((n: number, b: unknown) => n + lengthOf(field(b, key)), 0) : 0
  return (
    lengthOf(field(data, 'errors')) > MAX_ERRORS ||
    lengthOf(blocks) > MAX_NODES ||
    lengthOf(field(doc, 'nodes')) + inBlocks('nodes') > MAX_NODES ||
    lengthOf(field(doc, 'edges')) + inBlocks('edges') > MAX_EDGES
  )
}

/** True when a checked document names anything longer, or has more outputs, than a trace makes. */
function namesTooLong(doc: ModelDocument): boolean {
  const bodies = [doc, ...doc.blocks]
  return (
    doc.name.length > MAX_NAME_LENGTH ||
    bodies.some(
      (b) =>
        b.outputs.length > MAX_OUTPUTS ||
        b.nodes.some((n) => n.id.length > MAX_NAME_LENGTH) ||
        ('name' in b && b.name.length > MAX_NAME_LENGTH),
    )
  )
}

/**
 * A trace result that came over `postMessage`, checked: the worker runs untrusted code, which
 * could post anything, so the page accepts only a well-formed result with a valid document
 * within the trace limits (`traceLimits.ts`): no answer can hand the page more than it can draw.
 */
export function checkTraceAnswer(data: unknown): TraceResult {
  const refused = failedResult('it answered with something that is not a trace result.')
  if (tooLarge(data)) return failedResult('it answered with more than a trace may make.')
  const parsed = traceResultSchema.safeParse(data)
  if (!parsed.success) return refused
  const result = parsed.data as TraceResult
  if (result.ok && (namesTooLong(result.doc) || Object.keys(result.nodeLines).length > MAX_NODES))
    return failedResult('it answered with more than a trace may make.')
  return result
}
