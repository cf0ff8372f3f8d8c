import type { onnx } from 'onnx-proto'
import { ONNX } from '../proto'
import { nameText } from './names'

/**
 * Bounded decoding of ONNX bytes into plain data: the graph's inputs, outputs, initializers and
 * nodes, every size checked against the bytes actually present before anything is allocated.
 * Nothing in the file is executed; an ONNX function, subgraph or external-data tensor is refused.
 */

/** The largest single dimension an imported tensor may declare. */
export const MAX_DIM = 1 << 24
/** The most elements one sample of a graph input may hold. */
export const MAX_SAMPLE_ELEMENTS = 1 << 26
/** The most nodes an imported graph may hold. */
export const MAX_NODES = 100_000

/** A constant tensor of the file (an initializer or a Constant node's value). */
export type TensorData =
  | { readonly name: string; readonly dtype: 'float'; readonly dims: number[]; readonly data: Float32Array }
  | { readonly name: string; readonly dtype: 'int'; readonly dims: number[]; readonly data: number[] }

/** An attribute's value, as the importer reads it. */
export type AttrValue = number | number[] | string | TensorData | { readonly unsupported: string }

/** One ONNX node. */
export interface DecodedNode {
  readonly name: string
  readonly op: string
  readonly domain: string
  readonly inputs: readonly string[]
  readonly outputs: readonly string[]
  readonly attrs: ReadonlyMap<string, AttrValue>
}

/** A graph input or output: its dims (numbers, symbolic names or unknown) and element type. */
export interface GraphValue {
  readonly name: string
  readonly dims: readonly (number | string | undefined)[]
  readonly elemType: number
}

/** A decoded model: what the importer reads, nothing more. */
export interface DecodedModel {
  readonly opset: number
  readonly producer: string
  readonly graphName: string
  readonly inputs: readonly GraphValue[]
  readonly outputs: readonly GraphValue[]
  readonly initializers: ReadonlyMap<string, TensorData>
  readonly nodes: readonly DecodedNode[]
}

const DataType = ONNX.TensorProto.DataType
const AttributeType = ONNX.AttributeProto.AttributeType

type IntLike = number | { toNumber(): number } | null | undefined

/** An int64 field as a safe integer, or a thrown error naming `what`. */
export function safeInt(v: IntLike, what: string): number {
  const n = v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber()
  if (!Number.isSafeInteger(n)) throw new Error(`${what} is ${n}, not an integer the importer can hold.`)
  return n
}

function dimsOf(dims: readonly IntLike[] | null | undefined, what: string): number[] {
  if ((dims?.length ?? 0) > 16) throw new Error(`${what} has ${dims?.length} dims; at most 16 are accepted.`)
  return (dims ?? []).map((d, i) => {
    const n = safeInt(d, `${what}: dim ${i}`)
    if (n < 0 || n > MAX_DIM)
      throw new Error(`${what}: dim ${i} is ${n}, outside [0, ${MAX_DIM}]: the file is damaged or too large.`)
    return n
  })
}

/** The product of `dims`, stopping early (and reporting) once it passes `limit`. */
function countOf(dims: readonly number[], limit: number, what: string): number {
  let n = 1
  for (const d of dims) {
    n *= d
    if (n > limit) throw new Error(`${what} declares more elements than the file holds (${dims.join('x')}).`)
  }
  return n
}

/** Reads a tensor, checking its declared size against the data really present. */
export function readTensor(t: onnx.ITensorProto, fallbackName: string): TensorData {
  const name = t.name || fallbackName
  const what = `tensor '${nameText(name)}'`
  if (t.dataLocation === ONNX.TensorProto.DataLocation.EXTERNAL || (t.externalData?.length ?? 0) > 0)
    throw new Error(`${what} keeps its data in an external file: export with the weights inside the .onnx.`)
  const dims = dimsOf(t.dims, what)
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined
  const type = t.dataType ?? 0
  const width =
    type === DataType.FLOAT || type === DataType.INT32
      ? 4
      : type === DataType.INT64 || type === DataType.DOUBLE
        ? 8
        : type === DataType.BOOL || type === DataType.UINT8 || type === DataType.INT8
          ? 1
          : 0
  if (width === 0)
    throw new Error(
      `${what} has element type ${DataType[type] ?? type}; float, double and integer tensors only.`,
    )
  const typed =
    type === DataType.FLOAT
      ? t.floatData
      : type === DataType.DOUBLE
        ? t.doubleData
        : type === DataType.INT64
          ? t.int64Data
          : t.int32Data
  const available = raw ? Math.floor(raw.length / width) : (typed?.length ?? 0)
  const count = countOf(dims, available, what)
  if (count !== available)
    throw new Error(
      `${what} declares ${count} elements (${dims.join('x') || 'scalar'}) but holds ${available}.`,
    )
  const isFloat = type === DataType.FLOAT || type === DataType.DOUBLE
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
    if (isFloat) {
      const data = new Float32Array(count)
      for (let i = 0; i < count; i++)
        data[i] = width === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true)
      return { name, dtype: 'float', dims, data }
    }
    const data: number[] = new Array(count)
    for (let i = 0; i < count; i++)
      data[i] =
        width === 8
          ? Number(view.getBigInt64(i * 8, true))
          : width === 4
            ? view.getInt32(i * 4, true)
            : type === DataType.INT8
              ? view.getInt8(i)
              : view.getUint8(i)
    return { name, dtype: 'int', dims, data }
  }
  const values = (typed ?? []) as IntLike[]
  if (isFloat) return { name, dtype: 'float', dims, data: Float32Array.from(values, (v) => Number(v)) }
  // int64 extremes (Slice's "to the end") lose precision as numbers but keep their meaning
  return {
    name,
    dtype: 'int',
    dims,
    data: values.map((v) => (typeof v === 'number' ? v : (v?.toNumber() ?? 0))),
  }
}

