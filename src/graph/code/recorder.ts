import { edgeId, type GraphEdge, type GraphNode, NODE_ID_PATTERN, RESERVED_IDS } from '../document/schema'
import type { ParamValue } from '../layers/params'
import { TraceError } from './codeError'
import type { LineSpan } from './emitCode'
import { MAX_EDGES, MAX_NAME_LENGTH, MAX_NODES } from './traceLimits'

/**
 * The recording side of tracing: each model or block body being traced has one `GraphRecorder`
 * that collects the layer calls as nodes and edges. Ids are given at the end, so a binding name
 * (`const h = ...`) can claim the node after the call that made it has returned.
 */

/** One recorded layer call (or block instance). */
export interface RecordedNode {
  readonly recorder: GraphRecorder
  readonly index: number
  readonly type: string
  readonly params: Record<string, ParamValue>
  /** The name it gets when no binding names it: scope prefix + type (`conv_0_dense`). */
  readonly autoName: string
  /** The binding that named it, with the scope prefix where the binding is (`h`, `conv_1_h`). */
  explicitName?: string
  /** Lines of the code face: the call site, widened to the binding statement when it has one. */
  lines: LineSpan
  /** True once `lines` is the binding statement's span (an inner statement's span wins). */
  spanned: boolean
  /** The final id, set by `assignIds`. */
  id: string
}

/**
 * A symbolic tensor: one output port of a recorded node. What `L.<layer>(...)` returns in code;
 * it has no values, only where it comes from.
 */
export class Tensor {
  constructor(
    /** @internal */ readonly node: RecordedNode,
    /** @internal */ readonly port: string,
  ) {
    Object.freeze(this)
  }

  toString(): string {
    return `Tensor(${this.node.explicitName ?? this.node.autoName}.${this.port})`
  }
}

/** Marks the object a multi-output call returns (`{ out, h }`), so a misuse can be named. */
export const OUTPUTS_OF: unique symbol = Symbol('triad.outputsOf')

/** The frozen `{ port: Tensor }` object a multi-output node returns in code. */
export function outputsObject(node: RecordedNode, ports: readonly string[]): Record<string, Tensor> {
  const out: Record<string, Tensor> = {}
  for (const p of ports) out[p] = new Tensor(node, p)
  Object.defineProperty(out, OUTPUTS_OF, { value: node, enumerable: false })
  return Object.freeze(out)
}

/** The node that produced a value: a tensor's node, or the node behind an outputs object. */
export function producerOf(value: unknown): RecordedNode | undefined {
  if (value instanceof Tensor) return value.node
  if (typeof value === 'object' && value !== null && OUTPUTS_OF in value)
    return (value as { [OUTPUTS_OF]: RecordedNode })[OUTPUTS_OF]
  return undefined
}

interface Scope {
  prefix: string
  calls: Map<string, number>
}

interface RecordedEdge {
  source: RecordedNode
  sourcePort: string
  target: RecordedNode
  targetPort: string
}

/**
 * What one trace has recorded so far, over all its recorders (the model and its blocks), so a
 * loop that never ends stops at `MAX_NODES` layers instead of filling the page.
 */
export interface TraceBudget {
  nodes: number
  edges: number
}

/** A fresh budget for one trace. */
export function createTraceBudget(): TraceBudget {
  return { nodes: 0, edges: 0 }
}

/** Throws when a node name (a scope prefix grows with each nested helper) is too long. */
export function checkNameLength(name: string): void {
  if (name.length > MAX_NAME_LENGTH)
    throw new TraceError(
      `A layer name would be longer than ${MAX_NAME_LENGTH} characters (${name.slice(0, 40)}…): helper functions are nested too deeply.`,
    )
}

/** Records one graph body (the model or a block) while its code runs. */
export class GraphRecorder {
  readonly nodes: RecordedNode[] = []
  readonly edges: RecordedEdge[] = []
  private readonly scopes: Scope[] = [{ prefix: '', calls: new Map() }]

  /** @param budget shared by every recorder of one trace; a recorder alone gets its own. */
  constructor(private readonly budget: TraceBudget = createTraceBudget()) {}

  /** The scope prefix of the code running now: `''` at the top, `fn_0_` inside a helper. */
  prefix(): string {
    return this.scopes[this.scopes.length - 1]?.prefix ?? ''
  }

  /** Number of open scopes; `exitTo` returns to it. */
  depth(): number {
    return this.scopes.length
  }

  /** Enters the k-th call (from 0) of helper `name` in the current scope. */
  enterScope(name: string): void {
    const top = this.scopes[this.scopes.length - 1] as Scope
    const k = top.calls.get(name) ?? 0
    top.calls.set(name, k + 1)
    this.scopes.push({ prefix: `${top.prefix}${name}_${k}_`, calls: new Map() })
  }

  exitTo(depth: number): void {
    this.scopes.length = Math.max(1, Math.min(depth, this.scopes.length))
  }

  add(
    type: string,
    params: Record<string, ParamValue>,
    lines: LineSpan,
    explicitName?: string,
  ): RecordedNode {
    if (++this.budget.nodes > MAX_NODES)
      throw new TraceError(
        `The model has more than ${MAX_NODES} layers: tracing stopped at this call (a loop that runs too often?).`,
      )
    const autoName = `${this.prefix()}${type}`
    checkNameLength(autoName)
    const node: RecordedNode = {
      recorder: this,
      index: this.nodes.length,
      type,
      params,
      autoName,
      lines,
      spanned: false,
      id: '',
      ...(explicitName !== undefined ? { explicitName } : {}),
    }
    this.nodes.push(node)
    return node
  }

  connect(source: Tensor, target: RecordedNode, targetPort: string): void {
    if (++this.budget.edges > MAX_EDGES)
      throw new TraceError(`The model has more than ${MAX_EDGES} connections: tracing stopped at this call.`)
    this.edges.push({ source: source.node, sourcePort: source.port, target, targetPort })
  }

  /**
   * Gives every node its id: first the named ones in call order, then the rest, each taking its
   * name or, when taken, `name_1`, `name_2`, ... (a loop's repeats).
   */
  assignIds(): void {
    const used = new Set<string>()
    const claim = (name: string) => {
      // Unicode identifiers are valid JavaScript but not valid node ids.
      const ascii = name.replace(/[^A-Za-z0-9_$]/g, '_')
      const base = /^[0-9]/.test(ascii) || ascii === '' ? `_${ascii}` : ascii
      const usable = (id: string) => !used.has(id) && NODE_ID_PATTERN.test(id) && !RESERVED_IDS.has(id)
      let id = base
      for (let k = 1; !usable(id); k++) id = `${base}_${k}`
      used.add(id)
      return id
    }
    for (const n of this.nodes) if (n.explicitName !== undefined) n.id = claim(n.explicitName)
    for (const n of this.nodes) if (n.explicitName === undefined) n.id = claim(n.autoName)
  }

  /** The recorded body as document nodes (at the origin) and edges. Call after `assignIds`. */
  body(): { nodes: GraphNode[]; edges: GraphEdge[] } {
    const nodes = this.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      params: n.params,
      position: { x: 0, y: 0 },
    }))
    const edges = this.edges.map((e) => {
      const edge = {
        source: e.source.id,
        sourcePort: e.sourcePort,
        target: e.target.id,
        targetPort: e.targetPort,
      }
      return { id: edgeId(edge), ...edge }
    })
    return { nodes, edges }
  }
}
