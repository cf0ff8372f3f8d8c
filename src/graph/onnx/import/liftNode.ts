import { at, attrFloat, attrInt, attrInts } from './attributes'
import { intsOf } from './constants'
import { nameText } from './names'
import {
  floatConst,
  type Graph,
  isScalar,
  type LayerSpec,
  moduleOfNode,
  moduleOfWeight,
  transpose2d,
} from './spec'
import { type Activation, type ActNode, isSym, numeric, shapeText, tidyFloat, type Value } from './values'

/**
 * One ONNX node to one catalogue layer: Gemm and MatMul(+Add) to dense, Conv, ConvTranspose,
 * pools, normalizations, activations, and the shape and merge ops. Returns the layer, or the
 * reason the node has no Triad form.
 */

type Lifted = LayerSpec | string

const acts = (n: ActNode): Activation[] => n.inputs.filter((v): v is Activation => v?.kind === 'act')

function first(n: ActNode): Activation {
  const x = n.inputs[0]
  if (x?.kind !== 'act') throw new Error(`${at(n.source!)}: its first input is not a run-time tensor.`)
  return x
}

/** An int or, when the entries differ, the tuple (PyTorch's `kernel_size=3` vs `(3, 5)`). */
const tuple = (v: readonly number[]): number | number[] => (v.every((x) => x === v[0]) ? v[0]! : [...v])

/** Symmetric pads [b0, b1, e0, e1] as per-axis padding, or undefined when they differ. */
function symmetricPads(pads: readonly number[], rank: number): number[] | undefined {
  const begin = pads.slice(0, rank)
  const end = pads.slice(rank)
  return begin.every((p, i) => p === (end[i] ?? p)) ? begin : undefined
}

function spec(
  n: ActNode,
  type: string,
  params: LayerSpec['params'],
  extra: Partial<Pick<LayerSpec, 'weights' | 'buffers' | 'covers' | 'base' | 'inputs'>> = {},
): LayerSpec {
  return {
    type,
    base: extra.base ?? moduleOfNode(n) ?? type,
    params,
    inputs: extra.inputs ?? acts(n),
    output: n.out,
    weights: extra.weights ?? {},
    buffers: extra.buffers ?? {},
    covers: extra.covers ?? [n.index],
  }
}

/** A bias Add right after a linear map: its single consumer adding a constant of `out` values. */
function biasAfter(
  g: Graph,
  n: ActNode,
  out: number,
): { add: ActNode; bias: Float32Array; name: string } | undefined {
  const add = g.only(n.index)
  if (add?.op !== 'Add') return undefined
  const [a, b] = add.inputs
  const c = floatConst(a?.kind === 'act' ? b : a)
  if (!c || c.data.length !== out || c.dims.filter((d) => d !== 1).length > 1) return undefined
  return { add, bias: c.data, name: c.name }
}

