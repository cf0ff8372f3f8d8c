import {
  type BlockDef,
  type GraphOutput,
  type ModelDocument,
  NODE_ID_PATTERN,
  RESERVED_IDS,
  SCHEMA_VERSION,
} from '../document/schema'
import { LAYERS } from '../layers'
import type { LayerDef } from '../layers/types'
import { argCountRange, layerCallPorts, portOfArg } from './callPorts'
import { checkParams, describeValue } from './checkParams'
import { TraceError } from './codeError'
import { BLOCK_NODE_TYPE, blockNodeKey, type LineSpan, type NodeLines } from './emitCode'
import {
  checkNameLength,
  createTraceBudget,
  GraphRecorder,
  outputsObject,
  producerOf,
  type RecordedNode,
  Tensor,
} from './recorder'
import type { SourcePosition } from './sourceMap'
import { closest } from './suggest'
import { MAX_NAME_LENGTH, MAX_OUTPUTS } from './traceLimits'
import { createTrainingApi, isTrainingSetup } from './trainingApi'

/**
 * The `triad` DSL as model code sees it while being traced: `L.<layer>(...)` records a node and
 * returns a symbolic `Tensor`, `block(...)` defines a subgraph, `model(...)` the model. One
 * runtime per trace; nothing is shared between traces.
 */

/** The hooks the instrumented code calls (see `instrument.ts`). */
export interface TraceHooks {
  begin(line: number, column: number, endLine: number): unknown
  tag(mark: unknown, name: string, value: unknown): unknown
  enter(name: string | null): unknown
  exit(token: unknown): void
  thrown(line: number, column: number, value: unknown): unknown
}

/** What the runtime needs from `traceCode` to locate calls in the user's source. */
export interface TraceRuntimeOptions {
  /** The user's position (1-based line, 0-based column) of the innermost user frame of a stack. */
  locate(stack: string | undefined): SourcePosition | undefined
  /** The user's position of a position in the compiled JavaScript (what `begin` marks carry). */
  toSource(pos: SourcePosition): SourcePosition
}

/** The DSL of one trace: the hooks and module the code is run with, and the document it built. */
export interface TraceRuntime {
  hooks: TraceHooks
  /** What `require('triad')` returns. */
  module: Readonly<Record<string, unknown>>
  /**
   * Where a thrown value was thrown (for a non-Error, which has no stack), else where the
   * innermost statement being run starts.
   */
  locateThrown(value: unknown): SourcePosition | undefined
  /** Traces the exported model (and any block not called) into a document without `code`. */
  finish(exports: Record<string, unknown>): { doc: ModelDocument; nodeLines: NodeLines }
}

interface Mark {
  rec: GraphRecorder | undefined
  count: number
  line: number
  column: number
  endLine: number
  prefix: string
}

interface BlockEntry {
  name: string
  fn: (...args: unknown[]) => unknown
  inputs: string[]
  defined: LineSpan
  rec?: GraphRecorder
  def?: BlockDef
  single?: boolean
  tracing: boolean
}

const MODEL = Symbol('triad.model')
interface ModelHandle {
  [MODEL]: true
  name: string
  fn: (L: unknown) => unknown
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || producerOf(v)) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** The names of a function's parameters after the first (`L`): a block's inputs. */
export function blockInputNames(fn: (...args: never[]) => unknown): string[] | undefined {
  const text = fn.toString()
  const m = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(text) ?? /^[^(]*\(([^)]*)\)/.exec(text)
  if (!m) return undefined
  const list = (m[1] ?? '').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  return names.every((n) => /^[A-Za-z_$][\w$]*$/.test(n)) ? names.slice(1) : undefined
}

