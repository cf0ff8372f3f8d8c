import type { z } from 'zod'
import { findLayer, LAYERS } from '../layers'
import { paramsSchema } from '../layers/params'
import type { LayerDef } from '../layers/types'
import { BLOCK_TYPE, type BlockScope, blockOf, findInputPort, outputPortsOf } from './ports'
import { childPath, type Problem, zodProblems } from './problems'
import type { BlockDef, GraphBody, GraphNode, GraphOutput, ModelDocument } from './schema'
import { edgeId } from './schema'
import { findCycle, findPath } from './topology'

/**
 * Semantic checks of a document that zod's structural schema cannot express: layer types and
 * their params, edges that point at real ports, one edge per input port, canonical edge ids,
 * outputs, blocks, and cycles. Each check returns problems located by JSON path; `parseDocument`
 * reports them all, `applyGraphChange` throws on the first ones.
 */

const SCHEMAS = new WeakMap<LayerDef, z.ZodType>()

/** The zod schema of a layer's params, built once per layer. */
export function layerParamsSchema(layer: LayerDef): z.ZodType {
  let s = SCHEMAS.get(layer)
  if (!s) {
    s = paramsSchema(layer.params)
    SCHEMAS.set(layer, s)
  }
  return s
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++)
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)))
    prev = row
  }
  return prev[b.length]!
}

/** The closest catalogue type to a misspelt one (`dnse` -> `dense`), if any is close. */
function closestLayerType(type: string): string | undefined {
  let best: string | undefined
  let bestDistance = 3
  for (const layer of LAYERS) {
    const d = editDistance(type.toLowerCase(), layer.type.toLowerCase())
    if (d < bestDistance) {
      best = layer.type
      bestDistance = d
    }
  }
  return best
}

/**
 * A node's type and params: a known layer type whose params pass the layer's schema (no unknown
 * key, right types and ranges), or a block instance `{ block: name }` naming an existing block.
 *
 * @param path the node's JSON path, e.g. `nodes[2]`
 */
export function checkNode(node: GraphNode, path: string, scope: BlockScope): Problem[] {
  const paramsPath = childPath(path, 'params')
  if (node.type === BLOCK_TYPE) {
    const problems: Problem[] = []
    for (const key of Object.keys(node.params))
      if (key !== 'block')
        problems.push({
          path: childPath(paramsPath, key),
          message: `a block instance takes only "block", not "${key}"`,
        })
    const name = node.params.block
    if (typeof name !== 'string')
      problems.push({ path: childPath(paramsPath, 'block'), message: 'expected the name of a block' })
    else if (!blockOf(node, scope))
      problems.push({ path: childPath(paramsPath, 'block'), message: `no block named "${name}"` })
    return problems
  }
  const layer = findLayer(node.type)
  if (!layer) {
    const near = closestLayerType(node.type)
    return [
      {
        path: childPath(path, 'type'),
        message: `unknown layer type "${node.type}"${near ? ` (did you mean "${near}"?)` : ''}`,
      },
    ]
  }
  const result = layerParamsSchema(layer).safeParse(node.params)
  if (result.success) return []
  const known = Object.keys(layer.params)
  return zodProblems(result.error.issues, node.params).map((p) => {
    const key = p.message.match(/^unknown key "(.*)"$/)?.[1]
    const message =
      key === undefined
        ? p.message
        : `"${key}" is not a param of ${layer.type}${known.length ? ` (its params: ${known.join(', ')})` : ' (it takes none)'}`
    return { path: p.path ? `${paramsPath}.${p.path}` : paramsPath, message }
  })
}

/**
 * A graph body (the model or a block's subgraph): unique node ids, valid nodes, edges between
 * existing ports with canonical ids, at most one edge per input port, no cycle.
 *
 * @param path the body's JSON path: `''` for the document, `blocks[0]` for a block
 */
