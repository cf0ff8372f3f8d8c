import {
  at,
  attrAxes,
  attrAxis,
  attrFlag,
  attrInt,
  attrIntIn,
  attrIntsIn,
  attrPerm,
  attrString,
} from './attributes'
import { axesOf, constOf, FOLDABLE, foldNode, intsOf, reshapeDims, shapeConst, sliceRange } from './constants'
import { type DecodedModel, type DecodedNode, MAX_DIM } from './decode'
import { nameText } from './names'
import {
  type Activation,
  type ActNode,
  arith,
  BATCH_DIM,
  broadcastSym,
  type Const,
  isSym,
  normAxis,
  numeric,
  productSym,
  type SymDim,
  shapeText,
  type Value,
} from './values'

/**
 * The first pass of the import: reads the nodes in order, folds every constant computation
 * (shapes included) and keeps the nodes that compute on activations, each with its output shape.
 */

/** A graph read once: its activation nodes in order and every tensor's value by name. */
export interface Folded {
  readonly nodes: readonly ActNode[]
  readonly values: ReadonlyMap<string, Value>
  /** For each activation node, the activation nodes that read its output. */
  readonly consumers: ReadonlyMap<number, readonly number[]>
}

/** Ops whose output is their (activation) input, in eval mode. */
const PASS_THROUGH = new Set(['Identity', 'Dropout'])

/** Ops that keep their input's shape. */
const SAME_SHAPE = new Set([
  'Relu',
  'LeakyRelu',
  'Tanh',
  'Sigmoid',
  'Erf',
  'Sqrt',
  'Softmax',
  'LogSoftmax',
  'BatchNormalization',
  'LayerNormalization',
  'Gelu',
])

const BROADCAST = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow'])

