import { numel, stridesOf } from '../../ir/shape'
import type { DType, Value } from '../../ir/value'
import type { ReduceAttrs } from '../../ops/reduce'
import { coordinates, foldGroups, helpersIn, launch1d, offset, storage, u32, wgslType } from '../wgsl/index'
import { type Kernel, type KernelConfig, type KernelGen, kernel, shader } from './kernel'

/** A reduction's identity and how it folds in one more value (acc, v). */
interface Monoid {
  readonly init: string
  readonly combine: (acc: string, v: string) => string
}

const MONOIDS: Record<string, Record<DType, Monoid>> = {
  sum: {
    f32: { init: '0.0', combine: (acc, v) => `${acc} + ${v}` },
    i32: { init: '0i', combine: (acc, v) => `${acc} + ${v}` },
  },
  // NaN wins once in (t_max propagates it); -inf starts the maxima
  max: {
    f32: { init: '-inf_f32()', combine: (acc, v) => `t_max(${acc}, ${v})` },
    i32: { init: 'bitcast<i32>(0x80000000u)', combine: (acc, v) => `max(${acc}, ${v})` },
  },
}

/** Reductions longer than this get a workgroup per output and a tree; shorter ones a thread. */
export const TREE_REDUCTION_ABOVE = 64

/**
 * Where barriers are costly (`barriers: 'costly'`), only reductions longer than this and with
 * fewer than `FEW_OUTPUTS` outputs get trees: a CPU thread sums thousands of elements in the time
 * a workgroup spends at its barriers, and many outputs keep every core busy anyway.
 */
export const COSTLY_TREE_ABOVE = 4096
export const FEW_OUTPUTS = 8

/** Whether a reduction of `length` elements into `outputs` outputs gets a workgroup tree each. */
export function treeReduction(length: number, outputs: number, config: KernelConfig): boolean {
  if (config.barriers === 'costly') return length > COSTLY_TREE_ABOVE && outputs < FEW_OUTPUTS
  return length > TREE_REDUCTION_ABOVE
}

/** The geometry of a reduction: kept and reduced dimensions with their input strides. */
interface ReduceGeometry {
  readonly keptSizes: number[]
  readonly keptStrides: number[]
  readonly reducedSizes: number[]
  readonly reducedStrides: number[]
  readonly outputs: number
  readonly length: number
}

function geometry(x: Value, axes: readonly number[]): ReduceGeometry {
  const strides = stridesOf(x.shape)
  const kept = x.shape.map((_, d) => d).filter((d) => !axes.includes(d))
  const keptSizes = kept.map((d) => x.shape[d]!)
  const reducedSizes = axes.map((d) => x.shape[d]!)
  return {
    keptSizes,
    keptStrides: kept.map((d) => strides[d]!),
    reducedSizes,
    reducedStrides: axes.map((d) => strides[d]!),
    outputs: numel(keptSizes),
    length: numel(reducedSizes),
  }
}

/** Statements that read element `j` of the reduction of the output at `base` into `v`. */
function readElement(g: ReduceGeometry, fused: boolean): string {
  return `${coordinates(g.reducedSizes, 'j', 'q')}
    let at = base + ${offset(g.reducedStrides, 'q')};
    let v = ${fused ? 'fused_input(at)' : 'in0[at]'};`
}

/**
 * An elementwise chain computed in the reduction's reads: `wgsl` defines `fn fused_input(i: u32)`
 * returning the input's element i from the buffers `reads` (bound as in0, in1, ... in order).
 */
export interface ReducePrologue {
  readonly reads: readonly number[]
  /** The WGSL element type of each read. */
  readonly readTypes: readonly string[]
  /** Chain values other kernels need, written by `fused_input` as w0, w1, ... (bound after the reads). */
  readonly writes: readonly number[]
  readonly writeTypes: readonly string[]
  readonly wgsl: string
}

