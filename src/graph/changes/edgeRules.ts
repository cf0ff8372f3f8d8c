import { findInputPort, type NodePort, outputPortsOf } from '../document/ports'
import type { GraphEdge, ModelDocument } from '../document/schema'
import { findPath } from '../document/topology'

/** The endpoints of an edge, with or without its id. */
export type EdgeEnds = Pick<GraphEdge, 'source' | 'sourcePort' | 'target' | 'targetPort'>

/** What a structurally valid edge connects: the two ports, resolved. */
export interface ResolvedEdge {
  from: NodePort
  to: NodePort
}

/**
 * Why an edge cannot exist in `doc` as a matter of structure, or the two ports it joins. These
 * are the rules every document obeys (parseDocument enforces them too): both nodes and ports
 * exist, the input port is free (unless `rewire`: a new edge into a fed port replaces the old
 * one, as when a user drops a wire on it), and the graph stays acyclic. Refusals say which edge or path is
 * in the way.
 */
export function edgeStructure(
  doc: ModelDocument,
  edge: EdgeEnds,
  options: { rewire?: boolean } = {},
): ResolvedEdge | { reason: string } {
  const source = doc.nodes.find((n) => n.id === edge.source)
  const target = doc.nodes.find((n) => n.id === edge.target)
  if (!source) return { reason: `there is no node "${edge.source}"` }
  if (!target) return { reason: `there is no node "${edge.target}"` }
  const outs = outputPortsOf(source, doc)
  const from = outs.find((p) => p.name === edge.sourcePort)
  if (!from)
    return {
      reason: `${source.id} has no output port "${edge.sourcePort}"${outs.length ? ` (its outputs: ${outs.map((p) => p.name).join(', ')})` : ''}`,
    }
  const to = findInputPort(target, edge.targetPort, doc)
  if (!to) return { reason: `${target.id} has no input port "${edge.targetPort}"` }
  if (source.id === target.id) return { reason: `${source.id} cannot feed itself (a self-loop is a cycle)` }
  const holder = doc.edges.find((e) => e.target === edge.target && e.targetPort === edge.targetPort)
  if (holder && holder.source === edge.source && holder.sourcePort === edge.sourcePort)
    return { reason: `${edge.source}:${edge.sourcePort} already feeds ${target.id}:${edge.targetPort}` }
  if (holder && !options.rewire)
    return {
      reason: `input ${target.id}:${edge.targetPort} is already fed by ${holder.source}:${holder.sourcePort} (edge ${holder.id}); disconnect it first`,
    }
  // Rewiring replaces the holder, so a cycle through it does not count.
  const edges = holder && options.rewire ? doc.edges.filter((e) => e !== holder) : doc.edges
  const back = findPath(edges, target.id, source.id)
  if (back) return { reason: `it would close a cycle ${[...back, target.id].join(' -> ')}` }
  return { from, to }
}