export function checkBody(body: GraphBody, path: string, scope: BlockScope): Problem[] {
  const problems: Problem[] = []
  const nodesPath = childPath(path, 'nodes')
  const edgesPath = childPath(path, 'edges')
  const firstIndex = new Map<string, number>()
  body.nodes.forEach((node, i) => {
    const at = childPath(nodesPath, i)
    const seen = firstIndex.get(node.id)
    if (seen !== undefined)
      problems.push({
        path: childPath(at, 'id'),
        message: `duplicate node id "${node.id}" (also ${childPath(nodesPath, seen)})`,
      })
    else firstIndex.set(node.id, i)
    problems.push(...checkNode(node, at, scope))
  })
  const portTaken = new Map<string, number>()
  body.edges.forEach((edge, i) => {
    const at = childPath(edgesPath, i)
    const canonical = edgeId(edge)
    if (edge.id !== canonical)
      problems.push({ path: childPath(at, 'id'), message: `expected "${canonical}", got "${edge.id}"` })
    const si = firstIndex.get(edge.source)
    const ti = firstIndex.get(edge.target)
    const source = si === undefined ? undefined : body.nodes[si]
    const target = ti === undefined ? undefined : body.nodes[ti]
    if (!source) problems.push({ path: childPath(at, 'source'), message: `no node "${edge.source}"` })
    else {
      const ports = outputPortsOf(source, scope)
      if (ports.length > 0 && !ports.some((p) => p.name === edge.sourcePort))
        problems.push({
          path: childPath(at, 'sourcePort'),
          message: `${source.id} has no output port "${edge.sourcePort}" (its outputs: ${ports.map((p) => p.name).join(', ')})`,
        })
    }
    if (!target) problems.push({ path: childPath(at, 'target'), message: `no node "${edge.target}"` })
    else if (
      (findLayer(target.type) || blockOf(target, scope)) &&
      !findInputPort(target, edge.targetPort, body, scope)
    )
      problems.push({
        path: childPath(at, 'targetPort'),
        message: `${target.id} has no input port "${edge.targetPort}"`,
      })
    const key = `${edge.target}\u0000${edge.targetPort}`
    const holder = portTaken.get(key)
    if (holder !== undefined)
      problems.push({
        path: childPath(at, 'targetPort'),
        message: `port ${edge.target}:${edge.targetPort} already has an edge (${childPath(edgesPath, holder)}); an input port takes one edge`,
      })
    else portTaken.set(key, i)
  })
  const cycle = findCycle(body)
  if (cycle) {
    // Blame the cycle's edge that comes last in the document (usually the one drawn last), and
    // print the cycle so that it ends with that edge.
    const steps = cycle
      .slice(1)
      .map((to, k) => body.edges.findIndex((e) => e.source === cycle[k] && e.target === to))
    const last = Math.max(...steps)
    const at = steps.indexOf(last)
    const ring = cycle.slice(0, -1)
    const rotated = [...ring.slice(at + 1), ...ring.slice(0, at + 1)]
    problems.push({
      path: childPath(edgesPath, last),
      message: `closes a cycle ${[...rotated, rotated[0]].join(' -> ')}; a model must be acyclic`,
    })
  }
  return problems
}

/** Graph outputs: unique names, each naming an existing node and one of its output ports. */
export function checkOutputs(
  outputs: readonly GraphOutput[],
  body: GraphBody,
  path: string,
  scope: BlockScope,
): Problem[] {
  const problems: Problem[] = []
  const names = new Set<string>()
  outputs.forEach((out, i) => {
    const at = childPath(path, i)
    if (names.has(out.name))
      problems.push({ path: childPath(at, 'name'), message: `duplicate output name "${out.name}"` })
    names.add(out.name)
    const node = body.nodes.find((n) => n.id === out.node)
    if (!node) {
      problems.push({ path: childPath(at, 'node'), message: `no node "${out.node}"` })
      return
    }
    const ports = outputPortsOf(node, scope)
    if (ports.length > 0 && !ports.some((p) => p.name === out.port))
      problems.push({
        path: childPath(at, 'port'),
        message: `${node.id} has no output port "${out.port}" (its outputs: ${ports.map((p) => p.name).join(', ')})`,
      })
  })
  return problems
}

/** Blocks this block instantiates, directly. */
function usedBlocks(block: BlockDef): string[] {
  return block.nodes.flatMap((n) =>
    n.type === BLOCK_TYPE && typeof n.params.block === 'string' ? [n.params.block] : [],
  )
}

/**
 * The block definitions: unique names, inputs naming inner `input` nodes, valid bodies and
 * outputs, and no block that contains itself (directly or through another block).
 */
export function checkBlocks(blocks: readonly BlockDef[], scope: BlockScope): Problem[] {
  const problems: Problem[] = []
  const names = new Map<string, number>()
  blocks.forEach((block, i) => {
    const at = childPath('blocks', i)
    const seen = names.get(block.name)
    if (seen !== undefined)
      problems.push({
        path: childPath(at, 'name'),
        message: `duplicate block name "${block.name}" (also blocks[${seen}])`,
      })
    else names.set(block.name, i)
    const inputs = new Set<string>()
    block.inputs.forEach((id, j) => {
      const p = childPath(childPath(at, 'inputs'), j)
      if (inputs.has(id)) problems.push({ path: p, message: `"${id}" is listed twice` })
      inputs.add(id)
      const node = block.nodes.find((n) => n.id === id)
      if (!node) problems.push({ path: p, message: `no node "${id}" in block "${block.name}"` })
      else if (node.type !== 'input')
        problems.push({
          path: p,
          message: `"${id}" is a ${node.type} node; a block input must be an input node`,
        })
    })
    problems.push(...checkBody(block, at, scope))
    problems.push(...checkOutputs(block.outputs, block, childPath(at, 'outputs'), scope))
  })
  const useEdges = blocks.flatMap((b) =>
    usedBlocks(b).map((used) => ({ id: '', source: b.name, sourcePort: '', target: used, targetPort: '' })),
  )
  for (const [i, b] of blocks.entries()) {
    const cycle = usedBlocks(b)
      .map((used) => findPath(useEdges, used, b.name))
      .find((p) => p !== undefined)
    if (cycle) {
      problems.push({
        path: childPath('blocks', i),
        message: `block "${b.name}" contains itself (${[b.name, ...cycle].join(' -> ')})`,
      })
      break
    }
  }
  return problems
}

/** Every semantic check of a whole document (zod has already checked its structure). */
export function checkDocument(doc: ModelDocument): Problem[] {
  return [
    ...checkBody(doc, '', doc),
    ...checkOutputs(doc.outputs, doc, 'outputs', doc),
    ...checkBlocks(doc.blocks, doc),
  ]
}
