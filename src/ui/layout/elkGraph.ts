import type { ElkNode } from 'elkjs/lib/elk-api'
import { inputPortsOf, outputPortsOf } from '../../graph/document/ports'
import type { ModelDocument, NodeId, Position } from '../../graph/document/schema'
import type { Size } from '../store/uiSlice'

/** A layout engine: ELK's `layout` call (in a worker in the app, a fake in tests). */
export type LayoutEngine = (graph: ElkNode) => Promise<ElkNode>

/** Size assumed for a node the canvas has not measured yet. */
export const DEFAULT_NODE_SIZE: Size = { width: 200, height: 90 }

/** Layered, left to right, ports in their declared order: reads like a forward pass. */
const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '80',
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.crossingMinimization.semiInteractive': 'true',
  'elk.portConstraints': 'FIXED_ORDER',
}

/** The ELK graph of a document: one ELK node per node, with its ports, and one edge per edge. */
export function toElkGraph(doc: ModelDocument, sizes: Readonly<Record<NodeId, Size>>): ElkNode {
  return {
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: doc.nodes.map((node) => {
      const size = sizes[node.id] ?? DEFAULT_NODE_SIZE
      const inputs = inputPortsOf(node, doc).map((p, i) => ({
        id: `${node.id}.in.${p.name}`,
        layoutOptions: { 'elk.port.side': 'WEST', 'elk.port.index': String(i) },
      }))
      const outputs = outputPortsOf(node, doc).map((p, i) => ({
        id: `${node.id}.out.${p.name}`,
        layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) },
      }))
      return { id: node.id, width: size.width, height: size.height, ports: [...inputs, ...outputs] }
    }),
    edges: doc.edges.map((e) => ({
      id: e.id,
      sources: [`${e.source}.out.${e.sourcePort}`],
      targets: [`${e.target}.in.${e.targetPort}`],
    })),
  }
}

/** Node positions read back from a laid-out ELK graph. */
export function positionsFromElk(result: ElkNode): { id: NodeId; position: Position }[] {
  return (result.children ?? []).map((c) => ({ id: c.id, position: { x: c.x ?? 0, y: c.y ?? 0 } }))
}
