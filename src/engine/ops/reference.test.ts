import { describe, expect, it } from 'vitest'
import { numel, type Shape, stridesOf } from '../ir/shape'
import { close, forwardF64, makeRandom, type OpCase } from './conformance'

// Independent float64 references, written as directly from the definitions as possible (index
// decoding, gather-form convolutions), to check the kernels' forward passes on random odd shapes.

function unravel(i: number, shape: Shape): number[] {
  const strides = stridesOf(shape)
  return shape.map((d, k) => Math.floor(i / strides[k]!) % d)
}

function at(data: readonly number[], shape: Shape, index: readonly number[]): number {
  const strides = stridesOf(shape)
  return data[index.reduce((acc, v, k) => acc + v * strides[k]!, 0)]!
}

function naiveMatmul(a: number[], sa: Shape, b: number[], sb: Shape, out: Shape): number[] {
  const k = sa[sa.length - 1]!
  return Array.from({ length: numel(out) }, (_, i) => {
    const idx = unravel(i, out)
    const [row, col] = [idx[idx.length - 2]!, idx[idx.length - 1]!]
    const batch = idx.slice(0, -2)
    const pick = (s: Shape) => batch.slice(batch.length - (s.length - 2)).map((v, d) => (s[d] === 1 ? 0 : v))
    let acc = 0
    for (let j = 0; j < k; j++) acc += at(a, sa, [...pick(sa), row, j]) * at(b, sb, [...pick(sb), j, col])
    return acc
  })
}

interface ConvConfig {
  n: number
  c: number
  h: number
  w: number
  o: number
  k: [number, number]
  stride: [number, number]
  padding: [number, number]
  dilation: [number, number]
  groups: number
}

function naiveConv2d(x: number[], wt: number[], cfg: ConvConfig, out: Shape): number[] {
  const { c, h, w, o, k, stride: s, padding: p, dilation: d, groups } = cfg
  const cg = c / groups
  const xs = [cfg.n, c, h, w]
  const ws = [o, cg, k[0], k[1]]
  return Array.from({ length: numel(out) }, (_, i) => {
    const [n, oc, y, x0] = unravel(i, out) as [number, number, number, number]
    const group = Math.floor(oc / (o / groups))
    let acc = 0
    for (let ci = 0; ci < cg; ci++)
      for (let ky = 0; ky < k[0]; ky++)
        for (let kx = 0; kx < k[1]; kx++) {
          const iy = y * s[0] - p[0] + ky * d[0]
          const ix = x0 * s[1] - p[1] + kx * d[1]
          if (iy >= 0 && iy < h && ix >= 0 && ix < w)
            acc += at(x, xs, [n, group * cg + ci, iy, ix]) * at(wt, ws, [oc, ci, ky, kx])
        }
    return acc
  })
}

/** Gather form of the transposed convolution: out(y) sums x(i) where y = i·s - p + k·d. */
function naiveConvTranspose2d(x: number[], wt: number[], cfg: ConvConfig, out: Shape): number[] {
  const { c, h, w, k, stride: s, padding: p, dilation: d, groups } = cfg
  const cg = c / groups
  const og = cfg.o / groups
  const xs = [cfg.n, c, h, w]
  const ws = [c, og, k[0], k[1]]
  return Array.from({ length: numel(out) }, (_, i) => {
    const [n, oc, y, x0] = unravel(i, out) as [number, number, number, number]
    const group = Math.floor(oc / og)
    let acc = 0
    for (let ci = group * cg; ci < (group + 1) * cg; ci++)
      for (let ky = 0; ky < k[0]; ky++)
        for (let kx = 0; kx < k[1]; kx++) {
          const ty = y + p[0] - ky * d[0]
          const tx = x0 + p[1] - kx * d[1]
          if (ty % s[0] !== 0 || tx % s[1] !== 0) continue
          const [iy, ix] = [ty / s[0], tx / s[1]]
          if (iy >= 0 && iy < h && ix >= 0 && ix < w)
            acc += at(x, xs, [n, ci, iy, ix]) * at(wt, ws, [ci, oc % og, ky, kx])
        }
    return acc
  })
}

const odd = (rand: () => number, max: number) => 1 + 2 * Math.floor(rand() * ((max + 1) / 2))

