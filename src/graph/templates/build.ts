import { BLOCK_TYPE, createNode } from '../document/ports'
import { type BlockDef, edgeId, type GraphBody, type GraphEdge, type GraphNode } from '../document/schema'
import { findLayer } from '../layers'
import type { ParamValue } from '../layers/params'

/**
 * A small builder for template graphs: nodes listed in order with what feeds them; positions
 * are laid out left to right by depth (a node sits one column right of its deepest source), so
 * the canvas opens tidy without running the auto-layout.
 */

/** Horizontal and vertical spacing of the template grid, in flow units. */
export const COLUMN_WIDTH = 240
export const ROW_HEIGHT = 140

/** What feeds an input: a node id (its first output), or a node and one of its output ports. */
export type Feed = string | { node: string; port: string }

/** One node of a template graph. */
export interface Step {
  id: string
  type: string
  params?: Record<string, ParamValue>
  /** Sources, in the order of the node's input ports (a variadic port's `in0`, `in1`, ...). */
  from?: readonly Feed[]
  /** Row on the grid (0 = main line; side branches above or below). */
  row?: number
}

function inputPortName(
  type: string,
  params: Record<string, ParamValue>,
  index: number,
  blocks: readonly BlockDef[],
): string {
  if (type === BLOCK_TYPE) {
    const block = blocks.find((b) => b.name === params.block)
    const name = block?.inputs[index]
    if (name === undefined) throw new Error(`Block ${String(params.block)} has no input ${index}.`)
    return name
  }
  const ports = findLayer(type)?.inputs ?? []
  const variadic = ports.find((p) => p.variadic)
  if (variadic && index >= ports.indexOf(variadic))
    return `${variadic.name}${index - ports.indexOf(variadic)}`
  const port = ports[index]
  if (!port) throw new Error(`Layer ${type} has no input ${index}.`)
  return port.name
}

function outputPortName(node: GraphNode, blocks: readonly BlockDef[]): string {
  if (node.type === BLOCK_TYPE)
    return blocks.find((b) => b.name === node.params.block)?.outputs[0]?.name ?? 'out'
  return findLayer(node.type)?.outputs[0]?.name ?? 'out'
}

/**
 * The nodes and edges of `steps`, laid out on a grid. Required params a step leaves out take
 * their defaults (as `createNode` does). Throws on a feed naming an unknown node, so a typo in a
 * template fails its test rather than producing a broken document.
 */
export function buildBody(steps: readonly Step[], blocks: readonly BlockDef[] = []): GraphBody {
  const nodes: GraphNode[] = []
  const edges: GraphEdge[] = []
  const column = new Map<string, number>()
  for (const step of steps) {
    const params = step.params ?? {}
    const sources = (step.from ?? []).map((f) => (typeof f === 'string' ? { node: f, port: undefined } : f))
    let col = 0
    for (const s of sources) {
      const c = column.get(s.node)
      if (c === undefined) throw new Error(`Template step ${step.id} is fed by unknown node ${s.node}.`)
      col = Math.max(col, c + 1)
    }
    column.set(step.id, col)
    const position = { x: col * COLUMN_WIDTH, y: (step.row ?? 0) * ROW_HEIGHT }
    nodes.push(createNode(step.type, step.id, position, params))
    sources.forEach((s, i) => {
      const source = nodes.find((n) => n.id === s.node)!
      const ends = {
        source: s.node,
        sourcePort: s.port ?? outputPortName(source, blocks),
        target: step.id,
        targetPort: inputPortName(step.type, params, i, blocks),
      }
      edges.push({ id: edgeId(ends), ...ends })
    })
  }
  return { nodes, edges }
}

/** A block from steps: its inputs are the given `input` steps, its outputs name inner nodes. */
export function buildBlock(
  name: string,
  inputs: readonly string[],
  outputs: readonly { name: string; node: string }[],
  steps: readonly Step[],
  blocks: readonly BlockDef[] = [],
): BlockDef {
  const body = buildBody(steps, blocks)
  return {
    name,
    inputs: [...inputs],
    outputs: outputs.map((o) => ({
      name: o.name,
      node: o.node,
      port: outputPortName(body.nodes.find((n) => n.id === o.node)!, blocks),
    })),
    ...body,
  }
}
