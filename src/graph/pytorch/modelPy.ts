import { BLOCK_TYPE, blockOf, orderedInputs, outputPortsOf } from '../document/ports'
import type { BlockDef, GraphBody, GraphNode, GraphOutput, ModelDocument, NodeId } from '../document/schema'
import { neededNodes, topologicalOrder } from '../document/topology'
import { findLayer } from '../layers'
import { withDefaults } from '../layers/params'
import { walkDocument } from '../onnx/walk'
import { formatShape, type Shape } from '../shapes/shape'
import { type PyHelper, torchForm } from './modules'
import { className, docText, isAttributeName, NameTable, pyString, pyTuple } from './python'
import { WEIGHTS_PY } from './weightsPy'

/** One model input as forward takes it: the input node's id, one sample's shape and its dtype. */
export interface PyInput {
  readonly name: string
  readonly shape: readonly number[]
  readonly dtype: 'float32' | 'int64'
}

/** What train.py needs to know of the model.py it drives. */
export interface ModelPyInfo {
  /** The nn.Module class (also bound to `Model` in model.py). */
  readonly className: string
  /** forward's arguments, in order. */
  readonly inputs: readonly PyInput[]
  /** The document's outputs: forward returns the one tensor, or a dict of them by name. */
  readonly outputs: readonly string[]
  /**
   * Some parameters may get no gradient from a loss on the first output (nodes no output needs,
   * other outputs' branches, blocks with several outputs): DistributedDataParallel must be told.
   */
  readonly findUnusedParameters: boolean
}

/** The edges into a node, in the order its lowering sees them (ports in order, variadic by index). */
function orderedSources(body: GraphBody, node: GraphNode, doc: ModelDocument) {
  const incoming = body.edges.filter((e) => e.target === node.id)
  if (node.type === BLOCK_TYPE) {
    const block = blockOf(node, doc)!
    return block.inputs.map((port) => {
      const edge = incoming.find((e) => e.targetPort === port)
      if (!edge) throw new Error(`input ${port} of block instance ${node.id} is not connected.`)
      return edge
    })
  }
  const ports = findLayer(node.type)?.inputs ?? []
  return orderedInputs(ports, new Map(incoming.map((e) => [e.targetPort, e]))).inputs
}

/** Output shapes of every computed node, as comments; null where block instances disagree. */
function shapeComments(doc: ModelDocument): {
  comments: Map<GraphNode, string | null>
  inputs: { name: string; shape: Shape; dtype: 'int' | 'float' }[]
} {
  const comments = new Map<GraphNode, string | null>()
  const note = (node: GraphNode, text: string) => {
    const before = comments.get(node)
    comments.set(node, before === undefined || before === text ? text : null)
  }
  const walk = walkDocument<null>(doc, 'N', {
    input: () => null,
    layer: ({ node, outputs }) => {
      note(node, outputs.map(formatShape).join(', '))
      return outputs.map(() => null)
    },
  })
  return {
    comments,
    inputs: walk.inputs.map((i) => ({ name: i.name, shape: i.flow.shape, dtype: i.flow.dtype })),
  }
}

interface EmitState {
  readonly doc: ModelDocument
  readonly classes: ReadonlyMap<string, string>
  readonly comments: ReadonlyMap<GraphNode, string | null>
  readonly helpers: Map<string, PyHelper>
  unused: boolean
}

/** `self.fc`, or `self._modules['x$']` for an id Python or nn.Module will not take as an attribute. */
function moduleRef(id: string): string {
  return isAttributeName(id) ? `self.${id}` : `self._modules[${pyString(id)}]`
}

function withComment(line: string, comment: string | null | undefined): string {
  return comment ? `${line}  # ${comment}` : line
}

/** The shapes a block instance returns, from its output nodes (when every instance agrees). */
function instanceComment(state: EmitState, block: BlockDef): string | null {
  const parts = block.outputs.map((o) => {
    const inner = block.nodes.find((n) => n.id === o.node)
    return inner ? state.comments.get(inner) : undefined
  })
  return parts.every((p) => typeof p === 'string') ? parts.join('; ') : null
}