/** Output size of a window op along one axis (Conv, pools). */
function windowOut(len: number, k: number, s: number, d: number, pads: number, ceil: boolean): number {
  const span = len + pads - (d * (k - 1) + 1)
  return (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1
}

/** Ops whose `axis` attribute picks one axis of the input (checked before the shape is kept). */
const AXIS_OPS = new Set(['Softmax', 'LogSoftmax', 'LayerNormalization'])

/** The largest kernel, stride, dilation or pad the importer takes (a larger one is a damaged file). */
const MAX_WINDOW = MAX_DIM

/**
 * The output shape of Conv, ConvTranspose, MaxPool and AveragePool over `xs` (weight shape `w`),
 * every window attribute checked first: as many kernel sizes, strides and dilations as the input
 * has spatial axes (all positive), twice as many pads (none negative), a group that divides the
 * channels, and a window that fits in the padded input.
 */
function windowShape(node: DecodedNode, xs: readonly SymDim[], w: readonly SymDim[] | undefined): SymDim[] {
  const where = at(node)
  const spatial = numeric(xs.slice(2), where)
  const k = spatial.length
  if (k === 0) throw new Error(`${where}: its input ${shapeText(xs)} has no spatial axes.`)
  if ((node.op === 'Conv' || node.op === 'ConvTranspose') && w?.length !== k + 2)
    throw new Error(
      `${where}: its weight ${w ? shapeText(w) : '(missing)'} does not match the input ${shapeText(xs)}.`,
    )
  const weight = w ? numeric(w, where) : []
  const positive = { length: k, min: 1, max: MAX_WINDOW }
  const kernel = attrIntsIn(node, 'kernel_shape', positive) ?? weight.slice(2)
  if (kernel.length !== k) throw new Error(`${where}: kernel rank does not match the input.`)
  if (node.op !== 'MaxPool' && node.op !== 'AveragePool' && kernel.some((d, i) => d !== weight[i + 2]))
    throw new Error(
      `${where}: kernel_shape [${kernel.join(', ')}] differs from the weight ${shapeText(weight)}.`,
    )
  if (kernel.some((d) => d < 1))
    throw new Error(`${where}: its weight ${shapeText(weight)} has an empty kernel.`)
  const autoPad = attrString(node, 'auto_pad', 'NOTSET')
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID')
    throw new Error(`${where}: auto_pad ${nameText(autoPad)} is not supported; export with explicit pads.`)
  const strides = attrIntsIn(node, 'strides', positive) ?? kernel.map(() => 1)
  const dil = attrIntsIn(node, 'dilations', positive) ?? kernel.map(() => 1)
  const pads =
    attrIntsIn(node, 'pads', { length: 2 * k, min: 0, max: MAX_WINDOW }) ?? kernel.flatMap(() => [0, 0])
  const ceil = attrFlag(node, 'ceil_mode', false)
  if (node.op === 'AveragePool') attrFlag(node, 'count_include_pad', false)
  const xc = xs[1]!
  let channels = xc
  if (node.op === 'Conv' || node.op === 'ConvTranspose') {
    const group = attrIntIn(node, 'group', 1, 1, MAX_DIM)
    const [w0, w1] = weight as [number, number]
    // PyTorch's layouts: Conv [out, in / groups, ...], ConvTranspose [in, out / groups, ...]
    const inChannels = node.op === 'Conv' ? w1 * group : w0
    if (!isSym(xc) && xc !== inChannels)
      throw new Error(
        `${where}: group ${group} with the weight ${shapeText(weight)} takes ${inChannels} channels, the input has ${xc}.`,
      )
    if (node.op === 'Conv' && w0 % group !== 0)
      throw new Error(`${where}: group ${group} does not divide the ${w0} output channels.`)
    channels = node.op === 'Conv' ? w0 : w1 * group
  }
  const outPad =
    node.op === 'ConvTranspose'
      ? (attrIntsIn(node, 'output_padding', { length: k, min: 0, max: MAX_WINDOW }) ?? kernel.map(() => 0))
      : []
  const out = spatial.map((len, i) => {
    const p = pads[i]! + pads[i + k]!
    const span = dil[i]! * (kernel[i]! - 1) + 1
    if (node.op === 'ConvTranspose') {
      if (outPad[i]! >= Math.max(strides[i]!, dil[i]!))
        throw new Error(
          `${where}: output_padding ${outPad[i]} must be smaller than the stride or the dilation.`,
        )
      return (len - 1) * strides[i]! - p + span + outPad[i]!
    }
    if (span > len + p)
      throw new Error(
        `${where}: its window spans ${span} along axis ${i + 2}, more than the padded input's ${len + p}.`,
      )
    return windowOut(len, kernel[i]!, strides[i]!, dil[i]!, p, ceil)
  })
  return [xs[0]!, channels, ...out]
}

function shapeOfValue(v: Value): readonly SymDim[] {
  return v.kind === 'act' ? v.shape : v.dims
}

/** The output shape of an activation node; throws naming the node when it cannot be computed. */
function outputShape(node: DecodedNode, ins: readonly (Value | undefined)[]): SymDim[] {
  const where = at(node)
  const x = ins[0]
  if (!x) throw new Error(`${where}: its first input is missing.`)
  const xs = shapeOfValue(x)
  if (AXIS_OPS.has(node.op)) attrAxis(node, 'axis', -1, xs.length)
  if (SAME_SHAPE.has(node.op)) return [...xs]
  if (BROADCAST.has(node.op)) return broadcastSym(xs, shapeOfValue(ins[1] ?? x), where)
  const rank = xs.length
  switch (node.op) {
    case 'MatMul': {
      const ys = shapeOfValue(ins[1] ?? x)
      if (rank < 2 || ys.length < 2) throw new Error(`${where}: MatMul of a vector is not supported.`)
      const batch = broadcastSym(xs.slice(0, -2), ys.slice(0, -2), where)
      return [...batch, xs[rank - 2]!, ys[ys.length - 1]!]
    }
    case 'Gemm': {
      const ys = shapeOfValue(ins[1] ?? x)
      if (xs.length !== 2 || ys.length !== 2) throw new Error(`${where}: Gemm takes 2-D inputs.`)
      const m = attrFlag(node, 'transA', false) ? xs[1]! : xs[0]!
      const n = attrFlag(node, 'transB', false) ? ys[0]! : ys[1]!
      return [m, n]
    }
    case 'Conv':
    case 'ConvTranspose':
    case 'MaxPool':
    case 'AveragePool':
      return windowShape(node, xs, ins[1] ? shapeOfValue(ins[1]) : undefined)
    case 'Gather': {
      const data = ins[0]
      const idx = ins[1]
      if (data?.kind !== 'float' || idx?.kind !== 'act' || attrInt(node, 'axis', 0) !== 0)
        throw new Error(
          `${where}: only Gather of rows of a constant table by run-time ids (an embedding) is supported.`,
        )
      return [...idx.shape, ...data.dims.slice(1)]
    }
    case 'GlobalAveragePool':
      return [xs[0]!, xs[1]!, ...xs.slice(2).map(() => 1)]
    case 'Flatten': {
      const axis = attrAxis(node, 'axis', 1, rank + 1)
      return [productSym(xs.slice(0, axis), where), productSym(xs.slice(axis), where)]
    }
    case 'Reshape': {
      const target = ins[1]
      if (target?.kind !== 'int') throw new Error(`${where}: the Reshape target is not a constant.`)
      return reshapeDims(xs, target.data, attrFlag(node, 'allowzero', false), where)
    }
    case 'Transpose': {
      return attrPerm(node, rank).map((p) => xs[p]!)
    }
    case 'Concat': {
      const axis = attrAxis(node, 'axis', 0, rank)
      const out = [...xs]
      out[axis] = ins
        .slice(1)
        .reduce<SymDim>((sum, v) => arith('Add', sum, shapeOfValue(v ?? x)[axis]!, where), xs[axis]!)
      return out
    }
    case 'ReduceMean': {
      const axes = attrAxes(node, 'axes', rank) ?? xs.map((_, i) => i)
      const keep = attrFlag(node, 'keepdims', true)
      return xs.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]))
    }
    case 'Slice': {
      const starts = intsOf(ins[1], node, 'starts')
      const ends = intsOf(ins[2], node, 'ends')
      const axes = ins[3] ? intsOf(ins[3], node, 'axes') : starts.map((_, i) => i)
      const steps = ins[4] ? intsOf(ins[4], node, 'steps') : starts.map(() => 1)
      const out = [...xs]
      axes.forEach((a, i) => {
        const axis = normAxis(a, rank, where)
        const len = out[axis]!
        if (isSym(len)) throw new Error(`${where}: slicing the batch dim is not supported.`)
        out[axis] = sliceRange(len, starts[i]!, ends[i]!, steps[i]!).length
      })
      return out
    }
    case 'Pad': {
      if (attrString(node, 'mode', 'constant') !== 'constant')
        throw new Error(`${where}: only constant (zero) padding is supported.`)
      const pads = intsOf(ins[1], node, 'pads')
      return xs.map((d, i) => arith('Add', d, (pads[i] ?? 0) + (pads[i + rank] ?? 0), where))
    }
    case 'Unsqueeze': {
      const axes = axesOf(node, ins) ?? []
      const out: SymDim[] = [...xs]
      for (const a of [...axes.map((v) => normAxis(v, rank + axes.length, where))].sort((p, q) => p - q))
        out.splice(a, 0, 1)
      return out
    }
    case 'Squeeze': {
      const axes = (axesOf(node, ins) ?? xs.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) =>
        normAxis(a, rank, where),
      )
      return xs.filter((_, i) => !axes.includes(i))
    }
  }
  throw new Error(`${where}: no shape rule.`)
}

