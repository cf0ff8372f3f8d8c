import { foldGroups, u32 } from '../wgsl/index'
import type { KernelConfig } from './kernel'

/**
 * A GEMM whose operands are not matrices in memory but functions of (row, k) and (k, column):
 * convolutions as implicit GEMM (im2col computed in the loads, never materialized). Two bodies:
 * - by default the register-tiled matmul's structure (`matmulRegister.ts`): a 16×16 workgroup
 *   computes a 64×64 output tile, each thread a 4×4 block in four vec4 accumulators, K advancing
 *   16 at a time through workgroup memory stored k-major; neighbouring threads load neighbouring
 *   k of A and neighbouring columns of B (a weight row's and an output row's contiguous ways);
 * - where barriers are costly (`barriers: 'costly'`), barrier-free: a thread per 4×4 block
 *   reads its operands itself, walking K as nested loops (channel, kernel row, kernel column)
 *   so no k is divided, with each column's window origin computed once (`col_info`).
 * Loads are scalar (a gather has no aligned vec4s). Past M, N or K they give zeros, so the
 * padding meets zeros only and no written output sees a 0·inf.
 */
export interface ImplicitGemm {
  readonly m: number
  readonly n: number
  readonly k: number
  /** Independent products (a batched matmul's), numbered p = 0.. (default 1). */
  readonly batches?: number
  /**
   * K as nested loops [outer, middle, inner] (a convolution's channels and kernel rows and
   * columns), so the barrier-free kernel walks k without dividing it; default [1, 1, K].
   * `kd` below is k split this way.
   */
  readonly depthSizes?: readonly [number, number, number]
  /**
   * Statements of `fn load_a(p: u32, r: u32, k: u32, kd: vec3<u32>) -> f32`, called with r < M
   * and k < K only.
   */
  readonly loadA: string
  /**
   * Statements of `fn col_info(p: u32, c: u32) -> vec4<i32>`: what `load_b` needs of column c,
   * computed once per column rather than at every k (a pixel's batch offset and window origin).
   */
  readonly columnInfo: string
  /**
   * Statements of `fn k_info(p: u32, k: u32, kd: vec3<u32>) -> vec4<i32>`: what `load_b` needs of depth k,
   * computed once per k for all columns (a tap's channel offset and kernel offsets). Default
   * `vec4<i32>(i32(k), 0i, 0i, 0i)`.
   */
  readonly depthInfo?: string
  /**
   * Statements of `fn load_b(p: u32, kq: vec4<i32>, info: vec4<i32>) -> f32`, `kq` being
   * `k_info(p, k)` for a k < K and `info` `col_info(p, c)` for a column c < N.
   */
  readonly loadB: string
  /** Statements of `fn store_out(p: u32, r: u32, c: u32, v: f32)`, called with r < M and c < N only. */
  readonly store: string
}

/** The helper functions of an implicit GEMM's WGSL. */
function helpers(g: ImplicitGemm): string {
  // divisors at least 1: with K = 0 nothing calls k_split, but WGSL rejects a constant division by zero
  const [s1, s2] = depthSizes(g)
    .slice(1)
    .map((s) => Math.max(1, s)) as [number, number]
  return `fn k_split(k: u32) -> vec3<u32> {
  return vec3<u32>(k / ${u32(s1 * s2)}, (k / ${u32(s2)}) % ${u32(s1)}, k % ${u32(s2)});
}
fn load_a(p: u32, r: u32, k: u32, kd: vec3<u32>) -> f32 {
  ${g.loadA}
}
fn col_info(p: u32, c: u32) -> vec4<i32> {
  ${g.columnInfo}
}
fn k_info(p: u32, k: u32, kd: vec3<u32>) -> vec4<i32> {
  ${g.depthInfo ?? 'return vec4<i32>(i32(k), 0i, 0i, 0i);'}
}
fn load_b(p: u32, kq: vec4<i32>, info: vec4<i32>) -> f32 {
  ${g.loadB}
}
fn store_out(p: u32, r: u32, c: u32, v: f32) {
  ${g.store}
}`
}

