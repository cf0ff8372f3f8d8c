import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { grad } from '../../autodiff/grad'
import { type Feeds, runCpu } from '../../cpu/runCpu'
import {
  type AvgPool2dOptions,
  type Conv2dOptions,
  type ConvTranspose2dOptions,
  GraphBuilder,
  type MaxPool2dOptions,
} from '../../ir/builder'
import type { DType, Value } from '../../ir/value'
import { close } from '../conformance'

// Written by torchGoldens.py (PyTorch, float64); regenerate with
// /usr/bin/python3 src/engine/ops/goldens/torchGoldens.py
type Encoded = number | 'nan' | 'inf' | '-inf'
interface GoldenTensor {
  shape: number[]
  dtype: DType
  data: Encoded[]
}
interface GoldenCase {
  name: string
  op: string
  options: Record<string, unknown> | null
  inputs: GoldenTensor[]
  output: GoldenTensor
  upstream?: Encoded[]
  grads?: (Encoded[] | null)[]
}

const FILE = new URL('./ops.golden.json', import.meta.url)
const CASES = (JSON.parse(readFileSync(FILE, 'utf8')) as { cases: GoldenCase[] }).cases

function decode(data: readonly Encoded[]): number[] {
  return data.map((v) => (v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v))
}

type Options = Record<string, unknown>
type Build = (g: GraphBuilder, xs: Value[], o: Options) => Value
const axes = (o: Options) => o.axes as number | number[]

/** How each golden's PyTorch call maps onto the builder (options keep PyTorch's names). */
const BUILD: Record<string, Build> = {
  conv2d: (g, [x, w], o) => g.conv2d(x!, w!, o as Conv2dOptions),
  convTranspose2d: (g, [x, w], o) => g.convTranspose2d(x!, w!, o as ConvTranspose2dOptions),
  maxPool2d: (g, [x], o) => g.maxPool2d(x!, o as unknown as MaxPool2dOptions),
  maxPool2dIndices: (g, [x], o) => g.maxPool2dIndices(x!, o as unknown as MaxPool2dOptions),
  avgPool2d: (g, [x], o) => g.avgPool2d(x!, o as unknown as AvgPool2dOptions),
  maximum: (g, [a, b]) => g.maximum(a!, b!),
  minimum: (g, [a, b]) => g.minimum(a!, b!),
  pow: (g, [a, b]) => g.pow(a!, b!),
  sign: (g, [x]) => g.sign(x!),
  relu: (g, [x]) => g.relu(x!),
  sigmoid: (g, [x]) => g.sigmoid(x!),
  log: (g, [x]) => g.log(x!),
  erf: (g, [x]) => g.erf(x!),
  tanh: (g, [x]) => g.tanh(x!),
  max: (g, [x], o) => g.max(x!, axes(o), o.keepdims === true),
  sum: (g, [x], o) => g.sum(x!, axes(o), o.keepdims === true),
  mean: (g, [x], o) => g.mean(x!, axes(o)),
  matmul: (g, [a, b]) => g.matmul(a!, b!),
  gather: (g, [t, i]) => g.gather(t!, i!),
  cast: (g, [x], o) => g.cast(x!, o.dtype as DType),
  logsumexp: (g, [x], o) => g.logsumexp(x!, axes(o)),
  softmax: (g, [x], o) => g.softmax(x!, o.axis as number),
  logSoftmax: (g, [x], o) => g.logSoftmax(x!, o.axis as number),
}

function mismatches(
  actual: ArrayLike<number>,
  expected: readonly number[],
  rtol: number,
  atol: number,
): string[] {
  const out: string[] = []
  if (actual.length !== expected.length) return [`length ${actual.length} vs ${expected.length}`]
  for (let i = 0; i < expected.length && out.length < 5; i++)
    if (!close(actual[i]!, expected[i]!, rtol, atol))
      out.push(`[${i}]: ${actual[i]} vs PyTorch ${expected[i]}`)
  return out
}

function setUp(c: GoldenCase) {
  const g = new GraphBuilder()
  const xs = c.inputs.map((t, i) => g.input(t.shape, { name: `x${i}`, dtype: t.dtype }))
  const build = BUILD[c.op]
  if (!build) throw new Error(`no builder mapping for golden op ${c.op}`)
  const y = build(g, xs, c.options ?? {})
  const feeds: Record<string, number[]> = {}
  c.inputs.forEach((t, i) => {
    feeds[`x${i}`] = decode(t.data)
  })
  return { g, xs, y, feeds: feeds as Feeds }
}

describe('the primitives agree with PyTorch', () => {
  it('has golden cases to check', () => {
    expect(CASES.length).toBeGreaterThan(30)
  })

  for (const c of CASES) {
    it(`${c.name}: same shape and values in f64`, () => {
      const { g, y, feeds } = setUp(c)
      expect(y.shape).toEqual(c.output.shape)
      expect(y.dtype).toBe(c.output.dtype)
      const out = runCpu(g, feeds, { outputs: [y], precision: 'f64' }).get(y).data
      expect(mismatches(out, decode(c.output.data), 1e-9, 1e-12)).toEqual([])
    })

    it(`${c.name}: same values in f32 within f32 accuracy`, () => {
      const { g, y, feeds } = setUp(c)
      const out = runCpu(g, feeds, { outputs: [y] }).get(y).data
      expect(mismatches(out, decode(c.output.data), 1e-4, 1e-5)).toEqual([])
    })

    const expectedGrads = c.grads
    const upstream = c.upstream
    if (expectedGrads && upstream)
      it(`${c.name}: same gradients as torch.autograd in f64`, () => {
        const { g, xs, y, feeds } = setUp(c)
        const r = g.input(y.shape, { name: 'upstream' })
        const floats = xs.filter((_, i) => expectedGrads[i] !== null)
        const grads = grad(g, g.sum(g.mul(y, r)), floats)
        const run = runCpu(g, { ...feeds, upstream: decode(upstream) }, { outputs: grads, precision: 'f64' })
        const found = floats.flatMap((x, k) => {
          const expected = decode(expectedGrads[xs.indexOf(x)]!)
          return mismatches(run.get(grads[k]!).data, expected, 1e-9, 1e-12).map(
            (m) => `x${xs.indexOf(x)}${m}`,
          )
        })
        expect(found).toEqual([])
      })
  }
})
