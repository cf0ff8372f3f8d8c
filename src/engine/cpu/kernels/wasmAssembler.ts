/**
 * Just enough of the WebAssembly binary format to write the CPU backend's SIMD kernels in
 * TypeScript: LEB128 numbers, the handful of instructions the kernels use, and a module of
 * functions over one imported memory. Kernels stay readable as instruction lists; no toolchain
 * and no opaque binary blob enter the repository.
 */

/** Value types. */
export const I32 = 0x7f
export const V128 = 0x7b

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = []
  do {
    let byte = n & 0x7f
    n >>>= 7
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
  return out
}

/** Signed LEB128. */
export function sleb(n: number): number[] {
  const out: number[] = []
  for (;;) {
    const byte = n & 0x7f
    n >>= 7
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte)
      return out
    }
    out.push(byte | 0x80)
  }
}

const simd = (op: number) => [0xfd, ...uleb(op)]

/** The instructions the kernels use (memory offsets in bytes, alignment as log2). */
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32LtU: [0x49],
  i32Ne: [0x47],
  loop: [0x03, 0x40],
  end: [0x0b],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  i32Load: (offset: number) => [0x28, 2, ...uleb(offset)],
  f32Load: (offset: number) => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset: number) => [0x38, 2, ...uleb(offset)],
  v128Load: (offset: number) => [...simd(0x00), 4, ...uleb(offset)],
  v128Store: (offset: number) => [...simd(0x0b), 4, ...uleb(offset)],
  /** v128.const with four equal f32 lanes. */
  f32x4Const: (v: number) => {
    const bytes = new Uint8Array(new Float32Array([v, v, v, v]).buffer)
    return [...simd(0x0c), ...bytes]
  },
  v128And: simd(0x4e),
  v128Or: simd(0x50),
  v128Bitselect: simd(0x52),
  f32x4Splat: simd(0x13),
  f32x4Eq: simd(0x41),
  f32x4Ne: simd(0x42),
  f32x4Lt: simd(0x43),
  f32x4Gt: simd(0x44),
  f32x4Abs: simd(0xe0),
  f32x4Neg: simd(0xe1),
  f32x4Sqrt: simd(0xe3),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7),
  f32x4Min: simd(0xe8),
  f32x4Max: simd(0xe9),
} as const

/** A function of the module: its i32 parameter count, extra locals and body (without `end`). */
export interface WasmFunction {
  readonly name: string
  readonly params: number
  readonly locals: readonly { readonly count: number; readonly type: number }[]
  readonly body: readonly number[]
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body]
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))]
}

/** The bytes of a module exporting `functions` (i32 parameters, no results), importing env.memory. */
export function moduleBytes(functions: readonly WasmFunction[]): Uint8Array<ArrayBuffer> {
  const arities = [...new Set(functions.map((f) => f.params))]
  const types = arities.flatMap((n) => [0x60, ...uleb(n), ...new Array<number>(n).fill(I32), 0])
  const codes = functions.map((f) => {
    const locals = [...uleb(f.locals.length), ...f.locals.flatMap((l) => [...uleb(l.count), l.type])]
    const body = [...locals, ...f.body, ...op.end]
    return [...uleb(body.length), ...body]
  })
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [...uleb(arities.length), ...types]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]),
    ...section(3, [...uleb(functions.length), ...functions.map((f) => arities.indexOf(f.params))]),
    ...section(7, [
      ...uleb(functions.length),
      ...functions.flatMap((f, i) => [...name(f.name), 0x00, ...uleb(i)]),
    ]),
    ...section(10, [...uleb(functions.length), ...codes.flat()]),
  ])
}

/**
 * Compiles and instantiates `functions` over a fresh memory of `bytes`, or returns undefined
 * where the engine lacks WebAssembly or SIMD (the module does not validate).
 */
export function instantiate(
  functions: readonly WasmFunction[],
  bytes: number,
): { memory: WebAssembly.Memory; exports: Record<string, (...args: number[]) => void> } | undefined {
  if (typeof WebAssembly === 'undefined') return undefined
  try {
    const code = moduleBytes(functions)
    if (!WebAssembly.validate(code)) return undefined
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) })
    const instance = new WebAssembly.Instance(new WebAssembly.Module(code), { env: { memory } })
    return { memory, exports: instance.exports as Record<string, (...args: number[]) => void> }
  } catch {
    return undefined
  }
}