function depthSizes(g: ImplicitGemm): readonly [number, number, number] {
  const sizes = g.depthSizes ?? [1, 1, g.k]
  if (sizes[0] * sizes[1] * sizes[2] !== g.k)
    throw new Error(`implicit GEMM depth sizes [${sizes.join(', ')}] do not multiply to K = ${g.k}.`)
  return sizes
}

const BM = 64
const BN = 64
const BK = 16
const THREADS = 256

/** Whether convolutions run as implicit GEMM under `config` (the register-tiled kernels' conditions). */
export function usesImplicitGemm(config: KernelConfig): boolean {
  return config.matmulRegisterTiles !== false && config.matmulTile >= 16
}

/**
 * The barrier-free variant: a thread per 4×4 output block reads its four rows of A and four
 * columns of B itself at every k (the CPU caches of a software adapter share them), 64 threads
 * a workgroup.
 */
function registerBody(g: ImplicitGemm, config: KernelConfig) {
  const rowBlocks = Math.ceil(g.m / 4)
  const colBlocks = Math.ceil(g.n / 4)
  const blocks = (g.batches ?? 1) * rowBlocks * colBlocks
  const size = config.workgroupSize
  const grid = foldGroups(Math.ceil(blocks / size), config.maxWorkgroupsPerDimension)
  const [M, N] = [u32(g.m), u32(g.n)]
  const [s0, s1, s2] = depthSizes(g)
  const body = `${helpers(g)}
fn a_at(p: u32, r: u32, k: u32, kd: vec3<u32>) -> f32 {
  if (r < ${M}) { return load_a(p, r, k, kd); }
  return 0.0;
}
fn b_at(p: u32, kq: vec4<i32>, c: u32, info: vec4<i32>) -> f32 {
  if (c < ${N}) { return load_b(p, kq, info); }
  return 0.0;
}
@compute @workgroup_size(${size})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  for (var group = ${grid.group}; group < ${u32(Math.ceil(blocks / size))}; group = group + ${u32(grid.launched)}) {
    let block = group * ${u32(size)} + lid;
    if (block >= ${u32(blocks)}) { continue; }
    // neighbouring threads take neighbouring column blocks: neighbouring pixels of the input
    let col = (block % ${u32(colBlocks)}) * 4u;
    let rest = block / ${u32(colBlocks)};
    let row = (rest % ${u32(rowBlocks)}) * 4u;
    let p = rest / ${u32(rowBlocks)};
    let i0 = col_info(p, col);
    let i1 = col_info(p, col + 1u);
    let i2 = col_info(p, col + 2u);
    let i3 = col_info(p, col + 3u);
    var acc0 = vec4<f32>(0.0);
    var acc1 = vec4<f32>(0.0);
    var acc2 = vec4<f32>(0.0);
    var acc3 = vec4<f32>(0.0);
    var k = 0u;
    for (var d0 = 0u; d0 < ${u32(s0)}; d0 = d0 + 1u) {
    for (var d1 = 0u; d1 < ${u32(s1)}; d1 = d1 + 1u) {
    for (var d2 = 0u; d2 < ${u32(s2)}; d2 = d2 + 1u) {
      let kd = vec3<u32>(d0, d1, d2);
      let kq = k_info(p, k, kd);
      let bv = vec4<f32>(b_at(p, kq, col, i0), b_at(p, kq, col + 1u, i1), b_at(p, kq, col + 2u, i2), b_at(p, kq, col + 3u, i3));
      acc0 = acc0 + a_at(p, row, k, kd) * bv;
      acc1 = acc1 + a_at(p, row + 1u, k, kd) * bv;
      acc2 = acc2 + a_at(p, row + 2u, k, kd) * bv;
      acc3 = acc3 + a_at(p, row + 3u, k, kd) * bv;
      k = k + 1u;
    }
    }
    }
    var accs = array<vec4<f32>, 4>(acc0, acc1, acc2, acc3);
    for (var i = 0u; i < 4u; i = i + 1u) {
      if (row + i < ${M}) {
        for (var j = 0u; j < 4u; j = j + 1u) { if (col + j < ${N}) { store_out(p, row + i, col + j, accs[i][j]); } }
      }
    }
  }
}`
  return { body, workgroups: grid.workgroups }
}

