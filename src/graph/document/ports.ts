import { findLayer } from '../layers'
import type { ParamValue } from '../layers/params'
import type { PortDef, PortDtype } from '../layers/types'
import {
  type BlockDef,
  type GraphBody,
  type GraphNode,
  NODE_ID_PATTERN,
  type NodeId,
  type Position,
  RESERVED_IDS,
} from './schema'

/** The node type of an instance of a block; its params are `{ block: name }`. */
export const BLOCK_TYPE = 'block'

export type { PortDtype }

/** A concrete port of one node in one document (variadic ports expanded, block ports resolved). */
export interface NodePort {
  name: string
  dtype: PortDtype
  /** May stay unconnected. */
  optional: boolean
  doc?: string
  /** For an expansion of a variadic port: the declared name (`in`) and the index (`in2` -> 2). */
  variadic?: { base: string; index: number }
}

/** Where block definitions are looked up: a whole document, or anything carrying `blocks`. */
export interface BlockScope {
  blocks?: readonly BlockDef[]
}

/** The block a block instance points at, or undefined (not an instance, or a missing block). */
export function blockOf(node: GraphNode, scope: BlockScope): BlockDef | undefined {
  if (node.type !== BLOCK_TYPE) return undefined
  const name = node.params.block
  return typeof name === 'string' ? scope.blocks?.find((b) => b.name === name) : undefined
}

function dtypeOfParam(v: ParamValue | undefined): PortDtype {
  return v === 'int64' ? 'int' : 'float'
}

const VARIADIC_INDEX = /^(0|[1-9][0-9]*)$/

/** `in12` with base `in` -> 12; anything else -> undefined. */
function variadicIndex(port: string, base: string): number | undefined {
  if (!port.startsWith(base)) return undefined
  const rest = port.slice(base.length)
  return VARIADIC_INDEX.test(rest) ? Number(rest) : undefined
}

function fromDef(def: PortDef): NodePort {
  return {
    name: def.name,
    dtype: def.dtype ?? 'float',
    optional: def.optional === true,
    ...(def.doc !== undefined ? { doc: def.doc } : {}),
  }
}

/**
 * The input ports of a node as the canvas shows them. A variadic port (Concat, Add) expands into
 * its connected indices plus one free port (at least `minCount` ports), so there is always a slot
 * to drop the next edge into. A block instance has one port per block input, named after the
 * block's inner `input` node. Unknown types have no ports.
 *
 * @param body the body holding `node` (its edges decide how far variadic ports expand)
 * @param scope where block definitions live; defaults to `body` itself (pass the document)
 */
export function inputPortsOf(
  node: GraphNode,
  body: GraphBody & BlockScope,
  scope: BlockScope = body,
): NodePort[] {
  if (node.type === BLOCK_TYPE) {
    const block = blockOf(node, scope)
    if (!block) return []
    return block.inputs.map((name) => {
      const inner = block.nodes.find((n) => n.id === name)
      return { name, dtype: dtypeOfParam(inner?.params.dtype), optional: false }
    })
  }
  const layer = findLayer(node.type)
  if (!layer) return []
  const ports: NodePort[] = []
  for (const def of layer.inputs) {
    if (!def.variadic) {
      ports.push(fromDef(def))
      continue
    }
    let used = 0
    for (const e of body.edges) {
      if (e.target !== node.id) continue
      const i = variadicIndex(e.targetPort, def.name)
      if (i !== undefined && i + 1 > used) used = i + 1
    }
    const count = Math.max(used + 1, def.variadic.minCount)
    for (let index = 0; index < count; index++)
      ports.push({
        ...fromDef(def),
        name: `${def.name}${index}`,
        optional: index >= def.variadic.minCount,
        variadic: { base: def.name, index },
      })
  }
  return ports
}

/**
 * The input port `port` of a node, if the name is valid. Unlike `inputPortsOf` this accepts any
 * index of a variadic port (`in7` with only `in0` connected), so loading a document never depends
 * on the order its edges are listed in.
 */
export function findInputPort(
  node: GraphNode,
  port: string,
  body: GraphBody & BlockScope,
  scope: BlockScope = body,
): NodePort | undefined {
  if (node.type === BLOCK_TYPE) return inputPortsOf(node, body, scope).find((p) => p.name === port)
  const layer = findLayer(node.type)
  if (!layer) return undefined
  for (const def of layer.inputs) {
    if (!def.variadic) {
      if (def.name === port) return fromDef(def)
      continue
    }
    const index = variadicIndex(port, def.name)
    if (index !== undefined)
      return {
        ...fromDef(def),
        name: port,
        optional: index >= def.variadic.minCount,
        variadic: { base: def.name, index },
      }
  }
  return undefined
}

