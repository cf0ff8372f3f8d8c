import { broadcastStrides, numel } from '../../ir/shape'
import type { Value } from '../../ir/value'
import { coordinates, foldGroups, offset, storage, u32 } from '../wgsl/index'
import { type Kernel, type KernelConfig, type KernelGen, kernel, shader } from './kernel'
import { registerBlockedBody } from './matmulBlocked'
import { registerTiledBody } from './matmulRegister'

/**
 * One operand of a matmul as the kernel reads it: `value` itself, or (transposed) the value
 * whose last two axes are swapped: a `transpose(x, -1, -2)` folded into the read instead of
 * materialized by a permute kernel (the plan does this for the backward pass's transposes).
 */
export interface MatmulOperand {
  readonly value: Value
  readonly transposed: boolean
}

/** Where operand elements live: batch strides, and the element strides along rows/k or k/columns. */
export interface MatmulGeometry {
  readonly m: number
  readonly n: number
  readonly k: number
  readonly batch: readonly number[]
  readonly batches: number
  readonly aBatchStrides: readonly number[]
  readonly bBatchStrides: readonly number[]
  /** A[row, kk] is at aBase + row · aRow + kk · aK; B[kk, col] at bBase + kk · bK + col · bCol. */
  readonly aRow: number
  readonly aK: number
  readonly bK: number
  readonly bCol: number
}

/** Outputs in both dimensions from which the register-tiled kernel is chosen. */
export const REGISTER_TILE_MIN = 32

function geometry(node: Value, a: MatmulOperand, b: MatmulOperand): MatmulGeometry {
  const rank = node.shape.length
  const m = node.shape[rank - 2]!
  const n = node.shape[rank - 1]!
  const as = a.value.shape
  const k = a.transposed ? as[as.length - 2]! : as[as.length - 1]!
  const batch = node.shape.slice(0, -2)
  return {
    m,
    n,
    k,
    batch,
    batches: numel(batch),
    aBatchStrides: broadcastStrides(as.slice(0, -2), batch).map((s) => s * m * k),
    bBatchStrides: broadcastStrides(b.value.shape.slice(0, -2), batch).map((s) => s * k * n),
    aRow: a.transposed ? 1 : k,
    aK: a.transposed ? m : 1,
    bK: b.transposed ? 1 : n,
    bCol: b.transposed ? k : 1,
  }
}

/** `i · stride` in WGSL, without the multiplication when the stride is 1. */
function times(index: string, stride: number): string {
  return stride === 1 ? index : `${index} * ${u32(stride)}`
}

/**
 * The shared-memory tiled kernel: a T×T workgroup computes a T×T output tile, stepping through
 * K one T×T tile of each operand at a time. Edge tiles load zeros past M, N and K (zeros meet
 * zeros only, so no 0·inf NaN reaches a written output).
 */
function simpleBody(g: MatmulGeometry, config: KernelConfig) {
  const t = config.matmulTile
  const rowTiles = Math.ceil(g.m / t)
  const colTiles = Math.ceil(g.n / t)
  const total = g.batches * rowTiles * colTiles
  const grid = foldGroups(total, config.maxWorkgroupsPerDimension)
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
    ${coordinates(g.batch, 'p', 'b')}
    let aBase = ${offset(g.aBatchStrides, 'b')};
    let bBase = ${offset(g.bBatchStrides, 'b')};
    var acc = 0.0;
    for (var kt = 0u; kt < ${u32(Math.ceil(g.k / t))}; kt = kt + 1u) {
      let ka = kt * ${T} + lid.x;
      var va = 0.0;
      if (row < ${u32(g.m)} && ka < ${u32(g.k)}) { va = a[aBase + ${times('row', g.aRow)} + ${times('ka', g.aK)}]; }
      ta[lid.y * ${T} + lid.x] = va;
      let kb = kt * ${T} + lid.y;
      var vb = 0.0;
      if (kb < ${u32(g.k)} && col < ${u32(g.n)}) { vb = b[bBase + ${times('kb', g.bK)} + ${times('col', g.bCol)}]; }
      tb[lid.y * ${T} + lid.x] = vb;
      workgroupBarrier();
      for (var kk = 0u; kk < ${T}; kk = kk + 1u) {
        acc = acc + ta[lid.y * ${T} + kk] * tb[kk * ${T} + lid.x];
      }
      workgroupBarrier();
    }
    if (row < ${u32(g.m)} && col < ${u32(g.n)}) { out[p * ${u32(g.m * g.n)} + row * ${u32(g.n)} + col] = acc; }
  }
}`
  return { body, workgroups: grid.workgroups, vec4: { a: false, b: false, out: false } }
}

/**
 * Whether products run barrier-free, blocked in registers (`matmulBlocked.ts`): where barriers
 * are costly. Measured on SwiftShader side by side: the 784-256-10 MLP step 115 -> 72 ms against
 * the workgroup-tiled kernel, the transformer's small batched products 1.5-8× faster.
 */
export function blockedInRegisters(config: KernelConfig): boolean {
  return config.barriers === 'costly' && config.matmulRegisterTiles !== false
}

/** Whether the register-tiled kernel computes this product under `config`. */
export function usesRegisterTiles(node: Value, config: KernelConfig): boolean {
  const rank = node.shape.length
  return (
    config.matmulRegisterTiles !== false &&
    config.matmulTile >= 16 &&
    node.shape[rank - 2]! >= REGISTER_TILE_MIN &&
    node.shape[rank - 1]! >= REGISTER_TILE_MIN
  )
}

/**
 * Batched matmul [..., M, K] @ [..., K, N] with broadcast batch dimensions, either operand
 * possibly read transposed. Large products get the register-tiled kernel (`matmulRegister.ts`),
 * small ones and low-limit devices the shared-memory tiled one. The tiles of all batches are
 * numbered linearly and folded into the dispatch dimensions (and looped over when even that is
 * too few).
 */
export function matmulKernels(
  node: Value,
  a: MatmulOperand,
  b: MatmulOperand,
  config: KernelConfig,
): Kernel[] {
  const g = geometry(node, a, b)
  const { body, workgroups, vec4 } = blockedInRegisters(config)
    ? registerBlockedBody(g, config)
    : usesRegisterTiles(node, config)
      ? registerTiledBody(g, config)
      : simpleBody(g, config)
  const declarations = [
    storage(0, 'a', vec4.a ? 'vec4<f32>' : 'f32', 'read'),
    storage(1, 'b', vec4.b ? 'vec4<f32>' : 'f32', 'read'),
    storage(2, 'out', vec4.out ? 'vec4<f32>' : 'f32', 'write'),
  ]
  const label = `matmul #${node.id}${a.transposed ? ' Aᵀ' : ''}${b.transposed ? ' Bᵀ' : ''}`
  return [kernel(node, shader(declarations, body), workgroups, [a.value.id, b.value.id], label)]
}

const matmul: KernelGen = ({ node, inputs, config }) =>
  matmulKernels(
    node,
    { value: inputs[0]!, transposed: false },
    { value: inputs[1]!, transposed: false },
    config,
  )

/** Kernel generators of the contractions, by op name. */
export const MATMUL_KERNELS: Record<string, KernelGen> = { matmul }
