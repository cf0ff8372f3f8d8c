import { coordinates, foldGroups, offset, u32 } from '../wgsl/index'
import type { KernelConfig } from './kernel'
import type { MatmulGeometry } from './matmul'

/**
 * The register-tiled matmul: a 16×16 workgroup computes a 64×64 output tile, each thread a 4×4
 * block held in four vec4 accumulators. K advances 16 at a time through workgroup memory, both
 * operand tiles stored k-major as vec4s of four rows (A) or four columns (B), so the inner loop
 * is two vec4 loads and four vec4 multiply-adds per k. Global loads are vec4 where the operand is
 * contiguous along a dimension that is a multiple of 4 (k for A and Bᵀ, the rows of Aᵀ, the
 * columns of B), else scalar in an order that keeps neighbouring threads on neighbouring
 * elements. Edge tiles load zeros past M, N and K, as the simple kernel does.
 */

const BM = 64
const BN = 64
const BK = 16
/** Threads of the workgroup, each loading BM·BK / THREADS elements of A and of B. */
const THREADS = 256

/** Which bindings the kernel declares as vec4 arrays. */
export interface Vec4Bindings {
  readonly a: boolean
  readonly b: boolean
  readonly out: boolean
}

/**
 * Statements loading the A tile (rows row0.., k k0..) into `As` (As[k·16 + r/4][r%4] = A[r, k]):
 * vec4 along k, vec4 along rows (Aᵀ), or four scalars.
 */
function loadA(g: MatmulGeometry, vec: 'k' | 'row' | 'none'): string {
  const M = u32(g.m)
  const K = u32(g.k)
  const at = (r: string, k: string) => `aBase + ${r} * ${u32(g.aRow)} + ${k} * ${u32(g.aK)}`
  if (vec === 'k')
    return `{
      let r = t / 4u; let kq = (t % 4u) * 4u;
      let gr = row0 + r; let gk = k0 + kq;
      var v = vec4<f32>(0.0);
      if (gr < ${M} && gk < ${K}) { v = a[(${at('gr', 'gk')}) / 4u]; }
      As[kq * 16u + r / 4u][r % 4u] = v.x;
      As[(kq + 1u) * 16u + r / 4u][r % 4u] = v.y;
      As[(kq + 2u) * 16u + r / 4u][r % 4u] = v.z;
      As[(kq + 3u) * 16u + r / 4u][r % 4u] = v.w;
    }`
  if (vec === 'row')
    return `{
      let kk = t / 16u; let rq = (t % 16u) * 4u;
      let gr = row0 + rq; let gk = k0 + kk;
      var v = vec4<f32>(0.0);
      if (gr < ${M} && gk < ${K}) { v = a[(${at('gr', 'gk')}) / 4u]; }
      As[kk * 16u + rq / 4u] = v;
    }`
  // neighbouring threads read neighbouring elements: along k unless A is read transposed
  const split = g.aK === 1 ? 'let r = e / 16u; let kk = e % 16u;' : 'let kk = e / 64u; let r = e % 64u;'
  return `for (var j = 0u; j < 4u; j = j + 1u) {
      let e = t + j * ${u32(THREADS)};
      ${split}
      let gr = row0 + r; let gk = k0 + kk;
      var v = 0.0;
      if (gr < ${M} && gk < ${K}) { v = a[${at('gr', 'gk')}]; }
      As[kk * 16u + r / 4u][r % 4u] = v;
    }`
}

