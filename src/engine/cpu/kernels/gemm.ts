import { simdAllowed } from './simd'
import { createWasmGemm, WASM_MR, WASM_NR, type WasmGemm } from './wasmGemm'

/**
 * The CPU backend's matrix product: C[m, n] (+)= A[m, k] · B[k, n], cache-blocked with packed
 * panels (GotoBLAS's loop nest). The inner macro-kernel is WebAssembly SIMD (4x8 tiles of f32x4
 * accumulators, see wasmGemm.ts) where the engine has it, else a 4x4 register-tiled TypeScript
 * kernel. Operands are read only through their `pack` methods, so a transposed matrix, a strided
 * view or an image read as im2col columns (convolutions) never has to be materialized.
 */

/** Rows of a packed A panel (both kernels). */
export const MR = 4
/** Columns of a packed B panel of the TypeScript kernel (the SIMD kernel packs WASM_NR). */
export const NR = 4
const KC = 256
const MC = 64
const NC = 512

/** The left operand A [m, k] as the GEMM reads it. */
export interface GemmLeft {
  /**
   * Writes rows i0..i0+mc-1, columns k0..k0+kc-1 into `dst` from `at` on as MR-row panels:
   * element (i, k) goes to dst[at + p·MR·kc + (k-k0)·MR + r] with i = i0 + p·MR + r. Rows past
   * `mc` up to the next multiple of MR must be zeros.
   */
  packA(dst: Float32Array, at: number, i0: number, mc: number, k0: number, kc: number): void
}

/** The right operand B [k, n] as the GEMM reads it. */
export interface GemmRight {
  /**
   * Writes rows k0..k0+kc-1, columns j0..j0+nc-1 into `dst` from `at` on as panels `width`
   * columns wide: element (k, j) goes to dst[at + q·width·kc + (k-k0)·width + c] with
   * j = j0 + q·width + c. Columns past `nc` up to the next multiple of `width` must be zeros.
   */
  packB(dst: Float32Array, at: number, width: number, k0: number, kc: number, j0: number, nc: number): void
  /**
   * Called with the SIMD kernel before a GEMM's first packB (and with undefined after its last):
   * an operand may stage data in its memory and pack with its helpers.
   */
  bind?(simd: WasmGemm | undefined): void
}

/**
 * A matrix read through offset tables: element (i, j) is data[offset + rows[i] + cols[j]]. A
 * row-major, transposed or strided matrix is the special case rows[i] = i·rs, cols[j] = j·cs;
 * a convolution weight read as [O, C·kh·kw] (flipped or not) fills `cols` from its 4-D strides.
 * Serves as either operand. `data` and `offset` are set per call; the tables are planned once.
 */
export class TableMatrix implements GemmLeft, GemmRight {
  data: Float32Array = new Float32Array(0)
  offset = 0
  constructor(
    readonly rows: Int32Array,
    readonly cols: Int32Array,
  ) {}

  /** A strided matrix: rows·rowStride + cols·colStride. */
  static strided(rows: number, cols: number, rowStride: number, colStride: number): TableMatrix {
    return new TableMatrix(steps(rows, rowStride), steps(cols, colStride))
  }

  packA(dst: Float32Array, at: number, i0: number, mc: number, k0: number, kc: number): void {
    const d = this.data
    const rows = this.rows
    const cols = this.cols
    const base = this.offset
    for (let p = 0; p * MR < mc; p++) {
      const panel = at + p * MR * kc
      for (let r = 0; r < MR; r++) {
        const i = p * MR + r
        let to = panel + r
        if (i >= mc) {
          for (let k = 0; k < kc; k++, to += MR) dst[to] = 0
          continue
        }
        const row = base + rows[i0 + i]!
        for (let k = 0; k < kc; k++, to += MR) dst[to] = d[row + cols[k0 + k]!]!
      }
    }
  }

  packB(dst: Float32Array, at: number, width: number, k0: number, kc: number, j0: number, nc: number): void {
    const d = this.data
    const rows = this.rows
    const cols = this.cols
    const base = this.offset
    for (let q = 0; q * width < nc; q++) {
      const panel = at + q * width * kc
      for (let c = 0; c < width; c++) {
        const j = q * width + c
        let to = panel + c
        if (j >= nc) {
          for (let k = 0; k < kc; k++, to += width) dst[to] = 0
          continue
        }
        const col = base + cols[j0 + j]!
        for (let k = 0; k < kc; k++, to += width) dst[to] = d[col + rows[k0 + k]!]!
      }
    }
  }
}

