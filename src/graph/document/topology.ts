import type { GraphBody, GraphEdge, GraphOutput, NodeId } from './schema'

/**
 * Graph-order queries shared by validation, connection checks and shape inference. Pure functions
 * over a `GraphBody`; edges whose endpoints are missing are ignored here (validation reports them).
 */

/** The result of a topological sort: every node not on (or downstream of) a cycle, in order. */
export interface TopoOrder {
  /** Node ids in topological order; ties keep document order, so the order is deterministic. */
  order: NodeId[]
  /** Ids of the nodes that could not be ordered because a cycle feeds them. Empty for a DAG. */
  blocked: NodeId[]
}

/**
 * Kahn's algorithm over the body's edges. Ties are broken by the nodes' index in the document,
 * so the same document always gives the same order (the code face relies on it).
 */
export function topologicalOrder(body: GraphBody): TopoOrder {
  const index = new Map<NodeId, number>()
  body.nodes.forEach((n, i) => {
    if (!index.has(n.id)) index.set(n.id, i)
  })
  const indegree = new Map<NodeId, number>()
  const next = new Map<NodeId, NodeId[]>()
  for (const id of index.keys()) {
    indegree.set(id, 0)
    next.set(id, [])
  }
  for (const e of body.edges) {
    if (!index.has(e.source) || !index.has(e.target)) continue
    next.get(e.source)!.push(e.target)
    indegree.set(e.target, indegree.get(e.target)! + 1)
  }
  // A binary heap keyed by document index keeps the sort O((V + E) log V) for big graphs.
  const heap = new MinHeap()
  for (const [id, d] of indegree) if (d === 0) heap.push(index.get(id)!)
  const order: NodeId[] = []
  const ids = [...index.keys()]
  const byIndex = new Map<number, NodeId>()
  for (const id of ids) byIndex.set(index.get(id)!, id)
  while (heap.size > 0) {
    const id = byIndex.get(heap.pop())!
    order.push(id)
    for (const t of next.get(id)!) {
      const d = indegree.get(t)! - 1
      indegree.set(t, d)
      if (d === 0) heap.push(index.get(t)!)
    }
  }
  const placed = new Set(order)
  return { order, blocked: ids.filter((id) => !placed.has(id)) }
}

/**
 * A path of node ids from `from` to `to` following edges, or undefined when `to` is not
 * reachable. Used to name the cycle a new edge would close.
 */
export function findPath(edges: readonly GraphEdge[], from: NodeId, to: NodeId): NodeId[] | undefined {
  const next = new Map<NodeId, NodeId[]>()
  for (const e of edges) {
    const list = next.get(e.source)
    if (list) list.push(e.target)
    else next.set(e.source, [e.target])
  }
  const parent = new Map<NodeId, NodeId | null>([[from, null]])
  const queue: NodeId[] = [from]
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!
    if (id === to) {
      const path: NodeId[] = []
      for (let at: NodeId | null = id; at !== null; at = parent.get(at) ?? null) path.push(at)
      return path.reverse()
    }
    for (const t of next.get(id) ?? []) {
      if (parent.has(t)) continue
      parent.set(t, id)
      queue.push(t)
    }
  }
  return undefined
}

/**
 * One cycle of the body as a closed path (`[a, b, a]`), or undefined for a DAG. Validation names
 * it in its error so the user sees which edges to remove.
 */
export function findCycle(body: GraphBody): NodeId[] | undefined {
  const { blocked } = topologicalOrder(body)
  if (blocked.length === 0) return undefined
  const stuck = new Set(blocked)
  const inner = body.edges.filter((e) => stuck.has(e.source) && stuck.has(e.target))
  // Every blocked node is on a cycle or downstream of one; an edge whose target reaches back to its
  // source closes a cycle.
  for (const e of inner) {
    const back = findPath(inner, e.target, e.source)
    if (back) return [e.source, ...back]
  }
  return undefined
}

/** A min-heap of numbers: just enough priority queue for a stable topological sort. */
class MinHeap {
  private items: number[] = []
  get size(): number {
    return this.items.length
  }
  push(v: number): void {
    const a = this.items
    a.push(v)
    let i = a.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (a[p]! <= v) break
      a[i] = a[p]!
      i = p
    }
    a[i] = v
  }
  pop(): number {
    const a = this.items
    const top = a[0]!
    const last = a.pop()!
    if (a.length > 0) {
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= a.length) break
        const r = l + 1
        const c = r < a.length && a[r]! < a[l]! ? r : l
        if (a[c]! >= last) break
        a[i] = a[c]!
        i = c
      }
      a[i] = last
    }
    return top
  }
}

/** Nodes of `body` that `outputs` depend on (a loss hanging off the side is left out). */
export function neededNodes(body: GraphBody, outputs: readonly Pick<GraphOutput, 'node'>[]): Set<NodeId> {
  const into = new Map<NodeId, NodeId[]>()
  for (const e of body.edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source])
  const seen = new Set<NodeId>()
  const stack = outputs.map((o) => o.node)
  while (stack.length > 0) {
    const id = stack.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    stack.push(...(into.get(id) ?? []))
  }
  return seen
}
