import { parse } from 'acorn'
import { transform } from 'sucrase'
import { documentSchema, type ModelDocument } from '../document/schema'
import { type CodeError, TraceError } from './codeError'
import { createTraceRuntime } from './dsl'
import type { NodeLines } from './emitCode'
import { instrument, RUNTIME } from './instrument'
import { decodeMappings, originalPosition, type SourcePosition } from './sourceMap'
import { truncateMessage } from './traceLimits'

export type { CodeError } from './codeError'

/** What tracing the code face gives: the document it builds, or where and why it fails. */
export type TraceResult =
  | { ok: true; doc: ModelDocument; nodeLines: NodeLines }
  | { ok: false; errors: CodeError[] }

/**
 * The Function constructor, taken when this module loads: the tracer worker then replaces the
 * global one with a gate that refuses `import(` (see `src/workers/lockdown.ts`), which the
 * instrumented model code must not trip over. Read off a function so no bundler folds it back
 * into the global name.
 */
const FunctionConstructor: FunctionConstructor = Object.getPrototypeOf(() => undefined).constructor

/** The file name the model code runs under, so its frames can be found in a stack. */
const SOURCE_URL = 'triad-model.js'
const PARAMS = [
  'require',
  'exports',
  'module',
  RUNTIME.begin,
  RUNTIME.tag,
  RUNTIME.enter,
  RUNTIME.exit,
  RUNTIME.thrown,
]

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1)
  return starts
}

function positionAt(starts: readonly number[], offset: number): SourcePosition {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((starts[mid] ?? 0) <= offset) lo = mid
    else hi = mid - 1
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) }
}

let frameOffset: { line: number; column: number } | undefined
/** Where line 1 of a `new Function` body appears in stack frames (engines add a header). */
function functionFrameOffset(): { line: number; column: number } {
  if (frameOffset) return frameOffset
  const probe = new FunctionConstructor(
    ...PARAMS,
    'return new Error()\n//# sourceURL=triad-probe.js',
  ) as () => Error
  const m = /triad-probe\.js:(\d+):(\d+)/.exec(probe().stack ?? '')
  // `new` is at column 8 (1-based) of the probe's first line.
  frameOffset = m ? { line: Number(m[1]) - 1, column: Number(m[2]) - 8 } : { line: 2, column: 0 }
  return frameOffset
}

function toCodeError(message: string, pos: SourcePosition | undefined): CodeError {
  return { message: truncateMessage(message), line: pos?.line ?? 1, column: (pos?.column ?? 0) + 1 }
}

/**
 * A syntax error sucrase found. Sucrase backtracks over arrow functions and then reports the
 * arrow's start; acorn, which reads plain JavaScript only, stops at the real place. So acorn's
 * error is used when it lies further on (a type annotation before it would stop acorn earlier).
 */
function syntaxError(e: unknown, source: string): CodeError {
  const starts = lineStarts(source)
  const pos = (e as { pos?: unknown }).pos
  try {
    parse(source, { ecmaVersion: 'latest', sourceType: 'module' })
  } catch (plain) {
    const at = (plain as { pos?: unknown }).pos
    if (typeof at === 'number' && (typeof pos !== 'number' || at > pos))
      return toCodeError(bareMessage(plain), positionAt(starts, at))
  }
  return toCodeError(bareMessage(e), typeof pos === 'number' ? positionAt(starts, pos) : undefined)
}

function fail(...errors: CodeError[]): TraceResult {
  return { ok: false, errors }
}

/** An error's message without sucrase's or acorn's trailing `(line:column)`. */
function bareMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e))
    .replace(/^Error transforming [^:]*: /, '')
    .replace(/\s*\(\d+:\d+\)$/, '')
}

/**
 * Traces the code face into a model document. The TypeScript is compiled by sucrase, parsed by
 * acorn (syntax errors come back located), instrumented so bindings name their nodes (see
 * `instrument.ts`), then run against the DSL (`dsl.ts`) with `new Function`. Anything thrown,
 * by the user's code or by the DSL on misuse, comes back as a `CodeError` at the line of the
 * statement being run. Shape errors are not trace errors: the graph shows them.
 *
 * Runs the code in the calling realm with no time limit: call it from the sandboxed worker
 * (`src/workers`) for code you did not write.
 */