/** Ops the importer computes shapes for (and may lift to layers). */
export const ACTIVATION_OPS = new Set([
  ...SAME_SHAPE,
  ...BROADCAST,
  'MatMul',
  'Gemm',
  'Conv',
  'ConvTranspose',
  'MaxPool',
  'AveragePool',
  'GlobalAveragePool',
  'Flatten',
  'Reshape',
  'Transpose',
  'Concat',
  'ReduceMean',
  'Slice',
  'Pad',
  'Unsqueeze',
  'Squeeze',
  'Gather',
])

/** Ops the importer knows at all: every other op is reported as unknown. */
export function isKnownOp(op: string): boolean {
  return op === 'Shape' || PASS_THROUGH.has(op) || op === 'Cast' || FOLDABLE.has(op) || ACTIVATION_OPS.has(op)
}

/** The graph inputs' shapes: the first dim is the batch, whatever the file calls it. */
function inputShape(dims: readonly (number | string | undefined)[], name: string): SymDim[] {
  if (dims.length < 2)
    throw new Error(
      `graph input '${nameText(name)}' has ${dims.length} dims; Triad's inputs are [N, ...] with a batch dim first.`,
    )
  return dims.map((d, i) => {
    if (i === 0) return BATCH_DIM
    if (typeof d !== 'number')
      throw new Error(
        `graph input '${nameText(name)}': dim ${i} is ${d === undefined ? 'unknown' : nameText(d)}; only the batch dim may be symbolic.`,
      )
    return d
  })
}

/**
 * Reads the graph once. Unknown ops are collected, not thrown at once, so the error names every
 * one of them; anything fed by an unknown op is skipped.
 */
