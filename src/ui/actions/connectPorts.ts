import { checkConnection, connectChange } from '../../graph/changes/connect'
import { edgeId, type GraphEdge, type ModelDocument } from '../../graph/document/schema'
import type { AppStore } from '../store/appState'

/** A connection as the canvas reports it: handles are port names. */
export interface PortConnection {
  source: string
  sourceHandle: string | null | undefined
  target: string
  targetHandle: string | null | undefined
}

/** The document edge for a canvas connection, or null when a handle is missing. */
export function edgeFor(conn: PortConnection): GraphEdge | null {
  if (!conn.sourceHandle || !conn.targetHandle) return null
  const ends = {
    source: conn.source,
    sourcePort: conn.sourceHandle,
    target: conn.target,
    targetPort: conn.targetHandle,
  }
  return { id: edgeId(ends), ...ends }
}

/** Whether the canvas may offer this connection (live feedback while dragging a wire). */
export function canConnect(doc: ModelDocument, conn: PortConnection): boolean {
  const edge = edgeFor(conn)
  return edge !== null && checkConnection(doc, edge).ok
}

/**
 * Connects two ports when the graph layer accepts it (an input already fed is rewired; inferred
 * params such as `in_features` follow the new input). A refusal is shown with its reason.
 * @returns whether the connection was made.
 */
export function connectPorts(store: AppStore, conn: PortConnection): boolean {
  const { doc, apply, notify } = store.getState()
  const edge = edgeFor(conn)
  if (!edge) return false
  const check = checkConnection(doc, edge)
  if (!check.ok) {
    notify(`Cannot connect: ${check.reason}`, 'error')
    return false
  }
  apply(connectChange(doc, edge), 'connect')
  return true
}
