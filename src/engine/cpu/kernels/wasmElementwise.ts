import { I32, instantiate, op, V128, type WasmFunction } from './wasmAssembler'

/**
 * Elementwise ops in WebAssembly SIMD, four lanes at a time, over f32 arrays in the module's
 * memory: `fn(dst, a, b, c, n)` with byte offsets and n a multiple of 4. Only ops whose f32 result
 * equals the reference's f64-then-round result bit for bit are here (IEEE add, sub, mul, div and
 * sqrt are correctly rounded; min, max, compares, abs and neg are exact); exp, log, tanh and the
 * like stay in TypeScript. NaN and signed-zero rules match the reference's.
 */

const [DST, A, B, C, N, I, END, X] = [0, 1, 2, 3, 4, 5, 6, 7]
const load = (p: number) => [...op.get(p), ...op.get(I), ...op.i32Add, ...op.v128Load(0)]
const ZERO = op.f32x4Const(0)
const ONE = op.f32x4Const(1)

/** The vector expression of each op, from the loaded operands a, b, c. */
const EXPRESSIONS: Readonly<Record<string, readonly number[]>> = {
  copy: load(A),
  neg: [...load(A), ...op.f32x4Neg],
  abs: [...load(A), ...op.f32x4Abs],
  sqrt: [...load(A), ...op.f32x4Sqrt],
  // max(x, 0) keeps NaN and turns -0 into +0, as the reference's relu does
  relu: [...load(A), ...ZERO, ...op.f32x4Max],
  sign: [
    ...load(A),
    ...op.tee(X),
    ...ZERO,
    ...op.f32x4Gt,
    ...ONE,
    ...op.v128And,
    ...op.get(X),
    ...ZERO,
    ...op.f32x4Lt,
    ...op.f32x4Const(-1),
    ...op.v128And,
    ...op.v128Or,
  ],
  add: [...load(A), ...load(B), ...op.f32x4Add],
  sub: [...load(A), ...load(B), ...op.f32x4Sub],
  mul: [...load(A), ...load(B), ...op.f32x4Mul],
  div: [...load(A), ...load(B), ...op.f32x4Div],
  maximum: [...load(A), ...load(B), ...op.f32x4Max],
  minimum: [...load(A), ...load(B), ...op.f32x4Min],
  lt: [...load(A), ...load(B), ...op.f32x4Lt, ...ONE, ...op.v128And],
  gt: [...load(A), ...load(B), ...op.f32x4Gt, ...ONE, ...op.v128And],
  eq: [...load(A), ...load(B), ...op.f32x4Eq, ...ONE, ...op.v128And],
  // where(cond = a, x = b, y = c): a nonzero (NaN included) condition picks x
  where: [...load(B), ...load(C), ...load(A), ...ZERO, ...op.f32x4Ne, ...op.v128Bitselect],
}

function elementwiseFunction(name: string, expression: readonly number[]): WasmFunction {
  return {
    name,
    params: 5,
    locals: [
      { count: 2, type: I32 },
      { count: 1, type: V128 },
    ],
    body: [
      ...op.i32(0),
      ...op.set(I),
      ...op.get(N),
      ...op.i32(2),
      ...op.i32Shl,
      ...op.set(END),
      ...op.loop,
      ...op.get(DST),
      ...op.get(I),
      ...op.i32Add,
      ...expression,
      ...op.v128Store(0),
      ...op.get(I),
      ...op.i32(16),
      ...op.i32Add,
      ...op.tee(I),
      ...op.get(END),
      ...op.i32LtU,
      ...op.brIf(0),
      ...op.end,
    ],
  }
}

/** The SIMD elementwise ops and their memory, which grows on demand. */
export interface WasmElementwise {
  /** The op's function, if it has a SIMD one: fn(dst, a, b, c, n) with byte offsets, n % 4 === 0, n > 0. */
  readonly ops: Readonly<
    Record<string, ((dst: number, a: number, b: number, c: number, n: number) => void) | undefined>
  >
  /** The memory as floats; call again after `reserve`, which may replace it. */
  floats(): Float32Array
  /** Makes the memory at least `bytes` long. */
  reserve(bytes: number): void
}

/** Instantiates the SIMD elementwise ops, or returns undefined where WebAssembly SIMD is unavailable. */
export function createWasmElementwise(): WasmElementwise | undefined {
  const wasm = instantiate(
    Object.entries(EXPRESSIONS).map(([name, e]) => elementwiseFunction(name, e)),
    1 << 16,
  )
  if (!wasm) return undefined
  let view = new Float32Array(wasm.memory.buffer)
  return {
    ops: wasm.exports,
    floats() {
      if (view.buffer !== wasm.memory.buffer) view = new Float32Array(wasm.memory.buffer)
      return view
    },
    reserve(bytes) {
      const have = wasm.memory.buffer.byteLength
      if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / 65536))
    },
  }
}
