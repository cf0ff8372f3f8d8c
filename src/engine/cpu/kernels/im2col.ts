import type { GemmRight } from './gemm'
import { WASM_NR, type WasmGemm } from './wasmGemm'

/**
 * At most this many bytes of images are copied into the SIMD kernel's memory (which never
 * shrinks); a larger im2col (a weight gradient over a big batch) packs in TypeScript instead.
 */
const STAGING_LIMIT = 32 << 20

/** Where an im2col matrix reads: its taps (rows) and output pixels (columns), by index. */
export interface Im2colGeometry {
  /** Input channels of the group, and the image size. */
  readonly channels: number
  readonly h: number
  readonly w: number
  /** Per row k: the tap's input channel, and its row and column shift from the window origin. */
  readonly tapChannel: Int32Array
  readonly dy: Int32Array
  readonly dx: Int32Array
  /** Per column j: the image it belongs to, and the input row/column its window starts at. */
  readonly image: Int32Array
  readonly ys: Int32Array
  readonly xs: Int32Array
  /** Images the columns span (1, or a whole batch side by side). */
  readonly images: number
  /** Strides of the input view: image, channel, row, column. */
  readonly strides: readonly [number, number, number, number]
}

/**
 * The im2col matrix of a convolution, read on the fly as a GEMM's right operand: element (k, j)
 * is the input at channel tapChannel[k] of image image[j], row ys[j] + dy[k], column
 * xs[j] + dx[k], or 0 outside the image. `data` and `offset` (the first image's channel 0 of the
 * group) are set per GEMM. With the SIMD kernel the images are first copied into its memory with
 * zero borders wide enough for every window, and panels are gathered there by offset tables;
 * otherwise TypeScript packs them, skipping bounds checks for windows inside the image.
 */
export class Im2col implements GemmRight {
  data: Float32Array = new Float32Array(0)
  offset = 0
  private readonly tap: Int32Array
  private readonly origin: Int32Array
  private readonly inside: Uint8Array
  // the zero-padded copy for SIMD: its size, border, and the tables in bytes into it
  private readonly padTop: number
  private readonly padLeft: number
  private readonly hp: number
  private readonly wp: number
  private readonly simdTap: Int32Array
  private readonly simdOrigin: Int32Array
  private simd: WasmGemm | undefined
  private imgAt = 0
  private tapAt = 0
  private originAt = 0

  constructor(private readonly g: Im2colGeometry) {
    const [si, sc, sy, sx] = g.strides
    const { dy, dx, ys, xs } = g
    this.tap = g.tapChannel.map((c, k) => c * sc + dy[k]! * sy + dx[k]! * sx)
    this.origin = g.image.map((i, j) => i * si + ys[j]! * sy + xs[j]! * sx)
    const [dyMin, dyMax] = range(dy)
    const [dxMin, dxMax] = range(dx)
    const [dy0, dy1] = [Math.min(0, dyMin), Math.max(0, dyMax)]
    const [dx0, dx1] = [Math.min(0, dxMin), Math.max(0, dxMax)]
    this.inside = Uint8Array.from(ys, (y, j) => {
      const x = xs[j]!
      return y + dy0 >= 0 && y + dy1 < g.h && x + dx0 >= 0 && x + dx1 < g.w ? 1 : 0
    })
    const [yMin, yMax] = range(ys)
    const [xMin, xMax] = range(xs)
    const [y0, y1] = [yMin + dyMin, yMax + dyMax]
    const [x0, x1] = [xMin + dxMin, xMax + dxMax]
    this.padTop = Math.max(0, -y0)
    this.padLeft = Math.max(0, -x0)
    this.hp = this.padTop + Math.max(g.h, y1 + 1)
    this.wp = this.padLeft + Math.max(g.w, x1 + 1)
    const plane = this.hp * this.wp
    this.simdTap = g.tapChannel.map((c, k) => (c * plane + dy[k]! * this.wp + dx[k]!) * 4)
    // origins padded to whole panels; extra columns read the image's first float (discarded)
    this.simdOrigin = new Int32Array(Math.ceil(ys.length / WASM_NR) * WASM_NR)
    for (let j = 0; j < ys.length; j++)
      this.simdOrigin[j] =
        (g.image[j]! * g.channels * plane + (ys[j]! + this.padTop) * this.wp + xs[j]! + this.padLeft) * 4
  }

  bind(simd: WasmGemm | undefined): void {
    const { channels, h, w, images, strides } = this.g
    const { hp, wp, padTop, padLeft } = this
    const floats = images * channels * hp * wp
    this.simd = floats * 4 <= STAGING_LIMIT ? simd : undefined
    if (!this.simd || !simd) return
    const [si, sc, sy, sx] = strides
    this.imgAt = simd.scratchAt
    this.tapAt = this.imgAt + floats * 4
    this.originAt = this.tapAt + this.simdTap.length * 4
    simd.reserve(this.originAt + this.simdOrigin.length * 4)
    const mem = simd.floats()
    const ints = simd.ints()
    const img = this.imgAt >> 2
    const padded = hp !== h || wp !== w
    if (padded) mem.fill(0, img, img + floats)
    const d = this.data
    for (let i = 0; i < images; i++)
      for (let c = 0; c < channels; c++) {
        const from = this.offset + i * si + c * sc
        const to = img + (i * channels + c) * hp * wp + padTop * wp + padLeft
        if (!padded && sx === 1 && sy === w) {
          mem.set(d.subarray(from, from + h * w), to)
          continue
        }
        for (let y = 0; y < h; y++) {
          const row = from + y * sy
          const dst = to + y * wp
          if (sx === 1) mem.set(d.subarray(row, row + w), dst)
          else for (let x = 0; x < w; x++) mem[dst + x] = d[row + x * sx]!
        }
      }
    ints.set(this.simdTap, this.tapAt >> 2)
    ints.set(this.simdOrigin, this.originAt >> 2)
  }

  packB(dst: Float32Array, to: number, width: number, k0: number, kc: number, j0: number, nc: number): void {
    const simd = this.simd
    if (simd && width === WASM_NR) {
      simd.im2col(
        to * 4,
        this.imgAt,
        this.tapAt + k0 * 4,
        this.originAt + j0 * 4,
        kc,
        Math.ceil(nc / WASM_NR),
      )
      return
    }
    const { data: d, tap, origin, inside } = this
    const { dy, dx, ys, xs, h, w } = this.g
    const base = this.offset
    for (let q = 0; q * width < nc; q++) {
      const panel = to + q * width * kc
      for (let c = 0; c < width; c++) {
        const j = q * width + c
        let at = panel + c
        if (j >= nc) {
          for (let k = 0; k < kc; k++, at += width) dst[at] = 0
          continue
        }
        const from = base + origin[j0 + j]!
        if (inside[j0 + j] === 1) {
          for (let k = k0; k < k0 + kc; k++, at += width) dst[at] = d[from + tap[k]!]!
          continue
        }
        const y0 = ys[j0 + j]!
        const x0 = xs[j0 + j]!
        for (let k = k0; k < k0 + kc; k++, at += width) {
          const iy = y0 + dy[k]!
          const ix = x0 + dx[k]!
          // unsigned compares reject negative rows and columns too
          dst[at] = iy >>> 0 < h && ix >>> 0 < w ? d[from + tap[k]!]! : 0
        }
      }
    }
  }
}

/** Smallest and largest entry (0 and 0 for an empty table); no spread, tables can be long. */
function range(table: Int32Array): [number, number] {
  let lo = table.length > 0 ? table[0]! : 0
  let hi = lo
  for (const v of table) {
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return [lo, hi]
}
