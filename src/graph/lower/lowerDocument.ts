import { GraphBuilder, type ModelGraph, type Value } from '../../engine'
import { BLOCK_TYPE, blockOf, orderedInputs, outputPortsOf } from '../document/ports'
import type { GraphBody, GraphEdge, GraphNode, ModelDocument, NodeId } from '../document/schema'
import { topologicalOrder } from '../document/topology'
import { findLayer } from '../layers'
import { withDefaults } from '../layers/params'
import { inferShapes } from '../shapes/inferShapes'
import { attachLoss, type LossSpec } from './attachLoss'
import { LowerState } from './lowerContext'
import { findLowering } from './registry'

/** Options of `lowerDocument`. */
export interface LowerOptions {
  /** The batch size the graph is compiled for (the document's symbolic N). */
  readonly batch: number
  /** Training mode (batch statistics, dropout, running-stat updates) or eval mode. */
  readonly training: boolean
  /** A loss to attach to an output (the training setup's), or the name of an output that is one. */
  readonly loss?: LossSpec
}

/** A model input: an `input` node of the main graph, fed under its node id. */
export interface LoweredInput {
  readonly name: string
  readonly value: Value
}

/**
 * A document as engine IR: the graph with its parameters (PyTorch state_dict names scoped by
 * node id, `res1.conv.weight`), buffers and noise inputs, plus the model's inputs and outputs and,
 * when asked for, the loss and its target input.
 */
export interface LoweredModel extends ModelGraph {
  readonly inputs: readonly LoweredInput[]
  /** The document's outputs by name. */
  readonly outputs: Readonly<Record<string, Value>>
  readonly loss?: Value
  /** The input the attached loss reads its target from (absent with `{ output }` losses). */
  readonly target?: LoweredInput
}

/**
 * Lowers a model document into the engine's primitive IR, one catalogue lowering per node in
 * topological order, block instances expanded with their module path as prefix. Shapes are
 * checked first: a document with a shape issue is refused with the node and the reason.
 *
 * @example
 * const model = lowerDocument(doc, { batch: 32, training: true, loss: { type: 'cross_entropy' } })
 * const step = compileTrainStep(model, { loss: model.loss!, optimizer: { type: 'adam', lr: 1e-3 } })
 */
export function lowerDocument(doc: ModelDocument, options: LowerOptions): LoweredModel {
  if (!Number.isInteger(options.batch) || options.batch < 1)
    throw new Error(`batch must be a positive integer, got ${options.batch}.`)
  const report = inferShapes(doc)
  const issues = Object.values(report.issues)
  if (issues.length > 0) {
    const first = issues[0]!
    throw new Error(
      `Cannot compile "${doc.name}": node ${first.node}${first.port ? ` (port ${first.port})` : ''}: ${first.message}` +
        (issues.length > 1 ? ` (and ${issues.length - 1} more issues)` : ''),
    )
  }
  const state = new LowerState(new GraphBuilder(), options.training)
  const inputs: LoweredInput[] = []
  const walker = new BodyWalker(state, doc, options.batch, inputs)
  const values = walker.lower(doc, '', undefined)
  const outputs: Record<string, Value> = {}
  for (const o of doc.outputs) outputs[o.name] = walker.portValue(doc, values, o.node, o.port)
  const base = {
    graph: state.g,
    params: state.params,
    noise: state.noise,
    inputs,
    outputs,
  }
  const attached = options.loss ? attachLoss(state, outputs, inputs, options.loss) : undefined
  return { ...base, buffers: state.bufferSlots(), ...attached }
}

/**
 * Lowers bodies (the main graph and block bodies) into one builder. Exported for custom-loop
 * steps (`steps.ts`), which lower the modules a step calls into a graph of their own.
 */
export class BodyWalker {
  private readonly stack = new Set<string>()

  constructor(
    private readonly state: LowerState,
    private readonly doc: ModelDocument,
    private readonly batch: number,
    private readonly inputs: LoweredInput[],
  ) {}

  /** Lowers `body`; `prefix` is the module path of the block instance around it ('' at top level). */
  lower(
    body: GraphBody,
    prefix: string,
    entry: ReadonlyMap<NodeId, Value> | undefined,
  ): Map<NodeId, Value[]> {
    const values = new Map<NodeId, Value[]>()
    const nodes = new Map(body.nodes.map((n) => [n.id, n]))
    const incoming = new Map<NodeId, GraphEdge[]>()
    for (const e of body.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e])
    for (const id of topologicalOrder(body).order) {
      const node = nodes.get(id)!
      const feeds = new Map<string, Value>()
      for (const e of incoming.get(id) ?? [])
        feeds.set(e.targetPort, this.portValue(body, values, e.source, e.sourcePort))
      values.set(
        id,
        this.state.g.withScope(id, () => this.node(node, feeds, prefix, entry)),
      )
    }
    return values
  }

  /** The value on output port `port` of node `id` of `body`. */
  portValue(body: GraphBody, values: ReadonlyMap<NodeId, Value[]>, id: NodeId, port: string): Value {
    const node = body.nodes.find((n) => n.id === id)
    const index = node ? outputPortsOf(node, this.doc).findIndex((p) => p.name === port) : -1
    const v = values.get(id)?.[index]
    if (!v) throw new Error(`node ${id} has no output port "${port}".`)
    return v
  }

  private node(
    node: GraphNode,
    feeds: ReadonlyMap<string, Value>,
    prefix: string,
    entry: ReadonlyMap<NodeId, Value> | undefined,
  ): Value[] {
    const g = this.state.g
    if (node.type === 'input') {
      if (entry) {
        const v = entry.get(node.id)
        if (!v) throw new Error(`block input ${node.id} is not one of the block's inputs.`)
        return [v]
      }
      const shape = (node.params.shape as number[] | undefined) ?? [2]
      const dtype = node.params.dtype === 'int64' ? 'i32' : 'f32'
      const value = g.input([this.batch, ...shape], { name: node.id, dtype })
      this.inputs.push({ name: node.id, value })
      return [value]
    }
    if (node.type === BLOCK_TYPE) return this.block(node, feeds, prefix)
    const layer = findLayer(node.type)
    const lowering = findLowering(node.type)
    if (!layer || !lowering) throw new Error(`no lowering for layer type "${node.type}".`)
    const { inputs, ports } = orderedInputs(layer.inputs, feeds)
    return lowering.lower({
      g,
      ctx: this.state.node(`${prefix}${node.id}`),
      params: withDefaults(layer.params, node.params),
      inputs,
      ports,
      batch: this.batch,
    })
  }

  private block(node: GraphNode, feeds: ReadonlyMap<string, Value>, prefix: string): Value[] {
    const block = blockOf(node, this.doc)
    if (!block) throw new Error(`there is no block named "${String(node.params.block)}".`)
    if (this.stack.has(block.name)) throw new Error(`block "${block.name}" contains itself.`)
    const entry = new Map<NodeId, Value>()
    for (const port of block.inputs) {
      const v = feeds.get(port)
      if (!v) throw new Error(`input ${port} of block instance ${node.id} is not connected.`)
      entry.set(port, v)
    }
    this.stack.add(block.name)
    const inner = this.lower(block, `${prefix}${node.id}.`, entry)
    this.stack.delete(block.name)
    return block.outputs.map((o) => this.portValue(block, inner, o.node, o.port))
  }
}
