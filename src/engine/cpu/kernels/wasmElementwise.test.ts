import { describe, expect, it } from 'vitest'
import { BINARY_OPS, binaryRun, UNARY_OPS, unaryRun, whereRun } from './elementwiseLoops'
import { createWasmElementwise } from './wasmElementwise'

/** Values where f32 ops differ most easily: NaN, infinities, signed zeros, tiny and huge numbers. */
const SPECIAL = [
  Number.NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  1,
  -1,
  0.5,
  -2.5,
  1e-30,
  -1e-38,
  3e38,
  1 / 3,
  7,
  -7,
  2,
]

function values(): { x: Float32Array; y: Float32Array; c: Float32Array } {
  const n = SPECIAL.length
  // every pair of special values, plus a random tail that is not a multiple of 4 long
  const x: number[] = []
  const y: number[] = []
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      x.push(SPECIAL[i]!)
      y.push(SPECIAL[j]!)
    }
  for (let i = 0; i < 37; i++) {
    x.push(Math.sin(i * 7.1) * 10)
    y.push(Math.cos(i * 3.3) * 10)
  }
  const c = y.map((v, i) => (i % 3 === 0 ? 0 : v))
  return { x: Float32Array.from(x), y: Float32Array.from(y), c: Float32Array.from(c) }
}

/** Equal bit for bit, except that any NaN equals any NaN. */
function sameBits(a: Float32Array, b: Float32Array): string[] {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length)
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length)
  const out: string[] = []
  for (let i = 0; i < a.length && out.length < 5; i++)
    if (ua[i] !== ub[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i])))
      out.push(`[${i}] simd ${a[i]} vs ${b[i]}`)
  return out
}

describe('SIMD elementwise ops', () => {
  const wasm = createWasmElementwise()!
  const { x, y, c } = values()
  const n = x.length
  const lanes = (n + 3) & ~3
  // operands at 0, lanes, 2·lanes; the result at 3·lanes (floats)
  const run = (name: string, a: Float32Array, b: Float32Array, cond: Float32Array) => {
    const mem = wasm.floats()
    mem.set(a, 0)
    mem.set(b, lanes)
    mem.set(cond, 2 * lanes)
    wasm.ops[name]!(12 * lanes, 0, 4 * lanes, 8 * lanes, lanes)
    return wasm.floats().slice(3 * lanes, 3 * lanes + n)
  }

  it('exist where WebAssembly SIMD does (Node)', () => {
    expect(wasm).toBeDefined()
  })

  for (const name of UNARY_OPS.filter((o) => createWasmElementwise()?.ops[o]))
    it(`${name} matches the TypeScript loop bit for bit`, () => {
      const want = new Float32Array(n)
      unaryRun(UNARY_OPS.indexOf(name), want, 0, x, 0, 1, n)
      expect(sameBits(run(name, x, y, c), want)).toEqual([])
    })

  for (const name of BINARY_OPS.filter((o) => createWasmElementwise()?.ops[o]))
    it(`${name} matches the TypeScript loop bit for bit`, () => {
      const want = new Float32Array(n)
      binaryRun(BINARY_OPS.indexOf(name), want, 0, x, 0, 1, y, 0, 1, n)
      expect(sameBits(run(name, x, y, c), want)).toEqual([])
    })

  it('where matches the TypeScript loop bit for bit (NaN conditions pick the first branch)', () => {
    const want = new Float32Array(n)
    whereRun(want, 0, c, 0, 1, x, 0, 1, y, 0, 1, n)
    expect(sameBits(run('where', c, x, y), want)).toEqual([])
  })

  it('cover the ops an optimizer update needs', () => {
    for (const name of ['add', 'sub', 'mul', 'div', 'sqrt', 'maximum', 'relu', 'gt', 'where'])
      expect(wasm.ops[name], name).toBeDefined()
  })
})
