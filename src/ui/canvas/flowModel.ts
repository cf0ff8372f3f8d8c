import type { Edge, Node } from '@xyflow/react'
import { BLOCK_TYPE, blockOf, inputPortsOf, outputPortsOf, type PortDtype } from '../../graph/document/ports'
import type { GraphNode, ModelDocument, NodeId } from '../../graph/document/schema'
import { findLayer } from '../../graph/layers'
import type { ParamSpec, ParamValue } from '../../graph/layers/params'
import type { LayerCategory } from '../../graph/layers/types'
import { edgeShape } from '../../graph/shapes/inferShapes'
import type { NodeShapeIssue, ShapeReport } from '../../graph/shapes/report'
import { formatShape } from '../../graph/shapes/shape'
import type { Selection } from '../store/selectionSlice'

/** A port as a node draws it. */
export interface PortView {
  name: string
  dtype: PortDtype
  optional: boolean
  connected: boolean
  /** The shape flowing through the port, e.g. `[N, 16]`, when known. */
  shape?: string
  /** The node's shape issue names this port. */
  hasIssue: boolean
}

/** Everything a layer node component draws; plain data derived from the document and shapes. */
export interface LayerNodeData extends Record<string, unknown> {
  id: NodeId
  title: string
  /** The layer type, or `block` for a block instance. */
  type: string
  category: LayerCategory | 'block' | 'unknown'
  isBlock: boolean
  inputs: PortView[]
  outputs: PortView[]
  /** Params worth reading on the canvas: required ones and those that differ from the default. */
  summary: { name: string; value: string }[]
  stats?: { paramCount: number; flops: number }
  issue?: NodeShapeIssue
}

export interface ShapeEdgeData extends Record<string, unknown> {
  /** `[N, 16]`, or undefined when the source does not check. */
  shape?: string
  /** The target's issue is on this edge's port. */
  hasIssue: boolean
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>
export type ShapeFlowEdge = Edge<ShapeEdgeData, 'shape'>

/** A param value as PyTorch code reads: tuples `(3, 3)`, lists `[1, 28, 28]`, `None`. */
function valueText(v: ParamValue | undefined, spec: ParamSpec): string {
  if (v === null || v === undefined) return 'None'
  if (Array.isArray(v)) return spec.kind === 'intList' ? `[${v.join(', ')}]` : `(${v.join(', ')})`
  return String(v)
}

/** Required params and params set away from their default, in declaration order. */
function paramSummary(node: GraphNode): { name: string; value: string }[] {
  if (node.type === BLOCK_TYPE) return []
  const layer = findLayer(node.type)
  if (!layer) return []
  const out: { name: string; value: string }[] = []
  for (const [name, spec] of Object.entries(layer.params)) {
    if (spec.inferredFromInput) continue
    if (name in node.params || spec.required)
      out.push({ name, value: valueText(node.params[name] ?? spec.default, spec) })
  }
  return out
}

/** The canvas data of one node. */
export function layerNodeData(node: GraphNode, doc: ModelDocument, report: ShapeReport): LayerNodeData {
  const layer = findLayer(node.type)
  const isBlock = node.type === BLOCK_TYPE
  const issue = report.issues[node.id]
  const incoming = new Map(doc.edges.filter((e) => e.target === node.id).map((e) => [e.targetPort, e]))
  const outgoing = new Set(doc.edges.filter((e) => e.source === node.id).map((e) => e.sourcePort))
  const outShapes = report.outputs[node.id]
  const inputs = inputPortsOf(node, doc).map<PortView>((p) => {
    const edge = incoming.get(p.name)
    const shape = edge ? edgeShape(report, edge) : undefined
    return {
      name: p.name,
      dtype: p.dtype,
      optional: p.optional,
      connected: edge !== undefined,
      ...(shape ? { shape: formatShape(shape) } : {}),
      hasIssue: issue?.port === p.name,
    }
  })
  const outputs = outputPortsOf(node, doc).map<PortView>((p, i) => {
    const shape = outShapes?.[i]
    return {
      name: p.name,
      dtype: p.dtype,
      optional: p.optional,
      connected: outgoing.has(p.name),
      ...(shape ? { shape: formatShape(shape) } : {}),
      hasIssue: false,
    }
  })
  const stats = report.stats[node.id]
  const blockName = isBlock ? (blockOf(node, doc)?.name ?? String(node.params.block ?? 'block')) : undefined
  return {
    id: node.id,
    // "Dense (Linear)" -> "Dense": the node is narrow; the inspector shows the full label.
    title: blockName ?? layer?.label.replace(/\s*\(.*\)$/, '') ?? node.type,
    type: node.type,
    category: isBlock ? 'block' : (layer?.category ?? 'unknown'),
    isBlock,
    inputs,
    outputs,
    summary: paramSummary(node),
    ...(stats ? { stats } : {}),
    ...(issue ? { issue } : {}),
  }
}

/**
 * Node data computed earlier, reused while what it was computed from is unchanged, so a
 * selection change or a drag does not re-render every node.
 */
export type NodeDataCache = Map<
  NodeId,
  { node: GraphNode; doc: Pick<ModelDocument, 'edges' | 'blocks'>; report: ShapeReport; data: LayerNodeData }
>

function cachedData(node: GraphNode, doc: ModelDocument, report: ShapeReport, cache?: NodeDataCache) {
  const hit = cache?.get(node.id)
  if (
    hit &&
    hit.node === node &&
    hit.report === report &&
    hit.doc.edges === doc.edges &&
    hit.doc.blocks === doc.blocks
  )
    return hit.data
  const data = layerNodeData(node, doc, report)
  cache?.set(node.id, { node, doc: { edges: doc.edges, blocks: doc.blocks }, report, data })
  return data
}

/** React Flow nodes for the document: one `layer` node per document node. */
export function flowNodes(
  doc: ModelDocument,
  report: ShapeReport,
  selection: Selection,
  cache?: NodeDataCache,
): LayerFlowNode[] {
  const selected = new Set(selection.nodes)
  if (cache) for (const id of cache.keys()) if (!doc.nodes.some((n) => n.id === id)) cache.delete(id)
  return doc.nodes.map((node) => ({
    id: node.id,
    type: 'layer',
    position: node.position,
    data: cachedData(node, doc, report, cache),
    selected: selected.has(node.id),
  }))
}

/** React Flow edges for the document, labelled with the tensor shape they carry. */
export function flowEdges(doc: ModelDocument, report: ShapeReport, selection: Selection): ShapeFlowEdge[] {
  const selected = new Set(selection.edges)
  return doc.edges.map((e) => {
    const shape = edgeShape(report, e)
    return {
      id: e.id,
      type: 'shape',
      source: e.source,
      sourceHandle: e.sourcePort,
      target: e.target,
      targetHandle: e.targetPort,
      selected: selected.has(e.id),
      data: {
        ...(shape ? { shape: formatShape(shape) } : {}),
        hasIssue: report.issues[e.target]?.port === e.targetPort,
      },
    }
  })
}