export function traceCode(source: string): TraceResult {
  let js: string
  let map: ReturnType<typeof decodeMappings>
  try {
    const out = transform(source, {
      transforms: ['typescript', 'imports'],
      disableESTransforms: true,
      filePath: 'model.ts',
      sourceMapOptions: { compiledFilename: 'model.js' },
    })
    js = out.code
    map = decodeMappings(out.sourceMap?.mappings ?? '')
  } catch (e) {
    return fail(syntaxError(e, source))
  }
  const jsStarts = lineStarts(js)
  const toSource = (pos: SourcePosition) => originalPosition(map, pos)

  let program: ReturnType<typeof parse>
  try {
    program = parse(js, { ecmaVersion: 'latest', sourceType: 'script', locations: true })
  } catch (e) {
    const pos = (e as { pos?: unknown }).pos
    return fail(
      toCodeError(bareMessage(e), typeof pos === 'number' ? toSource(positionAt(jsStarts, pos)) : undefined),
    )
  }
  const { code, toInputOffset } = instrument(js, program)
  const codeStarts = lineStarts(code)
  const offset = functionFrameOffset()

  /** The user's position of the first model-code frame in a stack. */
  const locate = (stack: string | undefined): SourcePosition | undefined => {
    const m = new RegExp(`${SOURCE_URL.replace('.', '\\.')}:(\\d+):(\\d+)`).exec(stack ?? '')
    if (!m) return undefined
    const line = Number(m[1]) - offset.line
    const column = Number(m[2]) - 1 - (line === 1 ? offset.column : 0)
    if (line < 1 || line > codeStarts.length) return undefined
    const at = toInputOffset((codeStarts[line - 1] ?? 0) + Math.max(0, column))
    return toSource(positionAt(jsStarts, at))
  }

  const runtime = createTraceRuntime({ locate, toSource })
  const exports: Record<string, unknown> = {}
  const require = (name: unknown) => {
    if (name === 'triad') return runtime.module
    throw new TraceError(`Only 'triad' can be imported in model code, not ${JSON.stringify(name)}.`)
  }
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = Math.max(limit, 100)
  try {
    const run = new FunctionConstructor(...PARAMS, `${code}\n//# sourceURL=${SOURCE_URL}`)
    const { begin, tag, enter, exit, thrown } = runtime.hooks
    run(require, exports, { exports }, begin, tag, enter, exit, thrown)
    const { doc, nodeLines } = runtime.finish(exports)
    const checked = documentSchema.safeParse({ ...doc, code: source })
    if (!checked.success) {
      const issue = checked.error.issues[0]
      return fail(toCodeError(`Invalid model: ${issue?.path.join('.')}: ${issue?.message}`, undefined))
    }
    return { ok: true, doc: checked.data, nodeLines }
  } catch (e) {
    return fail(errorOf(e, locate, runtime.locateThrown))
  } finally {
    Error.stackTraceLimit = limit
  }
}

/** `String(v)`, for a value whose `toString` may itself throw (user code can throw anything). */
function safeString(v: unknown): string {
  try {
    return String(v)
  } catch {
    return '(a value that cannot be printed)'
  }
}

function errorOf(
  e: unknown,
  locate: (stack: string | undefined) => SourcePosition | undefined,
  locateThrown: (value: unknown) => SourcePosition | undefined,
): CodeError {
  if (e instanceof TraceError && e.at)
    return { message: truncateMessage(e.message), line: e.at.line, column: e.at.column }
  if (e instanceof Error) {
    const head = safeString(e)
    const stack = safeString(e.stack)
    const name = safeString(e.name)
    const text = safeString(e.message)
    // The stack starts with the message, which must not be searched for frames.
    const frames = stack.startsWith(head) ? stack.slice(head.length) : stack
    const message = e instanceof TraceError || name === 'Error' ? text : `${name}: ${text}`
    return toCodeError(message, locate(frames) ?? locateThrown(e))
  }
  return toCodeError(`Uncaught ${typeof e === 'string' ? JSON.stringify(e) : safeString(e)}`, locateThrown(e))
}
