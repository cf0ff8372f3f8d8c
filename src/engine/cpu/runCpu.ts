import { formatShape, numel } from '../ir/shape'
import type { DType, Graph, Value } from '../ir/value'
import { opDef } from '../ops/index'
import type { CpuBuffer, CpuTensor } from '../ops/opDef'

/**
 * Precision of f32 values in the reference interpreter: 'f32' mirrors what a GPU computes;
 * 'f64' runs the same kernels in double precision, for gradient checks by finite differences.
 */
export type CpuPrecision = 'f32' | 'f64'

/** Values for the graph's `input` and `param` nodes, by name, row-major. */
export type Feeds = Readonly<Record<string, CpuBuffer | readonly number[]>>

/** Options of `runCpu`. */
export interface RunCpuOptions {
  /** Values wanted; only they and what they depend on are computed. Default: every value. */
  outputs?: readonly Value[]
  precision?: CpuPrecision
}

/** What `runCpu` computed, looked up by value. */
export class CpuResult {
  constructor(private readonly tensors: ReadonlyMap<number, CpuTensor>) {}

  /** The tensor computed for `v`; throws if it was not among the values computed. */
  get(v: Value): CpuTensor {
    const t = this.tensors.get(v.id)
    if (!t) throw new Error(`value #${v.id} (${v.op}) was not computed: list it in outputs.`)
    return t
  }

  /** The data computed for `v`, as a plain array (for tests and small read-backs). */
  array(v: Value): number[] {
    return Array.from(this.get(v).data)
  }
}

/** Allocates the buffer of a value: Int32Array for i32, else Float32Array or Float64Array. */
export function allocate(dtype: DType, length: number, precision: CpuPrecision): CpuBuffer {
  if (dtype === 'i32') return new Int32Array(length)
  return precision === 'f64' ? new Float64Array(length) : new Float32Array(length)
}

function bufferFor(dtype: DType, precision: CpuPrecision, data: CpuBuffer | readonly number[]): CpuBuffer {
  const wanted = allocate(dtype, 0, precision).constructor
  if (data.constructor === wanted) return data as CpuBuffer
  const out = allocate(dtype, data.length, precision)
  out.set(data)
  return out
}

/** The ids `outputs` depend on (themselves included), or all ids when no outputs are given. */
function neededIds(graph: Graph, outputs: readonly Value[] | undefined): Set<number> {
  const all = graph.nodes.length
  if (!outputs) return new Set(Array.from({ length: all }, (_, i) => i))
  const needed = new Set<number>()
  const stack = outputs.map((v) => v.id)
  while (stack.length > 0) {
    const id = stack.pop()!
    if (needed.has(id)) continue
    const node = graph.nodes[id]
    if (!node) throw new Error(`value #${id} is not in this graph.`)
    needed.add(id)
    stack.push(...node.inputs)
  }
  return needed
}

/**
 * Evaluates a graph with the CPU reference kernels, in id order (a topological order). Inputs and
 * params come from `feeds` by name; a missing or wrongly sized feed is an error naming it.
 * Inputs are never modified. This is the oracle every other backend is checked against.
 *
 * @example
 * const out = runCpu(g, { x: [1, 2, 3], w: weights }, { outputs: [y] })
 * out.get(y).data
 */
export function runCpu(graph: Graph, feeds: Feeds, options: RunCpuOptions = {}): CpuResult {
  const precision = options.precision ?? 'f32'
  const needed = neededIds(graph, options.outputs)
  const tensors = new Map<number, CpuTensor>()
  for (const node of graph.nodes) {
    if (!needed.has(node.id)) continue
    const n = numel(node.shape)
    let data: CpuBuffer
    if (node.op === 'input' || node.op === 'param') {
      const name = node.name ?? ''
      const fed = feeds[name]
      if (!fed) throw new Error(`no value fed for ${node.op} '${name}' ${formatShape(node.shape)}.`)
      if (fed.length !== n)
        throw new Error(
          `${node.op} '${name}' ${formatShape(node.shape)} needs ${n} values but was fed ${fed.length}.`,
        )
      data = bufferFor(node.dtype, precision, fed)
    } else {
      data = allocate(node.dtype, n, precision)
      const out: CpuTensor = { shape: node.shape, dtype: node.dtype, data }
      const inputs = node.inputs.map((id) => tensors.get(id)!)
      opDef(node.op).cpu(inputs, node.attrs, out)
    }
    tensors.set(node.id, { shape: node.shape, dtype: node.dtype, data })
  }
  return new CpuResult(tensors)
}