/**
 * The output ports of a node. An `input` layer's port carries the dtype its `dtype` param names; a
 * block instance exposes the block's outputs, typed by the inner ports they name.
 */
export function outputPortsOf(node: GraphNode, scope: BlockScope): NodePort[] {
  return outputPorts(node, scope, new Set())
}

function outputPorts(node: GraphNode, scope: BlockScope, visiting: Set<string>): NodePort[] {
  if (node.type === BLOCK_TYPE) {
    const block = blockOf(node, scope)
    if (!block || visiting.has(block.name)) return []
    visiting.add(block.name)
    const ports = block.outputs.map((out) => {
      const inner = block.nodes.find((n) => n.id === out.node)
      const port = inner ? outputPorts(inner, scope, visiting).find((p) => p.name === out.port) : undefined
      return { name: out.name, dtype: port?.dtype ?? 'float', optional: false }
    })
    visiting.delete(block.name)
    return ports
  }
  const layer = findLayer(node.type)
  if (!layer) return []
  return layer.outputs.map((def) => {
    const port = fromDef(def)
    return node.type === 'input' ? { ...port, dtype: dtypeOfParam(node.params.dtype) } : port
  })
}

/**
 * A new node of a catalogue type with its required params (PyTorch's required constructor
 * arguments) set to their defaults, so the inspector shows them and the code face writes them.
 * Extra `params` override (a block instance passes `{ block: name }`).
 *
 * @throws Error for a type that is neither in the catalogue nor `block`.
 */
export function createNode(
  type: string,
  id: NodeId,
  position: Position,
  params: Record<string, ParamValue> = {},
): GraphNode {
  if (type === BLOCK_TYPE) return { id, type, params: { ...params }, position: { ...position } }
  const layer = findLayer(type)
  if (!layer) throw new Error(`Unknown layer type "${type}".`)
  const filled: Record<string, ParamValue> = {}
  for (const [key, spec] of Object.entries(layer.params)) {
    if (key in params) filled[key] = params[key] as ParamValue
    else if (spec.required) filled[key] = Array.isArray(spec.default) ? [...spec.default] : spec.default
  }
  for (const [key, value] of Object.entries(params)) if (!(key in filled)) filled[key] = value
  return { id, type, params: filled, position: { ...position } }
}

/** True when `id` can name a new node: an identifier, not reserved. */
export function isValidNodeId(id: string): boolean {
  return NODE_ID_PATTERN.test(id) && !RESERVED_IDS.has(id)
}

/**
 * A node id not yet used in `body`, read from `base`: `dense`, then `dense_1`, `dense_2`, ...
 * Characters an identifier cannot hold become `_`; a reserved word gets a suffix too.
 */
export function uniqueNodeId(body: Pick<GraphBody, 'nodes'>, base: string): NodeId {
  let stem = base.replace(/[^A-Za-z0-9_$]/g, '_')
  if (stem === '') stem = 'node'
  if (/^[0-9]/.test(stem)) stem = `_${stem}`
  const taken = new Set(body.nodes.map((n) => n.id))
  if (isValidNodeId(stem) && !taken.has(stem)) return stem
  for (let i = 1; ; i++) {
    const id = `${stem}_${i}`
    if (!taken.has(id) && isValidNodeId(id)) return id
  }
}

const INDEX = /^(0|[1-9][0-9]*)$/

/**
 * Connected inputs in port order, a variadic port's by index (`x0, x1, ...`): the order shape
 * rules, the lowering and every exporter see a node's inputs in. `feeds` maps port names to what
 * is connected there.
 */
export function orderedInputs<T>(
  ports: readonly { readonly name: string; readonly variadic?: unknown }[],
  feeds: ReadonlyMap<string, T>,
): { inputs: T[]; ports: string[] } {
  const inputs: T[] = []
  const names: string[] = []
  for (const port of ports) {
    if (!port.variadic) {
      const v = feeds.get(port.name)
      if (v !== undefined) {
        inputs.push(v)
        names.push(port.name)
      }
      continue
    }
    const indexed = [...feeds.entries()]
      .filter(([name]) => name.startsWith(port.name) && INDEX.test(name.slice(port.name.length)))
      .map(([name, v]) => [Number(name.slice(port.name.length)), name, v] as const)
      .sort((a, b) => a[0] - b[0])
    for (const [, name, v] of indexed) {
      inputs.push(v)
      names.push(name)
    }
  }
  return { inputs, ports: names }
}
