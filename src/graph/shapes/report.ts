import type { NodeId } from '../document/schema'
import type { PortDtype, ShapeIssue } from '../layers/types'
import type { Shape } from './shape'

/** A shape issue located on a node of the document. */
export interface NodeShapeIssue extends ShapeIssue {
  node: NodeId
}

/**
 * What shape inference found for a whole document. Plain data (no Maps) so it crosses worker
 * boundaries and snapshots cleanly.
 */
export interface ShapeReport {
  /** Output shapes of each node whose shapes check, in output-port order. */
  outputs: Record<NodeId, Shape[]>
  /** The first issue found on each node that does not check. */
  issues: Record<NodeId, NodeShapeIssue>
  /** Per-node trainable parameter count and per-sample FLOPs (only for nodes that check). */
  stats: Record<NodeId, { paramCount: number; flops: number }>
  totalParams: number
  totalFlops: number
  /**
   * The shape carried by each edge (by edge id) whose source node checks: what the canvas
   * writes on the wire. Optional so hand-built reports need not fill it.
   */
  edges?: Record<string, Shape>
  /**
   * Element type of each output of each node that checks, parallel to `outputs` (token ids stay
   * `int` through Flatten or Concat). Optional so hand-built reports need not fill it.
   */
  dtypes?: Record<NodeId, PortDtype[]>
}