/** Gemm (transB or not) or MatMul by a constant [in, out] matrix, plus the bias Add that follows. */
export function liftLinear(g: Graph, n: ActNode): Lifted {
  const x = first(n)
  const w = floatConst(n.inputs[1])
  if (w?.dims.length !== 2)
    return `${n.op} of two run-time tensors outside an attention pattern has no Triad layer.`
  if (x.shape.length < 2 || x.shape.length > 3)
    return `Dense takes [N, in] or [N, T, in] inputs, not ${shapeText(x.shape)}.`
  let weight: Float32Array
  let out: number
  let bias: Float32Array | undefined
  let biasName: string | undefined
  const covers = [n.index]
  if (n.op === 'Gemm') {
    const src = n.source!
    if (attrInt(src, 'transA', 0) !== 0) return 'Gemm with transA=1 has no Triad layer.'
    const transB = attrInt(src, 'transB', 0) === 1
    const [r, c] = w.dims as [number, number]
    weight = transB ? w.data.slice() : transpose2d(w.data, r, c)
    out = transB ? r : c
    const alpha = attrFloat(src, 'alpha', 1)
    if (alpha !== 1) weight = weight.map((v) => v * alpha)
    const cv = floatConst(n.inputs[2])
    if (n.inputs[2] && !cv) return 'Gemm with a run-time C input has no Triad layer.'
    if (cv) {
      const beta = attrFloat(src, 'beta', 1)
      if (cv.data.length !== out && cv.data.length !== 1)
        return `Gemm's C of ${cv.data.length} values is not a bias of ${out}.`
      bias = Float32Array.from(
        { length: out },
        (_, i) => (cv.data.length === 1 ? cv.data[0]! : cv.data[i]!) * beta,
      )
      biasName = cv.name
    }
  } else {
    const [r, c] = w.dims as [number, number]
    weight = transpose2d(w.data, r, c)
    out = c
    const b = biasAfter(g, n, out)
    if (b) {
      bias = b.bias
      biasName = b.name
      covers.push(b.add.index)
    }
  }
  const last = x.shape[x.shape.length - 1]!
  if (isSym(last)) return 'Dense over a batch-sized dim is not supported.'
  const base = moduleOfWeight(w.name) ?? moduleOfWeight(biasName) ?? moduleOfNode(n) ?? 'dense'
  const output = covers.length > 1 ? g.node(covers[1]!).out : n.out
  return {
    ...spec(
      n,
      'dense',
      { in_features: last, out_features: out, bias: bias !== undefined },
      {
        base,
        inputs: [x],
        covers,
        weights: { weight, ...(bias ? { bias } : {}) },
      },
    ),
    output,
  }
}

function liftConv(n: ActNode): Lifted {
  const src = n.source!
  const x = first(n)
  const w = floatConst(n.inputs[1])
  if (!w) return `${n.op} with a run-time weight has no Triad layer.`
  const spatial = w.dims.length - 2
  const transposed = n.op === 'ConvTranspose'
  if (spatial !== (transposed ? 2 : spatial) || spatial < 1 || spatial > 2)
    return `${spatial}-D ${n.op} has no Triad layer (Conv1d, Conv2d and ConvTranspose2d do).`
  if (attrInts(src, 'output_shape'))
    return 'ConvTranspose with output_shape is not supported; export without it.'
  const kernel = w.dims.slice(2)
  const pads = symmetricPads(attrInts(src, 'pads') ?? kernel.flatMap(() => [0, 0]), spatial)
  if (!pads) return `asymmetric padding ${attrInts(src, 'pads')} has no PyTorch Conv form.`
  const groups = attrInt(src, 'group', 1)
  const b = floatConst(n.inputs[2])
  const inChannels = numeric([x.shape[1]!], at(src))[0]!
  const params = {
    in_channels: inChannels,
    out_channels: transposed ? w.dims[1]! * groups : w.dims[0]!,
    kernel_size: tuple(kernel),
    stride: tuple(attrInts(src, 'strides') ?? kernel.map(() => 1)),
    padding: tuple(pads),
    dilation: tuple(attrInts(src, 'dilations') ?? kernel.map(() => 1)),
    groups,
    bias: b !== undefined,
    ...(transposed ? { output_padding: tuple(attrInts(src, 'output_padding') ?? kernel.map(() => 0)) } : {}),
  }
  const type = transposed ? 'convTranspose2d' : spatial === 1 ? 'conv1d' : 'conv2d'
  return spec(n, type, params, {
    base: moduleOfWeight(w.name) ?? moduleOfNode(n) ?? type,
    inputs: [x],
    weights: { weight: w.data, ...(b ? { bias: b.data } : {}) },
  })
}

