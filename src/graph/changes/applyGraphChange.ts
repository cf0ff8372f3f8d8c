import { checkDocument, checkNode, checkOutputs, layerParamsSchema } from '../document/checks'
import { BLOCK_TYPE, isValidNodeId } from '../document/ports'
import { formatProblem, type Problem, zodProblems } from '../document/problems'
import {
  documentSchema,
  edgeId,
  type GraphEdge,
  type GraphNode,
  type ModelDocument,
  type NodeId,
  trainingSchema,
} from '../document/schema'
import { findLayer } from '../layers'
import { edgeStructure } from './edgeRules'
import type { AppliedChange, GraphChange } from './graphChange'

/** A change that cannot apply to the document it was given; the message says why. */
export class GraphChangeError extends Error {
  override name = 'GraphChangeError'
}

function fail(kind: string, why: string): never {
  throw new GraphChangeError(`${kind}: ${why}`)
}

function failProblems(kind: string, problems: readonly Problem[]): void {
  if (problems.length > 0) fail(kind, problems.map(formatProblem).join('; '))
}

function nodeIndex(doc: ModelDocument, id: NodeId, kind: string): number {
  const i = doc.nodes.findIndex((n) => n.id === id)
  if (i < 0) fail(kind, `there is no node "${id}"`)
  return i
}

function insertAt<T>(list: readonly T[], item: T, index: number | undefined): T[] {
  const at = index === undefined ? list.length : Math.max(0, Math.min(index, list.length))
  return [...list.slice(0, at), item, ...list.slice(at)]
}

function withoutKey<T extends object, K extends keyof T>(obj: T, key: K): Omit<T, K> {
  const { [key]: _dropped, ...rest } = obj
  return rest
}

/** Edits that leave the user's code text alone: layout, whole-document swaps, code edits. */
const KEEPS_CODE: ReadonlySet<GraphChange['kind']> = new Set(['move', 'replaceDocument', 'setCode', 'batch'])

/**
 * Applies one edit to a document and returns the new document with the exact inverse of the
 * edit: applying the inverse to the result gives back a document deep-equal to `doc`. Pure: `doc`
 * is never mutated, and untouched parts are shared between the two documents.
 *
 * Edits other than `move`, `setCode` and `replaceDocument` drop `doc.code` (the code face is then
 * regenerated from the graph); their inverse puts it back.
 *
 * @throws GraphChangeError for a change that does not fit the document (a missing node, an
 *   occupied input port, an edge that would close a cycle, a param the layer does not have...).
 *   The result of a successful change always passes `parseDocument`'s checks.
 * @example
 * const { doc: next, inverse } = applyGraphChange(doc, { kind: 'move', id: 'dense', position: { x: 0, y: 0 } })
 */
export function applyGraphChange(doc: ModelDocument, change: GraphChange): AppliedChange {
  if (change.kind === 'batch') {
    let current = doc
    const inverses: GraphChange[] = []
    for (const sub of change.changes) {
      const applied = applyGraphChange(current, sub)
      current = applied.doc
      inverses.push(applied.inverse)
    }
    inverses.reverse()
    return {
      doc: current,
      inverse: {
        kind: 'batch',
        changes: inverses,
        ...(change.label !== undefined ? { label: change.label } : {}),
      },
    }
  }
  const applied = applyOne(doc, change)
  if (KEEPS_CODE.has(change.kind) || doc.code === undefined) return applied
  return {
    doc: withoutKey(applied.doc, 'code'),
    inverse: { kind: 'batch', changes: [applied.inverse, { kind: 'setCode', code: doc.code }] },
  }
}

