import type { LineSpan } from '../../graph/code/emitCode'
import type { NodeId } from '../../graph/document/schema'

/**
 * The node whose code lines contain `line` (1-based). When ranges nest (a block call and the
 * lines inside), the tightest range wins.
 */
export function nodeAtLine(nodeLines: Readonly<Record<NodeId, LineSpan>>, line: number): NodeId | undefined {
  let best: NodeId | undefined
  let bestSpan = Number.POSITIVE_INFINITY
  for (const [id, range] of Object.entries(nodeLines)) {
    if (line < range.start || line > range.end) continue
    const span = range.end - range.start
    if (span < bestSpan) {
      best = id
      bestSpan = span
    }
  }
  return best
}

/** The line ranges of the given nodes, in line order, for highlighting a selection. */
export function linesOfNodes(
  nodeLines: Readonly<Record<NodeId, LineSpan>>,
  ids: readonly NodeId[],
): LineSpan[] {
  return ids
    .map((id) => nodeLines[id])
    .filter((r): r is LineSpan => r !== undefined)
    .sort((a, b) => a.start - b.start)
}
