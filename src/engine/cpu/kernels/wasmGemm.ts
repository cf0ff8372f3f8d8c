import { I32, instantiate, op, V128, type WasmFunction } from './wasmAssembler'

/**
 * A GEMM macro-kernel in WebAssembly SIMD, assembled here from opcodes (no toolchain, no binary
 * blob): C[mc, nc] = A·B for packed panels already in the module's memory, 4x8 register tiles of
 * f32x4 accumulators. Each product is rounded to f32 and summed in f32, as PyTorch's CPU kernels
 * do. Beside it, `im2col` packs a convolution's B panels from a zero-padded image copied into the
 * same memory (a gather by offset tables, no bounds checks). Everything else (other packing,
 * edges, accumulating into the output) stays in TypeScript. Engines without WebAssembly SIMD get
 * `undefined` and the plain TypeScript kernel.
 */

/** Rows and columns of the SIMD register tile. */
export const WASM_MR = 4
export const WASM_NR = 8

/**
 * The macro-kernel and the memory it works in: the A, B and C panels at fixed byte offsets, then
 * a scratch area from `scratchAt` on (images and tables of `im2col`), grown on demand.
 */
export interface WasmGemm {
  readonly aAt: number
  readonly bAt: number
  readonly cAt: number
  readonly scratchAt: number
  /** The memory as floats and as ints; call again after `reserve`, which may replace them. */
  floats(): Float32Array
  ints(): Int32Array
  /** Makes the memory at least `bytes` long. */
  reserve(bytes: number): void
  /** C (row stride ncPadded) = A (mcPadded x kc, 4-row panels) · B (kc x ncPadded, 8-column panels). */
  run(mcPadded: number, ncPadded: number, kc: number): void
  /**
   * Packs `panels` 8-column B panels of kc rows at byte `dst`: element (k, c) of panel q is the
   * float at byte img + tap[k] + origin[8q + c], with `tap` and `origin` byte offsets of i32
   * tables (already advanced to the first row and column).
   */
  im2col(dst: number, img: number, tap: number, origin: number, kc: number, panels: number): void
}

/** `gemm(a, b, c, mc, nc, kc)`: the macro-kernel over panels at byte offsets a, b, c. */
function gemmFunction(): WasmFunction {
  // params 0..5: a, b, c (byte offsets), mc, nc, kc; locals: jr, ir, p, ap, bp, cp, then v128s
  const [A, B, C, MC, NC, KC, JR, IR, P, AP, BP, CP] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
  const acc = (r: number, h: number) => 12 + r * 2 + h
  const [B0, B1, X] = [20, 21, 22]
  const body: number[] = [
    ...op.i32(0),
    ...op.set(JR),
    ...op.loop,
    ...op.i32(0),
    ...op.set(IR),
    ...op.loop,
    // ap = a + ir·kc·4, bp = b + jr·kc·4 (panels are 4 rows / 8 columns wide)
    ...op.get(A),
    ...op.get(IR),
    ...op.get(KC),
    ...op.i32Mul,
    ...op.i32(4),
    ...op.i32Mul,
    ...op.i32Add,
    ...op.set(AP),
    ...op.get(B),
    ...op.get(JR),
    ...op.get(KC),
    ...op.i32Mul,
    ...op.i32(4),
    ...op.i32Mul,
    ...op.i32Add,
    ...op.set(BP),
  ]
  for (let r = 0; r < WASM_MR; r++)
    for (let h = 0; h < 2; h++) body.push(...op.f32x4Const(0), ...op.set(acc(r, h)))
  body.push(...op.get(KC), ...op.set(P), ...op.loop)
  body.push(...op.get(BP), ...op.v128Load(0), ...op.set(B0), ...op.get(BP), ...op.v128Load(16), ...op.set(B1))
  for (let r = 0; r < WASM_MR; r++) {
    body.push(...op.get(AP), ...op.f32Load(4 * r), ...op.f32x4Splat, ...op.set(X))
    for (let h = 0; h < 2; h++)
      body.push(
        ...op.get(acc(r, h)),
        ...op.get(X),
        ...op.get(h === 0 ? B0 : B1),
        ...op.f32x4Mul,
        ...op.f32x4Add,
        ...op.set(acc(r, h)),
      )
  }
  body.push(
    ...op.get(AP),
    ...op.i32(16),
    ...op.i32Add,
    ...op.set(AP),
    ...op.get(BP),
    ...op.i32(32),
    ...op.i32Add,
    ...op.set(BP),
    ...op.get(P),
    ...op.i32(1),
    ...op.i32Sub,
    ...op.set(P),
    ...op.get(P),
    ...op.i32(0),
    ...op.i32Ne,
    ...op.brIf(0),
    ...op.end,
  )
  // cp = c + (ir·nc + jr)·4; one row of the tile per nc·4 bytes
  body.push(
    ...op.get(C),
    ...op.get(IR),
    ...op.get(NC),
    ...op.i32Mul,
    ...op.get(JR),
    ...op.i32Add,
    ...op.i32(4),
    ...op.i32Mul,
    ...op.i32Add,
    ...op.set(CP),
  )
  for (let r = 0; r < WASM_MR; r++) {
    if (r > 0)
      body.push(...op.get(CP), ...op.get(NC), ...op.i32(4), ...op.i32Mul, ...op.i32Add, ...op.set(CP))
    for (let h = 0; h < 2; h++) body.push(...op.get(CP), ...op.get(acc(r, h)), ...op.v128Store(16 * h))
  }
  body.push(
    ...op.get(IR),
    ...op.i32(WASM_MR),
    ...op.i32Add,
    ...op.set(IR),
    ...op.get(IR),
    ...op.get(MC),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
    ...op.get(JR),
    ...op.i32(WASM_NR),
    ...op.i32Add,
    ...op.set(JR),
    ...op.get(JR),
    ...op.get(NC),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
  )
  return {
    name: 'gemm',
    params: 6,
    locals: [
      { count: 6, type: I32 },
      { count: 11, type: V128 },
    ],
    body,
  }
}