function applyOne(doc: ModelDocument, change: Exclude<GraphChange, { kind: 'batch' }>): AppliedChange {
  switch (change.kind) {
    case 'addNode':
      return addNode(doc, change.node, change.index)
    case 'removeNode':
      return removeNode(doc, change.id)
    case 'connect':
      return connect(doc, change.edge, change.index)
    case 'disconnect': {
      const i = doc.edges.findIndex((e) => e.id === change.id)
      if (i < 0) fail('disconnect', `there is no edge "${change.id}"`)
      return {
        doc: { ...doc, edges: doc.edges.filter((_, j) => j !== i) },
        inverse: { kind: 'connect', edge: doc.edges[i]!, index: i },
      }
    }
    case 'setParam':
      return setParam(doc, change.id, change.param, change.value)
    case 'move': {
      const i = nodeIndex(doc, change.id, 'move')
      const node = doc.nodes[i]!
      const nodes = doc.nodes.slice()
      nodes[i] = { ...node, position: { ...change.position } }
      return { doc: { ...doc, nodes }, inverse: { kind: 'move', id: node.id, position: node.position } }
    }
    case 'renameNode':
      return renameNode(doc, change.id, change.to)
    case 'setOutputs': {
      failProblems('setOutputs', checkOutputs(change.outputs, doc, 'outputs', doc))
      return {
        doc: { ...doc, outputs: change.outputs },
        inverse: { kind: 'setOutputs', outputs: doc.outputs },
      }
    }
    case 'setTraining': {
      const inverse: GraphChange = { kind: 'setTraining', training: doc.training }
      if (change.training === undefined) return { doc: withoutKey(doc, 'training'), inverse }
      const parsed = trainingSchema.safeParse(change.training)
      if (!parsed.success)
        failProblems('setTraining', zodProblems(parsed.error.issues, change.training, ['training']))
      return { doc: { ...doc, training: change.training }, inverse }
    }
    case 'setName': {
      if (change.name.length === 0) fail('setName', 'a model needs a name')
      return { doc: { ...doc, name: change.name }, inverse: { kind: 'setName', name: doc.name } }
    }
    case 'setBlocks': {
      const next = { ...doc, blocks: change.blocks }
      checkWhole('setBlocks', next)
      return { doc: next, inverse: { kind: 'setBlocks', blocks: doc.blocks } }
    }
    case 'setCode': {
      const inverse: GraphChange = { kind: 'setCode', code: doc.code }
      return {
        doc: change.code === undefined ? withoutKey(doc, 'code') : { ...doc, code: change.code },
        inverse,
      }
    }
    case 'replaceDocument': {
      checkWhole('replaceDocument', change.doc)
      return { doc: change.doc, inverse: { kind: 'replaceDocument', doc } }
    }
  }
}

/** Structure (zod) and semantics of a whole document, as `parseDocument` checks them. */
function checkWhole(kind: string, doc: ModelDocument): void {
  const parsed = documentSchema.safeParse(doc)
  if (!parsed.success) failProblems(kind, zodProblems(parsed.error.issues, doc))
  failProblems(kind, checkDocument(doc))
}

function addNode(doc: ModelDocument, node: GraphNode, index: number | undefined): AppliedChange {
  if (!isValidNodeId(node.id))
    fail(
      'addNode',
      `"${node.id}" cannot be a node id: it must be a JavaScript identifier and not a reserved word`,
    )
  if (doc.nodes.some((n) => n.id === node.id)) fail('addNode', `a node "${node.id}" already exists`)
  failProblems('addNode', checkNode(node, 'node', doc))
  return {
    doc: { ...doc, nodes: insertAt(doc.nodes, node, index) },
    inverse: { kind: 'removeNode', id: node.id },
  }
}

function removeNode(doc: ModelDocument, id: NodeId): AppliedChange {
  const index = nodeIndex(doc, id, 'removeNode')
  const restore: GraphChange[] = [{ kind: 'addNode', node: doc.nodes[index]!, index }]
  const edges: GraphEdge[] = []
  doc.edges.forEach((e, i) => {
    // Re-inserting in ascending index order puts every edge back at its old position.
    if (e.source === id || e.target === id) restore.push({ kind: 'connect', edge: e, index: i })
    else edges.push(e)
  })
  const outputs = doc.outputs.filter((o) => o.node !== id)
  if (outputs.length !== doc.outputs.length) restore.push({ kind: 'setOutputs', outputs: doc.outputs })
  return {
    doc: { ...doc, nodes: doc.nodes.filter((_, i) => i !== index), edges, outputs },
    inverse: { kind: 'batch', changes: restore },
  }
}

