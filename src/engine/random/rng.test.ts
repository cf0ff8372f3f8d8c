import { describe, expect, it } from 'vitest'
import { philox4x32 } from './philox'
import { hashName, Rng } from './rng'

function hex(words: Uint32Array): string[] {
  return Array.from(words, (w) => w.toString(16).padStart(8, '0'))
}

describe('philox4x32', () => {
  it('matches the Random123 known-answer vectors', () => {
    const out = new Uint32Array(4)
    philox4x32(0, 0, 0, 0, 0, 0, out)
    expect(hex(out)).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8'])
    const ones = 0xffffffff
    philox4x32(ones, ones, ones, ones, ones, ones, out)
    expect(hex(out)).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd'])
    philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out)
    expect(hex(out)).toEqual(['d16cfe09', '94fdcceb', '5001e420', '24126ea1'])
  })
})

describe('Rng', () => {
  it('gives the same draws for the same seed and key, and different draws otherwise', () => {
    const a = Rng.stream(7, 'dense1.weight').uniformArray(16)
    const b = Rng.stream(7, 'dense1.weight').uniformArray(16)
    const c = Rng.stream(8, 'dense1.weight').uniformArray(16)
    const d = Rng.stream(7, 'dense1.bias').uniformArray(16)
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
    expect(a).not.toEqual(d)
    expect(hashName('a')).not.toBe(hashName('b'))
  })

  it('draws uniforms in [low, high) with the right mean and variance', () => {
    const xs = new Rng(1).uniformArray(20000, -2, 3)
    let sum = 0
    let sq = 0
    for (const x of xs) {
      sum += x
      sq += x * x
    }
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-2)
    expect(Math.max(...xs)).toBeLessThan(3)
    const mean = sum / xs.length
    expect(mean).toBeCloseTo(0.5, 1)
    expect(sq / xs.length - mean * mean).toBeCloseTo(25 / 12, 1)
  })

  it('draws normals with the requested mean and standard deviation', () => {
    const xs = new Rng(2).normalArray(20000, 1, 2)
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length
    expect(mean).toBeCloseTo(1, 1)
    expect(Math.sqrt(variance)).toBeCloseTo(2, 1)
    expect(xs.every(Number.isFinite)).toBe(true)
  })

  it('makes permutations that hold every index once and are reproducible', () => {
    const p = new Rng(3).permutation(101)
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 101 }, (_, i) => i))
    expect(p).toEqual(new Rng(3).permutation(101))
    expect([...p]).not.toEqual(Array.from({ length: 101 }, (_, i) => i))
  })

  it('draws integers below n without bias across the range', () => {
    const rng = new Rng(4)
    const counts = new Array<number>(3).fill(0)
    for (let i = 0; i < 30000; i++) counts[rng.int(3)]!++
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400)
  })

  it('forks streams that differ from the parent and from each other', () => {
    const parent = new Rng(5, 9)
    const x = parent.fork('a').uniformArray(4)
    expect(x).toEqual(new Rng(5, 9).fork('a').uniformArray(4))
    expect(x).not.toEqual(parent.fork('b').uniformArray(4))
    expect(x).not.toEqual(new Rng(5, 9).uniformArray(4))
  })

  it('rejects a negative or fractional seed', () => {
    expect(() => new Rng(-1)).toThrow(/seed/)
    expect(() => new Rng(1.5)).toThrow(/seed/)
  })
})