export function foldGraph(model: DecodedModel): Folded {
  const values = new Map<string, Value>()
  const nodes: ActNode[] = []
  const consumers = new Map<number, number[]>()
  const unknown: string[] = []
  const poisoned = new Set<string>()
  for (const [name, t] of model.initializers) values.set(name, constOf(t))
  const act = (
    op: string,
    inputs: readonly (Value | undefined)[],
    shape: SymDim[],
    extra: Partial<ActNode>,
  ) => {
    // a damaged file can compute absurd shapes: refuse them before anything loops over them
    shape.forEach((d, i) => {
      const k = isSym(d) ? d.n : d
      if (!Number.isFinite(k) || k < 0 || k > MAX_DIM || (!isSym(d) && !Number.isInteger(d)))
        throw new Error(
          `${extra.source ? at(extra.source) : `graph input '${nameText(extra.inputName ?? '')}'`}: computes the shape ${shapeText(shape)}, whose dim ${i} is not a whole number in [0, ${MAX_DIM}]: the file is damaged.`,
        )
    })
    const index = nodes.length
    const out: Activation = { kind: 'act', node: index, shape }
    nodes.push({ index, op, inputs, out, ...extra })
    for (const v of inputs)
      if (v?.kind === 'act' && !(consumers.get(v.node) ?? []).includes(index))
        consumers.set(v.node, [...(consumers.get(v.node) ?? []), index])
    return out
  }
  for (const input of model.inputs) {
    // float32, or int64 token ids (for an embedding)
    if (input.elemType !== 1 && input.elemType !== 7)
      throw new Error(
        `graph input '${nameText(input.name)}' has element type ${input.elemType}; float32 or int64 inputs only.`,
      )
    const shape = inputShape(input.dims, input.name)
    values.set(input.name, act('Input', [], shape, { inputName: input.name, intInput: input.elemType === 7 }))
  }
  for (const node of model.nodes) {
    if (node.domain && node.domain !== 'ai.onnx') {
      unknown.push(`${nameText(`${node.domain}.${node.op}`)} (node ${nameText(node.name)})`)
      for (const o of node.outputs) poisoned.add(o)
      continue
    }
    if (!isKnownOp(node.op)) {
      unknown.push(`${nameText(node.op)} (node ${nameText(node.name)})`)
      for (const o of node.outputs) poisoned.add(o)
      continue
    }
    if (node.inputs.some((i) => poisoned.has(i))) {
      for (const o of node.outputs) poisoned.add(o)
      continue
    }
    const ins = node.inputs.map((name) => {
      if (name === '') return undefined
      const v = values.get(name)
      if (!v)
        throw new Error(
          `${at(node)} reads '${nameText(name)}', which no earlier node makes: the graph is not in order or is damaged.`,
        )
      return v
    })
    const first = ins[0]
    const allConst = ins.every((v) => v === undefined || v.kind !== 'act')
    if (node.op === 'Shape') {
      if (!first) throw new Error(`${at(node)}: its input is missing.`)
      values.set(node.outputs[0] ?? '', shapeConst(node, shapeOfValue(first)))
      continue
    }
    if (allConst && FOLDABLE.has(node.op)) {
      const outs = foldNode(node, ins as (Const | undefined)[])
      outs.forEach((v, i) => {
        values.set(node.outputs[i] ?? '', v)
      })
      continue
    }
    if (
      first?.kind === 'act' &&
      (PASS_THROUGH.has(node.op) || (node.op === 'Cast' && attrInt(node, 'to', 1) === 1))
    ) {
      values.set(node.outputs[0] ?? '', first)
      continue
    }
    if (node.op === 'Pad' && first?.kind === 'act' && intsOf(ins[1], node, 'pads').every((p) => p === 0)) {
      values.set(node.outputs[0] ?? '', first)
      continue
    }
    if (!ACTIVATION_OPS.has(node.op))
      throw new Error(`${at(node)}: ${node.op} of a run-time tensor is not supported.`)
    const shape = outputShape(node, ins)
    const out = act(node.op, ins, shape, { source: node })
    values.set(node.outputs[0] ?? '', out)
    for (const extra of node.outputs.slice(1)) if (extra) poisoned.add(extra)
  }
  if (unknown.length > 0)
    throw new Error(
      `The model uses ${unknown.length} ONNX op${unknown.length > 1 ? 's' : ''} Triad cannot import: ${unknown.join(', ')}. Replace ${unknown.length > 1 ? 'them' : 'it'} in the PyTorch model (or export a supported equivalent) and export again.`,
    )
  for (const output of model.outputs) {
    if (poisoned.has(output.name) || !values.has(output.name))
      throw new Error(`graph output '${nameText(output.name)}' is not computed by the graph.`)
  }
  return { nodes, values, consumers }
}

export { shapeText }
