import { describe, expect, it } from 'vitest'
import { Rng } from '../random/rng'
import {
  fanInBias,
  fans,
  initTensor,
  initTensors,
  kaimingUniform,
  ONES,
  xavierNormal,
  xavierUniform,
  ZEROS,
} from './init'

function stats(xs: Float32Array): { min: number; max: number; mean: number; std: number } {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  let sum = 0
  for (const x of xs) {
    min = Math.min(min, x)
    max = Math.max(max, x)
    sum += x
  }
  const mean = sum / xs.length
  let sq = 0
  for (const x of xs) sq += (x - mean) ** 2
  return { min, max, mean, std: Math.sqrt(sq / xs.length) }
}

describe('PyTorch default initializers', () => {
  it('computes fans as PyTorch does for linear and conv weights', () => {
    expect(fans([10, 7])).toEqual({ fanIn: 7, fanOut: 10 })
    expect(fans([8, 3, 5, 5])).toEqual({ fanIn: 75, fanOut: 200 })
    expect(() => fans([4])).toThrow(/at least 2 dims/)
  })

  it('bounds Linear weights and biases by 1/sqrt(fan_in)', () => {
    const w = kaimingUniform([30, 25])
    const b = fanInBias([30, 25])
    expect(w).toEqual({ kind: 'uniform', low: expect.closeTo(-0.2, 12), high: expect.closeTo(0.2, 12) })
    expect(b).toEqual({ kind: 'uniform', low: expect.closeTo(-0.2, 12), high: expect.closeTo(0.2, 12) })
    const s = stats(initTensor(w, [300, 25], new Rng(0)))
    expect(s.min).toBeGreaterThanOrEqual(-0.2)
    expect(s.max).toBeLessThanOrEqual(0.2)
    expect(s.max).toBeGreaterThan(0.19)
    expect(s.std).toBeCloseTo(0.2 / Math.sqrt(3), 2)
  })

  it('bounds conv weights by 1/sqrt(in_channels * kernel area)', () => {
    const w = kaimingUniform([16, 3, 3, 3])
    if (w.kind !== 'uniform') throw new Error('expected uniform')
    expect(w.high).toBeCloseTo(1 / Math.sqrt(27), 12)
  })

  it('uses xavier bounds sqrt(6 / (fan_in + fan_out)) and xavier normal std', () => {
    const u = xavierUniform([24, 8])
    if (u.kind !== 'uniform') throw new Error('expected uniform')
    expect(u.high).toBeCloseTo(Math.sqrt(6 / 32), 12)
    const n = xavierNormal([1, 1, 8])
    expect(n).toEqual({ kind: 'normal', mean: 0, std: expect.closeTo(Math.sqrt(2 / 16), 12) })
  })

  it('fills constants and zeroes the padding row of a normal table', () => {
    expect(initTensor(ZEROS, [2, 3], new Rng(0))).toEqual(new Float32Array(6))
    expect(initTensor(ONES, [4], new Rng(0))).toEqual(new Float32Array([1, 1, 1, 1]))
    const table = initTensor({ kind: 'normal', mean: 0, std: 1, zeroRow: 2 }, [4, 3], new Rng(0))
    expect(Array.from(table.subarray(6, 9))).toEqual([0, 0, 0])
    expect(Array.from(table.subarray(0, 6)).every((v) => v !== 0)).toBe(true)
  })

  it('draws each named slot from its own stream, so slots do not depend on each other', () => {
    const slot = { name: 'fc.weight', shape: [3, 2], init: kaimingUniform([3, 2]) }
    const other = { name: 'conv.weight', shape: [2, 2], init: kaimingUniform([2, 2]) }
    const alone = initTensors([slot], 11)
    const both = initTensors([other, slot], 11)
    expect(both['fc.weight']).toEqual(alone['fc.weight'])
    expect(initTensors([slot], 12)['fc.weight']).not.toEqual(alone['fc.weight'])
  })
})
