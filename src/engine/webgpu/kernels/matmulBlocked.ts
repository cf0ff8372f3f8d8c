import { coordinates, foldGroups, offset, u32 } from '../wgsl/index'
import type { KernelConfig } from './kernel'
import type { MatmulGeometry } from './matmul'
import type { Vec4Bindings } from './matmulRegister'

/**
 * The barrier-free matmul for adapters where workgroup barriers are costly (`barriers:
 * 'costly'`, SwiftShader): a thread per 4×4 output block, no workgroup memory, the operands
 * read straight from their buffers (a CPU's caches share them between threads). Loads are vec4
 * wherever the layout allows, since on a CPU every scalar load of an invocation is a separate
 * instruction:
 * - both operands contiguous along k (A, Bᵀ) with K a multiple of 4: four k at a time, each
 *   output a dot product of a row's and a column's vec4 (8 vec4 loads per 64 multiply-adds);
 * - else per k, the block's four rows of A as one vec4 when A is read transposed with M a
 *   multiple of 4, and its four columns of B as one vec4 when B is row-major with N a multiple
 *   of 4, scalars otherwise.
 * Rows past M and columns past N read zeros and are not written.
 */

/** How the kernel reads: 'dot' (vec4 along k for both) or per-k outer products. */
interface Layout {
  readonly dot: boolean
  readonly aRows4: boolean
  readonly bCols4: boolean
}

function layoutOf(g: MatmulGeometry): Layout {
  const dot = g.k > 0 && g.k % 4 === 0 && g.aK === 1 && g.bK === 1
  return {
    dot,
    aRows4: !dot && g.k > 0 && g.aRow === 1 && g.m % 4 === 0,
    bCols4: !dot && g.k > 0 && g.bCol === 1 && g.n % 4 === 0,
  }
}

/** The statements of one k step (or four, for 'dot') accumulating into acc0..acc3. */
function inner(g: MatmulGeometry, l: Layout): string {
  const M = u32(g.m)
  const N = u32(g.n)
  if (l.dot) {
    // A[r, k..k+3] and B[k..k+3, c] are vec4s at (base + r·K + k) / 4 and (base + c·K + k) / 4
    const rows = [0, 1, 2, 3]
      .map(
        (i) =>
          `let a${i} = select(vec4<f32>(0.0), a[(aBase + (row + ${u32(i)}) * ${u32(g.aRow)} + k) / 4u], row + ${u32(i)} < ${M});`,
      )
      .join('\n      ')
    const cols = [0, 1, 2, 3]
      .map(
        (j) =>
          `let b${j} = select(vec4<f32>(0.0), b[(bBase + (col + ${u32(j)}) * ${u32(g.bCol)} + k) / 4u], col + ${u32(j)} < ${N});`,
      )
      .join('\n      ')
    const sums = [0, 1, 2, 3]
      .map(
        (i) =>
          `acc${i} = acc${i} + vec4<f32>(dot(a${i}, b0), dot(a${i}, b1), dot(a${i}, b2), dot(a${i}, b3));`,
      )
      .join('\n      ')
    return `for (var k = 0u; k < ${u32(g.k)}; k = k + 4u) {
      ${rows}
      ${cols}
      ${sums}
    }`
  }
  const aAt = (i: number) =>
    `select(0.0, a[aBase + (row + ${u32(i)}) * ${u32(g.aRow)} + k * ${u32(g.aK)}], row + ${u32(i)} < ${M})`
  const bAt = (j: number) =>
    `select(0.0, b[bBase + k * ${u32(g.bK)} + (col + ${u32(j)}) * ${u32(g.bCol)}], col + ${u32(j)} < ${N})`
  const av = l.aRows4
    ? `select(vec4<f32>(0.0), a[(aBase + row + k * ${u32(g.aK)}) / 4u], row < ${M})`
    : `vec4<f32>(${[0, 1, 2, 3].map(aAt).join(', ')})`
  const bv = l.bCols4
    ? `select(vec4<f32>(0.0), b[(bBase + k * ${u32(g.bK)} + col) / 4u], col < ${N})`
    : `vec4<f32>(${[0, 1, 2, 3].map(bAt).join(', ')})`
  return `for (var k = 0u; k < ${u32(g.k)}; k = k + 1u) {
      let av = ${av};
      let bv = ${bv};
      acc0 = acc0 + av.x * bv;
      acc1 = acc1 + av.y * bv;
      acc2 = acc2 + av.z * bv;
      acc3 = acc3 + av.w * bv;
    }`
}

/** The body of the barrier-free register-blocked matmul, its grid and vec4 bindings. */
export function registerBlockedBody(g: MatmulGeometry, config: KernelConfig) {
  const l = layoutOf(g)
  const rowBlocks = Math.ceil(g.m / 4)
  const colBlocks = Math.ceil(g.n / 4)
  const blocks = g.batches * rowBlocks * colBlocks
  const size = config.workgroupSize
  const groups = Math.ceil(blocks / size)
  const grid = foldGroups(groups, config.maxWorkgroupsPerDimension)
  const [M, N] = [u32(g.m), u32(g.n)]
  const store = [0, 1, 2, 3]
    .map(
      (i) => `if (row + ${u32(i)} < ${M}) {
      for (var j = 0u; j < 4u; j = j + 1u) { if (col + j < ${N}) { out[p * ${u32(g.m * g.n)} + (row + ${u32(i)}) * ${N} + col + j] = acc${i}[j]; } }
    }`,
    )
    .join('\n    ')
  // select() evaluates both sides: an index past the buffer is clamped by robust access, never used
  const body = `@compute @workgroup_size(${size})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  for (var group = ${grid.group}; group < ${u32(groups)}; group = group + ${u32(grid.launched)}) {
    let block = group * ${u32(size)} + lid;
    if (block >= ${u32(blocks)}) { continue; }
    let col = (block % ${u32(colBlocks)}) * 4u;
    let rest = block / ${u32(colBlocks)};
    let row = (rest % ${u32(rowBlocks)}) * 4u;
    let p = rest / ${u32(rowBlocks)};
    ${coordinates(g.batch, 'p', 'bi')}
    let aBase = ${offset(g.aBatchStrides, 'bi')};
    let bBase = ${offset(g.bBatchStrides, 'bi')};
    var acc0 = vec4<f32>(0.0);
    var acc1 = vec4<f32>(0.0);
    var acc2 = vec4<f32>(0.0);
    var acc3 = vec4<f32>(0.0);
    ${inner(g, l)}
    ${store}
  }
}`
  const vec4: Vec4Bindings = { a: l.dot || l.aRows4, b: l.dot || l.bCols4, out: false }
  return { body, workgroups: grid.workgroups, vec4 }
}
