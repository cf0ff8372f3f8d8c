import { describe, expect, it } from 'vitest'
import {
  argmaxRows,
  boundaryPixels,
  CLASS_COLORS,
  classShares,
  imageHash,
  probabilities,
} from './classColors'

describe('class colours and probabilities', () => {
  it('turns logits into softmax probabilities per row', () => {
    const p = probabilities(Float32Array.from([0, 0, 1000, 0, Math.log(3), 0]), 3, 2)
    expect(p[0]).toBeCloseTo(0.5)
    expect(p[2]).toBeCloseTo(1)
    expect(p[4]).toBeCloseTo(0.75)
    expect(p[5]).toBeCloseTo(0.25)
  })

  it('reads one output per row as a binary logit (sigmoid)', () => {
    const p = probabilities(Float32Array.from([0, 2]), 2, 1)
    expect(Array.from(p.subarray(0, 2))).toEqual([0.5, 0.5])
    expect(p[3]).toBeCloseTo(1 / (1 + Math.exp(-2)))
  })

  it('picks the most likely class of each row', () => {
    expect(Array.from(argmaxRows(Float32Array.from([0.1, 0.7, 0.2, 0.5, 0.2, 0.3]), 2, 3))).toEqual([1, 0])
  })

  it('paints a sure cell in its class colour and an unsure one close to the background', () => {
    const px = boundaryPixels(Float32Array.from([0, 1, 0.5, 0.5]), 2, 2)
    const sure = Array.from(px.subarray(0, 3))
    const unsure = Array.from(px.subarray(4, 7))
    const blue = CLASS_COLORS[1]!
    const distance = (a: number[], b: readonly number[]) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0)
    expect(distance(sure, blue)).toBeLessThan(distance(unsure, blue))
    expect(px[3]).toBe(255)
  })

  it('gives a different hash to a different picture and the same to the same', () => {
    const a = boundaryPixels(Float32Array.from([0.9, 0.1]), 1, 2)
    const b = boundaryPixels(Float32Array.from([0.8, 0.2]), 1, 2)
    expect(imageHash(a)).toBe(imageHash(Uint8ClampedArray.from(a)))
    expect(imageHash(a)).not.toBe(imageHash(b))
    expect(imageHash(a)).toMatch(/^[0-9a-f]{8}$/)
  })

  it('counts the share of cells each class wins', () => {
    expect(classShares(Int32Array.from([0, 1, 1, 1]), 2)).toEqual([0.25, 0.75])
  })
})
