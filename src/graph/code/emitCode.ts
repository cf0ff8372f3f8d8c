import {
  type BlockDef,
  type GraphBody,
  type GraphEdge,
  type GraphNode,
  type GraphOutput,
  type ModelDocument,
  type NodeId,
  optimizerSchema,
  RESERVED_IDS,
  type TrainingSetup,
  trainingSchema,
} from '../document/schema'
import { findLayer } from '../layers'
import type { ParamValue } from '../layers/params'
import { argPorts, blockCallPorts, type CallPorts, layerCallPorts } from './callPorts'
import { formatData, formatObject, formatString, formatValue, isIdentifier } from './format'
import { topologicalOrder } from './topoOrder'

/** A 1-based, inclusive line range of the code face. */
export interface LineSpan {
  start: number
  end: number
}

/**
 * Where each node is written in the code face. Top-level nodes are keyed by id; nodes inside a
 * block by `block/id` (a `/` never occurs in an id, so the two never collide).
 */
export type NodeLines = Record<NodeId, LineSpan>

/** The code face of a document and where each node is written in it. */
export interface EmittedCode {
  code: string
  nodeLines: NodeLines
}

/** The node type of a block instance (`{ type: 'block', params: { block: name } }`). */
export const BLOCK_NODE_TYPE = 'block'

/** The key of a node inside a block in `NodeLines`. */
export function blockNodeKey(block: string, id: NodeId): string {
  return `${block}/${id}`
}

interface Line {
  text: string
  node?: string
}

interface EmitContext {
  blocks: ReadonlyMap<string, BlockDef>
  /** The JavaScript name each block's function is bound to (its own name unless that is taken). */
  blockConst: ReadonlyMap<string, string>
}

/**
 * The code face of a document: readable TypeScript against the `triad` DSL, one `const` per node
 * named by its id, in topological order (ties by document order), blocks as functions before the
 * model, `fit(...)` when the document has a training setup. Deterministic: the same document
 * gives the same text, byte for byte, so `traceCode(emitCode(doc))` gives `doc` back.
 *
 * @example
 * emitCode(doc).code
 * // import { model } from 'triad'
 * //
 * // export default model('mlp', (L) => {
 * //   const x = L.input({ shape: [784] })
 * //   const logits = L.dense(x, { in_features: 784, out_features: 10 })
 * //   return { logits }
 * // })
 */
export function emitCode(doc: ModelDocument): EmittedCode {
  const ctx: EmitContext = {
    blocks: new Map(doc.blocks.map((b) => [b.name, b])),
    blockConst: blockConsts(doc),
  }
  const lines: Line[] = [{ text: `import { ${importedNames(doc).join(', ')} } from 'triad'` }, { text: '' }]
  const nodeLines: NodeLines = {}
  for (const block of doc.blocks) {
    const params = ['L', ...block.inputs].join(', ')
    const name = ctx.blockConst.get(block.name) ?? block.name
    lines.push({ text: `const ${name} = block(${formatString(block.name)}, (${params}) => {` })
    // A block's inputs are its function's parameters, on the header line.
    for (const id of block.inputs)
      nodeLines[blockNodeKey(block.name, id)] = { start: lines.length, end: lines.length }
    const body = emitBody(block, new Set(block.inputs), ctx, (id) => blockNodeKey(block.name, id))
    lines.push(...body, { text: `  return ${blockReturn(block, ctx)}` }, { text: '})' }, { text: '' })
  }
  lines.push({ text: `export default model(${formatString(doc.name)}, (L) => {` })
  lines.push(...emitBody(doc, new Set(), ctx, (id) => id))
  const outputs = doc.outputs.map((o) => [o.name, outputRef(o, doc, ctx)] as const)
  lines.push({ text: `  return ${formatObject(outputs, true)}` }, { text: '})' })
  if (doc.training) lines.push({ text: '' }, ...trainingLines(doc.training).map((text) => ({ text })))

  lines.forEach((line, i) => {
    if (line.node !== undefined) nodeLines[line.node] = { start: i + 1, end: i + 1 }
  })
  return { code: `${lines.map((l) => l.text).join('\n')}\n`, nodeLines }
}

function importedNames(doc: ModelDocument): string[] {
  const names = ['model']
  if (doc.blocks.length > 0) names.push('block')
  if (doc.training) names.push('fit', doc.training.optimizer.type)
  return names
}

/** Blocks are bound to their own name unless a node id (or another block) already uses it. */
function blockConsts(doc: ModelDocument): Map<string, string> {
  const taken = new Set<string>(RESERVED_IDS)
  for (const body of [doc, ...doc.blocks]) for (const n of body.nodes) taken.add(n.id)
  for (const b of doc.blocks) for (const id of b.inputs) taken.add(id)
  const out = new Map<string, string>()
  for (const b of doc.blocks) {
    let name = b.name
    for (let k = 0; taken.has(name); k++) name = k === 0 ? `${b.name}Block` : `${b.name}Block${k}`
    taken.add(name)
    out.set(b.name, name)
  }
  return out
}