/** `im2col(dst, img, tap, origin, kc, panels)`: B panels gathered from an image by offset tables. */
function im2colFunction(): WasmFunction {
  const [DST, IMG, TAP, ORG, KC, PANELS, K, T, TP] = [0, 1, 2, 3, 4, 5, 6, 7, 8]
  const o = (c: number) => 9 + c
  const body: number[] = [...op.loop]
  // the panel's 8 column origins, relative to the image
  for (let c = 0; c < WASM_NR; c++)
    body.push(...op.get(ORG), ...op.i32Load(4 * c), ...op.get(IMG), ...op.i32Add, ...op.set(o(c)))
  body.push(...op.get(ORG), ...op.i32(4 * WASM_NR), ...op.i32Add, ...op.set(ORG))
  body.push(...op.get(TAP), ...op.set(TP), ...op.get(KC), ...op.set(K), ...op.loop)
  body.push(...op.get(TP), ...op.i32Load(0), ...op.set(T))
  for (let c = 0; c < WASM_NR; c++)
    body.push(
      ...op.get(DST),
      ...op.get(T),
      ...op.get(o(c)),
      ...op.i32Add,
      ...op.f32Load(0),
      ...op.f32Store(4 * c),
    )
  body.push(
    ...op.get(DST),
    ...op.i32(4 * WASM_NR),
    ...op.i32Add,
    ...op.set(DST),
    ...op.get(TP),
    ...op.i32(4),
    ...op.i32Add,
    ...op.set(TP),
    ...op.get(K),
    ...op.i32(1),
    ...op.i32Sub,
    ...op.tee(K),
    ...op.i32(0),
    ...op.i32Ne,
    ...op.brIf(0),
    ...op.end,
    ...op.get(PANELS),
    ...op.i32(1),
    ...op.i32Sub,
    ...op.tee(PANELS),
    ...op.i32(0),
    ...op.i32Ne,
    ...op.brIf(0),
    ...op.end,
  )
  return { name: 'im2col', params: 6, locals: [{ count: 3 + WASM_NR, type: I32 }], body }
}

/**
 * Instantiates the macro-kernel with room for panels of up to mc x kc (A), kc x nc (B) and
 * mc x nc (C) floats, or returns undefined where WebAssembly SIMD is unavailable.
 */
export function createWasmGemm(mc: number, nc: number, kc: number): WasmGemm | undefined {
  const aAt = 0
  const bAt = mc * kc * 4
  const cAt = bAt + kc * nc * 4
  const scratchAt = cAt + mc * nc * 4
  const wasm = instantiate([gemmFunction(), im2colFunction()], scratchAt)
  if (!wasm) return undefined
  const gemm = wasm.exports.gemm!
  const im2col = wasm.exports.im2col!
  let floats = new Float32Array(wasm.memory.buffer)
  let ints = new Int32Array(wasm.memory.buffer)
  const fresh = () => {
    if (floats.buffer !== wasm.memory.buffer) {
      floats = new Float32Array(wasm.memory.buffer)
      ints = new Int32Array(wasm.memory.buffer)
    }
  }
  return {
    aAt,
    bAt,
    cAt,
    scratchAt,
    floats() {
      fresh()
      return floats
    },
    ints() {
      fresh()
      return ints
    },
    reserve(bytes) {
      const have = wasm.memory.buffer.byteLength
      if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / 65536))
    },
    run(mcPadded, ncPadded, kc) {
      gemm(aAt, bAt, cAt, mcPadded, ncPadded, kc)
    },
    im2col(dst, img, tap, origin, kc, panels) {
      im2col(dst, img, tap, origin, kc, panels)
    },
  }
}
