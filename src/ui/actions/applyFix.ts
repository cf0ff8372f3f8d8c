import { checkConnection, connectChange } from '../../graph/changes/connect'
import { createNode, inputPortsOf, outputPortsOf, uniqueNodeId } from '../../graph/document/ports'
import { edgeId, type ModelDocument, type NodeId } from '../../graph/document/schema'
import type { ShapeFix } from '../../graph/layers/types'
import type { AppStore } from '../store/appState'
import { type ChangeStep, composeChanges } from './composeChanges'

function connectStep(
  source: NodeId,
  sourcePort: string | undefined,
  target: NodeId,
  targetPort: string | undefined,
) {
  return (doc: ModelDocument) => {
    if (!sourcePort || !targetPort) return null
    const ends = { source, sourcePort, target, targetPort }
    const edge = { id: edgeId(ends), ...ends }
    return checkConnection(doc, edge).ok ? connectChange(doc, edge) : null
  }
}

/**
 * The steps of an "insert layer" fix: the new layer goes on the edge that feeds `port` of `node`
 * (source -> new layer -> node), placed between the two.
 */
function insertLayerSteps(
  doc: ModelDocument,
  node: NodeId,
  port: string | undefined,
  fix: ShapeFix & { kind: 'insertLayer' },
): ChangeStep[] {
  const target = doc.nodes.find((n) => n.id === node)
  if (!target) return []
  const edge = doc.edges.find((e) => e.target === node && (port === undefined || e.targetPort === port))
  const source = edge ? doc.nodes.find((n) => n.id === edge.source) : undefined
  const position = source
    ? {
        x: Math.round((source.position.x + target.position.x) / 2),
        y: Math.round((source.position.y + target.position.y) / 2) + 80,
      }
    : { x: target.position.x - 220, y: target.position.y + 80 }
  const inserted = createNode(fix.layer, uniqueNodeId(doc, fix.layer), position, fix.params ?? {})
  const steps: ChangeStep[] = []
  if (edge) steps.push({ kind: 'disconnect', id: edge.id })
  steps.push({ kind: 'addNode', node: inserted })
  if (edge)
    steps.push((d) =>
      connectStep(edge.source, edge.sourcePort, inserted.id, inputPortsOf(inserted, d)[0]?.name)(d),
    )
  steps.push((d) =>
    connectStep(inserted.id, outputPortsOf(inserted, d)[0]?.name, node, edge?.targetPort ?? port)(d),
  )
  return steps
}

/**
 * Applies the fix suggested with a node's shape issue ("set in_features to 16", "insert Flatten")
 * as one undo step.
 * @returns whether a fix was applied.
 */
export function applyFix(store: AppStore, node: NodeId): boolean {
  const { doc, shapes, apply, select } = store.getState()
  const issue = shapes.issues[node]
  const fix = issue?.fix
  if (!issue || !fix) return false
  if (fix.kind === 'setParam') {
    apply({ kind: 'setParam', id: node, param: fix.param, value: fix.value }, fix.label)
    return true
  }
  const { change } = composeChanges(doc, insertLayerSteps(doc, node, issue.port, fix), fix.label)
  apply(change, fix.label)
  select([node])
  return true
}