/** The class of one body (the model or a block): __init__ with every node, forward with the needed ones. */
function emitClass(
  state: EmitState,
  body: GraphBody,
  name: string,
  docLines: readonly string[],
  inputIds: readonly NodeId[],
  outputs: readonly GraphOutput[],
  returnStyle: 'dict' | 'tuple',
): string[] {
  const needed = neededNodes(body, outputs)
  const order = topologicalOrder(body).order
  const nodes = new Map(body.nodes.map((n) => [n.id, n]))
  const init: string[] = []
  const forward: string[] = []
  const locals = new NameTable(['self', 'torch', 'nn'])
  const values = new Map<string, string>() // `${id}:${port}` -> Python local
  for (const id of inputIds) {
    const node = nodes.get(id)!
    values.set(`${id}:${outputPortsOf(node, state.doc)[0]?.name ?? 'out'}`, locals.claim(id))
  }
  const args = inputIds.map((id) => values.get(`${id}:${outputPortsOf(nodes.get(id)!, state.doc)[0]?.name}`)!)
  for (const id of order) {
    const node = nodes.get(id)!
    if (node.type === 'input') continue
    const used = needed.has(id)
    let module: string | undefined
    let stateful = false
    let call: (self: string, xs: readonly string[]) => string
    if (node.type === BLOCK_TYPE) {
      const block = blockOf(node, state.doc)
      if (!block) throw new Error(`node ${id}: there is no block named "${String(node.params.block)}".`)
      module = `${state.classes.get(block.name)!}()`
      stateful = true
      call = (self, xs) => `${self}(${xs.join(', ')})`
    } else {
      const layer = findLayer(node.type)
      if (!layer) throw new Error(`node ${id} has the unknown layer type "${node.type}".`)
      const form = torchForm(layer, withDefaults(layer.params, node.params))
      for (const h of form.helpers ?? []) if (!state.helpers.has(h.name)) state.helpers.set(h.name, h)
      module = form.module
      stateful = form.stateful
      call = form.call
    }
    if (module !== undefined) {
      const target = isAttributeName(id)
        ? `self.${id} = ${module}`
        : `self._modules[${pyString(id)}] = ${module}  # not a Python attribute name: registered by name`
      init.push(withComment(target, used ? undefined : 'no output needs it: kept so the state_dict matches'))
    }
    if (!used) {
      if (stateful) state.unused = true
      continue
    }
    const sources = orderedSources(body, node, state.doc).map((e) => {
      const v = values.get(`${e.source}:${e.sourcePort}`)
      if (v === undefined)
        throw new Error(`node ${id}: its input from ${e.source} (${e.sourcePort}) is not computed.`)
      return v
    })
    const expr = call(moduleRef(id), sources)
    const ports = outputPortsOf(node, state.doc)
    const comment = blockOf(node, state.doc)
      ? instanceComment(state, blockOf(node, state.doc)!)
      : state.comments.get(node)
    if (ports.length === 1) {
      const local = locals.claim(id)
      values.set(`${id}:${ports[0]!.name}`, local)
      forward.push(withComment(`${local} = ${expr}`, comment))
    } else {
      const names = ports.map((p) => {
        const local = locals.claim(`${id}_${p.name}`)
        values.set(`${id}:${p.name}`, local)
        return local
      })
      forward.push(`${names.join(', ')} = ${expr}`)
    }
  }
  const results = outputs.map((o) => {
    const v = values.get(`${o.node}:${o.port}`)
    if (v === undefined) throw new Error(`output ${o.name}: node ${o.node} has no output port "${o.port}".`)
    return [o.name, v] as const
  })
  let ret: string
  if (results.length === 1) ret = results[0]![1]
  else if (returnStyle === 'dict') ret = `{${results.map(([k, v]) => `${pyString(k)}: ${v}`).join(', ')}}`
  else ret = results.map(([, v]) => v).join(', ')
  return [
    `class ${name}(nn.Module):`,
    ...(docLines.length === 1
      ? [`    """${docText(docLines[0]!)}"""`]
      : [
          `    """${docText(docLines[0]!)}`,
          ...docLines.slice(1).map((l) => (l ? `    ${docText(l)}` : '')),
          '    """',
        ]),
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...init.map((l) => `        ${l}`),
    '',
    `    def forward(${['self', ...args].join(', ')}):`,
    ...forward.map((l) => `        ${l}`),
    `        return ${ret}`,
  ]
}

/**
 * True when a loss on the first output may leave parameters without a gradient: a top-level
 * node it does not reach holds state, or a block has several outputs (the loss may use one).
 */
function lossMissesParameters(doc: ModelDocument, blocks: readonly BlockDef[]): boolean {
  const first = doc.outputs[0]
  if (!first) return false
  if (blocks.some((b) => b.outputs.length > 1)) return true
  const reached = neededNodes(doc, [first])
  return doc.nodes.some((n) => {
    if (reached.has(n.id) || n.type === 'input') return false
    if (n.type === BLOCK_TYPE) return true
    const layer = findLayer(n.type)
    return layer !== undefined && torchForm(layer, withDefaults(layer.params, n.params)).stateful
  })
}