/** Statements loading the B tile (k k0.., columns col0..) into `Bs` (Bs[k·16 + c/4][c%4] = B[k, c]). */
function loadB(g: MatmulGeometry, vec: 'col' | 'k' | 'none'): string {
  const N = u32(g.n)
  const K = u32(g.k)
  const at = (k: string, c: string) => `bBase + ${k} * ${u32(g.bK)} + ${c} * ${u32(g.bCol)}`
  if (vec === 'col')
    return `{
      let kk = t / 16u; let cq = (t % 16u) * 4u;
      let gk = k0 + kk; let gc = col0 + cq;
      var v = vec4<f32>(0.0);
      if (gk < ${K} && gc < ${N}) { v = b[(${at('gk', 'gc')}) / 4u]; }
      Bs[kk * 16u + cq / 4u] = v;
    }`
  if (vec === 'k')
    return `{
      let c = t / 4u; let kq = (t % 4u) * 4u;
      let gk = k0 + kq; let gc = col0 + c;
      var v = vec4<f32>(0.0);
      if (gk < ${K} && gc < ${N}) { v = b[(${at('gk', 'gc')}) / 4u]; }
      Bs[kq * 16u + c / 4u][c % 4u] = v.x;
      Bs[(kq + 1u) * 16u + c / 4u][c % 4u] = v.y;
      Bs[(kq + 2u) * 16u + c / 4u][c % 4u] = v.z;
      Bs[(kq + 3u) * 16u + c / 4u][c % 4u] = v.w;
    }`
  const split = g.bCol === 1 ? 'let kk = e / 64u; let c = e % 64u;' : 'let c = e / 16u; let kk = e % 16u;'
  return `for (var j = 0u; j < 4u; j = j + 1u) {
      let e = t + j * ${u32(THREADS)};
      ${split}
      let gk = k0 + kk; let gc = col0 + c;
      var v = 0.0;
      if (gk < ${K} && gc < ${N}) { v = b[${at('gk', 'gc')}]; }
      Bs[kk * 16u + c / 4u][c % 4u] = v;
    }`
}

/** Statements writing the thread's 4×4 block: vec4 rows when N is a multiple of 4, else scalars. */
function store(g: MatmulGeometry, vec: boolean): string {
  const M = u32(g.m)
  const N = u32(g.n)
  const at = (i: number) => `p * ${u32(g.m * g.n)} + (row0 + ty * 4u + ${u32(i)}) * ${N} + col`
  return [0, 1, 2, 3]
    .map((i) =>
      vec
        ? `if (row0 + ty * 4u + ${u32(i)} < ${M} && col < ${N}) { out[(${at(i)}) / 4u] = acc${i}; }`
        : `if (row0 + ty * 4u + ${u32(i)} < ${M}) {
      for (var j = 0u; j < 4u; j = j + 1u) { if (col + j < ${N}) { out[${at(i)} + j] = acc${i}[j]; } }
    }`,
    )
    .join('\n    ')
}

/** The body (workgroup memory and entry point) of the register-tiled kernel, its grid and vec4 bindings. */
export function registerTiledBody(g: MatmulGeometry, config: KernelConfig) {
  // vec4 reads need whole aligned vec4s: the contiguous dimension a multiple of 4 (and K > 0,
  // else the operands are the 4-byte placeholder, too small to bind as vec4)
  const aVec =
    g.k === 0 ? 'none' : g.aK === 1 && g.k % 4 === 0 ? 'k' : g.aRow === 1 && g.m % 4 === 0 ? 'row' : 'none'
  const bVec =
    g.k === 0 ? 'none' : g.bCol === 1 && g.n % 4 === 0 ? 'col' : g.bK === 1 && g.k % 4 === 0 ? 'k' : 'none'
  const outVec = g.n % 4 === 0
  const rowTiles = Math.ceil(g.m / BM)
  const colTiles = Math.ceil(g.n / BN)
  const total = g.batches * rowTiles * colTiles
  const grid = foldGroups(total, config.maxWorkgroupsPerDimension)
  const body = `var<workgroup> As: array<vec4<f32>, ${(BK * BM) / 4}>;
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
    ${coordinates(g.batch, 'p', 'b')}
    let aBase = ${offset(g.aBatchStrides, 'b')};
    let bBase = ${offset(g.bBatchStrides, 'b')};
    var acc0 = vec4<f32>(0.0);
    var acc1 = vec4<f32>(0.0);
    var acc2 = vec4<f32>(0.0);
    var acc3 = vec4<f32>(0.0);
    for (var k0 = 0u; k0 < ${u32(g.k)}; k0 = k0 + ${u32(BK)}) {
      ${loadA(g, aVec)}
      ${loadB(g, bVec)}
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
    ${store(g, outVec)}
  }
}`
  const vec4: Vec4Bindings = { a: aVec !== 'none', b: bVec !== 'none', out: outVec }
  return { body, workgroups: grid.workgroups, vec4 }
}
