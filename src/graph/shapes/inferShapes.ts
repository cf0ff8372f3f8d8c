import { layerParamsSchema } from '../document/checks'
import { BLOCK_TYPE, type BlockScope, blockOf, outputPortsOf } from '../document/ports'
import { formatProblem, zodProblems } from '../document/problems'
import type { BlockDef, GraphBody, GraphEdge, GraphNode, ModelDocument, NodeId } from '../document/schema'
import { topologicalOrder } from '../document/topology'
import { findLayer } from '../layers'
import { runLayerRules } from '../layers/evaluate'
import { withDefaults } from '../layers/params'
import type { LayerDef, PortDtype, ShapeIssue } from '../layers/types'
import type { NodeShapeIssue, ShapeReport } from './report'
import { formatShape, type Shape } from './shape'

/**
 * Shape inference over a whole document, run on every edit. Nodes are visited in topological
 * order; each layer's shape rule sees the shapes (and element types) of its connected inputs. A
 * node whose input comes from a failing (or skipped) node is skipped without an issue of its own,
 * so one mistake gives one message. Block instances are inferred through their block's body with
 * the incoming shapes; the same block with the same inputs is inferred once per call.
 */

/** What flows out of one output port. */
interface Flow {
  shape: Shape
  dtype: PortDtype
}

/** What a body's `input` node takes instead of its `shape` param (a block instance's inputs). */
export interface BodyInput {
  shape: Shape
  dtype?: PortDtype
}

/** Per-call state: block results by block name and inputs, and the blocks being inferred. */
interface Context {
  scope: BlockScope
  cache: Map<string, ShapeReport>
  stack: Set<string>
}

/** A record with no prototype, so a node called `constructor` reads as absent, not as a function. */
function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

function emptyReport(): ShapeReport {
  return {
    outputs: record(),
    issues: record(),
    stats: record(),
    totalParams: 0,
    totalFlops: 0,
    edges: record(),
    dtypes: record(),
  }
}

/**
 * The shapes, issues, parameter counts and FLOPs of every node of `doc`'s main graph.
 *
 * @example
 * const report = inferShapes(doc)
 * report.outputs.logits // [['N', 10]]
 * report.issues.dense   // { node: 'dense', port: 'x', message: 'in_features is 3 but ...', fix: ... }
 */
export function inferShapes(doc: ModelDocument): ShapeReport {
  return inferBodyShapes(doc, doc)
}

/**
 * Shape inference over one body: the main graph, or a block's subgraph (to show shapes while
 * editing a block). `inputs` gives what the body's `input` nodes take instead of their `shape`
 * param, as a block instance passes its incoming shapes.
 */
export function inferBodyShapes(
  body: GraphBody,
  scope: BlockScope,
  inputs?: ReadonlyMap<NodeId, BodyInput>,
): ShapeReport {
  return inferBody(body, inputs, { scope, cache: new Map(), stack: new Set() })
}

/** The shape on an edge, or undefined when its source does not check. */
export function edgeShape(report: ShapeReport, edge: Pick<GraphEdge, 'id' | 'source'>): Shape | undefined {
  const onEdge = report.edges?.[edge.id]
  if (onEdge) return onEdge
  const outs = Object.hasOwn(report.outputs, edge.source) ? report.outputs[edge.source] : undefined
  return outs?.length === 1 ? outs[0] : undefined
}

