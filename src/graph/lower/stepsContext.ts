import { type DType, formatShape, type GraphBuilder, type Shape, type Value } from '../../engine'
import { BLOCK_TYPE, blockOf, outputPortsOf } from '../document/ports'
import type { BlockDef, GraphNode, ModelDocument, NodeId } from '../document/schema'
import { findLayer } from '../layers'
import { type ParamValue, withDefaults } from '../layers/params'
import { LOSS_LAYERS, type LossName } from './attachLoss'
import { BodyWalker, type LoweredInput } from './lowerDocument'
import { findLowering } from './registry'
import type { SharingLowerState } from './stepsSharing'

/**
 * A module a step can call, with the module path its parameters are named under: a block (an
 * instance in the main graph, or a block with no instance there) or a layer node of the main graph.
 */
type Module =
  | { readonly kind: 'block'; readonly path: string; readonly block: BlockDef }
  | { readonly kind: 'layer'; readonly path: string; readonly node: GraphNode }

/**
 * What a custom-loop step's program builds its graph with, in PyTorch's functional style: data
 * inputs, calls of the document's modules (`netD(real)`), the document's whole forward, and
 * losses. Parameters are named by module path as `lowerDocument` names them (`D.fc1.weight`),
 * so every step and the document's own compiled graphs agree on them.
 *
 * @example
 * const real = f.input('real')
 * const fake = f.call('generator', f.input('z'))
 * const loss = f.g.add(
 *   f.loss('bce_with_logits', f.call('discriminator', real), 1),
 *   f.loss('bce_with_logits', f.call('discriminator', fake), 0),
 * )
 */
export class StepContext {
  private readonly walker: BodyWalker
  private readonly fed = new Map<string, LoweredInput>()
  private losses = 0

  constructor(
    private readonly doc: ModelDocument,
    private readonly state: SharingLowerState,
    /** The batch size the step is compiled for. */
    readonly batch: number,
  ) {
    this.walker = new BodyWalker(state, doc, batch, [])
  }

  /** The graph builder, for any primitive or composite op (`f.g.detach(x)`, `f.g.mean(x)`). */
  get g(): GraphBuilder {
    return this.state.g
  }

  /** The data inputs the program declared, in order. */
  get inputs(): readonly LoweredInput[] {
    return [...this.fed.values()]
  }

  /**
   * A data input fed at each call under `name`, shaped [batch, ...shape]. `shape` defaults to
   * that of the main graph's `input` node of that id (dtype too). Asking twice gives one input.
   */
  input(name: string, shape?: Shape, dtype?: DType): Value {
    const node = this.doc.nodes.find((n) => n.id === name && n.type === 'input')
    const perSample = shape ?? (node?.params.shape as number[] | undefined)
    if (!perSample)
      throw new Error(`there is no input node ${name} to take a shape from: pass f.input('${name}', shape).`)
    const type = dtype ?? (node?.params.dtype === 'int64' ? 'i32' : 'f32')
    const full = [this.batch, ...perSample]
    const held = this.fed.get(name)
    if (held) {
      if (formatShape(held.value.shape) !== formatShape(full) || held.value.dtype !== type)
        throw new Error(`input ${name} is declared twice with different shapes or dtypes.`)
      return held.value
    }
    const value = this.g.input(full, { name, dtype: type })
    this.fed.set(name, { name, value })
    return value
  }

  /**
   * Calls a module with positional inputs (in the order of its input ports) and returns its
   * first output: `f.call('D', x)` is PyTorch's `netD(x)`. A module is a node of the main graph
   * (a block instance or a layer) by id, or a block by name (its one instance in the main graph,
   * or, with none, the block itself with its name as module path).
   */
  call(module: string, ...inputs: Value[]): Value {
    const m = this.module(module)
    const { ports, required } = this.inputPorts(m, inputs.length)
    if (inputs.length < required || inputs.length > ports.length)
      throw new Error(
        `${module} takes ${describeCount(required, ports.length)} (${ports.join(', ')}), got ${inputs.length}.`,
      )
    const out = this.callPorts(module, Object.fromEntries(ports.map((p, i) => [p, inputs[i]!])))
    return Object.values(out)[0]!
  }

