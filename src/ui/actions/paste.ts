import type { GraphChange } from '../../graph/changes/graphChange'
import { uniqueNodeId } from '../../graph/document/ports'
import { edgeId, type GraphNode, type ModelDocument, type NodeId } from '../../graph/document/schema'
import type { AppStore } from '../store/appState'
import type { ClipboardContent } from '../store/uiSlice'

/** How far a pasted copy sits from its original, in flow units. */
export const PASTE_OFFSET = 40

/** The smallest multiple of the offset that puts no pasted node exactly on an existing one. */
function pasteShift(doc: ModelDocument, nodes: readonly GraphNode[]): number {
  const taken = new Set(doc.nodes.map((n) => `${n.position.x},${n.position.y}`))
  for (let k = 1; ; k++) {
    const d = k * PASTE_OFFSET
    if (!nodes.some((n) => taken.has(`${n.position.x + d},${n.position.y + d}`))) return d
  }
}

/**
 * The changes that paste `content` into `doc`: fresh ids (`dense` -> `dense_1`), edges between
 * pasted nodes remapped, positions shifted so the copy is visible beside the original.
 */
export function pasteChanges(
  doc: ModelDocument,
  content: ClipboardContent,
): { changes: GraphChange[]; ids: NodeId[] } {
  const shift = pasteShift(doc, content.nodes)
  const rename = new Map<NodeId, NodeId>()
  const taken = { nodes: [...doc.nodes] }
  const changes: GraphChange[] = []
  for (const node of content.nodes) {
    const id = uniqueNodeId(taken, node.id)
    rename.set(node.id, id)
    const copy: GraphNode = {
      ...structuredClone(node),
      id,
      position: { x: node.position.x + shift, y: node.position.y + shift },
    }
    taken.nodes.push(copy)
    changes.push({ kind: 'addNode', node: copy })
  }
  for (const edge of content.edges) {
    const source = rename.get(edge.source)
    const target = rename.get(edge.target)
    if (!source || !target) continue
    const moved = { source, sourcePort: edge.sourcePort, target, targetPort: edge.targetPort }
    changes.push({ kind: 'connect', edge: { id: edgeId(moved), ...moved } })
  }
  return { changes, ids: [...rename.values()] }
}

/**
 * Pastes the app clipboard (Ctrl+V) as one undo step and selects the pasted nodes.
 * @returns the ids of the pasted nodes.
 */
export function paste(store: AppStore): NodeId[] {
  const { doc, clipboard, apply, select } = store.getState()
  if (!clipboard || clipboard.nodes.length === 0) return []
  const { changes, ids } = pasteChanges(doc, clipboard)
  apply({ kind: 'batch', changes, label: 'paste' }, 'paste')
  select(ids)
  return ids
}