function inferBody(
  body: GraphBody,
  entry: ReadonlyMap<NodeId, BodyInput> | undefined,
  ctx: Context,
): ShapeReport {
  const report = emptyReport()
  const nodes = new Map<NodeId, GraphNode>()
  for (const n of body.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n)
  const incoming = new Map<NodeId, GraphEdge[]>()
  for (const e of body.edges) {
    const list = incoming.get(e.target)
    if (list) list.push(e)
    else incoming.set(e.target, [e])
  }
  // What each output port carries, by node and port name, filled as nodes check.
  const flows = new Map<NodeId, Map<string, Flow>>()
  const { order, blocked } = topologicalOrder(body)
  for (const id of blocked)
    report.issues[id] = {
      node: id,
      message: 'This node is on a cycle (or fed by one); remove an edge of the cycle.',
    }

  for (const id of order) {
    const node = nodes.get(id)!
    const feeds = new Map<string, Flow>()
    let skipped = false
    for (const e of incoming.get(id) ?? []) {
      const flow = flows.get(e.source)?.get(e.sourcePort)
      if (!flow) {
        skipped = true
        break
      }
      feeds.set(e.targetPort, flow)
    }
    // An upstream node failed: its issue already explains this node's missing input.
    if (skipped) continue
    const result = inferNode(node, feeds, entry, ctx)
    if ('issue' in result) {
      report.issues[id] = { ...result.issue, node: id }
      continue
    }
    const ports = outputPortsFast(node, ctx.scope)
    const byPort = new Map<string, Flow>()
    const dtypes: PortDtype[] = []
    result.outputs.forEach((shape, i) => {
      const dtype = result.dtypes?.[i] ?? ports[i]?.dtype ?? 'float'
      dtypes.push(dtype)
      const name = ports[i]?.name
      if (name !== undefined) byPort.set(name, { shape, dtype })
    })
    flows.set(id, byPort)
    report.outputs[id] = result.outputs
    report.dtypes![id] = dtypes
    report.stats[id] = { paramCount: result.paramCount, flops: result.flops }
    report.totalParams += result.paramCount
    report.totalFlops += result.flops
  }
  for (const e of body.edges) {
    const flow = flows.get(e.source)?.get(e.sourcePort)
    if (flow) report.edges![e.id] = flow.shape
  }
  return report
}

/** Output ports of a node; a catalogue layer's come straight from its definition (the hot path). */
function outputPortsFast(node: GraphNode, scope: BlockScope): readonly { name: string; dtype?: PortDtype }[] {
  if (node.type === BLOCK_TYPE || node.type === 'input') return outputPortsOf(node, scope)
  return findLayer(node.type)?.outputs ?? []
}

/**
 * Params objects already known to pass their layer's schema. Documents are immutable and an edit
 * shares untouched nodes, so most nodes are validated once, not on every edit.
 */
const VALID_PARAMS = new WeakMap<object, LayerDef>()

function paramsIssue(layer: LayerDef, params: GraphNode['params']): ShapeIssue | undefined {
  if (VALID_PARAMS.get(params) === layer) return undefined
  const parsed = layerParamsSchema(layer).safeParse(params)
  if (parsed.success) {
    VALID_PARAMS.set(params, layer)
    return undefined
  }
  return {
    message: `Invalid params: ${zodProblems(parsed.error.issues, params).map(formatProblem).join('; ')}`,
  }
}

type NodeResult =
  | { outputs: Shape[]; dtypes?: readonly PortDtype[]; paramCount: number; flops: number }
  | { issue: ShapeIssue }

function notConnected(port: string): { issue: ShapeIssue } {
  return { issue: { port, message: `Input ${port} is not connected.` } }
}

function inferNode(
  node: GraphNode,
  feeds: ReadonlyMap<string, Flow>,
  entry: ReadonlyMap<NodeId, BodyInput> | undefined,
  ctx: Context,
): NodeResult {
  const given = node.type === 'input' ? entry?.get(node.id) : undefined
  if (given)
    return {
      outputs: [given.shape],
      ...(given.dtype ? { dtypes: [given.dtype] } : {}),
      paramCount: 0,
      flops: 0,
    }
  if (node.type === BLOCK_TYPE) return inferBlockInstance(node, feeds, ctx)
  const layer = findLayer(node.type)
  if (!layer) return { issue: { message: `Unknown layer type "${node.type}".` } }
  const invalid = paramsIssue(layer, node.params)
  if (invalid) return { issue: invalid }
  const inputs = gatherInputs(layer, feeds)
  if ('issue' in inputs) return inputs
  const evaluated = runLayerRules(layer, {
    inputs: inputs.flows.map((f) => f.shape),
    dtypes: inputs.flows.map((f) => f.dtype),
    params: withDefaults(layer.params, node.params),
  })
  const { result } = evaluated
  if (!result.ok) return { issue: result.issue }
  return {
    outputs: result.outputs,
    ...(result.dtypes ? { dtypes: result.dtypes } : {}),
    paramCount: evaluated.paramCount ?? 0,
    flops: evaluated.flops ?? 0,
  }
}

const INDEX = /^(0|[1-9][0-9]*)$/