/** 0, step, 2·step, ... (count entries). */
export function steps(count: number, step: number): Int32Array {
  const out = new Int32Array(count)
  for (let i = 0; i < count; i++) out[i] = i * step
  return out
}

// The SIMD macro-kernel and its panels in WebAssembly memory, made on first use; `undefined`
// until then, `null` where the engine has no WebAssembly SIMD.
let simd: WasmGemm | null | undefined
// Scratch panels of the TypeScript kernel, shared by every GEMM: one kernel runs at a time.
let packedA = new Float32Array(MC * KC)
let packedB = new Float32Array(NC * KC)
const edge = new Float64Array(MR * NR)

/** Which kernel GEMMs run now. */
export function gemmKernel(): 'wasm-simd' | 'typescript' {
  if (simd === undefined) simd = createWasmGemm(MC, NC, KC) ?? null
  return simd && simdAllowed() ? 'wasm-simd' : 'typescript'
}

/**
 * C[i, j] at c[cOffset + i·cRowStride + j] becomes A·B (or C + A·B with `accumulate`). Partial
 * sums of one K block (256) are formed in the kernel's registers (f32 lanes with SIMD, f64 in
 * TypeScript); blocks add up in f32 in C.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: GemmLeft,
  b: GemmRight,
  c: Float32Array,
  cOffset: number,
  cRowStride: number,
  accumulate = false,
): void {
  if (m === 0 || n === 0) return
  if (k === 0) {
    if (!accumulate)
      for (let i = 0; i < m; i++) c.fill(0, cOffset + i * cRowStride, cOffset + i * cRowStride + n)
    return
  }
  if (gemmKernel() === 'wasm-simd') gemmSimd(simd!, m, n, k, a, b, c, cOffset, cRowStride, accumulate)
  else gemmTs(m, n, k, a, b, c, cOffset, cRowStride, accumulate)
}

function gemmSimd(
  w: WasmGemm,
  m: number,
  n: number,
  k: number,
  a: GemmLeft,
  b: GemmRight,
  c: Float32Array,
  cOffset: number,
  cRowStride: number,
  accumulate: boolean,
): void {
  b.bind?.(w)
  const mem = w.floats()
  const aAt = w.aAt >> 2
  const bAt = w.bAt >> 2
  const cAt = w.cAt >> 2
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc)
    const ncPadded = roundUp(nc, WASM_NR)
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc)
      const add = accumulate || pc > 0
      b.packB(mem, bAt, WASM_NR, pc, kc, jc, nc)
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic)
        a.packA(mem, aAt, ic, mc, pc, kc)
        w.run(roundUp(mc, WASM_MR), ncPadded, kc)
        for (let i = 0; i < mc; i++) {
          const from = cAt + i * ncPadded
          const to = cOffset + (ic + i) * cRowStride + jc
          if (add) for (let j = 0; j < nc; j++) c[to + j]! += mem[from + j]!
          else c.set(mem.subarray(from, from + nc), to)
        }
      }
    }
  }
  b.bind?.(undefined)
}

function gemmTs(
  m: number,
  n: number,
  k: number,
  a: GemmLeft,
  b: GemmRight,
  c: Float32Array,
  cOffset: number,
  cRowStride: number,
  accumulate: boolean,
): void {
  const needB = Math.min(NC, roundUp(n, NR)) * Math.min(KC, k)
  if (packedB.length < needB) packedB = new Float32Array(needB)
  const needA = Math.min(MC, roundUp(m, MR)) * Math.min(KC, k)
  if (packedA.length < needA) packedA = new Float32Array(needA)
  const pa = packedA
  const pb = packedB
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc)
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc)
      const add = accumulate || pc > 0
      b.packB(pb, 0, NR, pc, kc, jc, nc)
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic)
        a.packA(pa, 0, ic, mc, pc, kc)
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = Math.min(NR, nc - jr)
          const bAt = (jr / NR) * NR * kc
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = Math.min(MR, mc - ir)
            const aAt = (ir / MR) * MR * kc
            const cAt = cOffset + (ic + ir) * cRowStride + jc + jr
            if (rows === MR && cols === NR) micro4x4(pa, aAt, pb, bAt, kc, c, cAt, cRowStride, add)
            else {
              micro4x4Edge(pa, aAt, pb, bAt, kc)
              storeEdge(c, cAt, cRowStride, rows, cols, add)
            }
          }
        }
      }
    }
  }
}

function roundUp(v: number, to: number): number {
  return Math.ceil(v / to) * to
}

function micro4x4(
  a: Float32Array,
  aAt: number,
  b: Float32Array,
  bAt: number,
  kc: number,
  c: Float32Array,
  cAt: number,
  rs: number,
  add: boolean,
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0
  let ai = aAt
  let bi = bAt
  for (let p = 0; p < kc; p++) {
    const b0 = b[bi]!,
      b1 = b[bi + 1]!,
      b2 = b[bi + 2]!,
      b3 = b[bi + 3]!
    let x = a[ai]!
    c00 += x * b0
    c01 += x * b1
    c02 += x * b2
    c03 += x * b3
    x = a[ai + 1]!
    c10 += x * b0
    c11 += x * b1
    c12 += x * b2
    c13 += x * b3
    x = a[ai + 2]!
    c20 += x * b0
    c21 += x * b1
    c22 += x * b2
    c23 += x * b3
    x = a[ai + 3]!
    c30 += x * b0
    c31 += x * b1
    c32 += x * b2
    c33 += x * b3
    ai += MR
    bi += NR
  }
  let o = cAt
  if (add) {
    c[o]! += c00
    c[o + 1]! += c01
    c[o + 2]! += c02
    c[o + 3]! += c03
    o += rs
    c[o]! += c10
    c[o + 1]! += c11
    c[o + 2]! += c12
    c[o + 3]! += c13
    o += rs
    c[o]! += c20
    c[o + 1]! += c21
    c[o + 2]! += c22
    c[o + 3]! += c23
    o += rs
    c[o]! += c30
    c[o + 1]! += c31
    c[o + 2]! += c32
    c[o + 3]! += c33
  } else {
    c[o] = c00
    c[o + 1] = c01
    c[o + 2] = c02
    c[o + 3] = c03
    o += rs
    c[o] = c10
    c[o + 1] = c11
    c[o + 2] = c12
    c[o + 3] = c13
    o += rs
    c[o] = c20
    c[o + 1] = c21
    c[o + 2] = c22
    c[o + 3] = c23
    o += rs
    c[o] = c30
    c[o + 1] = c31
    c[o + 2] = c32
    c[o + 3] = c33
  }
}

/** The same tile into the `edge` scratch (unrounded), for tiles cut by the matrix border. */
function micro4x4Edge(a: Float32Array, aAt: number, b: Float32Array, bAt: number, kc: number): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0
  let ai = aAt
  let bi = bAt
  for (let p = 0; p < kc; p++) {
    const b0 = b[bi]!,
      b1 = b[bi + 1]!,
      b2 = b[bi + 2]!,
      b3 = b[bi + 3]!
    let x = a[ai]!
    c00 += x * b0
    c01 += x * b1
    c02 += x * b2
    c03 += x * b3
    x = a[ai + 1]!
    c10 += x * b0
    c11 += x * b1
    c12 += x * b2
    c13 += x * b3
    x = a[ai + 2]!
    c20 += x * b0
    c21 += x * b1
    c22 += x * b2
    c23 += x * b3
    x = a[ai + 3]!
    c30 += x * b0
    c31 += x * b1
    c32 += x * b2
    c33 += x * b3
    ai += MR
    bi += NR
  }
  const e = edge
  e[0] = c00
  e[1] = c01
  e[2] = c02
  e[3] = c03
  e[4] = c10
  e[5] = c11
  e[6] = c12
  e[7] = c13
  e[8] = c20
  e[9] = c21
  e[10] = c22
  e[11] = c23
  e[12] = c30
  e[13] = c31
  e[14] = c32
  e[15] = c33
}

function storeEdge(c: Float32Array, cAt: number, rs: number, rows: number, cols: number, add: boolean): void {
  for (let r = 0; r < rows; r++)
    for (let q = 0; q < cols; q++) {
      const o = cAt + r * rs + q
      c[o] = add ? c[o]! + edge[r * NR + q]! : edge[r * NR + q]!
    }
}
