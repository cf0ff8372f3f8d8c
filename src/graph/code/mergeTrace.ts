import type { BlockDef, GraphBody, GraphNode, ModelDocument, Position } from '../document/schema'

/** Horizontal step from a node to a new node fed by it, and vertical step between rows. */
export const PLACE_DX = 240
export const PLACE_DY = 120

/**
 * Keys of `traced` in an order that keeps `prev`'s order for the keys that survive; a new key
 * goes right after the key that precedes it in `traced`. So a code edit reorders nothing in the
 * document, and what it adds lands next to its neighbours in the code.
 */
export function mergeOrder(prev: readonly string[], traced: readonly string[]): string[] {
  const keep = new Set(traced)
  const out = prev.filter((k) => keep.has(k))
  const placed = new Set(out)
  traced.forEach((key, i) => {
    if (placed.has(key)) return
    const before = i > 0 ? traced[i - 1] : undefined
    out.splice(before === undefined ? 0 : out.indexOf(before) + 1, 0, key)
    placed.add(key)
  })
  return out
}

function byKey<T>(items: readonly T[], key: (t: T) => string, order: readonly string[]): T[] {
  const map = new Map(items.map((t) => [key(t), t]))
  return order.map((k) => map.get(k)).filter((t): t is T => t !== undefined)
}

/** Positions for a traced body: kept where a node's id survives, else placed beside its input. */
function place(prev: GraphBody | undefined, traced: GraphBody): Map<string, Position> {
  const positions = new Map<string, Position>()
  for (const n of prev?.nodes ?? [])
    if (traced.nodes.some((t) => t.id === n.id)) positions.set(n.id, n.position)
  const occupied = (p: Position) =>
    [...positions.values()].some(
      (q) => Math.abs(q.x - p.x) < PLACE_DX / 2 && Math.abs(q.y - p.y) < PLACE_DY / 2,
    )
  // Traced nodes come in call order, so a node's inputs are placed before it.
  for (const node of traced.nodes) {
    if (positions.has(node.id)) continue
    const firstInput = traced.edges.find((e) => e.target === node.id && positions.has(e.source))
    const from = firstInput ? positions.get(firstInput.source) : undefined
    let at: Position
    if (from) {
      at = { x: from.x + PLACE_DX, y: from.y }
      while (occupied(at)) at = { x: at.x, y: at.y + PLACE_DY }
    } else if (positions.size === 0) {
      at = { x: 0, y: 0 }
    } else {
      const all = [...positions.values()]
      at = { x: Math.min(...all.map((p) => p.x)), y: Math.max(...all.map((p) => p.y)) + PLACE_DY }
    }
    positions.set(node.id, at)
  }
  return positions
}

function mergeBody<B extends GraphBody>(
  prev: GraphBody | undefined,
  traced: B,
  inputs: readonly string[] = [],
): B {
  const positions = place(prev, traced)
  const nodeOrder = mergeOrder(
    (prev?.nodes ?? []).map((n) => n.id),
    traced.nodes.map((n) => n.id),
  )
  const edgeOrder = mergeOrder(
    (prev?.edges ?? []).map((e) => e.id),
    traced.edges.map((e) => e.id),
  )
  // A block's inputs are bare parameters in code: params stored on them (an ignored `shape`)
  // cannot be written there, so they are carried over like positions.
  const prevNodes = new Map((prev?.nodes ?? []).map((n) => [n.id, n]))
  const nodes = byKey(traced.nodes, (n) => n.id, nodeOrder).map((n): GraphNode => {
    const before = prevNodes.get(n.id)
    const params = inputs.includes(n.id) && before?.type === n.type ? before.params : n.params
    return { ...n, params, position: positions.get(n.id) ?? n.position }
  })
  return { ...traced, nodes, edges: byKey(traced.edges, (e) => e.id, edgeOrder) }
}

/**
 * The document to show after a code edit: the traced document, with the layout and metadata of
 * the previous one carried over. A node (top level or in a block) whose id survives keeps its
 * position and its place in the document's order; a new node is placed to the right of its
 * first input, or below the others. Everything the code says (nodes, params, edges, outputs,
 * blocks, training, name, code) comes from `traced`.
 */
export function mergeTracedDocument(prev: ModelDocument, traced: ModelDocument): ModelDocument {
  const body = mergeBody(prev, { nodes: traced.nodes, edges: traced.edges })
  const prevBlocks = new Map(prev.blocks.map((b) => [b.name, b]))
  const blocks = byKey(
    traced.blocks.map((b): BlockDef => mergeBody(prevBlocks.get(b.name), b, b.inputs)),
    (b) => b.name,
    mergeOrder(
      prev.blocks.map((b) => b.name),
      traced.blocks.map((b) => b.name),
    ),
  )
  return { ...traced, nodes: body.nodes, edges: body.edges, blocks, metadata: prev.metadata }
}
