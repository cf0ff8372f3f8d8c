import type { ParamValue } from '../../layers/params'
import type { Folded } from './fold'
import { type Activation, type ActNode, type FloatConst, isSym, type Value } from './values'

/**
 * What lifting produces: one catalogue layer per recognised ONNX node or pattern, with the
 * weights it takes from the file, before node ids and edges are settled.
 */

/** One layer the import will create. */
export interface LayerSpec {
  /** Catalogue type (`dense`, `multiHeadAttention`). */
  readonly type: string
  /** Module path from the file's names (`layer.self_attn`), or a fallback name (`relu`). */
  readonly base: string
  readonly params: Record<string, ParamValue>
  /** Activations feeding the layer, in port order. */
  readonly inputs: readonly Activation[]
  /** The activation the layer's output stands for. */
  readonly output: Activation
  /** Trainable parameters by PyTorch name within the module (`weight`, `out_proj.weight`). */
  readonly weights: Readonly<Record<string, Float32Array>>
  /** Buffers by name within the module (`running_mean`). */
  readonly buffers: Readonly<Record<string, Float32Array>>
  /** Indices of the activation nodes the layer replaces. */
  readonly covers: readonly number[]
}

/** Read access to the folded graph for pattern matchers. */
export class Graph {
  constructor(readonly folded: Folded) {}

  node(i: number): ActNode {
    return this.folded.nodes[i]!
  }

  /** The activation node that makes `v`, if `v` is an activation. */
  producer(v: Value | undefined): ActNode | undefined {
    return v?.kind === 'act' ? this.node(v.node) : undefined
  }

  consumers(i: number): ActNode[] {
    return (this.folded.consumers.get(i) ?? []).map((c) => this.node(c))
  }

  /** The single consumer of node `i`'s output, or undefined when it has none or several. */
  only(i: number): ActNode | undefined {
    const c = this.consumers(i)
    return c.length === 1 ? c[0] : undefined
  }
}

/** `v` as a float constant, if it is one. */
export function floatConst(v: Value | undefined): FloatConst | undefined {
  return v?.kind === 'float' ? v : undefined
}

/** The other input of a binary node, given one of them. */
export function otherInput(n: ActNode, one: Activation): Value | undefined {
  const [a, b] = n.inputs
  return a?.kind === 'act' && a.node === one.node ? b : a
}

/** Whether `v` is the activation `a`. */
export function isAct(v: Value | undefined, a: Activation): boolean {
  return v?.kind === 'act' && v.node === a.node
}

/** Whether `v` is a constant of one element equal to `x` (within float32 rounding). */
export function isScalar(v: Value | undefined, x: number): boolean {
  if (!v || v.kind === 'act' || v.data.length !== 1) return false
  const d = v.data[0]!
  return !isSym(d) && Math.abs(d - x) <= 1e-6 * Math.max(1, Math.abs(x))
}

/** A 2-D float tensor transposed ([a, b] -> [b, a]). */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!
  return out
}

const PARAM_SUFFIX =
  /^(.+)\.(weight|bias|running_mean|running_var|in_proj_weight|in_proj_bias|out_proj\.weight|out_proj\.bias)$/

/**
 * The module path a state_dict key names (`layer.linear1.bias` -> `layer.linear1`); undefined for
 * the exporter's own names (`onnx::MatMul_144`).
 */
export function moduleOfWeight(name: string | undefined): string | undefined {
  if (!name || name.includes('::')) return undefined
  return PARAM_SUFFIX.exec(name)?.[1]
}

/**
 * The module path in a node name: PyTorch 1.13+ writes `/layer/self_attn/MatMul` (-> `layer.self_attn`),
 * Triad's exporter `res1.conv1/Conv` (-> `res1.conv1`).
 */
export function moduleOfNode(n: ActNode | undefined): string | undefined {
  const name = n?.source?.name
  if (!name?.includes('/')) return undefined
  const parts = name.split('/')
  if (parts[0] !== '') return /^[A-Za-z_][\w.]*$/.test(parts[0]!) ? parts[0] : undefined
  const path = parts.filter((p) => p !== '').slice(0, -1)
  return path.length > 0 ? path.join('.') : undefined
}