function randomConv(rand: () => number): ConvConfig {
  const groups = 1 + Math.floor(rand() * 3)
  const pick = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))
  const k: [number, number] = [pick(1, 3), pick(1, 3)]
  return {
    n: pick(1, 2),
    c: groups * odd(rand, 3),
    h: odd(rand, 9) + 4,
    w: odd(rand, 9) + 4,
    o: groups * odd(rand, 3),
    k,
    stride: [pick(1, 3), pick(1, 3)],
    padding: [pick(0, k[0] - 1), pick(0, k[1] - 1)],
    dilation: [pick(1, 2), pick(1, 2)],
    groups,
  }
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length)
  const bad = expected.findIndex((e, i) => !close(actual[i]!, e, 1e-12, 1e-12))
  expect(bad, bad >= 0 ? `element ${bad}: ${actual[bad]} vs ${expected[bad]}` : '').toBe(-1)
}

describe('kernels against naive float64 references', () => {
  it('matmul matches the definition on random odd shapes with broadcast batch dims', () => {
    const rand = makeRandom(11)
    for (let trial = 0; trial < 12; trial++) {
      const [m, k, n] = [odd(rand, 7), odd(rand, 7), odd(rand, 7)]
      const batchA = rand() < 0.5 ? [odd(rand, 3), 1] : [odd(rand, 3)]
      const batchB = rand() < 0.5 ? [odd(rand, 3)] : []
      const sa = [...batchA, m, k]
      const sb = [...batchB, k, n]
      if (batchB.length === 1 && batchA.length === 1) sb[0] = rand() < 0.5 ? 1 : batchA[0]!
      const c: OpCase = {
        name: 'matmul',
        inputs: [{ shape: sa }, { shape: sb }],
        build: (g, [a, b]) => g.matmul(a!, b!),
      }
      const { output, inputs, shape } = forwardF64(c, trial)
      expectClose(output, naiveMatmul(inputs[0]!, sa, inputs[1]!, sb, shape))
    }
  })

  it('conv2d matches the definition on random strides, paddings, dilations and groups', () => {
    const rand = makeRandom(12)
    for (let trial = 0; trial < 12; trial++) {
      const cfg = randomConv(rand)
      const c: OpCase = {
        name: 'conv2d',
        inputs: [{ shape: [cfg.n, cfg.c, cfg.h, cfg.w] }, { shape: [cfg.o, cfg.c / cfg.groups, ...cfg.k] }],
        build: (g, [x, w]) => g.conv2d(x!, w!, cfg),
      }
      const { output, inputs, shape } = forwardF64(c, trial)
      expectClose(output, naiveConv2d(inputs[0]!, inputs[1]!, cfg, shape))
    }
  })

  it('convTranspose2d (scatter form) matches the gather-form definition', () => {
    const rand = makeRandom(13)
    for (let trial = 0; trial < 12; trial++) {
      const cfg = randomConv(rand)
      const c: OpCase = {
        name: 'convTranspose2d',
        inputs: [{ shape: [cfg.n, cfg.c, cfg.h, cfg.w] }, { shape: [cfg.c, cfg.o / cfg.groups, ...cfg.k] }],
        build: (g, [x, w]) => g.convTranspose2d(x!, w!, cfg),
      }
      const { output, inputs, shape } = forwardF64(c, trial)
      expectClose(output, naiveConvTranspose2d(inputs[0]!, inputs[1]!, cfg, shape))
    }
  })

  it('sum over random axes matches summing decoded indices', () => {
    const rand = makeRandom(14)
    for (let trial = 0; trial < 10; trial++) {
      const shape = [odd(rand, 5), 1, odd(rand, 5), odd(rand, 3)]
      const axes = [0, 1, 2, 3].filter(() => rand() < 0.5)
      const c: OpCase = { name: 'sum', inputs: [{ shape }], build: (g, [x]) => g.sum(x!, axes, true) }
      const { output, inputs, shape: outShape } = forwardF64(c, trial)
      const expected = new Array<number>(numel(outShape)).fill(0)
      inputs[0]!.forEach((v, i) => {
        const idx = unravel(i, shape).map((d, k) => (axes.includes(k) ? 0 : d))
        expected[idx.reduce((acc, d, k) => acc * outShape[k]! + d, 0)]! += v
      })
      expectClose(output, expected)
    }
  })
})