function emitBody(
  body: GraphBody,
  skip: ReadonlySet<string>,
  ctx: EmitContext,
  key: (id: NodeId) => string,
): Line[] {
  const byId = new Map(body.nodes.map((n) => [n.id, n]))
  const incoming = new Map<string, Map<string, GraphEdge>>()
  for (const e of body.edges) {
    const ports = incoming.get(e.target) ?? new Map<string, GraphEdge>()
    if (!ports.has(e.targetPort)) ports.set(e.targetPort, e)
    incoming.set(e.target, ports)
  }
  const ref = (e: GraphEdge) => valueRef(byId.get(e.source), e.source, e.sourcePort, ctx)
  const out: Line[] = []
  for (const node of topologicalOrder(body.nodes, body.edges)) {
    if (skip.has(node.id)) continue
    const expr = callExpression(node, incoming.get(node.id) ?? new Map(), ref, ctx)
    out.push({ text: `  const ${node.id} = ${expr}`, node: key(node.id) })
  }
  return out
}

function callExpression(
  node: GraphNode,
  incoming: ReadonlyMap<string, GraphEdge>,
  ref: (e: GraphEdge) => string,
  ctx: EmitContext,
): string {
  const connected = new Set(incoming.keys())
  const args = (ports: CallPorts) =>
    argPorts(ports, connected).map((port) => {
      const edge = incoming.get(port)
      return edge ? ref(edge) : 'null'
    })
  if (node.type === BLOCK_NODE_TYPE) {
    const name = String(node.params.block)
    const block = ctx.blocks.get(name)
    const ports = block ? blockCallPorts(block) : unknownPorts(connected)
    return `${ctx.blockConst.get(name) ?? name}(${['L', ...args(ports)].join(', ')})`
  }
  const def = findLayer(node.type)
  const list = args(def ? layerCallPorts(def) : unknownPorts(connected))
  const params = orderedParams(node.params, def ? Object.keys(def.params) : [])
  if (params.length > 0) list.push(formatObject(params.map(([k, v]) => [k, formatValue(v)] as const)))
  const method = isIdentifier(node.type) ? `L.${node.type}` : `L[${formatString(node.type)}]`
  return `${method}(${list.join(', ')})`
}

/** A type the catalogue does not know: its connected ports, in name order. */
function unknownPorts(connected: ReadonlySet<string>): CallPorts {
  return { fixed: [...connected].sort().map((name) => ({ name, optional: false })) }
}

/** Params as stored, in the layer's spec order; keys the spec does not know follow as stored. */
function orderedParams(
  params: Record<string, ParamValue>,
  specOrder: readonly string[],
): [string, ParamValue][] {
  const known = specOrder
    .filter((k) => k in params)
    .map((k) => [k, params[k] as ParamValue] as [string, ParamValue])
  const unknown = Object.entries(params).filter(([k]) => !specOrder.includes(k))
  return [...known, ...unknown]
}

/**
 * How code refers to an output port of a node: `h` for a layer with one output or a block that
 * returns one tensor, else `h.port` (a block returning `{ image }` is used as `h.image`).
 */
function valueRef(node: GraphNode | undefined, id: NodeId, port: string, ctx: EmitContext): string {
  if (!node) return id
  if (node.type === BLOCK_NODE_TYPE) {
    const block = ctx.blocks.get(String(node.params.block))
    return !block || isSingleOut(block.outputs) ? id : `${id}.${port}`
  }
  const outputs = findLayer(node.type)?.outputs ?? [{ name: 'out' }]
  return outputs.length === 1 ? id : `${id}.${port}`
}

/** A block returning one tensor (`return h`) has the single output `out`. */
export function isSingleOut(outputs: readonly GraphOutput[]): boolean {
  return outputs.length === 1 && outputs[0]?.name === 'out'
}

function outputRef(o: GraphOutput, body: GraphBody, ctx: EmitContext): string {
  return valueRef(
    body.nodes.find((n) => n.id === o.node),
    o.node,
    o.port,
    ctx,
  )
}

function blockReturn(block: BlockDef, ctx: EmitContext): string {
  if (isSingleOut(block.outputs)) return outputRef(block.outputs[0] as GraphOutput, block, ctx)
  return formatObject(
    block.outputs.map((o) => [o.name, outputRef(o, block, ctx)] as const),
    true,
  )
}

/** Keys in the schema's order, so the text does not depend on how the setup was built. */
function schemaOrdered(value: object, keys: readonly string[]): [string, unknown][] {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined)
  const rank = (k: string) => {
    const i = keys.indexOf(k)
    return i < 0 ? keys.length : i
  }
  return entries.sort((a, b) => rank(a[0]) - rank(b[0]))
}

/** Code lines wider than this are wrapped (only the training setup can grow that wide). */
const MAX_LINE = 100

/** `export const training = fit({...})`, on one line when it fits, else one entry a line. */
function trainingLines(training: TrainingSetup): string[] {
  const entries = trainingEntries(training)
  const head = 'export const training = fit('
  const oneLine = `${head}${formatObject(entries)})`
  if (oneLine.length <= MAX_LINE) return [oneLine]
  return [`${head}{`, ...entries.map(([k, v]) => `  ${k}: ${v},`), '})']
}

function trainingEntries(training: TrainingSetup): (readonly [string, string])[] {
  return schemaOrdered(training, Object.keys(trainingSchema.shape)).map(([k, v]) => {
    if (k !== 'optimizer') return [k, formatData(v)] as const
    const { type, ...rest } = training.optimizer
    const opts = schemaOrdered(rest, Object.keys(optimizerSchema.shape)).map(
      ([ok, ov]) => [ok, formatData(ov)] as const,
    )
    return [k, `${type}(${formatObject(opts)})`] as const
  })
}