/** Creates the DSL for one trace. */
export function createTraceRuntime(options: TraceRuntimeOptions): TraceRuntime {
  const recorders: GraphRecorder[] = []
  // One budget for the whole trace: the model and every block body count together.
  const budget = createTraceBudget()
  const marks: Mark[] = []
  const blocks: BlockEntry[] = []
  let pendingRoot = false
  let lastThrow: { value: unknown; pos: SourcePosition } | undefined

  const top = () => recorders[recorders.length - 1]
  const callSite = (): LineSpan => {
    // Lines of the compiled JavaScript are the user's lines (sucrase and `instrument` keep them).
    const line = (options.locate(new Error().stack) ?? marks[marks.length - 1])?.line ?? 1
    return { start: line, end: line }
  }
  const activeRecorder = (what: string): GraphRecorder => {
    const rec = top()
    if (!rec) throw new TraceError(`${what} can only be called while a model or block is being built.`)
    return rec
  }
  const runBody = <T>(rec: GraphRecorder, body: () => T): T => {
    recorders.push(rec)
    pendingRoot = true
    try {
      return body()
    } finally {
      pendingRoot = false
      recorders.pop()
    }
  }

  /** Checks one positional tensor argument of a call; `null` leaves the port unconnected. */
  const checkTensor = (subject: string, value: unknown, index: number, port: string, rec: GraphRecorder) => {
    if (value === null) return
    const where = `argument ${index + 1} (${port}) of ${subject}`
    if (value instanceof Tensor) {
      if (value.node.recorder !== rec)
        throw new TraceError(
          `${where} is a tensor of another graph: a block sees only its inputs, and the model cannot use a block's inner tensors.`,
        )
      return
    }
    const producer = producerOf(value)
    if (producer)
      throw new TraceError(
        `${where} is the outputs object of a ${producer.type} node; pass one of its tensors (${Object.keys(value as object).join(', ')}).`,
      )
    const hint = value === undefined ? ' (a variable used before it was set?)' : ''
    throw new TraceError(
      `${where} must be a Tensor (or null to leave it unconnected), got ${describeValue(value)}${hint}.`,
    )
  }

  const layerCall = (def: LayerDef, args: unknown[]): unknown => {
    const subject = `L.${def.type}`
    const rec = activeRecorder(subject)
    const last = args[args.length - 1]
    const hasParams = isPlainObject(last)
    const tensors = hasParams ? args.slice(0, -1) : args
    const ports = layerCallPorts(def)
    const { min, max } = argCountRange(ports)
    const names = def.inputs.map((p) => (p.variadic ? `${p.name}0, ${p.name}1, ...` : p.name)).join(', ')
    tensors.forEach((t, i) => {
      const port = portOfArg(ports, i)
      if (port === undefined)
        throw new TraceError(
          `${subject} takes ${plural(max, 'tensor input')}${max > 0 ? ` (${names})` : ''} and then a params object, but argument ${i + 1} is ${describeValue(t)}.`,
        )
      checkTensor(subject, t, i, port, rec)
    })
    if (tensors.length < min)
      throw new TraceError(
        `${subject} needs ${plural(min, 'tensor input')} (${names}) but got ${tensors.length}; pass null to leave a port unconnected.`,
      )
    const params = checkParams(subject, def.params, hasParams ? last : {})
    const node = rec.add(def.type, params, callSite())
    tensors.forEach((t, i) => {
      if (t instanceof Tensor) rec.connect(t, node, portOfArg(ports, i) as string)
    })
    const outs = def.outputs.map((p) => p.name)
    return outs.length === 1 ? new Tensor(node, outs[0] as string) : outputsObject(node, outs)
  }

  const methods: Record<string, (...args: unknown[]) => unknown> = Object.create(null)
  for (const def of LAYERS) methods[def.type] = (...args: unknown[]) => layerCall(def, args)
  const layerNames = Object.keys(methods)
  const L: Readonly<Record<string, unknown>> = new Proxy(Object.freeze(methods), {
    get(target, key) {
      if (typeof key !== 'string') return undefined
      if (key in target) return target[key]
      if (key in Object.prototype) return undefined
      return () => {
        const hint = closest(key, layerNames)
        throw new TraceError(`Unknown layer L.${key}${hint ? `: did you mean L.${hint}?` : '.'}`)
      }
    },
  })

  /** The `{ name: tensor }` a model or block body returned, checked. */
  const collectOutputs = (result: unknown, rec: GraphRecorder, subject: string, allowNone: boolean) => {
    let entries: [string, unknown][]
    if (result instanceof Tensor) entries = [['out', result]]
    else if (result === undefined && allowNone) entries = []
    else if (typeof result === 'object' && result !== null && !Array.isArray(result))
      entries = Object.entries(result)
    else
      throw new TraceError(
        `${subject} must return a tensor or an object of tensors, like { logits }; got ${describeValue(result)}.`,
      )
    if (entries.length > MAX_OUTPUTS)
      throw new TraceError(
        `${subject} returns ${entries.length} outputs; at most ${MAX_OUTPUTS} are allowed.`,
      )
    return entries.map(([name, value]) => {
      if (!NODE_ID_PATTERN.test(name) || RESERVED_IDS.has(name))
        throw new TraceError(
          `${subject} returns an output named '${name}': pick a name that is not a reserved word.`,
        )
      if (!(value instanceof Tensor) || value.node.recorder !== rec)
        throw new TraceError(
          `${subject} output '${name}' must be a Tensor of its own graph, got ${describeValue(value)}.`,
        )
      return { name, tensor: value }
    })
  }
  const toOutput = (o: { name: string; tensor: Tensor }): GraphOutput => ({
    name: o.name,
    node: o.tensor.node.id,
    port: o.tensor.port,
  })

  const traceBlock = (entry: BlockEntry) => {
    if (entry.def) return
    if (entry.tracing) throw new TraceError(`block '${entry.name}' calls itself; blocks cannot be recursive.`)
    entry.tracing = true
    const rec = new GraphRecorder(budget)
    const inputs = entry.inputs.map((name) => new Tensor(rec.add('input', {}, entry.defined, name), 'out'))
    const result = runBody(rec, () => entry.fn(L, ...inputs))
    const outputs = collectOutputs(result, rec, `block '${entry.name}'`, false)
    if (outputs.length === 0) throw new TraceError(`block '${entry.name}' must return at least one tensor.`)
    rec.assignIds()
    entry.rec = rec
    entry.single = result instanceof Tensor
    entry.def = {
      name: entry.name,
      inputs: inputs.map((t) => t.node.id),
      outputs: outputs.map(toOutput),
      ...rec.body(),
    }
    entry.tracing = false
  }

  const callBlock = (entry: BlockEntry, args: unknown[]): unknown => {
    const subject = `block '${entry.name}'`
    const rec = activeRecorder(entry.name)
    const usage = `${entry.name}(${['L', ...entry.inputs].join(', ')})`
    if (args[0] !== L) throw new TraceError(`Call a block with L first: ${usage}.`)
    const tensors = args.slice(1)
    tensors.forEach((t, i) => {
      if (t === null || t instanceof Tensor || producerOf(t) || t === undefined) return
      throw new TraceError(
        `${subject} takes tensors only, but argument ${i + 2}${entry.inputs[i] ? ` (${entry.inputs[i]})` : ''} is ${describeValue(t)}; blocks with non-tensor arguments are not supported yet.`,
      )
    })
    if (tensors.length !== entry.inputs.length)
      throw new TraceError(
        `${subject} takes ${plural(entry.inputs.length, 'tensor input')}: ${usage}; got ${tensors.length}.`,
      )
    tensors.forEach((t, i) => {
      checkTensor(subject, t, i + 1, entry.inputs[i] as string, rec)
    })
    traceBlock(entry)
    const def = entry.def as BlockDef
    const node = rec.add(BLOCK_NODE_TYPE, { block: entry.name }, callSite())
    tensors.forEach((t, i) => {
      if (t instanceof Tensor) rec.connect(t, node, def.inputs[i] as string)
    })
    return entry.single
      ? new Tensor(node, 'out')
      : outputsObject(
          node,
          def.outputs.map((o) => o.name),
        )
  }

  const block = (name: unknown, fn: unknown) => {
    if (
      typeof name !== 'string' ||
      name.length > MAX_NAME_LENGTH ||
      !NODE_ID_PATTERN.test(name) ||
      RESERVED_IDS.has(name)
    )
      throw new TraceError(
        `block(name, body): the name must be an identifier of at most ${MAX_NAME_LENGTH} characters that is not a reserved word, got ${describeValue(name)}.`,
      )
    if (typeof fn !== 'function')
      throw new TraceError(`block('${name}', body): body must be a function (L, ...inputs) => tensor.`)
    if (blocks.some((b) => b.name === name)) throw new TraceError(`block '${name}' is defined twice.`)
    const inputs = blockInputNames(fn as (...args: never[]) => unknown)
    if (!inputs)
      throw new TraceError(
        `block '${name}': write its body as (L, x, ...) => ... with plain parameter names (no defaults or destructuring).`,
      )
    const entry: BlockEntry = {
      name,
      fn: fn as BlockEntry['fn'],
      inputs,
      defined: callSite(),
      tracing: false,
    }
    blocks.push(entry)
    const call = (...args: unknown[]) => callBlock(entry, args)
    return Object.defineProperty(call, 'name', { value: name })
  }

  const model = (name: unknown, fn: unknown): ModelHandle => {
    if (typeof name !== 'string' || name === '' || name.length > MAX_NAME_LENGTH)
      throw new TraceError(
        `model(name, build): the name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters, got ${describeValue(name)}.`,
      )
    if (typeof fn !== 'function')
      throw new TraceError(`model('${name}', build): build must be a function (L) => ({ ...outputs }).`)
    return Object.freeze({ [MODEL]: true as const, name, fn: fn as ModelHandle['fn'] })
  }

  const hooks: TraceHooks = {
    begin(line, column, endLine) {
      const rec = top()
      const mark: Mark = {
        rec,
        count: rec?.nodes.length ?? 0,
        line,
        column,
        endLine,
        prefix: rec?.prefix() ?? '',
      }
      marks.push(mark)
      return mark
    },
    tag(m, name, value) {
      const mark = m as Mark
      const i = marks.lastIndexOf(mark)
      if (i >= 0) marks.length = i
      const rec = mark.rec
      if (!rec) return value
      const node = producerOf(value)
      if (node && node.recorder === rec && node.index >= mark.count && node.explicitName === undefined) {
        checkNameLength(`${mark.prefix}${name}`)
        node.explicitName = `${mark.prefix}${name}`
      }
      for (let k = mark.count; k < rec.nodes.length; k++) {
        const n = rec.nodes[k] as RecordedNode
        if (n.spanned || n.lines.start < mark.line || n.lines.start > mark.endLine) continue
        n.lines = { start: mark.line, end: mark.endLine }
        n.spanned = true
      }
      return value
    },
    enter(name) {
      const rec = top()
      if (pendingRoot) {
        pendingRoot = false
        return { rec, depth: rec?.depth() ?? 0 }
      }
      if (!rec || name === null) return { rec: undefined, depth: 0 }
      const depth = rec.depth()
      rec.enterScope(name)
      return { rec, depth }
    },
    exit(token) {
      const t = token as { rec: GraphRecorder | undefined; depth: number }
      t.rec?.exitTo(t.depth)
    },
    thrown(line, column, value) {
      lastThrow = { value, pos: { line, column } }
      return value
    },
  }

  const finish = (exports: Record<string, unknown>) => {
    const handle = exports.default
    if (typeof handle !== 'object' || handle === null || !(MODEL in handle))
      throw new TraceError("The code must end with export default model('name', (L) => { ... }).", {
        line: 1,
        column: 1,
      })
    const m = handle as ModelHandle
    const rec = new GraphRecorder(budget)
    const result = runBody(rec, () => m.fn(L))
    const outputs = collectOutputs(result, rec, `model '${m.name}'`, true)
    for (const entry of blocks) traceBlock(entry)
    rec.assignIds()
    const training = exports.training
    if (training !== undefined && !isTrainingSetup(training))
      throw new TraceError('export const training must be fit({ loss, optimizer, batch_size, epochs }).', {
        line: 1,
        column: 1,
      })
    const nodeLines: NodeLines = {}
    for (const n of rec.nodes) nodeLines[n.id] = n.lines
    for (const b of blocks)
      for (const n of b.rec?.nodes ?? []) nodeLines[blockNodeKey(b.name, n.id)] = n.lines
    const doc: ModelDocument = {
      schemaVersion: SCHEMA_VERSION,
      name: m.name,
      ...rec.body(),
      outputs: outputs.map(toOutput),
      blocks: blocks.map((b) => b.def as BlockDef),
      ...(training !== undefined ? { training } : {}),
      metadata: {},
    }
    return { doc, nodeLines }
  }

  const module = Object.freeze({ model, block, ...createTrainingApi() })
  return {
    hooks,
    module,
    locateThrown: (value) => {
      const pos = lastThrow && lastThrow.value === value ? lastThrow.pos : marks[marks.length - 1]
      return pos ? options.toSource(pos) : undefined
    },
    finish,
  }
}
