import type { onnx } from 'onnx-proto'
import type { OnnxAttr, OnnxAttrs, OnnxBuilder } from './mapping'
import { ONNX } from './proto'

/** Named float tensors: parameters or buffers by PyTorch state_dict key. */
export type WeightMap = Readonly<Record<string, Float32Array | Float64Array>>

const DataType = ONNX.TensorProto.DataType
const AttributeType = ONNX.AttributeProto.AttributeType

/** Little-endian bytes of float32 values, as ONNX's raw_data stores them. */
function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4)
  const view = new DataView(out.buffer)
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true)
  return out
}

/** Little-endian bytes of int64 values. */
function int64Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8)
  const view = new DataView(out.buffer)
  values.forEach((v, i) => {
    view.setBigInt64(i * 8, BigInt(v), true)
  })
  return out
}

function attribute(name: string, value: OnnxAttr): onnx.IAttributeProto {
  if (typeof value === 'string')
    return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) }
  if (typeof value === 'number') {
    if (!Number.isInteger(value))
      throw new Error(`attribute ${name}: ${value} is not an int (use onnxFloat).`)
    return { name, type: AttributeType.INT, i: value }
  }
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float }
  if ('floats' in value) return { name, type: AttributeType.FLOATS, floats: [...value.floats] }
  return { name, type: AttributeType.INTS, ints: [...value] }
}

const size = (dims: readonly number[]) => dims.reduce((a, d) => a * d, 1)

/**
 * The ONNX graph being exported: nodes in topological order, initializers (the state_dict
 * tensors the nodes read, each once) and the names in use. Layer mappings reach it through
 * `scope(path)`, which names their nodes and weights under the node's module path.
 */
export class OnnxGraph {
  readonly nodes: onnx.INodeProto[] = []
  readonly initializers: onnx.ITensorProto[] = []
  private readonly names = new Set<string>()
  private readonly counters = new Map<string, number>()

  constructor(
    private readonly params: WeightMap,
    private readonly buffers: WeightMap,
  ) {}

  /** Reserves `name` (a graph input's) so nothing else takes it. */
  reserve(name: string): void {
    this.names.add(name)
  }

  /** A fresh name starting with `base` (`base`, then `base_1`, ...). */
  fresh(base: string): string {
    let name = base
    let n = this.counters.get(base) ?? 0
    while (this.names.has(name)) name = `${base}_${++n}`
    this.counters.set(base, n)
    this.names.add(name)
    return name
  }

  /** Whether a node's output is named `name` (not a graph input or an initializer). */
  isNodeOutput(name: string, from = 0): boolean {
    for (let i = from; i < this.nodes.length; i++) if (this.nodes[i]!.output?.includes(name)) return true
    return false
  }

  /** Renames tensor `from` to the fresh name `to` everywhere (node outputs and inputs). */
  rename(from: string, to: string): void {
    for (const n of this.nodes) {
      n.input = n.input?.map((x) => (x === from ? to : x)) ?? null
      n.output = n.output?.map((x) => (x === from ? to : x)) ?? null
    }
  }

  /** Adds a node named `name` (made fresh) with fresh output names. */
  add(name: string, op: string, inputs: readonly string[], count: number, attrs: OnnxAttrs = {}): string[] {
    return this.push(
      name,
      op,
      inputs,
      count,
      Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    )
  }

  /** A Constant node holding `tensor`; returns its output. */
  constant(name: string, tensor: onnx.ITensorProto): string {
    return this.push(name, 'Constant', [], 1, [{ name: 'value', type: AttributeType.TENSOR, t: tensor }])[0]!
  }

  private push(
    name: string,
    op: string,
    inputs: readonly string[],
    count: number,
    attribute: onnx.IAttributeProto[],
  ): string[] {
    const nodeName = this.fresh(name)
    const output = Array.from({ length: count }, (_, i) =>
      this.fresh(i === 0 ? nodeName : `${nodeName}:${i}`),
    )
    this.nodes.push({ name: nodeName, opType: op, input: [...inputs], output, attribute })
    return output
  }

  /** An initializer for state_dict key `key` from `map`, added once; checks its size. */
  weight(map: WeightMap, what: 'parameter' | 'buffer', key: string, dims: readonly number[]): string {
    if (this.initializers.some((t) => t.name === key)) return key
    const data = map[key]
    if (!data)
      throw new Error(`no weights for ${what} '${key}': pass the state_dict the model was trained with.`)
    if (data.length !== size(dims))
      throw new Error(
        `${what} '${key}' holds ${data.length} values but the model needs ${JSON.stringify(dims)} (${size(dims)}).`,
      )
    this.names.add(key)
    this.initializers.push({
      name: key,
      dims: [...dims],
      dataType: DataType.FLOAT,
      rawData: float32Bytes(data),
    })
    return key
  }

  /** The builder a layer mapping uses for the node at module path `path`. */
  scope(path: string): OnnxBuilder {
    return {
      path,
      nodes: (op, inputs, count, attrs) => this.add(`${path}/${op}`, op, inputs, count, attrs),
      node: (op, inputs, attrs) => this.add(`${path}/${op}`, op, inputs, 1, attrs)[0]!,
      param: (name, shape) => this.weight(this.params, 'parameter', `${path}.${name}`, shape),
      buffer: (name, shape) => this.weight(this.buffers, 'buffer', `${path}.${name}`, shape),
      floats: (values, dims) =>
        this.constant(`${path}/Constant`, {
          dims: [...dims],
          dataType: DataType.FLOAT,
          rawData: float32Bytes(values),
        }),
      ints: (values, dims = [values.length]) =>
        this.constant(`${path}/Constant`, {
          dims: [...dims],
          dataType: DataType.INT64,
          rawData: int64Bytes(values),
        }),
    }
  }
}
