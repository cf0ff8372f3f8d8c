import { numel } from '../../ir/shape'
import type { Value } from '../../ir/value'
import type { ScatterAddAttrs } from '../../ops/scatterAdd'
import { i32, launch1d, storage, u32, wgslType } from '../wgsl/index'
import { type Kernel, type KernelConfig, type KernelGen, kernel, shader } from './kernel'

/**
 * gather (embedding lookup): each output element copies its row's element. An index outside the
 * table reads 0: a kernel cannot throw, where the CPU reference raises a RangeError.
 */
const gather: KernelGen = ({ node, inputs, config }) => {
  const table = inputs[0]!
  const rows = table.shape[0]!
  const width = numel(table.shape.slice(1))
  const type = wgslType(table.dtype)
  const { workgroups, header } = launch1d(
    numel(node.shape),
    config.workgroupSize,
    config.maxWorkgroupsPerDimension,
  )
  const body = `${header}
  let r = idx[i / ${u32(width)}];
  if (r < 0i || r >= ${i32(rows)}) { out[i] = ${type}(0); return; }
  out[i] = table[u32(r) * ${u32(width)} + i % ${u32(width)}];
}`
  const declarations = [
    storage(0, 'table', type, 'read'),
    storage(1, 'idx', 'i32', 'read'),
    storage(2, 'out', type, 'write'),
  ]
  return [kernel(node, shader(declarations, body), workgroups)]
}

/** scatterAdd's 'auto' choice: gather form while rows × width × indices stays below this. */
export const GATHER_SCATTER_LIMIT = 1 << 22

/** Deterministic scatter-add: each output element sums the values whose index is its row, in order. */
function scatterByGather(node: Value, indices: Value, config: KernelConfig): Kernel[] {
  const width = numel(node.shape.slice(1))
  const count = numel(indices.shape)
  const type = wgslType(node.dtype)
  const { workgroups, header } = launch1d(
    numel(node.shape),
    config.workgroupSize,
    config.maxWorkgroupsPerDimension,
  )
  const body = `${header}
  let row = i32(i / ${u32(width)});
  let j = i % ${u32(width)};
  var acc = ${type}(0);
  for (var k = 0u; k < ${u32(count)}; k = k + 1u) {
    if (idx[k] == row) { acc = acc + src[k * ${u32(width)} + j]; }
  }
  out[i] = acc;
}`
  const declarations = [
    storage(0, 'idx', 'i32', 'read'),
    storage(1, 'src', type, 'read'),
    storage(2, 'out', type, 'write'),
  ]
  return [kernel(node, shader(declarations, body), workgroups)]
}

/**
 * Scatter-add without float atomics: zero the output, then each value adds itself with a
 * compare-and-swap loop on the f32 bits (i32 values use atomicAdd). Linear cost; the order of
 * the additions is not fixed, so sums may differ from the CPU's in the last bits.
 */
function scatterByAtomics(node: Value, indices: Value, config: KernelConfig): Kernel[] {
  const rows = node.shape[0]!
  const width = numel(node.shape.slice(1))
  const type = wgslType(node.dtype)
  const zero = launch1d(numel(node.shape), config.workgroupSize, config.maxWorkgroupsPerDimension)
  const fill = shader([storage(0, 'out', type, 'write')], `${zero.header}\n  out[i] = ${type}(0);\n}`)
  const kernels = [kernel(node, fill, zero.workgroups, [], `scatterAdd #${node.id} zero`)]
  const n = numel(indices.shape) * width
  if (n === 0) return kernels
  const add = launch1d(n, config.workgroupSize, config.maxWorkgroupsPerDimension)
  const update =
    type === 'i32'
      ? 'atomicAdd(&out[t], v);'
      : `var old = atomicLoad(&out[t]);
  loop {
    let res = atomicCompareExchangeWeak(&out[t], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (res.exchanged) { break; }
    old = res.old_value;
  }`
  const body = `${add.header}
  let r = idx[i / ${u32(width)}];
  if (r < 0i || r >= ${i32(rows)}) { return; }
  let v = src[i];
  let t = u32(r) * ${u32(width)} + i % ${u32(width)};
  ${update}
}`
  const declarations = [
    storage(0, 'idx', 'i32', 'read'),
    storage(1, 'src', type, 'read'),
    storage(2, 'out', type === 'i32' ? 'atomic<i32>' : 'atomic<u32>', 'write'),
  ]
  kernels.push(kernel(node, shader(declarations, body), add.workgroups))
  return kernels
}

/** scatterAdd: gather form or atomics, per `KernelConfig.scatterAdd`. */
const scatterAdd: KernelGen = ({ node, inputs, attrs, config }) => {
  const indices = inputs[0]!
  const { rows } = attrs as ScatterAddAttrs
  const cost = rows * numel(node.shape.slice(1)) * numel(indices.shape)
  const atomic =
    config.scatterAdd === 'atomic' || (config.scatterAdd === 'auto' && cost > GATHER_SCATTER_LIMIT)
  return atomic ? scatterByAtomics(node, indices, config) : scatterByGather(node, indices, config)
}

/** Kernel generators of the indexing primitives, by op name. */
export const INDEXING_KERNELS: Record<string, KernelGen> = { gather, scatterAdd }