function serial(g: ReduceGeometry, m: Monoid, type: string, config: KernelConfig, fused: boolean) {
  const { workgroups, header } = launch1d(g.outputs, config.workgroupSize, config.maxWorkgroupsPerDimension)
  const body = `${header}
  ${coordinates(g.keptSizes, 'i', 'k')}
  let base = ${offset(g.keptStrides, 'k')};
  var acc: ${type} = ${m.init};
  for (var j = 0u; j < ${u32(g.length)}; j = j + 1u) {
    ${readElement(g, fused)}
    acc = ${m.combine('acc', 'v')};
  }
  out[i] = acc;
}`
  return { body, workgroups }
}

function tree(g: ReduceGeometry, m: Monoid, type: string, config: KernelConfig, fused: boolean) {
  const size = config.workgroupSize
  const grid = foldGroups(g.outputs, config.maxWorkgroupsPerDimension)
  // `o` comes from the workgroup id, so the loop and the barriers in it stay uniform
  const body = `var<workgroup> part: array<${type}, ${size}>;
@compute @workgroup_size(${size})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  for (var o = ${grid.group}; o < ${u32(g.outputs)}; o = o + ${u32(grid.launched)}) {
    ${coordinates(g.keptSizes, 'o', 'k')}
    let base = ${offset(g.keptStrides, 'k')};
    var acc: ${type} = ${m.init};
    for (var j = lid; j < ${u32(g.length)}; j = j + ${u32(size)}) {
      ${readElement(g, fused)}
      acc = ${m.combine('acc', 'v')};
    }
    part[lid] = acc;
    workgroupBarrier();
    for (var s = ${u32(size / 2)}; s > 0u; s = s >> 1u) {
      if (lid < s) { part[lid] = ${m.combine('part[lid]', 'part[lid + s]')}; }
      workgroupBarrier();
    }
    if (lid == 0u) { out[o] = part[0]; }
    workgroupBarrier();
  }
}`
  return { body, workgroups: grid.workgroups }
}

/**
 * sum and max over axes: a thread per output for short reductions, a workgroup tree otherwise.
 * With a prologue the input is not read from a buffer but computed by the prologue's `fused_input` (elementwise fusion).
 */
export function reduceKernels(
  node: Value,
  x: Value,
  axes: readonly number[],
  config: KernelConfig,
  prologue?: ReducePrologue,
): Kernel[] {
  const g = geometry(x, axes)
  const monoid = MONOIDS[node.op]?.[x.dtype]
  if (!monoid) throw new Error(`no WebGPU reduction ${node.op} on ${x.dtype}.`)
  const type = wgslType(x.dtype)
  const { body, workgroups } = treeReduction(g.length, g.outputs, config)
    ? tree(g, monoid, type, config, prologue !== undefined)
    : serial(g, monoid, type, config, prologue !== undefined)
  const reads = prologue?.reads ?? [x.id]
  const writes = prologue?.writes ?? []
  const declarations = [
    ...reads.map((_, k) => storage(k, `in${k}`, prologue?.readTypes[k] ?? type, 'read')),
    ...writes.map((_, k) => storage(reads.length + k, `w${k}`, prologue!.writeTypes[k]!, 'write')),
    storage(reads.length + writes.length, 'out', type, 'write'),
  ]
  const helpers = [
    ...(node.op === 'max' && type === 'f32' ? ['t_max'] : []),
    ...helpersIn(prologue?.wgsl ?? ''),
  ]
  const wgsl = shader(declarations, prologue ? `${prologue.wgsl}\n${body}` : body, helpers)
  if (!prologue) return [kernel(node, wgsl, workgroups, reads)]
  return [
    {
      label: `${node.op} #${node.id} (fused input)`,
      wgsl,
      bindings: [
        ...reads.map((value) => ({ value, access: 'read' as const })),
        ...writes.map((value) => ({ value, access: 'write' as const })),
        { value: node.id, access: 'write' as const },
      ],
      workgroups,
    },
  ]
}

const reduce: KernelGen = ({ node, inputs, attrs, config }) =>
  reduceKernels(node, inputs[0]!, (attrs as ReduceAttrs).axes, config)

/** Kernel generators of the reductions, by op name. */
export const REDUCE_KERNELS: Record<string, KernelGen> = { sum: reduce, max: reduce }
