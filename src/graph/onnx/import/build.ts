import { numel, type TensorMap } from '../../../engine'
import { createNode, uniqueNodeId } from '../../document/ports'
import {
  edgeId,
  type GraphEdge,
  type GraphNode,
  type GraphOutput,
  type ModelDocument,
  SCHEMA_VERSION,
} from '../../document/schema'
import { findLayer } from '../../layers'
import type { ParamValue } from '../../layers/params'
import { lowerDocument } from '../../lower/lowerDocument'
import { nameText } from './names'
import type { LayerSpec } from './spec'
import type { Value } from './values'

/**
 * The last step of the import: layer specs become nodes (ids from the PyTorch module paths),
 * edges, outputs and positions, and the file's weights become the document's parameters and
 * buffers under Triad's state_dict keys (`<node id>.<name>`).
 */

/** Vertical and horizontal spacing of the layered layout, in flow units. */
const ROW = 120
const COLUMN = 260

/** The params that differ from the layer's defaults, plus its required ones (as documents store them). */
function storedParams(type: string, params: Record<string, ParamValue>): Record<string, ParamValue> {
  const specs = findLayer(type)?.params ?? {}
  const out: Record<string, ParamValue> = {}
  for (const [key, value] of Object.entries(params)) {
    const spec = specs[key]
    if (spec && !spec.required && JSON.stringify(spec.default) === JSON.stringify(value)) continue
    out[key] = value
  }
  return out
}

/** The input port a layer's `i`-th input takes (`x`, `query`, or a variadic `in0`, `in1`, ...). */
function portOf(type: string, i: number): string {
  const ports = findLayer(type)?.inputs ?? []
  const variadic = ports.findIndex((p) => p.variadic)
  if (variadic >= 0 && i >= variadic) return `${ports[variadic]!.name}${i - variadic}`
  const port = ports[i]
  if (!port) throw new Error(`internal: layer ${type} has no input ${i}.`)
  return port.name
}

/** A layered top-to-bottom layout: a node's row is its longest path from an input. */
function layout(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): GraphNode[] {
  const depth = new Map<string, number>()
  for (const n of nodes) {
    const sources = edges.filter((e) => e.target === n.id).map((e) => depth.get(e.source) ?? 0)
    depth.set(n.id, sources.length === 0 ? 0 : Math.max(...sources) + 1)
  }
  const rows = new Map<number, string[]>()
  for (const n of nodes) rows.set(depth.get(n.id)!, [...(rows.get(depth.get(n.id)!) ?? []), n.id])
  return nodes.map((n) => {
    const row = rows.get(depth.get(n.id)!)!
    const i = row.indexOf(n.id)
    return { ...n, position: { x: (i - (row.length - 1) / 2) * COLUMN, y: depth.get(n.id)! * ROW } }
  })
}

/** What `buildDocument` gives: the document and its weights. */
export interface BuiltModel {
  readonly doc: ModelDocument
  readonly params: TensorMap
  readonly buffers: TensorMap
}

/** A name usable as an output name (a JavaScript identifier, not reserved). */
function outputName(name: string, taken: Set<string>): string {
  const id = uniqueNodeId(
    { nodes: [...taken].map((t) => ({ id: t, type: 'input', params: {}, position: { x: 0, y: 0 } })) },
    name,
  )
  taken.add(id)
  return id
}

/**
 * Builds the document from layer specs in graph order. `outputs` are the graph outputs with
 * their values. Checks the result: every parameter and buffer the document lowers to must come
 * from the file with its size (BatchNorm's num_batches_tracked, absent from ONNX, starts at 0).
 */
export function buildDocument(
  specs: readonly LayerSpec[],
  outputs: readonly { name: string; value: Value | undefined }[],
  meta: { name: string; description: string },
): BuiltModel {
  const nodes: GraphNode[] = []
  const edges: GraphEdge[] = []
  const idOf = new Map<number, string>()
  const params: TensorMap = {}
  const buffers: TensorMap = {}
  // a module's own ops share its path (`/layer/Add`, `/layer/Relu`): those take the layer type too
  const uses = new Map<string, number>()
  for (const s of specs) uses.set(s.base, (uses.get(s.base) ?? 0) + 1)
  for (const s of specs) {
    const shared = (uses.get(s.base) ?? 0) > 1 && Object.keys(s.weights).length === 0 && s.base !== s.type
    const id = uniqueNodeId({ nodes }, (shared ? `${s.base}.${s.type}` : s.base).replace(/\./g, '_'))
    s.inputs.forEach((input, i) => {
      const source = idOf.get(input.node)
      if (!source) throw new Error(`internal: the input of ${s.type} ${id} has no layer.`)
      const ends = { source, sourcePort: 'out', target: id, targetPort: portOf(s.type, i) }
      edges.push({ id: edgeId(ends), ...ends })
    })
    nodes.push(createNode(s.type, id, { x: 0, y: 0 }, storedParams(s.type, s.params)))
    idOf.set(s.output.node, id)
    for (const [k, v] of Object.entries(s.weights)) params[`${id}.${k}`] = v
    for (const [k, v] of Object.entries(s.buffers)) buffers[`${id}.${k}`] = v
  }
  const taken = new Set<string>()
  const docOutputs: GraphOutput[] = outputs.map(({ name, value }) => {
    const node = value?.kind === 'act' ? idOf.get(value.node) : undefined
    if (!node)
      throw new Error(
        `graph output '${nameText(name)}' is a constant or has no layer; Triad's outputs are computed.`,
      )
    return { name: outputName(name, taken), node, port: 'out' }
  })
  const doc: ModelDocument = {
    schemaVersion: SCHEMA_VERSION,
    name: meta.name,
    nodes: layout(nodes, edges),
    edges,
    outputs: docOutputs,
    blocks: [],
    metadata: { origin: 'external', description: meta.description },
  }
  const lowered = lowerDocument(doc, { batch: 1, training: false })
  for (const b of lowered.buffers)
    if (b.name.endsWith('.num_batches_tracked') && !buffers[b.name]) buffers[b.name] = new Float32Array(1)
  for (const [kind, slots, map] of [
    ['parameter', lowered.params, params],
    ['buffer', lowered.buffers, buffers],
  ] as const)
    for (const slot of slots) {
      const data = map[slot.name]
      if (!data) throw new Error(`internal: the file gave no ${kind} '${slot.name}'.`)
      if (data.length !== numel(slot.shape))
        throw new Error(
          `internal: ${kind} '${slot.name}' has ${data.length} values, the layer needs ${numel(slot.shape)}.`,
        )
    }
  return { doc, params, buffers }
}