/** MaxPool / AveragePool over [N, C, H, W]; a zero Pad just before an AveragePool becomes its padding. */
function liftPool(g: Graph, n: ActNode): Lifted {
  const src = n.source!
  let x = first(n)
  if (x.shape.length !== 4) return `${n.op} over ${shapeText(x.shape)}: Triad pools [N, C, H, W] only.`
  const kernel = attrInts(src, 'kernel_shape') ?? []
  const strides = attrInts(src, 'strides') ?? [1, 1]
  let pads = symmetricPads(attrInts(src, 'pads') ?? [0, 0, 0, 0], 2)
  if (!pads) return 'asymmetric pool padding has no PyTorch form.'
  const covers = [n.index]
  let countPad = attrInt(src, 'count_include_pad', 0) === 1
  const pad = g.producer(x)
  if (pad?.op === 'Pad' && n.op === 'AveragePool' && g.only(pad.index) === n && pads.every((p) => p === 0)) {
    const p = intsOf(pad.inputs[1], pad.source!, 'pads')
    const value = pad.inputs[2]
    if (value && !isScalar(value, 0))
      return 'Pad with a non-zero value before AveragePool has no PyTorch form.'
    const spatial = symmetricPads([p[2]!, p[3]!, p[6]!, p[7]!], 2)
    if (p[0] || p[1] || p[4] || p[5] || !spatial) return 'this Pad before AveragePool has no PyTorch form.'
    pads = spatial
    countPad = true
    x = first(pad)
    covers.unshift(pad.index)
  }
  if (strides[0] !== strides[1]) return `pool strides ${strides} differ; Triad's pools take one stride.`
  const stride = strides.every((s, i) => s === kernel[i]) ? null : strides[0]!
  const common = {
    kernel_size: tuple(kernel),
    stride,
    padding: tuple(pads),
    ceil_mode: attrInt(src, 'ceil_mode', 0) === 1,
  }
  if (n.op === 'MaxPool')
    return spec(
      n,
      'maxPool2d',
      { ...common, dilation: tuple(attrInts(src, 'dilations') ?? [1, 1]) },
      { inputs: [x], covers },
    )
  return spec(
    n,
    'avgPool2d',
    { ...common, count_include_pad: pads.every((p) => p === 0) ? true : countPad },
    { inputs: [x], covers },
  )
}

function liftBatchNorm(n: ActNode): Lifted {
  const src = n.source!
  const x = first(n)
  if (attrInt(src, 'training_mode', 0) === 1)
    return 'BatchNormalization in training mode: export the model in eval mode.'
  const [scale, bias, mean, variance] = n.inputs.slice(1, 5).map(floatConst)
  if (!scale || !bias || !mean || !variance)
    return 'BatchNormalization with run-time statistics has no Triad layer.'
  const rank = x.shape.length
  if (rank < 2 || rank > 4) return `BatchNormalization over ${shapeText(x.shape)} has no Triad layer.`
  const type = rank === 4 ? 'batchNorm2d' : 'batchNorm1d'
  const params = {
    num_features: scale.data.length,
    eps: tidyFloat(attrFloat(src, 'epsilon', 1e-5)),
    // ONNX's momentum is 1 - PyTorch's
    momentum: Number((1 - tidyFloat(attrFloat(src, 'momentum', 0.9))).toPrecision(12)),
  }
  return spec(n, type, params, {
    base: moduleOfWeight(scale.name) ?? moduleOfWeight(mean.name) ?? moduleOfNode(n) ?? type,
    inputs: [x],
    weights: { weight: scale.data, bias: bias.data },
    buffers: { running_mean: mean.data, running_var: variance.data },
  })
}

function liftLayerNorm(n: ActNode): Lifted {
  const src = n.source!
  const x = first(n)
  const scale = floatConst(n.inputs[1])
  const bias = floatConst(n.inputs[2])
  if (!scale || (n.inputs[2] && !bias)) return 'LayerNormalization with a run-time scale has no Triad layer.'
  const shape = [...scale.dims]
  const axis = attrInt(src, 'axis', -1)
  if ((axis < 0 ? axis + x.shape.length : axis) !== x.shape.length - shape.length)
    return `LayerNormalization over axis ${axis} with a scale of ${shapeText(shape)} normalizes no trailing dims.`
  return spec(
    n,
    'layerNorm',
    {
      normalized_shape: shape,
      eps: tidyFloat(attrFloat(src, 'epsilon', 1e-5)),
      elementwise_affine: true,
      bias: !!bias,
    },
    {
      base: moduleOfWeight(scale.name) ?? moduleOfNode(n) ?? 'layerNorm',
      inputs: [x],
      weights: { weight: scale.data, ...(bias ? { bias: bias.data } : {}) },
    },
  )
}

const SIMPLE: Readonly<Record<string, string>> = { Relu: 'relu', Tanh: 'tanh', Sigmoid: 'sigmoid' }