/**
 * What a layer's rule sees: the connected inputs only, in port order, a variadic port's in index
 * order (the contract of `ShapeContext.inputs`). A required port left unconnected is an issue
 * naming it; so is an edge into a port the layer does not have.
 */
function gatherInputs(
  layer: LayerDef,
  feeds: ReadonlyMap<string, Flow>,
): { flows: Flow[] } | { issue: ShapeIssue } {
  const flows: Flow[] = []
  const used = new Set<string>()
  let skippedOptional: string | undefined
  for (const port of layer.inputs) {
    if (!port.variadic) {
      const flow = feeds.get(port.name)
      if (flow && skippedOptional)
        // Rules see connected inputs in order, so a gap would shift `value` into `key`'s place.
        return {
          issue: {
            port: skippedOptional,
            message: `${port.name} is connected but ${skippedOptional} is not: connect ${skippedOptional} too (it defaults to the earlier input only when every later optional input is unconnected).`,
          },
        }
      if (flow) {
        flows.push(flow)
        used.add(port.name)
      } else if (!port.optional) return notConnected(port.name)
      else skippedOptional = port.name
      continue
    }
    const byIndex: [number, string, Flow][] = []
    for (const [name, flow] of feeds) {
      if (name.startsWith(port.name) && INDEX.test(name.slice(port.name.length)))
        byIndex.push([Number(name.slice(port.name.length)), name, flow])
    }
    byIndex.sort((a, b) => a[0] - b[0])
    for (let i = 0; i < port.variadic.minCount; i++)
      if (!byIndex.some(([k]) => k === i)) return notConnected(`${port.name}${i}`)
    for (const [, name, flow] of byIndex) {
      flows.push(flow)
      used.add(name)
    }
  }
  for (const name of feeds.keys())
    if (!used.has(name))
      return { issue: { port: name, message: `${layer.label} has no input port "${name}".` } }
  return { flows }
}

function inferBlockInstance(node: GraphNode, feeds: ReadonlyMap<string, Flow>, ctx: Context): NodeResult {
  const block = blockOf(node, ctx.scope)
  if (!block) return { issue: { message: `There is no block named "${String(node.params.block)}".` } }
  if (ctx.stack.has(block.name)) return { issue: { message: `Block "${block.name}" contains itself.` } }
  const entry = new Map<NodeId, BodyInput>()
  for (const port of block.inputs) {
    const flow = feeds.get(port)
    if (!flow) return notConnected(port)
    entry.set(port, flow)
  }
  const key = [
    block.name,
    ...block.inputs.map((p) => `${formatShape(entry.get(p)!.shape)}${entry.get(p)!.dtype}`),
  ].join('\u0000')
  let inner = ctx.cache.get(key)
  if (!inner) {
    ctx.stack.add(block.name)
    inner = inferBody(block, entry, ctx)
    ctx.stack.delete(block.name)
    ctx.cache.set(key, inner)
  }
  return blockResult(block, inner, ctx.scope)
}

function blockResult(block: BlockDef, inner: ShapeReport, scope: BlockScope): NodeResult {
  const firstIssue = block.nodes
    .map((n) => inner.issues[n.id])
    .find((i): i is NodeShapeIssue => i !== undefined)
  if (firstIssue) {
    const where = firstIssue.port ? `${firstIssue.node}.${firstIssue.port}` : firstIssue.node
    return {
      issue: {
        message: `Inside block "${block.name}", ${where}: ${firstIssue.message}`,
        ...(firstIssue.expected !== undefined ? { expected: firstIssue.expected } : {}),
        ...(firstIssue.actual !== undefined ? { actual: firstIssue.actual } : {}),
      },
    }
  }
  const outputs: Shape[] = []
  const dtypes: PortDtype[] = []
  for (const out of block.outputs) {
    const node = block.nodes.find((n) => n.id === out.node)
    const index = node ? outputPortsOf(node, scope).findIndex((p) => p.name === out.port) : -1
    const shape = index >= 0 ? inner.outputs[out.node]?.[index] : undefined
    if (!shape) return { issue: { message: `Block "${block.name}" output ${out.name} has no shape.` } }
    outputs.push(shape)
    dtypes.push(inner.dtypes?.[out.node]?.[index] ?? 'float')
  }
  return { outputs, dtypes, paramCount: inner.totalParams, flops: inner.totalFlops }
}