/** Blocks reachable from the main graph, in the document's block order. */
function usedBlocks(doc: ModelDocument): BlockDef[] {
  const used = new Set<string>()
  const visit = (body: GraphBody) => {
    for (const n of body.nodes) {
      const block = blockOf(n, doc)
      if (block && !used.has(block.name)) {
        used.add(block.name)
        visit(block)
      }
    }
  }
  visit(doc)
  return doc.blocks.filter((b) => used.has(b.name))
}

/**
 * model.py of a document: one nn.Module class per block and one for the model, each submodule
 * named by its node id so that the state_dict keys are Triad's parameter and buffer names
 * (`hidden1.weight`, `res1.bn1.running_var`); forward in topological order, computing what the
 * document's outputs need (eval mode matches Triad's inference graph). Deterministic text.
 */
export function emitModelPy(doc: ModelDocument): { source: string; info: ModelPyInfo } {
  const { comments, inputs: walked } = shapeComments(doc)
  const blocks = usedBlocks(doc)
  const classNames = new NameTable(['Model', 'LayerNormWithoutBias', 'nn', 'torch', 'json', 'struct', 'sys'])
  const modelClass = classNames.claim(className(doc.name))
  const classes = new Map<string, string>()
  for (const b of blocks) {
    const base = className(b.name)
    classes.set(b.name, classNames.claim(base === modelClass ? `${base}Block` : base))
  }
  const state: EmitState = { doc, classes, comments, helpers: new Map(), unused: false }
  const blockSources = blocks.map((b) =>
    emitClass(
      state,
      b,
      classes.get(b.name)!,
      [
        `Block ${b.name}: inputs ${b.inputs.join(', ')}; returns ${b.outputs.length === 1 ? b.outputs[0]!.name : `(${b.outputs.map((o) => o.name).join(', ')})`}.`,
      ],
      b.inputs,
      b.outputs,
      'tuple',
    ),
  )
  const inputs: PyInput[] = walked.map((i) => ({
    name: i.name,
    shape: i.shape.slice(1) as number[],
    dtype: i.dtype === 'int' ? 'int64' : 'float32',
  }))
  const signature = (items: readonly { name: string; shape: readonly (number | string)[] }[]) =>
    items.map((i) => `${i.name} ${formatShape(['N', ...i.shape])}`).join(', ')
  const outputsDoc =
    doc.outputs.length === 1
      ? `returns ${doc.outputs[0]!.name}`
      : `returns a dict of ${doc.outputs.map((o) => o.name).join(', ')}`
  const modelSource = emitClass(
    state,
    doc,
    modelClass,
    [
      doc.metadata.description ? `${doc.name}: ${doc.metadata.description}` : doc.name,
      '',
      `Inputs ${signature(inputs) || 'none'}; ${outputsDoc}.`,
    ],
    walked.map((i) => i.name),
    doc.outputs,
    'dict',
  )
  const inputSpecs = inputs.map((i) =>
    pyTuple([pyString(i.name), pyTuple(i.shape.map(String)), pyString(i.dtype)]),
  )
  const lines = [
    `"""${docText(doc.name)}: a PyTorch model exported by Triad.`,
    '',
    "Submodules are named by node id, so the state_dict keys are Triad's parameter and buffer",
    "names: load_weights(model, 'weights.safetensors') loads the weights Triad trained. forward()",
    "computes the document's outputs in topological order; in eval mode it gives Triad's outputs.",
    '',
    '    model = load_weights(Model().eval(), "weights.safetensors")',
    '"""',
    'import json',
    'import struct',
    '',
    'import torch',
    'from torch import nn',
    '',
    "#: forward's arguments in order: input name, shape of one sample (batch dim left out), dtype.",
    `INPUTS = ${pyTuple(inputSpecs)}`,
    "#: The document's outputs: forward returns this one tensor, or a dict of them by name.",
    `OUTPUTS = ${pyTuple(doc.outputs.map((o) => pyString(o.name)))}`,
    '',
  ]
  const sections = [
    ...[...state.helpers.values()].map((h) => h.source.split('\n')),
    ...blockSources,
    modelSource,
  ]
  for (const s of sections) lines.push('', ...s, '')
  lines.push('', `Model = ${modelClass}`, '', '', WEIGHTS_PY.trimEnd())
  return {
    source: `${lines.join('\n')}\n`.replace(/\n{4,}/g, '\n\n\n'),
    info: {
      className: modelClass,
      inputs,
      outputs: doc.outputs.map((o) => o.name),
      findUnusedParameters: state.unused || lossMissesParameters(doc, blocks),
    },
  }
}