/** A reshape that keeps the batch first: flatten when it merges all per-sample dims, else reshape. */
function liftReshape(n: ActNode): Lifted {
  const x = first(n)
  const out = n.out.shape
  const head = out[0]
  if (!head || !isSym(head) || head.n !== 1 || out.slice(1).some(isSym))
    return `${n.op} to ${shapeText(out)} does not keep the batch dim first; Triad's Reshape and Flatten do.`
  const rest = out.slice(1) as number[]
  if (out.length === 2 && x.shape.length > 2) return spec(n, 'flatten', { start_dim: 1, end_dim: -1 })
  return spec(n, 'reshape', { shape: rest })
}

/** Lifts one node, or says why it cannot be. */
export function liftNode(g: Graph, n: ActNode, inputValue: (v: Value | undefined) => boolean): Lifted {
  const src = n.source
  switch (n.op) {
    case 'Input':
      return spec(
        n,
        'input',
        {
          shape: numeric(n.out.shape.slice(1), `graph input ${nameText(n.inputName ?? '')}`),
          ...(n.intInput ? { dtype: 'int64' } : {}),
        },
        { base: n.inputName ?? 'x' },
      )
    case 'Gather': {
      const table = floatConst(n.inputs[0])
      const ids = n.inputs[1]
      if (table?.dims.length !== 2 || ids?.kind !== 'act') return 'Gather other than an embedding lookup.'
      return spec(
        n,
        'embedding',
        { num_embeddings: table.dims[0]!, embedding_dim: table.dims[1]! },
        {
          base: moduleOfWeight(table.name) ?? moduleOfNode(n) ?? 'embedding',
          inputs: [ids],
          weights: { weight: table.data },
        },
      )
    }
    case 'Gemm':
    case 'MatMul':
      return liftLinear(g, n)
    case 'Conv':
    case 'ConvTranspose':
      return liftConv(n)
    case 'MaxPool':
    case 'AveragePool':
      return liftPool(g, n)
    case 'GlobalAveragePool':
      return n.out.shape.length === 4
        ? spec(n, 'globalAvgPool', {})
        : 'GlobalAveragePool over a non-4-D input.'
    case 'BatchNormalization':
      return liftBatchNorm(n)
    case 'LayerNormalization':
      return liftLayerNorm(n)
    case 'Relu':
    case 'Tanh':
    case 'Sigmoid':
      return spec(n, SIMPLE[n.op]!, {})
    case 'LeakyRelu':
      return spec(n, 'leakyRelu', { negative_slope: tidyFloat(attrFloat(src!, 'alpha', 0.01)) })
    case 'Gelu':
      return spec(n, 'gelu', { approximate: src?.attrs.get('approximate') === 'tanh' ? 'tanh' : 'none' })
    case 'Softmax':
    case 'LogSoftmax':
      return spec(n, n.op === 'Softmax' ? 'softmax' : 'logSoftmax', { dim: attrInt(src!, 'axis', -1) })
    case 'Flatten':
      return attrInt(src!, 'axis', 1) === 1
        ? spec(n, 'flatten', { start_dim: 1, end_dim: -1 })
        : 'Flatten with axis other than 1 merges the batch dim.'
    case 'Reshape':
      return liftReshape(n)
    case 'Transpose': {
      const perm = attrInts(src!, 'perm') ?? []
      return perm[0] === 0 ? spec(n, 'permute', { dims: perm }) : `Transpose ${perm} moves the batch dim.`
    }
    case 'Concat': {
      if (n.inputs.some((v) => v?.kind !== 'act')) return 'Concat with a constant input has no Triad layer.'
      const axis = attrInt(src!, 'axis', 0)
      return axis === 0 || axis === -n.out.shape.length
        ? 'Concat along the batch dim is not supported.'
        : spec(n, 'concat', { dim: axis })
    }
    case 'Add':
    case 'Mul':
      if (n.inputs.every(inputValue)) return spec(n, n.op === 'Add' ? 'add' : 'multiply', {})
      return `${n.op} with a constant operand has no Triad layer (Add and Multiply join run-time tensors).`
  }
  return `${n.op} is not part of a pattern Triad recognizes (GELU, LayerNorm, attention, Linear).`
}