/** The WGSL body (helpers, workgroup memory, entry point) and grid of an implicit GEMM. */
export function implicitGemmBody(g: ImplicitGemm, config: KernelConfig) {
  if (config.barriers === 'costly') return registerBody(g, config)
  const rowTiles = Math.ceil(g.m / BM)
  const colTiles = Math.ceil(g.n / BN)
  const total = (g.batches ?? 1) * rowTiles * colTiles
  const grid = foldGroups(total, config.maxWorkgroupsPerDimension)
  const [M, N, K] = [u32(g.m), u32(g.n), u32(g.k)]
  const body = `${helpers(g)}
var<workgroup> As: array<vec4<f32>, ${(BK * BM) / 4}>;
var<workgroup> Bs: array<vec4<f32>, ${(BK * BN) / 4}>;
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tx = lid.x;
  let ty = lid.y;
  let t = ty * 16u + tx;
  for (var tile = ${grid.group}; tile < ${u32(total)}; tile = tile + ${u32(grid.launched)}) {
    let col0 = (tile % ${u32(colTiles)}) * ${u32(BN)};
    let rest = tile / ${u32(colTiles)};
    let row0 = (rest % ${u32(rowTiles)}) * ${u32(BM)};
    let p = rest / ${u32(rowTiles)};
    var acc0 = vec4<f32>(0.0);
    var acc1 = vec4<f32>(0.0);
    var acc2 = vec4<f32>(0.0);
    var acc3 = vec4<f32>(0.0);
    for (var k0 = 0u; k0 < ${K}; k0 = k0 + ${u32(BK)}) {
      for (var j = 0u; j < 4u; j = j + 1u) {
        let e = t + j * ${u32(THREADS)};
        let r = e / 16u; let kk = e % 16u;
        let gr = row0 + r; let gk = k0 + kk;
        var v = 0.0;
        if (gr < ${M} && gk < ${K}) { v = load_a(p, gr, gk, k_split(gk)); }
        As[kk * 16u + r / 4u][r % 4u] = v;
      }
      for (var j = 0u; j < 4u; j = j + 1u) {
        let e = t + j * ${u32(THREADS)};
        let kk = e / 64u; let c = e % 64u;
        let gk = k0 + kk; let gc = col0 + c;
        var v = 0.0;
        if (gk < ${K} && gc < ${N}) { v = load_b(p, k_info(p, gk, k_split(gk)), col_info(p, gc)); }
        Bs[kk * 16u + c / 4u][c % 4u] = v;
      }
      workgroupBarrier();
      for (var kk = 0u; kk < ${u32(BK)}; kk = kk + 1u) {
        let av = As[kk * 16u + ty];
        let bv = Bs[kk * 16u + tx];
        acc0 = acc0 + av.x * bv;
        acc1 = acc1 + av.y * bv;
        acc2 = acc2 + av.z * bv;
        acc3 = acc3 + av.w * bv;
      }
      workgroupBarrier();
    }
    let col = col0 + tx * 4u;
    var accs = array<vec4<f32>, 4>(acc0, acc1, acc2, acc3);
    for (var i = 0u; i < 4u; i = i + 1u) {
      let row = row0 + ty * 4u + i;
      if (row < ${M}) {
        for (var j = 0u; j < 4u; j = j + 1u) { if (col + j < ${N}) { store_out(p, row, col + j, accs[i][j]); } }
      }
    }
  }
}`
  return { body, workgroups: grid.workgroups }
}
