import type { GraphEdge, GraphNode } from '../document/schema'

/**
 * The nodes in topological order, ties broken by document order: the order `emitCode` writes
 * them in. A document already in topological order comes back unchanged. Nodes on a cycle
 * (an invalid graph) follow at the end in document order, so emitting never fails.
 */
export function topologicalOrder(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): GraphNode[] {
  const index = new Map(nodes.map((n, i) => [n.id, i]))
  const indegree = nodes.map(() => 0)
  const next: number[][] = nodes.map(() => [])
  for (const e of edges) {
    const s = index.get(e.source)
    const t = index.get(e.target)
    if (s === undefined || t === undefined) continue
    indegree[t] = (indegree[t] ?? 0) + 1
    next[s]?.push(t)
  }
  // `ready` stays sorted ascending, so its head is the earliest ready node in document order.
  const ready: number[] = []
  const insert = (i: number) => {
    let lo = 0
    let hi = ready.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((ready[mid] ?? 0) < i) lo = mid + 1
      else hi = mid
    }
    ready.splice(lo, 0, i)
  }
  indegree.forEach((d, i) => {
    if (d === 0) ready.push(i)
  })
  const done = nodes.map(() => false)
  const out: GraphNode[] = []
  while (ready.length > 0) {
    const i = ready.shift() as number
    done[i] = true
    out.push(nodes[i] as GraphNode)
    for (const t of next[i] ?? []) {
      indegree[t] = (indegree[t] ?? 0) - 1
      if (indegree[t] === 0) insert(t)
    }
  }
  nodes.forEach((n, i) => {
    if (!done[i]) out.push(n)
  })
  return out
}
