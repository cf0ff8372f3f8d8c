import { applyGraphChange } from '../../graph/changes/applyGraphChange'
import { checkConnection, connectChange } from '../../graph/changes/connect'
import { BLOCK_TYPE, createNode, inputPortsOf, outputPortsOf, uniqueNodeId } from '../../graph/document/ports'
import {
  edgeId,
  type GraphNode,
  type ModelDocument,
  type NodeId,
  type Position,
} from '../../graph/document/schema'
import { findLayer } from '../../graph/layers'
import { inferShapes } from '../../graph/shapes/inferShapes'
import type { AppStore } from '../store/appState'
import { type ChangeStep, composeChanges } from './composeChanges'

/** Horizontal distance between a node and one added after it. */
export const NODE_SPACING_X = 260

/** What to add: a catalogue layer type, or an instance of one of the document's blocks. */
export type LayerKind = { type: string } | { block: string }

function newNode(doc: ModelDocument, kind: LayerKind, position: Position): GraphNode | null {
  if ('block' in kind) {
    if (!doc.blocks.some((b) => b.name === kind.block)) return null
    return createNode(BLOCK_TYPE, uniqueNodeId(doc, kind.block), position, { block: kind.block })
  }
  if (!findLayer(kind.type)) return null
  return createNode(kind.type, uniqueNodeId(doc, kind.type), position)
}

/** Where a node lands when it is added without a drop point. */
function defaultPosition(
  doc: ModelDocument,
  anchor: GraphNode | undefined,
  center: Position | null,
): Position {
  if (anchor) return { x: anchor.position.x + NODE_SPACING_X, y: anchor.position.y }
  const base = center ?? { x: 0, y: 0 }
  // Cascade so repeated clicks do not stack nodes exactly on top of each other.
  const taken = new Set(doc.nodes.map((n) => `${Math.round(n.position.x)},${Math.round(n.position.y)}`))
  for (let k = 0; ; k++) {
    const p = { x: Math.round(base.x + 30 * k), y: Math.round(base.y + 30 * k) }
    if (!taken.has(`${p.x},${p.y}`)) return p
  }
}

/**
 * The change that feeds `target`'s first input from `source`'s first output, when the connection
 * is allowed and the target's shapes then check.
 */
function autoConnect(doc: ModelDocument, source: NodeId, target: NodeId) {
  const from = doc.nodes.find((n) => n.id === source)
  const to = doc.nodes.find((n) => n.id === target)
  if (!from || !to) return null
  const out = outputPortsOf(from, doc)[0]
  const port = inputPortsOf(to, doc)[0]
  if (!out || !port) return null
  const ends = { source, sourcePort: out.name, target, targetPort: port.name }
  const edge = { id: edgeId(ends), ...ends }
  if (!checkConnection(doc, edge).ok) return null
  // Wire it only when the shapes check: a guess that breaks the model is worse than no wire.
  const change = connectChange(doc, edge)
  return inferShapes(applyGraphChange(doc, change).doc).issues[target] ? null : change
}

/**
 * Adds a layer (palette click, Enter or drop) as one undo step and selects it.
 * With a drop `position` the node lands there. Without one it lands right of the single selected
 * node and is wired to it when the shapes check (building a chain by clicking), or at the view center.
 * @returns the new node's id, or null for an unknown type or block.
 */
export function addLayer(store: AppStore, kind: LayerKind, position?: Position): NodeId | null {
  const { doc, selection, viewCenter, apply, select, notify } = store.getState()
  const anchor =
    position === undefined && selection.nodes.length === 1
      ? doc.nodes.find((n) => n.id === selection.nodes[0])
      : undefined
  const node = newNode(doc, kind, position ?? defaultPosition(doc, anchor, viewCenter))
  if (!node) {
    notify(`Unknown layer ${'block' in kind ? `block ${kind.block}` : kind.type}.`, 'error')
    return null
  }
  const steps: ChangeStep[] = [{ kind: 'addNode', node }]
  if (anchor) steps.push((d) => autoConnect(d, anchor.id, node.id))
  const label = `add ${node.id}`
  apply(composeChanges(doc, steps, label).change, label)
  select([node.id])
  return node.id
}
