import { outputPortsOf } from '../document/ports'
import { edgeId, type GraphEdge, type ModelDocument } from '../document/schema'
import { findLayer } from '../layers'
import type { PortDtype } from '../layers/types'
import { inferShapes } from '../shapes/inferShapes'
import { applyGraphChange } from './applyGraphChange'
import { type EdgeEnds, edgeStructure } from './edgeRules'
import type { GraphChange } from './graphChange'

/** Whether an edge may be drawn, and if not, why (in words for the status bar). */
export type ConnectionCheck = { ok: true } | { ok: false; reason: string }

/**
 * Whether `edge` may be added to `doc`: refuses a self-loop, an edge that would close a cycle
 * (naming the path), a missing node or port, and a float output into an int port (token ids into an Embedding). Cheap enough to
 * call on every pointer move while a wire is dragged.
 */
export function checkConnection(doc: ModelDocument, edge: EdgeEnds): ConnectionCheck {
  // A wire dropped on an input that is already fed replaces its edge (see connectChange).
  const resolved = edgeStructure(doc, edge, { rewire: true })
  if ('reason' in resolved) return { ok: false, reason: resolved.reason }
  // The source's dtype may depend on its inputs (Flatten of token ids stays int): ask shape
  // inference, only when it matters (int ports are rare), else trust the declared port dtype.
  if (resolved.to.dtype === 'int' && sourceDtype(doc, edge, resolved.from.dtype) === 'float')
    return {
      ok: false,
      reason: `${edge.target}:${edge.targetPort} takes integer ids but ${edge.source}:${edge.sourcePort} carries float values`,
    }
  return { ok: true }
}

function sourceDtype(doc: ModelDocument, edge: EdgeEnds, declared: PortDtype): PortDtype {
  const source = doc.nodes.find((n) => n.id === edge.source)
  if (!source) return declared
  const index = outputPortsOf(source, doc).findIndex((p) => p.name === edge.sourcePort)
  return inferShapes(doc).dtypes?.[edge.source]?.[index] ?? declared
}

/** Bound on follow-up param fixes, in case a shape rule keeps suggesting new ones. */
const MAX_INFERRED_FIXES = 8

/**
 * The change that draws `edge`, as one undoable batch: the `connect`, preceded by a `disconnect`
 * of whatever fed the target port before (rewiring), and followed by a `setParam` for each
 * target param marked `inferredFromInput` that the target's shape rule asks for. Dropping an
 * edge into a Dense thus sets its `in_features`, as PyTorch's Lazy modules do.
 *
 * @throws GraphChangeError when the edge is structurally impossible (see `checkConnection`).
 */
export function connectChange(doc: ModelDocument, edge: EdgeEnds): GraphChange {
  const ends = {
    source: edge.source,
    sourcePort: edge.sourcePort,
    target: edge.target,
    targetPort: edge.targetPort,
  }
  const full: GraphEdge = { id: edgeId(ends), ...ends }
  const changes: GraphChange[] = []
  const holder = doc.edges.find((e) => e.target === edge.target && e.targetPort === edge.targetPort)
  if (holder && holder.id !== full.id) changes.push({ kind: 'disconnect', id: holder.id })
  if (holder?.id !== full.id) changes.push({ kind: 'connect', edge: full })
  let current = applyGraphChange(doc, { kind: 'batch', changes }).doc
  const target = current.nodes.find((n) => n.id === edge.target)
  const layer = target ? findLayer(target.type) : undefined
  const fixed = new Set<string>()
  for (let i = 0; layer && i < MAX_INFERRED_FIXES; i++) {
    const fix = inferShapes(current).issues[edge.target]?.fix
    if (fix?.kind !== 'setParam' || fixed.has(fix.param) || !layer.params[fix.param]?.inferredFromInput) break
    fixed.add(fix.param)
    const set: GraphChange = { kind: 'setParam', id: edge.target, param: fix.param, value: fix.value }
    current = applyGraphChange(current, set).doc
    changes.push(set)
  }
  return { kind: 'batch', changes, label: `connect ${edge.source} to ${edge.target}` }
}