  /** Calls a module with inputs by port name; returns every output by port name. */
  callPorts(module: string, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const m = this.module(module)
    const { ports } = this.inputPorts(m, Object.keys(inputs).length)
    for (const name of Object.keys(inputs))
      if (!ports.includes(name))
        throw new Error(`${module} has no input port ${name} (ports: ${ports.join(', ')}).`)
    if (m.kind === 'block') {
      const { path, block } = m
      const entry = new Map<NodeId, Value>()
      for (const port of m.block.inputs) {
        const v = inputs[port]
        if (!v) throw new Error(`input ${port} of ${module} is not given.`)
        entry.set(port, v)
      }
      return this.g.withScope(path, () => {
        const inner = this.walker.lower(block, `${path}.`, entry)
        return Object.fromEntries(
          block.outputs.map((o) => [o.name, this.walker.portValue(block, inner, o.node, o.port)]),
        )
      })
    }
    const node = m.node
    const layer = findLayer(node.type)
    const lowering = findLowering(node.type)
    if (!layer || !lowering) throw new Error(`no lowering for layer type "${node.type}".`)
    const given = ports.filter((p) => inputs[p])
    const outs = this.g.withScope(node.id, () =>
      lowering.lower({
        g: this.g,
        ctx: this.state.node(node.id),
        params: withDefaults(layer.params, node.params),
        inputs: given.map((p) => inputs[p]!),
        ports: given,
        batch: this.batch,
      }),
    )
    return Object.fromEntries(outputPortsOf(node, this.doc).map((p, i) => [p.name, outs[i]!]))
  }

  /**
   * The document's whole forward: every `input` node of the main graph reads `feeds[id]`, or
   * else a data input of that name; returns the document's outputs by name.
   */
  forward(feeds: Readonly<Record<string, Value>> = {}): Record<string, Value> {
    const entry = new Map<NodeId, Value>()
    for (const n of this.doc.nodes) if (n.type === 'input') entry.set(n.id, feeds[n.id] ?? this.input(n.id))
    const values = this.walker.lower(this.doc, '', entry)
    return Object.fromEntries(
      this.doc.outputs.map((o) => [o.name, this.walker.portValue(this.doc, values, o.node, o.port)]),
    )
  }

  /**
   * A training-setup loss of `input` against `target`, by the catalogue's loss layer
   * (`bce_with_logits` is F.binary_cross_entropy_with_logits). A number target is a constant
   * tensor shaped like `input`: 1 for "real", 0 for "fake".
   */
  loss(
    type: LossName,
    input: Value,
    target: Value | number,
    params: Readonly<Record<string, ParamValue>> = {},
  ): Value {
    if (typeof target === 'number' && type === 'cross_entropy')
      throw new Error('cross_entropy needs a tensor of class indices as its target, not a number.')
    const t = typeof target === 'number' ? this.g.full(input.shape, target) : target
    const layer = findLayer(LOSS_LAYERS[type])!
    const lowering = findLowering(layer.type)!
    const path = `loss${this.losses++ || ''}`
    const [loss] = this.g.withScope(path, () =>
      lowering.lower({
        g: this.g,
        ctx: this.state.node(path),
        params: withDefaults(layer.params, { ...params }),
        inputs: [input, t],
        ports: ['input', 'target'],
        batch: input.shape[0] ?? 1,
      }),
    )
    return loss!
  }

  /** Resolves a module name: a main-graph node id first, then a block name. */
  module(name: string): Module {
    const node = this.doc.nodes.find((n) => n.id === name)
    if (node) {
      if (node.type === 'input') throw new Error(`${name} is an input, not a module: use f.input('${name}').`)
      if (node.type !== BLOCK_TYPE) return { kind: 'layer', path: name, node }
      const block = blockOf(node, this.doc)
      if (!block) throw new Error(`there is no block named "${String(node.params.block)}".`)
      return { kind: 'block', path: name, block }
    }
    const block = this.doc.blocks.find((b) => b.name === name)
    if (!block) {
      const known = [
        ...this.doc.nodes.filter((n) => n.type !== 'input').map((n) => n.id),
        ...this.doc.blocks.map((b) => b.name),
      ]
      throw new Error(`there is no module ${name} (modules: ${known.join(', ')}).`)
    }
    const instances = this.doc.nodes.filter((n) => blockOf(n, this.doc) === block)
    if (instances.length > 1)
      throw new Error(
        `block ${name} has ${instances.length} instances (${instances.map((n) => n.id).join(', ')}): call one by its node id.`,
      )
    return { kind: 'block', path: instances[0]?.id ?? name, block }
  }

  /** Module paths (parameter-name prefixes) of a module name, as `module` resolves it. */
  modulePath(name: string): string {
    return this.module(name).path
  }

  /**
   * A module's input ports in order, a variadic port expanded to take `count` inputs in all, and
   * how many must be given (optional ports left out, a variadic port's `minCount`).
   */
  private inputPorts(m: Module, count: number): { ports: string[]; required: number } {
    if (m.kind === 'block') return { ports: [...m.block.inputs], required: m.block.inputs.length }
    const ports: string[] = []
    let required = 0
    for (const p of findLayer(m.node.type)?.inputs ?? []) {
      if (p.variadic) {
        const n = Math.max(p.variadic.minCount, count - ports.length)
        for (let i = 0; i < n; i++) ports.push(`${p.name}${i}`)
        required += p.variadic.minCount
        continue
      }
      ports.push(p.name)
      if (!p.optional) required++
    }
    return { ports, required }
  }
}

function describeCount(min: number, max: number): string {
  return min === max ? `${min} input(s)` : `${min} to ${max} inputs`
}
