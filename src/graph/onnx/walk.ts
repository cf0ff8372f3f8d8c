import { BLOCK_TYPE, blockOf, orderedInputs, outputPortsOf } from '../document/ports'
import type { GraphBody, GraphEdge, GraphNode, GraphOutput, ModelDocument, NodeId } from '../document/schema'
import { neededNodes, topologicalOrder } from '../document/topology'
import { findLayer } from '../layers'
import { runLayerRules } from '../layers/evaluate'
import { type ParamSpecs, type ParamsOf, withDefaults } from '../layers/params'
import type { LayerDef, PortDtype } from '../layers/types'
import type { Dim, Shape } from '../shapes/shape'

/** What flows out of one output port during a walk: its shape, element type and the visitor's value. */
export interface Flow<T> {
  readonly shape: Shape
  readonly dtype: PortDtype
  readonly value: T
}

/** One catalogue-layer node as the walk meets it. */
export interface LayerVisit<T> {
  /** Module path: the node id under its block instances (`res1.conv1`). */
  readonly path: string
  readonly node: GraphNode
  readonly layer: LayerDef
  readonly params: ParamsOf<ParamSpecs>
  /** Connected inputs in port order (variadic by index), as shape rules see them. */
  readonly inputs: readonly Flow<T>[]
  readonly ports: readonly string[]
  /** Output shapes and element types from the layer's shape rule. */
  readonly outputs: readonly Shape[]
  readonly dtypes: readonly PortDtype[]
}

/** What a walk does at the model's inputs and at each layer node. */
export interface WalkVisitor<T> {
  input(path: string, shape: Shape, dtype: PortDtype): T
  /** One value per output port of the layer. */
  layer(visit: LayerVisit<T>): T[]
}

/** A walk's result: the model inputs it used and the document outputs, by name. */
export interface WalkResult<T> {
  readonly inputs: readonly { readonly name: string; readonly flow: Flow<T> }[]
  readonly outputs: readonly { readonly name: string; readonly flow: Flow<T> }[]
}

/**
 * Walks a document for export the way `lowerDocument` lowers it: bodies in topological order,
 * block instances inlined under their module path, but only the nodes the document's outputs
 * need. Shapes are recomputed with the layers' rules from the inputs' `[batch, ...shape]`, so a
 * fixed batch gives numeric shapes. Throws on a node whose shapes do not check.
 */
export function walkDocument<T>(doc: ModelDocument, batch: Dim, visitor: WalkVisitor<T>): WalkResult<T> {
  const inputs: { name: string; flow: Flow<T> }[] = []
  const stack = new Set<string>()

  const portFlow = (body: GraphBody, flows: ReadonlyMap<NodeId, Flow<T>[]>, id: NodeId, port: string) => {
    const node = body.nodes.find((n) => n.id === id)
    const index = node ? outputPortsOf(node, doc).findIndex((p) => p.name === port) : -1
    const flow = flows.get(id)?.[index]
    if (!flow) throw new Error(`node ${id} has no output port "${port}".`)
    return flow
  }

  const walkBody = (
    body: GraphBody,
    outputs: readonly GraphOutput[],
    prefix: string,
    entry: ReadonlyMap<NodeId, Flow<T>> | undefined,
  ): Flow<T>[] => {
    const keep = neededNodes(body, outputs)
    const nodes = new Map(body.nodes.map((n) => [n.id, n]))
    const incoming = new Map<NodeId, GraphEdge[]>()
    for (const e of body.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e])
    const flows = new Map<NodeId, Flow<T>[]>()
    for (const id of topologicalOrder(body).order) {
      if (!keep.has(id)) continue
      const node = nodes.get(id)!
      const feeds = new Map<string, Flow<T>>()
      for (const e of incoming.get(id) ?? [])
        feeds.set(e.targetPort, portFlow(body, flows, e.source, e.sourcePort))
      flows.set(id, visitNode(node, feeds, prefix, entry))
    }
    return outputs.map((o) => portFlow(body, flows, o.node, o.port))
  }

  const visitNode = (
    node: GraphNode,
    feeds: ReadonlyMap<string, Flow<T>>,
    prefix: string,
    entry: ReadonlyMap<NodeId, Flow<T>> | undefined,
  ): Flow<T>[] => {
    const path = `${prefix}${node.id}`
    if (node.type === 'input') {
      if (entry) {
        const flow = entry.get(node.id)
        if (!flow) throw new Error(`block input ${node.id} is not one of the block's inputs.`)
        return [flow]
      }
      const shape = [batch, ...((node.params.shape as number[] | undefined) ?? [2])]
      const dtype: PortDtype = node.params.dtype === 'int64' ? 'int' : 'float'
      const flow = { shape, dtype, value: visitor.input(path, shape, dtype) }
      inputs.push({ name: node.id, flow })
      return [flow]
    }
    if (node.type === BLOCK_TYPE) {
      const block = blockOf(node, doc)
      if (!block) throw new Error(`there is no block named "${String(node.params.block)}".`)
      if (stack.has(block.name)) throw new Error(`block "${block.name}" contains itself.`)
      const inner = new Map<NodeId, Flow<T>>()
      for (const port of block.inputs) {
        const flow = feeds.get(port)
        if (!flow) throw new Error(`input ${port} of block instance ${path} is not connected.`)
        inner.set(port, flow)
      }
      stack.add(block.name)
      const out = walkBody(block, block.outputs, `${path}.`, inner)
      stack.delete(block.name)
      return out
    }
    const layer = findLayer(node.type)
    if (!layer) throw new Error(`node ${path} has the unknown layer type "${node.type}".`)
    const params = withDefaults(layer.params, node.params)
    const { inputs: ins, ports } = orderedInputs(layer.inputs, feeds)
    const { result } = runLayerRules(layer, {
      inputs: ins.map((f) => f.shape),
      params,
      dtypes: ins.map((f) => f.dtype),
    })
    if (!result.ok) throw new Error(`node ${path}: ${result.issue.message}`)
    const shapes = result.outputs
    const dtypes = shapes.map((_, i) => result.dtypes?.[i] ?? layer.outputs[i]?.dtype ?? 'float')
    const values = visitor.layer({ path, node, layer, params, inputs: ins, ports, outputs: shapes, dtypes })
    return shapes.map((shape, i) => ({ shape, dtype: dtypes[i]!, value: values[i]! }))
  }

  const outFlows = walkBody(doc, doc.outputs, '', undefined)
  return { inputs, outputs: doc.outputs.map((o, i) => ({ name: o.name, flow: outFlows[i]! })) }
}
