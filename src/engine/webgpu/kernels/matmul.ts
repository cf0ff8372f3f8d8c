import { broadcastStrides, numel } from '../../ir/shape'
import type { Value } from '../../ir/value'
import { coordinates, foldGroups, offset, storage, u32 } from '../wgsl/index'
import { type KernelGen, kernel, shader } from './kernel'

/**
 * Batched matmul [..., M, K] @ [..., K, N] with broadcast batch dimensions, as a shared-memory
 * tiled kernel: a T×T workgroup computes a T×T output tile, stepping through K one T×T tile of
 * each operand at a time. Edge tiles load zeros past M, N and K (zeros meet zeros only, so no
 * 0·inf NaN reaches a written output). The tiles of all batches are numbered linearly and folded
 * into the dispatch dimensions (and looped over when even that is too few).
 */
const matmul: KernelGen = ({ node, inputs, config }) => {
  const [a, b] = inputs as [Value, Value]
  const rank = node.shape.length
  const m = node.shape[rank - 2]!
  const n = node.shape[rank - 1]!
  const k = a.shape[a.shape.length - 1]!
  const batch = node.shape.slice(0, -2)
  const batches = numel(batch)
  const t = config.matmulTile
  const rowTiles = Math.ceil(m / t)
  const colTiles = Math.ceil(n / t)
  const total = batches * rowTiles * colTiles
  const grid = foldGroups(total, config.maxWorkgroupsPerDimension)
  const aStrides = broadcastStrides(a.shape.slice(0, -2), batch).map((s) => s * m * k)
  const bStrides = broadcastStrides(b.shape.slice(0, -2), batch).map((s) => s * k * n)
  const T = u32(t)
  const body = `var<workgroup> ta: array<f32, ${t * t}>;
var<workgroup> tb: array<f32, ${t * t}>;
@compute @workgroup_size(${t}, ${t})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  for (var tile = ${grid.group}; tile < ${u32(total)}; tile = tile + ${u32(grid.launched)}) {
    let col = (tile % ${u32(colTiles)}) * ${T} + lid.x;
    let rest = tile / ${u32(colTiles)};
    let row = (rest % ${u32(rowTiles)}) * ${T} + lid.y;
    let p = rest / ${u32(rowTiles)};
    ${coordinates(batch, 'p', 'b')}
    let aBase = ${offset(aStrides, 'b')};
    let bBase = ${offset(bStrides, 'b')};
    var acc = 0.0;
    for (var kt = 0u; kt < ${u32(Math.ceil(k / t))}; kt = kt + 1u) {
      let ka = kt * ${T} + lid.x;
      var va = 0.0;
      if (row < ${u32(m)} && ka < ${u32(k)}) { va = a[aBase + row * ${u32(k)} + ka]; }
      ta[lid.y * ${T} + lid.x] = va;
      let kb = kt * ${T} + lid.y;
      var vb = 0.0;
      if (kb < ${u32(k)} && col < ${u32(n)}) { vb = b[bBase + kb * ${u32(n)} + col]; }
      tb[lid.y * ${T} + lid.x] = vb;
      workgroupBarrier();
      for (var kk = 0u; kk < ${T}; kk = kk + 1u) {
        acc = acc + ta[lid.y * ${T} + kk] * tb[kk * ${T} + lid.x];
      }
      workgroupBarrier();
    }
    if (row < ${u32(m)} && col < ${u32(n)}) { out[p * ${u32(m * n)} + row * ${u32(n)} + col] = acc; }
  }
}`
  const declarations = [
    storage(0, 'a', 'f32', 'read'),
    storage(1, 'b', 'f32', 'read'),
    storage(2, 'out', 'f32', 'write'),
  ]
  return [kernel(node, shader(declarations, body), grid.workgroups)]
}

/** Kernel generators of the contractions, by op name. */
export const MATMUL_KERNELS: Record<string, KernelGen> = { matmul }