function readAttr(a: onnx.IAttributeProto, where: string): AttrValue {
  const what = `${where}: attribute ${nameText(a.name ?? '')}`
  switch (a.type) {
    case AttributeType.INT:
      return safeInt(a.i, what)
    case AttributeType.INTS:
      if ((a.ints?.length ?? 0) > 1024) throw new Error(`${what} lists more than 1024 ints.`)
      return (a.ints ?? []).map((v, i) => safeInt(v, `${what}[${i}]`))
    case AttributeType.FLOAT:
      return a.f ?? 0
    case AttributeType.FLOATS:
      return [...(a.floats ?? [])]
    case AttributeType.STRING:
      return new TextDecoder().decode(a.s ?? new Uint8Array())
    case AttributeType.TENSOR:
      return readTensor(a.t ?? {}, `${where}.${a.name}`)
    default:
      return { unsupported: AttributeType[a.type ?? 0] ?? String(a.type) }
  }
}

function graphValue(v: onnx.IValueInfoProto, what: string): GraphValue {
  const name = v.name ?? ''
  const tensor = v.type?.tensorType
  const label = `${what} '${nameText(name)}'`
  if (!tensor) throw new Error(`${label} is not a tensor.`)
  const dims = (tensor.shape?.dim ?? []).map((d, i) => {
    if (d.dimParam) return d.dimParam
    if (d.dimValue === null || d.dimValue === undefined) return undefined
    const n = safeInt(d.dimValue, `${label}: dim ${i}`)
    if (n < 1 || n > MAX_DIM)
      throw new Error(
        `${label}: dim ${i} is ${n}, outside [1, ${MAX_DIM}]: the file is damaged or too large.`,
      )
    return n
  })
  if (dims.length > 8) throw new Error(`${label} has ${dims.length} dims; at most 8 are accepted.`)
  return { name, dims, elemType: tensor.elemType ?? 0 }
}

/**
 * Decodes ONNX ModelProto bytes. Throws a one-line error for bytes that are not a model
 * (truncated, damaged), for a default-domain opset outside 13-17, and for any size the bytes
 * cannot back (a dimension of 2^40 fails here, before anything is allocated).
 */
export function decodeOnnx(bytes: Uint8Array): DecodedModel {
  if (bytes.length === 0) throw new Error('The ONNX file is empty.')
  let model: onnx.ModelProto
  try {
    model = ONNX.ModelProto.decode(bytes)
  } catch (e) {
    throw new Error(
      `Not a readable ONNX model (${nameText(e instanceof Error ? e.message : String(e), 200)}): the file is truncated or damaged.`,
    )
  }
  const graph = model.graph
  if (!graph) throw new Error('The ONNX file holds no graph: it is damaged or not an ONNX model.')
  const opsets = model.opsetImport ?? []
  const main = opsets.find((o) => !o.domain || o.domain === 'ai.onnx')
  const opset = main ? safeInt(main.version, 'opset') : 0
  if (opset < 13 || opset > 17)
    throw new Error(
      `The model uses ONNX opset ${opset}; the importer reads opsets 13-17 (export with opset_version=17).`,
    )
  if ((model.functions?.length ?? 0) > 0)
    throw new Error('The model defines ONNX functions; export without custom functions.')
  if ((graph.node?.length ?? 0) > MAX_NODES)
    throw new Error(`The graph has ${graph.node?.length} nodes; at most ${MAX_NODES} are accepted.`)
  const initializers = new Map<string, TensorData>()
  for (const [i, t] of (graph.initializer ?? []).entries()) {
    const tensor = readTensor(t, `initializer ${i}`)
    initializers.set(tensor.name, tensor)
  }
  if ((graph.sparseInitializer?.length ?? 0) > 0)
    throw new Error('The model has sparse initializers; the importer reads dense tensors only.')
  const nodes = (graph.node ?? []).map((n, i): DecodedNode => {
    const name = n.name || `${n.opType ?? 'node'}_${i}`
    const attrs = new Map<string, AttrValue>()
    for (const a of n.attribute ?? []) attrs.set(a.name ?? '', readAttr(a, `node ${nameText(name)}`))
    return {
      name,
      op: n.opType ?? '',
      domain: n.domain ?? '',
      inputs: [...(n.input ?? [])],
      outputs: [...(n.output ?? [])],
      attrs,
    }
  })
  const inputs = (graph.input ?? [])
    .filter((v) => !initializers.has(v.name ?? ''))
    .map((v) => graphValue(v, 'graph input'))
  for (const input of inputs) {
    let n = 1
    for (const d of input.dims.slice(1)) {
      n *= typeof d === 'number' ? d : 1
      if (n > MAX_SAMPLE_ELEMENTS)
        throw new Error(
          `graph input '${nameText(input.name)}' holds more than ${MAX_SAMPLE_ELEMENTS} elements a sample.`,
        )
    }
  }
  return {
    opset,
    producer: `${model.producerName ?? ''} ${model.producerVersion ?? ''}`.trim(),
    graphName: graph.name ?? '',
    inputs,
    outputs: (graph.output ?? []).map((v) => graphValue(v, 'graph output')),
    initializers,
    nodes,
  }
}
