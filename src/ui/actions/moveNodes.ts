import type { GraphChange } from '../../graph/changes/graphChange'
import type { NodeId, Position } from '../../graph/document/schema'
import type { AppStore } from '../store/appState'

/**
 * Commits node positions (the end of a drag, an auto-layout) as one undo step. Positions are
 * rounded to whole flow units so documents stay tidy.
 * @returns the number of nodes that moved.
 */
export function moveNodes(
  store: AppStore,
  moves: readonly { id: NodeId; position: Position }[],
  label = 'move',
): number {
  const { doc, apply } = store.getState()
  const changes: GraphChange[] = []
  for (const { id, position } of moves) {
    const node = doc.nodes.find((n) => n.id === id)
    const p = { x: Math.round(position.x), y: Math.round(position.y) }
    if (node && (node.position.x !== p.x || node.position.y !== p.y))
      changes.push({ kind: 'move', id, position: p })
  }
  if (changes.length === 0) return 0
  apply(changes.length === 1 ? (changes[0] as GraphChange) : { kind: 'batch', changes, label }, label)
  return changes.length
}
