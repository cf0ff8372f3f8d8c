import type { BlockDef, GraphBody, GraphNode, ModelDocument, Position } from '../document/schema'

/** Horizontal step from a node to a new node fed by it, and vertical step between rows. */
export const PLACE_DX = 240
export const PLACE_DY = 120

/**
 * Keys of `traced` in an order that keeps `prev`'s order for the keys that survive; a new key
 * goes right after the key that precedes it in `traced`. So a code edit reorders nothing in the
 * document, and what it adds lands next to its neighbours in the code.
 *
 * Linear: each key precedes at most one key in `traced`, so the new keys form chains hanging off
 * a surviving key (or off the start), written out behind it.
 */
export function mergeOrder(prev: readonly string[], traced: readonly string[]): string[] {
  const keep = new Set(traced)
  const kept = prev.filter((k) => keep.has(k))
  const placed = new Set(kept)
  // after.get(k): the new key written right after k; START stands for "before everything".
  const START = Symbol('start')
  const after = new Map<string | symbol, string>()
  traced.forEach((key, i) => {
    if (placed.has(key)) return
    after.set(i > 0 ? (traced[i - 1] as string) : START, key)
    placed.add(key)
  })
  const out: string[] = []
  const writeChain = (from: string | symbol) => {
    for (let k = after.get(from); k !== undefined; k = after.get(k)) out.push(k)
  }
  writeChain(START)
  for (const k of kept) {
    out.push(k)
    writeChain(k)
  }
  return out
}

function byKey<T>(items: readonly T[], key: (t: T) => string, order: readonly string[]): T[] {
  const map = new Map(items.map((t) => [key(t), t]))
  return order.map((k) => map.get(k)).filter((t): t is T => t !== undefined)
}

/**
 * The positions taken so far, bucketed on a grid of half-steps so "is a node near here" looks at
 * a few cells instead of every node. Two nodes clash when they are closer than half a step on
 * both axes.
 */
class Occupancy {
  private readonly cells = new Map<string, Position[]>()
  private readonly cellW = PLACE_DX / 2
  private readonly cellH = PLACE_DY / 2

  add(p: Position): void {
    const key = this.key(Math.floor(p.x / this.cellW), Math.floor(p.y / this.cellH))
    const cell = this.cells.get(key)
    if (cell) cell.push(p)
    else this.cells.set(key, [p])
  }

  taken(p: Position): boolean {
    const cx = Math.floor(p.x / this.cellW)
    const cy = Math.floor(p.y / this.cellH)
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const q of this.cells.get(this.key(cx + dx, cy + dy)) ?? [])
          if (Math.abs(q.x - p.x) < this.cellW && Math.abs(q.y - p.y) < this.cellH) return true
    return false
  }

  private key(cx: number, cy: number): string {
    return `${cx},${cy}`
  }
}

/** Positions for a traced body: kept where a node's id survives, else placed beside its input. */
function place(prev: GraphBody | undefined, traced: GraphBody): Map<string, Position> {
  const positions = new Map<string, Position>()
  const occupancy = new Occupancy()
  let minX = Number.POSITIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  const put = (id: string, p: Position) => {
    positions.set(id, p)
    occupancy.add(p)
    minX = Math.min(minX, p.x)
    maxY = Math.max(maxY, p.y)
  }
  const tracedIds = new Set(traced.nodes.map((t) => t.id))
  for (const n of prev?.nodes ?? []) if (tracedIds.has(n.id)) put(n.id, n.position)
  const incoming = new Map<string, string[]>()
  for (const e of traced.edges) {
    const list = incoming.get(e.target)
    if (list) list.push(e.source)
    else incoming.set(e.target, [e.source])
  }
  // Where the last search for a free slot below a spot ended: slots only fill up, so the next
  // search from the same spot starts there (a fan-out of n nodes costs n probes, not n²/2).
  const searchedTo = new Map<string, number>()
  // Traced nodes come in call order, so a node's inputs are placed before it.
  for (const node of traced.nodes) {
    if (positions.has(node.id)) continue
    const firstInput = incoming.get(node.id)?.find((source) => positions.has(source))
    const from = firstInput !== undefined ? positions.get(firstInput) : undefined
    let at: Position
    if (from) {
      const spot = `${from.x + PLACE_DX},${from.y}`
      at = { x: from.x + PLACE_DX, y: searchedTo.get(spot) ?? from.y }
      while (occupancy.taken(at)) at = { x: at.x, y: at.y + PLACE_DY }
      searchedTo.set(spot, at.y)
    } else if (positions.size === 0) {
      at = { x: 0, y: 0 }
    } else {
      at = { x: minX, y: maxY + PLACE_DY }
    }
    put(node.id, at)
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