function connect(doc: ModelDocument, edge: GraphEdge, index: number | undefined): AppliedChange {
  const canonical = edgeId(edge)
  if (edge.id !== canonical) fail('connect', `edge id must be "${canonical}", got "${edge.id}"`)
  const resolved = edgeStructure(doc, edge)
  if ('reason' in resolved) fail('connect', `cannot connect ${canonical}: ${resolved.reason}`)
  return {
    doc: { ...doc, edges: insertAt(doc.edges, edge, index) },
    inverse: { kind: 'disconnect', id: edge.id },
  }
}

function setParam(
  doc: ModelDocument,
  id: NodeId,
  param: string,
  value: GraphNode['params'][string] | undefined,
): AppliedChange {
  const i = nodeIndex(doc, id, 'setParam')
  const node = doc.nodes[i]!
  const layer = findLayer(node.type)
  if (layer && !(param in layer.params))
    fail(
      'setParam',
      `${node.type} has no param "${param}" (its params: ${Object.keys(layer.params).join(', ') || 'none'})`,
    )
  if (node.type === BLOCK_TYPE && value === undefined)
    fail('setParam', 'a block instance must name its block')
  const params = { ...node.params }
  if (value === undefined) delete params[param]
  else params[param] = value
  const next: GraphNode = { ...node, params }
  if (layer) {
    if (value !== undefined) {
      const parsed = layerParamsSchema(layer).safeParse({ [param]: value })
      if (!parsed.success)
        failProblems('setParam', zodProblems(parsed.error.issues, { [param]: value }, [id]))
    }
  } else failProblems('setParam', checkNode(next, id, doc))
  const nodes = doc.nodes.slice()
  nodes[i] = next
  const result: ModelDocument = { ...doc, nodes }
  if (node.type === BLOCK_TYPE) {
    // Another block may have other ports: the node's edges and outputs must still fit.
    const touching = doc.edges.filter((e) => e.source === id || e.target === id)
    const rest = { ...result, edges: doc.edges.filter((e) => !touching.includes(e)) }
    for (const e of touching) {
      const r = edgeStructure(rest, e)
      if ('reason' in r) fail('setParam', `edge ${e.id} would no longer fit: ${r.reason}`)
    }
    failProblems('setParam', checkOutputs(doc.outputs, result, 'outputs', result))
  }
  const old = node.params[param]
  return {
    doc: result,
    inverse: { kind: 'setParam', id, param, value: param in node.params ? old : undefined },
  }
}

function renameNode(doc: ModelDocument, id: NodeId, to: NodeId): AppliedChange {
  const i = nodeIndex(doc, id, 'renameNode')
  if (to === id) return { doc, inverse: { kind: 'renameNode', id, to } }
  if (!isValidNodeId(to))
    fail(
      'renameNode',
      `"${to}" cannot be a node id: it must be a JavaScript identifier and not a reserved word`,
    )
  if (doc.nodes.some((n) => n.id === to)) fail('renameNode', `a node "${to}" already exists`)
  const nodes = doc.nodes.slice()
  nodes[i] = { ...doc.nodes[i]!, id: to }
  const edges = doc.edges.map((e) => {
    if (e.source !== id && e.target !== id) return e
    const ends = {
      source: e.source === id ? to : e.source,
      sourcePort: e.sourcePort,
      target: e.target === id ? to : e.target,
      targetPort: e.targetPort,
    }
    return { ...e, ...ends, id: edgeId(ends) }
  })
  const outputs = doc.outputs.map((o) => (o.node === id ? { ...o, node: to } : o))
  return { doc: { ...doc, nodes, edges, outputs }, inverse: { kind: 'renameNode', id: to, to: id } }
}
